// The chats, messages, notifications and news-feed sections through their typed functions, against
// the sandbox, with every result checked against its schema (validateResults); bad input refused
// before any request; entries that make no request; access rules as another user.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { bitrix24Catalogue } from '../../../src/services/bitrix24/catalogue.js';
import { ApiError, PermissionError, ValidationError } from '../../../src/core/errors.js';
import { inputSchema, type AnyEntry, type InputOf } from '../../../src/core/catalogue.js';
import { templateOf } from '../../../src/core/template.js';
import { chatFields } from '../../../src/services/bitrix24/methods/chats.js';
import { userToken } from '../../sandbox/bitrix24/http.js';

let sandbox: Bitrix24Sandbox;
let client: Bitrix24Client;
let asSalesHead: Bitrix24Client;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, validateResults: true, rateLimit: false });
  asSalesHead = new Bitrix24Client({ portal: sandbox.url, accessToken: await userToken(sandbox, 2), validateResults: true, rateLimit: false });
});
after(() => sandbox.close());
beforeEach(() => sandbox.state.reset());

type Blocks = NonNullable<InputOf<typeof bitrix24Catalogue.sendMessage>['blocks']>;

const sections = ['chats', 'messages', 'notifications', 'news-feed'];
const ours = (Object.values(bitrix24Catalogue) as AnyEntry[]).filter((e) => sections.includes(e.section));
const chatNamed = (title: string) => [...sandbox.state.messenger.chats.values()].find((c) => c.title === title)!;

/** A ValidationError naming the parameter (or a field inside it). */
const invalid = (path: string) => (e: unknown) => e instanceof ValidationError && e.issues.some((i) => i.path === path || i.path.startsWith(`${path}.`));

test('the four sections hold oint\'s 40 functions, each with an example the sandbox answers', async () => {
  assert.equal(ours.length, 40);
  const counts = Object.fromEntries(sections.map((s) => [s, ours.filter((e) => e.section === s).length]));
  assert.deepEqual(counts, { chats: 21, messages: 9, notifications: 3, 'news-feed': 7 });
  for (const entry of ours) {
    sandbox.state.reset();
    const answer = (await client.invoke(entry, entry.example)) as { result: unknown };
    assert.notEqual(answer.result, undefined, entry.name);
    assert.ok(entry.result.safeParse(answer.result).success, `${entry.name}: the result fits its schema`);
  }
});

test('a chat\'s life: create, members, title, colour, picture, owner, mute, leave', async () => {
  const chatId = (await client.createChat({ fields: { TITLE: 'Запуск склада', USERS: [2, 3], COLOR: 'MINT', MESSAGE: 'Привет! 👋' } })).result;
  assert.deepEqual((await client.getChatUsers({ chatId })).result, [1, 2, 3]);
  assert.equal((await client.addChatUsers({ chatId, userIds: [5, 12], hideHistory: true })).result, true);
  assert.deepEqual((await client.getChatUsers({ chatId })).result, [1, 2, 3, 5, 12]);
  assert.equal((await client.removeChatUser({ chatId, userId: 12 })).result, true);
  assert.equal((await client.setChatTitle({ chatId, title: 'Склад в Подольске' })).result, true);
  assert.equal((await client.setChatColor({ chatId, color: 'AZURE' })).result, true);
  assert.equal((await client.setChatPicture({ chatId, picture: 'test/data/chat-picture.png' })).result, true);
  const dialog = (await client.getDialog({ dialogId: `chat${chatId}` })).result;
  assert.equal(dialog.name, 'Склад в Подольске');
  assert.equal(dialog.color, '#29619b');
  assert.notEqual(dialog.avatar, '');
  assert.equal((await client.muteChat({ chatId })).result, true);
  assert.deepEqual((await client.getDialog({ dialogId: `chat${chatId}` })).result.mute_list, [1]);
  assert.equal((await client.unmuteChat({ chatId })).result, true);
  assert.equal((await client.setChatOwner({ chatId, userId: 2 })).result, true);
  assert.equal((await client.leaveChat({ chatId })).result, true);
  assert.deepEqual((await asSalesHead.getChatUsers({ chatId })).result, [2, 3, 5]);
  const users = await client.getDialogUsers({ dialogId: `chat${chatId}` }).catch((e: unknown) => e);
  assert.ok(users instanceof PermissionError, 'no longer a member of a closed chat');
  const all: unknown[] = [];
  for await (const user of asSalesHead.iterate(bitrix24Catalogue.getDialogUsers, { dialogId: `chat${chatId}` })) all.push(user);
  assert.equal(all.length, 3);
});

test('who may change a chat and delete a message, as the portal says', async () => {
  const announcements = chatNamed('Объявления компании');
  await assert.rejects(asSalesHead.setChatTitle({ chatId: announcements.id, title: 'Болталка' }), (e: unknown) => e instanceof PermissionError && e.code === 'ACCESS_ERROR');
  await assert.rejects(asSalesHead.addChatUsers({ chatId: announcements.id, userIds: [12] }), (e: unknown) => e instanceof ApiError && e.code === 'ACCESS_DENIED_EXTEND');
  const sales = chatNamed('Отдел продаж');
  await assert.rejects(asSalesHead.setChatOwner({ chatId: sales.id, userId: 2 }), (e: unknown) => e instanceof ApiError && e.code === 'WRONG_REQUEST');
  await assert.rejects(asSalesHead.removeChatUser({ chatId: sales.id, userId: 1 }), (e: unknown) => e instanceof ApiError && e.code === 'ACCESS_DENIED_KICK');
  const byDirector = sandbox.state.messenger.messagesOf(sales.id).find((m) => m.authorId === 1)!;
  await assert.rejects(asSalesHead.deleteMessage({ messageId: byDirector.id }), (e: unknown) => e instanceof ApiError && e.code === 'CANT_EDIT_MESSAGE');
  await assert.rejects(asSalesHead.updateMessage({ messageId: byDirector.id, text: 'чужое' }), (e: unknown) => e instanceof ApiError && e.code === 'CANT_EDIT_MESSAGE');
  const mine = (await asSalesHead.sendMessage({ dialogId: `chat${sales.id}`, text: 'Моё сообщение' })).result;
  assert.equal((await asSalesHead.updateMessage({ messageId: mine, text: 'Моё сообщение (исправлено)' })).result, true);
  assert.equal((await client.deleteMessage({ messageId: mine })).result, true, 'the chat\'s owner deletes others\' messages');
});

test('messages: texts round-trip exactly; reactions; read and unread marks', async () => {
  const texts = [
    '[B]Жирный[/B] [I]курсив[/I] [U]подчёркнутый[/U] [S]зачёркнутый[/S]',
    'Упоминание: [USER=2]Иван Петров[/USER], чат [CHAT=1]Отдел продаж[/CHAT], [URL=https://example.ru/?a=1&b=2]ссылка[/URL]',
    'Эмодзи 👍🏽 🎉 👨‍👩‍👧 и «ёлочки» — тире, №15, 100 ₽',
    'Строки\nс переносами\r\nи\tтабуляцией, "кавычки", \'апострофы\', <b>не HTML</b> & амперсанд \\ и обратная косая',
  ];
  const sales = chatNamed('Отдел продаж');
  const ids: number[] = [];
  for (const text of texts) ids.push((await client.sendMessage({ dialogId: `chat${sales.id}`, text })).result);
  const history = (await client.getChatMessages({ dialogId: `chat${sales.id}`, limit: 4 })).result.messages;
  assert.deepEqual(history.map((m) => m.text).reverse(), texts);
  assert.deepEqual(history.map((m) => m.id).reverse(), ids);

  assert.equal((await asSalesHead.likeMessage({ messageId: ids[0]! })).result, true);
  assert.equal((await client.likeMessage({ messageId: ids[0]!, action: 'plus' })).result, true);
  const liked = (await client.getChatMessages({ dialogId: `chat${sales.id}`, lastId: ids[1]!, limit: 1 })).result.messages[0]!;
  assert.equal(liked.id, ids[0]);
  assert.deepEqual((liked.params as { LIKE: number[] }).LIKE, [2, 1]);
  await assert.rejects(client.likeMessage({ messageId: ids[0]!, action: 'plus' }), (e: unknown) => e instanceof ApiError && e.code === 'WITHOUT_CHANGES');

  const readUpTo = (await asSalesHead.markMessageRead({ dialogId: `chat${sales.id}`, messageId: ids[1]! })).result;
  assert.ok(readUpTo !== false);
  assert.equal(readUpTo.lastId, ids[1]);
  assert.equal(readUpTo.counter, 2);
  assert.equal((await asSalesHead.markMessageUnread({ dialogId: `chat${sales.id}`, messageId: ids[0]! })).result, true);
  assert.equal(sandbox.state.messenger.unreadCount(sales, 2), 4);
  assert.equal((await asSalesHead.readAll()).result, true);
  assert.equal(sandbox.state.messenger.unreadCount(sales, 2), 0);
  assert.equal((await asSalesHead.sendTyping({ dialogId: '1' })).result, true);
  assert.equal((await client.setMessengerStatus({ status: 'away' })).result, true);
  assert.equal((await client.getMessengerStatus()).result, 'away');
  const people = (await client.getMessengerUsers({ userIds: [2, 3] })).result;
  assert.deepEqual(Object.keys(people), ['2', '3']);
  assert.ok((await client.getChatFilesFolder({ chatId: sales.id })).result.ID > 0);
});

test('attachment blocks: oint\'s builders make no request, and blocks are checked before any request', async () => {
  // A client whose portal does not answer: a request would fail with a connection error.
  const silent = createServer((_req, res) => res.destroy());
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as { port: number }).port;
  const offline = new Bitrix24Client({ webhookUrl: `http://127.0.0.1:${port}/rest/1/abcdefghijklmnop/`, rateLimit: false, retry: { retries: 0 } });
  try {
    const image = (await offline.getImageBlock({ title: 'План склада', url: 'https://example.ru/plan.png' })).result;
    assert.deepEqual(image, { IMAGE: { NAME: 'План склада', LINK: 'https://example.ru/plan.png' } });
    const file = (await offline.getFileBlock({ title: 'Договор.pdf', url: 'https://example.ru/d.pdf' })).result;
    assert.deepEqual(file, { FILE: { NAME: 'Договор.pdf', LINK: 'https://example.ru/d.pdf' } });
    assert.deepEqual((await offline.getChatStructure({ empty: true })).result, templateOf(chatFields, { empty: true }));
    await assert.rejects(offline.getImageBlock({ title: 'x', url: 'ftp://example.ru/x.png' }), invalid('url'));

    const send = (blocks: unknown) => offline.sendMessage({ dialogId: 'chat1', blocks: blocks as never });
    await assert.rejects(send([{ IMAGE: { LINK: 'javascript:alert(1)' } }]), invalid('blocks'));
    await assert.rejects(send([{ VIDEO: { LINK: 'https://example.ru/v.mp4' } }]), invalid('blocks'));
    await assert.rejects(send([{ GRID: [{ DISPLAY: 'WIDE', NAME: 'a', VALUE: 'b' }] }]), invalid('blocks'));
    await assert.rejects(send([{ MESSAGE: 'а', LINK: { LINK: 'https://example.ru' } }]), invalid('blocks'), 'one kind per block');
    await assert.rejects(send([{ MESSAGE: 'я'.repeat(60_001) }]), (e: unknown) => invalid('blocks')(e) && /60000 characters/.test((e as Error).message));
    await assert.rejects(send([]), invalid('blocks'));
    await assert.rejects(offline.sendMessage({ dialogId: 'chat1' }), invalid('text'));
    await assert.rejects(offline.sendMessage({ dialogId: 'chat-1', text: 'x' }), invalid('dialogId'));
    await assert.rejects(offline.setChatColor({ chatId: 1, color: 'ORANGE' as never }), invalid('color'));
    await assert.rejects(offline.setChatTitle({ chatId: 1, title: '   ' }), invalid('title'));
    await assert.rejects(offline.setMessengerStatus({ status: 'DND' as never }), invalid('status'));
    await assert.rejects(offline.setChatPicture({ chatId: 1, picture: 'test/data/no-such-picture.png' }), invalid('picture'));
    await assert.rejects(offline.sendFile({ chatId: 1 }), invalid('fileId'));
    await assert.rejects(offline.sendFile({ chatId: 1, fileId: 5, file: 'test/data/chat-picture.png' }), invalid('fileId'));
    await assert.rejects(offline.sendFile({ chatId: 1, file: 'test/data/no-such-file.bin' }), invalid('file'));
    await assert.rejects(offline.addPost({ text: 'x', vision: ['EVERYONE'] }), invalid('vision'));
    await assert.rejects(offline.addPost({ text: 'x', files: { 'a.txt': 'test/data/no-such-file.txt' } }), invalid('files.a.txt'));
    await assert.rejects(offline.getChatMessages({ dialogId: 'chat1', firstId: 1, lastId: 5 }), invalid('firstId'));
  } finally {
    silent.close();
  }

  // Valid blocks of every kind reach the portal and come back in the message's params.
  const blocks: Blocks = [
    { MESSAGE: 'Сделка [B]закрыта[/B] 🎉' },
    { LINK: { NAME: 'Открыть сделку', LINK: 'https://example.bitrix24.ru/crm/deal/details/45/', DESC: 'Поставка оборудования' } },
    { USER: { NAME: 'Иван Петров', USER_ID: 2 } },
    { GRID: [{ DISPLAY: 'LINE', NAME: 'Сумма', VALUE: '1 200 000 ₽' }, { DISPLAY: 'LINE', NAME: 'Этап', VALUE: 'Успешно' }] },
    { IMAGE: [{ NAME: 'Фото', LINK: 'https://example.ru/photo.jpg', WIDTH: 800, HEIGHT: 600 }] },
    { FILE: { NAME: 'Счёт.pdf', LINK: 'https://example.ru/invoice.pdf', SIZE: 52_300 } },
    { DELIMITER: { SIZE: 200, COLOR: '#c8c8c8' } },
  ];
  const id = (await client.sendMessage({ dialogId: 'chat1', text: 'Итоги', blocks })).result;
  // The portal reads parameters as PHP does: numbers arrive as text; the order of keys carries no meaning.
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)])) : String(v);
  assert.deepEqual(canonical(sandbox.state.messenger.messages.get(id)!.attach), canonical(blocks));
  assert.equal((await client.sendPersonalNotification({ userId: 2, text: 'С вложением', blocks })).result !== false, true);
});

test('notifications: personal and system, a tag replaces, delete', async () => {
  const first = (await client.sendPersonalNotification({ userId: 2, text: '  Счёт оплачен ✅  ', tag: 'invoice-1045' })).result;
  assert.equal(typeof first, 'number');
  const n = sandbox.state.messenger.notifications.get(first as number)!;
  assert.deepEqual([n.message, n.authorId, n.kind], ['Счёт оплачен ✅', 1, 'personal']);
  const system = (await client.sendSystemNotification({ userId: 2, text: 'Резервная копия готова' })).result as number;
  assert.equal(sandbox.state.messenger.notifications.get(system)!.authorId, 0);
  assert.equal((await asSalesHead.deleteNotification({ notificationId: system })).result, true);
  assert.equal((await client.deleteNotification({ notificationId: system })).result, false, 'already gone');
  await assert.rejects(client.sendSystemNotification({ userId: 2, text: '   ' }), invalid('text'));
});

test('the news feed: posts with files, recipients, comments, important readers, paging', async () => {
  const id = (await client.addPost({ text: 'Открываем склад 🚚', title: 'Новый склад', vision: 'DR2', files: { 'схема.png': 'test/data/chat-picture.png' }, important: true })).result;
  const stored = sandbox.state.feed.posts.get(id)!;
  assert.deepEqual(stored.dest, ['DR2']);
  assert.equal(stored.important, true);
  const { readFileSync } = await import('node:fs');
  assert.deepEqual(Buffer.from(stored.files[0]!.bytes), readFileSync('test/data/chat-picture.png'));
  assert.deepEqual((await asSalesHead.getPosts({ postId: id })).result.map((p) => String(p.ID)), [String(id)]);
  assert.equal((await client.updatePost({ postId: id, text: 'Открываем склад в понедельник', title: 'Новый склад' })).result, id);
  assert.equal((await client.sharePost({ postId: id, vision: ['U3'] })).result, true);
  assert.equal((await asSalesHead.addPostComment({ postId: id, text: 'Отлично!' })).result > 0, true);
  stored.readers.push(2, 3);
  assert.deepEqual((await client.getImportantPostReaders({ postId: id })).result, ['2', '3']);
  await assert.rejects(asSalesHead.deletePost({ postId: id }), (e: unknown) => e instanceof ApiError && e.code === '403');
  assert.equal((await client.deletePost({ postId: id })).result, true);
  for (let i = 0; i < 60; i += 1) sandbox.state.feed.addPost({ authorId: 1, title: '', text: `Заметка ${i}`, dest: ['UA'], important: false, importantUntil: null, date: 1_700_000_000 + i, files: [] });
  const all: unknown[] = [];
  for await (const post of client.iterate(bitrix24Catalogue.getPosts, {})) all.push(post);
  assert.equal(all.length, sandbox.state.feed.posts.size);
});

test('every parameter of the new entries is named as oint names it, in a schema the CLI can fill', () => {
  for (const entry of ours) {
    assert.ok(inputSchema(entry), entry.name);
    for (const spec of Object.values(entry.params)) assert.match(spec.cli, /^[a-z]+$/, `${entry.name}: --${spec.cli}`);
  }
});
