// The sandbox's messages and notifications (im.message.*, im.dialog.read/unread,
// im.disk.file.commit, im.notify.*), by plain HTTP: each page's answers and error table, texts that
// come back exactly as sent, read state, reactions, and who may change or delete a message.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { portalScopes, startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { assertPortalError, callerOf, userToken } from './http.js';

let sb: Bitrix24Sandbox;
const tokens = new Map<number, string>();
before(async () => {
  sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
  for (const user of [2, 3, 12]) tokens.set(user, await userToken(sb, user));
});
after(() => sb.close());
beforeEach(() => sb.state.reset());

const call = callerOf(() => sb, tokens);

const assertError = assertPortalError;

const chatNamed = (title: string) => [...sb.state.messenger.chats.values()].find((c) => c.title === title)!;
type Messages = { messages: { id: number; text: string; author_id: number; unread: boolean; params: unknown }[] };
const history = async (dialog: string, as?: number) => ((await call('im.dialog.messages.get', { DIALOG_ID: dialog }, as)).body.result as Messages).messages;

const tricky = '[B]Итоги[/B] по сделке «Вектор» — [USER=2]Иван[/USER], [URL=https://example.ru/a?b=1&c=2]счёт[/URL] 👍🏽🎉\nстрока 2\t"кавычки" & <теги> \\ обратная косая';

test('im.message.add: a text comes back exactly as sent (BB-codes, mentions, emoji, Cyrillic, line breaks)', async () => {
  const sales = chatNamed('Отдел продаж');
  const id = (await call('im.message.add', { DIALOG_ID: `chat${sales.id}`, MESSAGE: tricky })).body.result as number;
  const [latest] = await history(`chat${sales.id}`);
  assert.equal(latest!.id, id);
  assert.equal(latest!.text, tricky);
  // A form-encoded request carries the same text.
  const form = await fetch(`${sb.info.webhookUrl}im.message.add`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ DIALOG_ID: `chat${sales.id}`, MESSAGE: tricky }).toString() });
  const formId = ((await form.json()) as { result: number }).result;
  assert.equal(sb.state.messenger.messages.get(formId)!.text, tricky);
});

test('im.message.add: a private dialog by user ID, replies, ATTACH, and the page\'s errors', async () => {
  const id = (await call('im.message.add', { DIALOG_ID: '12', MESSAGE: 'Добрый день! Зайдите ко мне в 15:00.' })).body.result as number;
  const chat = sb.state.messenger.privateChat(1, 12)!;
  assert.equal(sb.state.messenger.messages.get(id)!.chatId, chat.id);
  const mine = await history('1', 12);
  assert.equal(mine[0]!.text, 'Добрый день! Зайдите ко мне в 15:00.', 'the other side sees it under the sender\'s ID');
  assert.equal(mine[0]!.unread, true);

  const sales = chatNamed('Отдел продаж');
  const attach = [{ MESSAGE: 'Сделка [B]закрыта[/B]' }, { GRID: [{ DISPLAY: 'LINE', NAME: 'Сумма', VALUE: '1 200 000 ₽' }] }, { IMAGE: { LINK: 'https://example.ru/a.png' } }];
  const withAttach = (await call('im.message.add', { DIALOG_ID: `chat${sales.id}`, ATTACH: attach })).body.result as number;
  assert.deepEqual(((await history(`chat${sales.id}`))[0]!.params as { ATTACH: unknown[] }).ATTACH, [attach]);
  const reply = await call('im.message.add', { DIALOG_ID: `chat${sales.id}`, MESSAGE: 'Отлично!', REPLY_ID: withAttach });
  assert.equal(reply.status, 200);

  assertError(await call('im.message.add', { DIALOG_ID: `chat${sales.id}`, MESSAGE: '   ' }), 400, 'MESSAGE_EMPTY', "Message can't be empty");
  assertError(await call('im.message.add', { DIALOG_ID: 'abc', MESSAGE: 'x' }), 400, 'USER_ID_EMPTY', "User ID can't be empty");
  assertError(await call('im.message.add', { DIALOG_ID: '9999', MESSAGE: 'x' }), 400, 'USER_NOT_FOUND', 'User not found');
  assertError(await call('im.message.add', { DIALOG_ID: 'chat9999', MESSAGE: 'x' }), 400, 'CHAT_ID', 'Ошибка при создании сообщения');
  assertError(await call('im.message.add', { DIALOG_ID: `chat${chatNamed('Бухгалтерия: закрытие месяца').id}`, MESSAGE: 'x' }), 403, 'ACCESS_ERROR', 'Action unavailable');
  assertError(await call('im.message.add', { DIALOG_ID: `chat${chatNamed('Объявления компании').id}`, MESSAGE: 'x' }, 2), 403, 'ACCESS_ERROR', 'Action unavailable');
  assertError(await call('im.message.add', { DIALOG_ID: `chat${sales.id}`, ATTACH: [{ VIDEO: 'x' }] }), 400, 'ATTACH_ERROR', 'Incorrect attach params');
  assertError(await call('im.message.add', { DIALOG_ID: `chat${sales.id}`, ATTACH: '{not json' }), 400, 'ATTACH_ERROR', 'Incorrect attach params');
  assertError(await call('im.message.add', { DIALOG_ID: `chat${sales.id}`, ATTACH: [{ MESSAGE: 'я'.repeat(60_001) }] }), 400, 'ATTACH_OVERSIZE', 'You have exceeded the maximum allowable size of attach');
  assertError(await call('im.message.add', { DIALOG_ID: `chat${sales.id}`, MESSAGE: 'x', KEYBOARD: 'not json' }), 400, 'KEYBOARD_ERROR', 'Incorrect keyboard params');
  assertError(await call('im.message.add', { DIALOG_ID: `chat${sales.id}`, MESSAGE: 'x', MENU: 'not json' }), 400, 'MENU_ERROR', 'Incorrect menu params');
  assertError(await call('im.message.add', { DIALOG_ID: `chat${sales.id}`, MESSAGE: 'x', REPLY_ID: 99_999 }), 400, 'REPLY_ACCESS_ERROR', 'Action unavailable');
  const other = sb.state.messenger.messagesOf(chatNamed('Объявления компании').id)[0]!.id;
  assertError(await call('im.message.add', { DIALOG_ID: `chat${sales.id}`, MESSAGE: 'x', REPLY_ID: other }), 400, 'REPLY_FROM_OTHER_CHAT_ERROR', 'You can only reply to a message within the same chat');
});

test('im.message.update: only the author changes a message; it is marked edited; an empty text deletes it', async () => {
  const sales = chatNamed('Отдел продаж');
  const mine = sb.state.messenger.messagesOf(sales.id).find((m) => m.authorId === 1)!;
  const theirs = sb.state.messenger.messagesOf(sales.id).find((m) => m.authorId === 2)!;
  assert.equal((await call('im.message.update', { MESSAGE_ID: mine.id, MESSAGE: 'Исправлено: ответ клиенту до [B]17:00[/B] ✅' })).body.result, true);
  const shown = (await history(`chat${sales.id}`)).find((m) => m.id === mine.id)!;
  assert.equal(shown.text, 'Исправлено: ответ клиенту до [B]17:00[/B] ✅');
  assert.equal((shown.params as { IS_EDITED: string }).IS_EDITED, 'Y');
  assertError(await call('im.message.update', { MESSAGE_ID: theirs.id, MESSAGE: 'чужое' }), 403, 'CANT_EDIT_MESSAGE', "Time has expired for modification or you don't have access");
  const system = sb.state.messenger.messagesOf(sales.id).find((m) => m.authorId === 0)!;
  assertError(await call('im.message.update', { MESSAGE_ID: system.id, MESSAGE: 'x' }), 403, 'CANT_EDIT_MESSAGE', "Time has expired for modification or you don't have access");
  assertError(await call('im.message.update', { MESSAGE: 'x' }), 400, 'MESSAGE_ID_ERROR', "Message ID can't be empty");
  assertError(await call('im.message.update', { MESSAGE_ID: mine.id, ATTACH: [{}] }), 400, 'ATTACH_ERROR', 'Incorrect attach params');
  assert.equal((await call('im.message.update', { MESSAGE_ID: mine.id, MESSAGE: '' })).body.result, true);
  assert.equal(sb.state.messenger.messages.get(mine.id), undefined, 'an empty text deletes the message');
});

test('im.message.delete: the author, or the chat\'s owner; others are refused', async () => {
  const sales = chatNamed('Отдел продаж');
  const byDirector = sb.state.messenger.messagesOf(sales.id).find((m) => m.authorId === 1)!;
  const byHead = sb.state.messenger.messagesOf(sales.id).find((m) => m.authorId === 2)!;
  assertError(await call('im.message.delete', { MESSAGE_ID: byDirector.id }, 2), 403, 'CANT_EDIT_MESSAGE', "Time has expired for modification or you don't have access");
  assert.equal((await call('im.message.delete', { MESSAGE_ID: byHead.id }, 2)).body.result, true, 'the author');
  const another = sb.state.messenger.messagesOf(sales.id).find((m) => m.authorId === 2)!;
  assert.equal((await call('im.message.delete', { MESSAGE_ID: another.id })).body.result, true, 'the chat\'s owner');
  assert.ok(!(await history(`chat${sales.id}`)).some((m) => m.id === byHead.id || m.id === another.id));
  const privateChat = sb.state.messenger.privateChat(1, 2)!;
  const theirs = sb.state.messenger.messagesOf(privateChat.id).find((m) => m.authorId === 2)!;
  assertError(await call('im.message.delete', { MESSAGE_ID: theirs.id }), 403, 'CANT_EDIT_MESSAGE', "Time has expired for modification or you don't have access");
  assertError(await call('im.message.delete', { MESSAGE_ID: 99_999 }), 400, 'MESSAGE_ID_ERROR', "Message ID can't be empty");
});

test('im.message.like: auto switches, plus and minus set; the same state again is WITHOUT_CHANGES', async () => {
  const sales = chatNamed('Отдел продаж');
  const message = sb.state.messenger.messagesOf(sales.id).find((m) => m.authorId === 2)!;
  assert.equal((await call('im.message.like', { MESSAGE_ID: message.id })).body.result, true);
  assert.deepEqual(message.likes, [1]);
  assert.equal((await call('im.message.like', { MESSAGE_ID: message.id, ACTION: 'plus' }, 2)).body.result, true);
  assert.deepEqual(((await history(`chat${sales.id}`)).find((m) => m.id === message.id)!.params as { LIKE: number[] }).LIKE, [1, 2]);
  assertError(await call('im.message.like', { MESSAGE_ID: message.id, ACTION: 'plus' }), 400, 'WITHOUT_CHANGES', 'Action completed without changes');
  assert.equal((await call('im.message.like', { MESSAGE_ID: message.id })).body.result, true);
  assert.deepEqual(message.likes, [2]);
  assertError(await call('im.message.like', { MESSAGE_ID: message.id, ACTION: 'minus' }), 400, 'WITHOUT_CHANGES', 'Action completed without changes');
  assertError(await call('im.message.like', {}), 400, 'MESSAGE_ID_ERROR', "Message ID can't be empty");
});

test('im.dialog.read / unread move the read mark; counters follow', async () => {
  const m = sb.state.messenger;
  const withAccountant = m.privateChat(1, 3)!;
  const [first, second] = m.messagesOf(withAccountant.id);
  assert.equal(m.unreadCount(withAccountant, 1), 2);
  const read = await call('im.dialog.read', { DIALOG_ID: '3', MESSAGE_ID: first!.id });
  assert.deepEqual(read.body.result, { dialogId: '3', chatId: withAccountant.id, lastId: first!.id, counter: 1 });
  assert.deepEqual((await call('im.dialog.read', { DIALOG_ID: '3' })).body.result, { dialogId: '3', chatId: withAccountant.id, lastId: second!.id, counter: 0 });
  // The sender sees the messages read.
  assert.equal((await history('1', 3)).every((x) => !x.unread), true);
  assert.equal((await call('im.dialog.unread', { DIALOG_ID: '3', MESSAGE_ID: second!.id })).body.result, true);
  assert.equal(m.unreadCount(withAccountant, 1), 1);
  assert.equal((await call('im.dialog.read', { DIALOG_ID: `chat${chatNamed('Бухгалтерия: закрытие месяца').id}` })).body.result, false, 'not a member');
  assertError(await call('im.dialog.read', {}), 400, 'DIALOG_ID_EMPTY', "Dialog ID can't be empty");
  assertError(await call('im.dialog.unread', { DIALOG_ID: '3' }), 400, 'MESSAGE_ID_ERROR', "First unread message id can't be empty");
  assertError(await call('im.dialog.unread', { DIALOG_ID: 'chat', MESSAGE_ID: 5 }), 400, 'DIALOG_ID_EMPTY', "Dialog ID can't be empty");
});

test('im.disk.file.commit: a Drive file becomes a message in the chat, copied into its folder; the page\'s errors', async () => {
  const sales = chatNamed('Отдел продаж');
  const drive = sb.state.drive;
  const own = drive.userStorage(1);
  const bytes = Buffer.from('Прайс-лист на ноябрь\n', 'utf8');
  const file = drive.putFile(own.ROOT_OBJECT_ID, 'Прайс.txt', bytes, 1);
  const reply = await call('im.disk.file.commit', { CHAT_ID: sales.id, FILE_ID: file.ID, MESSAGE: 'Свежий прайс 📎' });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  const result = reply.body.result as { FILES: Record<string, { id: number; name: string; size: number; chatId: number }>; DISK_ID: string[]; MESSAGE_ID: number };
  const [sent] = Object.values(result.FILES);
  assert.equal(sent!.name, 'Прайс.txt');
  assert.equal(sent!.size, bytes.length);
  assert.equal(sent!.chatId, sales.id);
  assert.deepEqual(result.DISK_ID, [String(sent!.id)]);
  const folder = drive.folderForChat(sales.id, 1);
  assert.equal(drive.object(sent!.id)!.PARENT_ID, folder.ID, 'copied into the chat\'s folder');
  const message = sb.state.messenger.messages.get(result.MESSAGE_ID)!;
  assert.equal(message.text, 'Свежий прайс 📎');
  const shown = (await call('im.dialog.messages.get', { DIALOG_ID: `chat${sales.id}` }, 2)).body.result as { files: { id: number }[] };
  assert.deepEqual(shown.files.map((f) => f.id), [sent!.id]);

  assertError(await call('im.disk.file.commit', { CHAT_ID: sales.id }), 400, 'FILES_ERROR', 'List of files in not specified');
  assertError(await call('im.disk.file.commit', { CHAT_ID: sales.id, FILE_ID: 999_999 }), 400, 'SAVE_ERROR', 'Error during saving file to chat');
  assertError(await call('im.disk.file.commit', { FILE_ID: file.ID }), 400, 'CHAT_ID_EMPTY', "Chat ID can't be empty");
  assertError(await call('im.disk.file.commit', { DIALOG_ID: 'x', FILE_ID: file.ID }), 400, 'DIALOG_ID_EMPTY', "Dialog ID can't be empty");
  assertError(await call('im.disk.file.commit', { CHAT_ID: chatNamed('Бухгалтерия: закрытие месяца').id, FILE_ID: file.ID }), 403, 'ACCESS_ERROR', 'You do not have access to the specified dialog');
  // Someone else's private file cannot be sent by another user.
  assertError(await call('im.disk.file.commit', { CHAT_ID: sales.id, FILE_ID: file.ID }, 2), 400, 'SAVE_ERROR', 'Error during saving file to chat');
});

test('im.notify.personal.add / system.add / delete: texts trimmed, tags replace, who may delete', async () => {
  const m = sb.state.messenger;
  const personal = (await call('im.notify.personal.add', { USER_ID: 2, MESSAGE: '  Счёт [B]оплачен[/B] ✅  ', TAG: 'invoice', CLIENT_ID: 'crm-bot' })).body.result as number;
  assert.equal(m.notifications.get(personal)!.message, 'Счёт [B]оплачен[/B] ✅');
  assert.equal(m.notifications.get(personal)!.authorId, 1);
  const again = (await call('im.notify.personal.add', { USER_ID: 2, MESSAGE: 'Счёт оплачен повторно', TAG: 'invoice', CLIENT_ID: 'crm-bot' })).body.result as number;
  assert.equal(m.notifications.get(personal), undefined, 'the same tag replaces');
  const system = (await call('im.notify.system.add', { USER_ID: 3, MESSAGE: 'Резервная копия готова', ATTACH: [{ MESSAGE: 'Размер: 2 ГБ' }] })).body.result as number;
  assert.equal(m.notifications.get(system)!.authorId, 0);
  assert.equal((await call('im.notify.personal.add', { USER_ID: 9999, MESSAGE: 'x' })).body.result, false);
  assertError(await call('im.notify.personal.add', { MESSAGE: 'x' }), 400, 'USER_ID_EMPTY', "User ID can't be empty");
  assertError(await call('im.notify.system.add', { USER_ID: 2, MESSAGE: '  ' }), 400, 'MESSAGE_EMPTY', "Message can't be empty");
  assertError(await call('im.notify.system.add', { USER_ID: 2, MESSAGE: 'x', ATTACH: 'oops' }), 400, 'ATTACH_ERROR', 'Incorrect attach params');
  assertError(await call('im.notify.system.add', { USER_ID: 2, MESSAGE: 'x', ATTACH: [{ MESSAGE: 'я'.repeat(60_001) }] }), 400, 'ATTACH_OVERSIZE', 'You have exceeded the maximum allowable size of attach');

  assert.equal((await call('im.notify.delete', { ID: system }, 12)).body.result, false, 'neither its sender nor its recipient');
  assert.equal((await call('im.notify.delete', { ID: system }, 3)).body.result, true, 'its recipient');
  assertError(await call('im.notify.delete', { TAG: 'invoice' }), 403, 'ACCESS_DENIED', 'Access denied! Client ID not specified');
  assert.equal((await call('im.notify.delete', { TAG: 'invoice', CLIENT_ID: 'crm-bot' })).body.result, true);
  assert.equal(m.notifications.get(again), undefined);
  assertError(await call('im.notify.delete', {}), 400, 'PARAMS_ERROR', 'Incorrect params');
});

test('scopes: im.* needs im', async () => {
  sb.setScope({ webhook: ['user'] });
  try {
    const reply = await call('im.message.add', { DIALOG_ID: '2', MESSAGE: 'x' });
    assert.equal(reply.status, 403);
    assert.equal(reply.body.error, 'insufficient_scope');
  } finally {
    sb.setScope({ webhook: [...portalScopes] });
  }
});
