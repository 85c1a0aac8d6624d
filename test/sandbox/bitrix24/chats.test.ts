// The sandbox's chats and dialogs (im.chat.*, im.dialog.*, im.user.*, im.disk.folder.get), by
// plain HTTP: each page's parameters, answer and error table (api-reference/chats/…), and who may
// change a chat.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { assertPortalError, callerOf, userToken } from './http.js';

let sb: Bitrix24Sandbox;
const tokens = new Map<number, string>();
before(async () => {
  sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
  for (const user of [2, 3, 5, 12]) tokens.set(user, await userToken(sb, user));
});
after(() => sb.close());
beforeEach(() => sb.state.reset());

const call = callerOf(() => sb, tokens);

const assertError = assertPortalError;

const chatNamed = (title: string) => [...sb.state.messenger.chats.values()].find((c) => c.title === title)!;

test('im.chat.add makes a chat with its owner and members, a system line and the first message', async () => {
  const reply = await call('im.chat.add', { TITLE: 'Запуск склада', TYPE: 'OPEN', COLOR: 'MINT', USERS: [2, 3], MESSAGE: 'Привет всем! 👋', DESCRIPTION: 'Склад в Подольске' });
  assert.equal(reply.status, 200);
  const chatId = reply.body.result as number;
  assert.equal(typeof chatId, 'number');
  const users = await call('im.chat.user.list', { CHAT_ID: chatId });
  assert.deepEqual(users.body.result, [1, 2, 3]);
  const dialog = (await call('im.dialog.get', { DIALOG_ID: `chat${chatId}` })).body.result as Record<string, unknown>;
  assert.equal(dialog.name, 'Запуск склада');
  assert.equal(dialog.owner, 1);
  assert.equal(dialog.type, 'open');
  assert.equal(dialog.color, '#4ba984');
  assert.equal(dialog.description, 'Склад в Подольске');
  assert.equal(dialog.dialog_id, `chat${chatId}`);
  assert.equal(dialog.role, 'owner');
  const history = (await call('im.dialog.messages.get', { DIALOG_ID: `chat${chatId}` })).body.result as { messages: { author_id: number; text: string }[] };
  assert.deepEqual(history.messages.map((m) => m.author_id), [1, 0], 'newest first: the first message, then the system line');
  assert.equal(history.messages[0]!.text, 'Привет всем! 👋');

  // No title: the page's automatic one, from the members' names.
  const auto = await call('im.chat.add', { USERS: [2] });
  const autoDialog = (await call('im.dialog.get', { DIALOG_ID: `chat${auto.body.result}` })).body.result as { name: string };
  assert.match(autoDialog.name, /^Чат с /);
});

test('im.chat.user.list: the members; an empty list for who may not see them; the page\'s errors', async () => {
  const accounting = chatNamed('Бухгалтерия: закрытие месяца');
  assert.deepEqual((await call('im.chat.user.list', { CHAT_ID: accounting.id })).body.result, [], 'the director is not in the accounting chat');
  const asAccountant = await call('im.chat.user.list', { CHAT_ID: accounting.id }, 3);
  assert.ok((asAccountant.body.result as number[]).includes(3));
  assertError(await call('im.chat.user.list', {}), 400, 'CHAT_ID_EMPTY', "Chat ID can't be empty");
  assertError(await call('im.chat.user.list', { CHAT_ID: 'chat1' }), 400, 'CHAT_ID_EMPTY', "Chat ID can't be empty");
  assertError(await call('im.chat.user.list', { CHAT_ID: 999 }), 403, 'ACCESS_ERROR', 'Action unavailable');
});

test('im.chat.user.add: members add people (history hidden by default); an owner-only chat refuses others', async () => {
  const sales = chatNamed('Отдел продаж');
  const lastBefore = sb.state.messenger.lastMessageOf(sales.id);
  assert.equal((await call('im.chat.user.add', { CHAT_ID: sales.id, USERS: [5] })).body.result, true);
  assert.ok(sales.members.some((m) => m.userId === 5));
  // The newcomer sees only what came after joining.
  const seen = (await call('im.dialog.messages.get', { DIALOG_ID: `chat${sales.id}` }, 5)).body.result as { messages: { id: number }[] };
  assert.ok(seen.messages.every((m) => m.id > lastBefore), 'HIDE_HISTORY is Y by default');
  assert.equal((await call('im.chat.user.add', { CHAT_ID: sales.id, USERS: [12], HIDE_HISTORY: 'N' })).body.result, true);
  const all = (await call('im.dialog.messages.get', { DIALOG_ID: `chat${sales.id}` }, 12)).body.result as { messages: { id: number }[] };
  assert.ok(all.messages.some((m) => m.id <= lastBefore), 'HIDE_HISTORY=N shows the history');

  const announcements = chatNamed('Объявления компании');
  assertError(await call('im.chat.user.add', { CHAT_ID: announcements.id, USERS: [12] }, 2), 403, 'ACCESS_DENIED_EXTEND', 'Недостаточно прав на добавление участников в чат');
  const accounting = chatNamed('Бухгалтерия: закрытие месяца');
  assertError(await call('im.chat.user.add', { CHAT_ID: accounting.id, USERS: [2] }), 403, 'ACCESS_ERROR', 'Action unavailable');
  const privateChat = sb.state.messenger.privateChat(1, 2)!;
  assertError(await call('im.chat.user.add', { CHAT_ID: privateChat.id, USERS: [5] }), 403, 'ACCESS_ERROR', 'It is forbidden to add users to this chat');
  assertError(await call('im.chat.user.add', { USERS: [5] }), 400, 'CHAT_ID_EMPTY', "Chat ID can't be empty");
});

test('im.chat.user.delete: the owner and managers remove people, members may not; the page\'s errors', async () => {
  const sales = chatNamed('Отдел продаж');
  const member = sales.members.find((m) => m.userId > 10)!.userId;
  assertError(await call('im.chat.user.delete', { CHAT_ID: sales.id, USER_ID: 1 }, 2), 403, 'ACCESS_DENIED_KICK', 'Недостаточно прав на исключение участников из чата');
  assertError(await call('im.chat.user.delete', { CHAT_ID: sales.id, USER_ID: member }, 2), 403, 'ACCESS_DENIED_KICK', 'Недостаточно прав на исключение участников из чата');
  assert.equal((await call('im.chat.user.delete', { CHAT_ID: sales.id, USER_ID: member })).body.result, true);
  assert.ok(!sales.members.some((m) => m.userId === member));
  assertError(await call('im.chat.user.delete', { CHAT_ID: sales.id, USER_ID: member }), 400, 'USER_NOT_FOUND', 'Указанный пользователь не состоит в чате');
  assertError(await call('im.chat.user.delete', { CHAT_ID: sales.id }), 400, 'USER_ID_EMPTY', "User ID can't be empty");
  assertError(await call('im.chat.user.delete', { USER_ID: 2 }), 400, 'CHAT_ID_EMPTY', "Chat ID can't be empty");
  const privateChat = sb.state.messenger.privateChat(1, 2)!;
  assertError(await call('im.chat.user.delete', { CHAT_ID: privateChat.id, USER_ID: 2 }), 403, 'ACCESS_ERROR', 'It is forbidden to delete users of this chat');
});

test('im.chat.leave: a member goes; an owner who leaves hands the chat on; a non-member is refused', async () => {
  const project = chatNamed('Проект «Личный кабинет клиента»');
  assert.equal((await call('im.chat.leave', { CHAT_ID: project.id })).body.result, true);
  assert.ok(!project.members.some((m) => m.userId === 1));
  assertError(await call('im.chat.leave', { CHAT_ID: project.id }), 403, 'ACCESS_DENIED_KICK', 'Access denied to kick user from chat');
  assert.equal((await call('im.chat.leave', { CHAT_ID: project.id }, 5)).body.result, true);
  assert.notEqual(project.owner, 5, 'the owner handed the chat on');
  assert.ok(project.members.some((m) => m.userId === project.owner));
  const privateChat = sb.state.messenger.privateChat(1, 2)!;
  assertError(await call('im.chat.leave', { CHAT_ID: privateChat.id }), 403, 'ACCESS_ERROR', 'It is forbidden to delete users of this chat');
  assertError(await call('im.chat.leave', {}), 400, 'CHAT_ID_EMPTY', "Chat ID can't be empty");
});

test('im.chat.updateTitle / updateColor / updateAvatar: members change an ordinary chat, only the owner an owner-only one', async () => {
  const sales = chatNamed('Отдел продаж');
  assert.equal((await call('im.chat.updateTitle', { CHAT_ID: sales.id, TITLE: '  Продажи: Москва  ' }, 2)).body.result, true);
  assert.equal(sales.title, 'Продажи: Москва', 'trimmed, as the page says');
  assert.equal((await call('im.chat.updateTitle', { DIALOG_ID: `chat${sales.id}`, TITLE: 'Продажи' })).body.result, true);
  assertError(await call('im.chat.updateTitle', { CHAT_ID: sales.id, TITLE: '   ' }), 400, 'TITLE_EMPTY', "Title can't be empty");
  assertError(await call('im.chat.updateTitle', { DIALOG_ID: '2', TITLE: 'x' }), 400, 'DIALOG_ID_EMPTY', "Dialog ID can't be empty");
  assertError(await call('im.chat.updateTitle', { TITLE: 'x' }), 400, 'CHAT_ID_EMPTY', "Chat ID can't be empty");
  const announcements = chatNamed('Объявления компании');
  assertError(await call('im.chat.updateTitle', { CHAT_ID: announcements.id, TITLE: 'Болталка' }, 2), 403, 'ACCESS_ERROR', 'Action unavailable');
  const privateChat = sb.state.messenger.privateChat(1, 2)!;
  assertError(await call('im.chat.updateTitle', { CHAT_ID: privateChat.id, TITLE: 'x' }), 403, 'ACCESS_ERROR', 'This chat cannot be renamed');

  assert.equal((await call('im.chat.updateColor', { CHAT_ID: sales.id, COLOR: 'PINK' })).body.result, true);
  assert.equal(((await call('im.dialog.get', { DIALOG_ID: `chat${sales.id}` })).body.result as { color: string }).color, '#f76187');
  assertError(await call('im.chat.updateColor', { CHAT_ID: sales.id, COLOR: 'PINK' }), 400, 'WRONG_REQUEST', "This color currently set or chat isn't exists");
  assertError(await call('im.chat.updateColor', { CHAT_ID: sales.id, COLOR: 'ORANGE' }), 400, 'WRONG_COLOR', 'This color currently unavailable');
  assertError(await call('im.chat.updateColor', { CHAT_ID: 999, COLOR: 'RED' }), 400, 'WRONG_REQUEST', "This color currently set or chat isn't exists");

  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  assert.equal((await call('im.chat.updateAvatar', { CHAT_ID: sales.id, AVATAR: png.toString('base64') })).body.result, true);
  assert.deepEqual(Buffer.from(sales.avatar!), png);
  assertError(await call('im.chat.updateAvatar', { CHAT_ID: sales.id, AVATAR: Buffer.from('это не картинка').toString('base64') }), 400, 'AVATAR_ERROR', 'Avatar incorrect type');
  const huge = Buffer.from(png);
  huge.writeUInt32BE(6000, 16);
  assertError(await call('im.chat.updateAvatar', { CHAT_ID: sales.id, AVATAR: huge.toString('base64') }), 400, 'AVATAR_ERROR', 'Avatar incorrect size (max 5000x5000)');
  assertError(await call('im.chat.updateAvatar', { CHAT_ID: 999, AVATAR: png.toString('base64') }), 400, 'WRONG_REQUEST', "Chat isn't exists");
  assertError(await call('im.chat.updateAvatar', { CHAT_ID: announcements.id, AVATAR: png.toString('base64') }, 2), 403, 'ACCESS_DENIED', 'Access denied');
  assertError(await call('im.chat.updateAvatar', { CHAT_ID: privateChat.id, AVATAR: png.toString('base64') }), 403, 'ACCESS_ERROR', 'The avatar of this chat cannot be changed');
});

test('im.chat.setOwner: only the owner hands a chat on, to a member', async () => {
  const sales = chatNamed('Отдел продаж');
  const refusal = 'Change owner can only owner and user must be member in chat';
  assertError(await call('im.chat.setOwner', { CHAT_ID: sales.id, USER_ID: 2 }, 2), 400, 'WRONG_REQUEST', refusal);
  assertError(await call('im.chat.setOwner', { CHAT_ID: sales.id, USER_ID: 3 }), 400, 'WRONG_REQUEST', refusal);
  assert.equal((await call('im.chat.setOwner', { CHAT_ID: sales.id, USER_ID: 2 })).body.result, true);
  assert.equal(sales.owner, 2);
  assertError(await call('im.chat.setOwner', { CHAT_ID: sales.id, USER_ID: 1 }), 400, 'WRONG_REQUEST', refusal);
  assertError(await call('im.chat.setOwner', { CHAT_ID: sales.id }), 400, 'USER_ID_EMPTY', "User ID can't be empty");
  assertError(await call('im.chat.setOwner', { USER_ID: 2 }), 400, 'CHAT_ID_EMPTY', "Chat ID can't be empty");
});

test('im.chat.mute: Y by default, N turns notifications back on; statuses as the page gives them', async () => {
  const sales = chatNamed('Отдел продаж');
  assert.equal((await call('im.chat.mute', { CHAT_ID: sales.id })).body.result, true);
  assert.deepEqual(((await call('im.dialog.get', { DIALOG_ID: `chat${sales.id}` })).body.result as { mute_list: number[] }).mute_list, [1]);
  assert.equal((await call('im.chat.mute', { DIALOG_ID: `chat${sales.id}`, MUTE: 'N' })).body.result, true);
  assert.equal(sales.members.find((m) => m.userId === 1)!.muted, false);
  assertError(await call('im.chat.mute', {}), 400, 'CHAT_ID_EMPTY', "Chat ID can't be empty");
  assertError(await call('im.chat.mute', { DIALOG_ID: 'группа' }), 400, 'DIALOG_ID_EMPTY', "Dialog ID can't be empty");
  assertError(await call('im.chat.mute', { CHAT_ID: chatNamed('Бухгалтерия: закрытие месяца').id }), 403, 'ACCESS_ERROR', 'This chat cannot be muted');
});

test('im.dialog.get and im.dialog.users.list: a chat, a private dialog by user ID, paging, and who may look', async () => {
  const privateDialog = (await call('im.dialog.get', { DIALOG_ID: '2' })).body.result as Record<string, unknown>;
  assert.equal(privateDialog.type, 'private');
  assert.equal(privateDialog.dialog_id, '2');
  assert.equal(privateDialog.message_type, 'P');
  const sales = chatNamed('Отдел продаж');
  const page = await call('im.dialog.users.list', { DIALOG_ID: `chat${sales.id}`, LIMIT: 3 });
  assert.equal((page.body.result as unknown[]).length, 3);
  assert.equal(page.body.total, sales.members.length);
  assert.equal(page.body.next, 3);
  const rest = await call('im.dialog.users.list', { DIALOG_ID: `chat${sales.id}`, LIMIT: 3, OFFSET: 3 });
  assert.notDeepEqual((rest.body.result as { id: number }[])[0]!.id, (page.body.result as { id: number }[])[0]!.id);
  const accounting = chatNamed('Бухгалтерия: закрытие месяца');
  assertError(await call('im.dialog.get', { DIALOG_ID: `chat${accounting.id}` }, 2), 403, 'ACCESS_ERROR', 'You do not have access to the specified dialog');
  assertError(await call('im.dialog.users.list', { DIALOG_ID: `chat${accounting.id}` }, 2), 403, 'ACCESS_ERROR', "You don't have access to this chat");
  assertError(await call('im.dialog.get', {}), 400, 'DIALOG_ID_EMPTY', "Dialog ID can't be empty");
  assertError(await call('im.dialog.users.list', { DIALOG_ID: 'chatX' }), 400, 'DIALOG_ID_EMPTY', "Dialog ID can't be empty");
  // An open chat is readable by every employee.
  const announcements = chatNamed('Объявления компании');
  sb.state.messenger.chats.get(announcements.id)!.members = announcements.members.filter((m) => m.userId !== 12);
  assert.equal((await call('im.dialog.get', { DIALOG_ID: `chat${announcements.id}` }, 12)).status, 200);
});

test('im.dialog.messages.get: newest first, LAST_ID / FIRST_ID / LIMIT, users and the page\'s errors', async () => {
  const sales = chatNamed('Отдел продаж');
  const all = (await call('im.dialog.messages.get', { DIALOG_ID: `chat${sales.id}` })).body.result as { chat_id: number; messages: { id: number; author_id: number }[]; users: { id: number }[]; files: unknown[] };
  assert.equal(all.chat_id, sales.id);
  const ids = all.messages.map((m) => m.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
  assert.deepEqual(all.users.map((u) => u.id).sort((a, b) => a - b), [...new Set(all.messages.map((m) => m.author_id).filter((a) => a > 0))].sort((a, b) => a - b));
  const older = (await call('im.dialog.messages.get', { DIALOG_ID: `chat${sales.id}`, LAST_ID: ids[0], LIMIT: 2 })).body.result as { messages: { id: number }[] };
  assert.deepEqual(older.messages.map((m) => m.id), ids.slice(1, 3));
  const newer = (await call('im.dialog.messages.get', { DIALOG_ID: `chat${sales.id}`, FIRST_ID: ids[ids.length - 1] })).body.result as { messages: { id: number }[] };
  assert.deepEqual(newer.messages.map((m) => m.id), ids.slice(0, -1));
  const unknown = (await call('im.dialog.messages.get', { DIALOG_ID: `chat${sales.id}`, LAST_ID: 99_999 })).body.result as { messages: unknown[]; users: unknown[] };
  assert.deepEqual([unknown.messages, unknown.users], [[], []]);
  assertError(await call('im.dialog.messages.get', { DIALOG_ID: `chat${sales.id}`, FIRST_ID: 'abc' }), 400, 'FIRST_ID_STRING', "First ID can't be string");
  assertError(await call('im.dialog.messages.get', { DIALOG_ID: `chat${sales.id}`, LAST_ID: 'abc' }), 400, 'LAST_ID_STRING', "Last ID can't be string");
  assertError(await call('im.dialog.messages.get', { DIALOG_ID: `chat${chatNamed('Бухгалтерия: закрытие месяца').id}` }), 403, 'ACCESS_ERROR', 'You do not have access to the specified dialog');
});

test('im.dialog.writing is accepted from members; im.dialog.read.all reads everything', async () => {
  const sales = chatNamed('Отдел продаж');
  assert.equal((await call('im.dialog.writing', { DIALOG_ID: `chat${sales.id}` }, 2)).body.result, true);
  assert.deepEqual(sb.state.messenger.typing.map((t) => [t.userId, t.dialogId]), [[2, `chat${sales.id}`]]);
  assertError(await call('im.dialog.writing', { DIALOG_ID: `chat${chatNamed('Бухгалтерия: закрытие месяца').id}` }), 403, 'ACCESS_ERROR', 'Action unavailable');
  assertError(await call('im.dialog.writing', {}), 400, 'DIALOG_ID_EMPTY', "Dialog ID can't be empty");

  const withAccountant = sb.state.messenger.privateChat(1, 3)!;
  assert.ok(sb.state.messenger.unreadCount(withAccountant, 1) > 0, 'seeded unread messages');
  assert.equal((await call('im.dialog.read.all')).body.result, true);
  for (const chat of sb.state.messenger.chats.values()) if (chat.members.some((m) => m.userId === 1)) assert.equal(sb.state.messenger.unreadCount(chat, 1), 0, chat.title);
});

test('im.user.status.get / set and im.user.list.get', async () => {
  assert.equal((await call('im.user.status.get')).body.result, 'online');
  assert.equal((await call('im.user.status.set', { STATUS: 'dnd' })).body.result, true);
  assert.equal((await call('im.user.status.get')).body.result, 'dnd');
  assertError(await call('im.user.status.set', { STATUS: 'DND' }), 400, 'STATUS_ERROR', 'Status is not available');
  assertError(await call('im.user.status.set', {}), 400, 'STATUS_ERROR', 'Status is not available');

  const byId = (await call('im.user.list.get', { ID: [1, 2] })).body.result as Record<string, { id: number; name: string }>;
  assert.deepEqual(Object.keys(byId), ['1', '2']);
  const user2 = sb.state.users.get(2)!;
  assert.equal(byId['2']!.name, `${user2.NAME} ${user2.LAST_NAME}`);
  const list = (await call('im.user.list.get', { ID: '[3]', RESULT_TYPE: 'array' })).body.result as { id: number }[];
  assert.deepEqual(list.map((u) => u.id), [3]);
  assertError(await call('im.user.list.get', {}), 400, 'INVALID_FORMAT', 'A wrong format for the ID field is passed');
  assertError(await call('im.user.list.get', { ID: ['abc'] }), 400, 'INVALID_FORMAT', 'A wrong format for the ID field is passed');
});

test('im.disk.folder.get: the chat\'s folder on the Drive, the same each time; members only', async () => {
  const sales = chatNamed('Отдел продаж');
  const first = (await call('im.disk.folder.get', { CHAT_ID: sales.id })).body.result as { ID: number };
  assert.equal(typeof first.ID, 'number');
  assert.deepEqual((await call('im.disk.folder.get', { DIALOG_ID: `chat${sales.id}` }, 2)).body.result, first);
  assert.equal(sb.state.drive.object(first.ID, 'folder')?.NAME, `chat${sales.id}`);
  assert.equal(((await call('im.dialog.get', { DIALOG_ID: `chat${sales.id}` })).body.result as { disk_folder_id: number }).disk_folder_id, first.ID);
  assertError(await call('im.disk.folder.get', {}), 400, 'CHAT_ID_EMPTY', "Chat ID can't be empty");
  assertError(await call('im.disk.folder.get', { DIALOG_ID: 'x' }), 400, 'DIALOG_ID_EMPTY', "Dialog ID can't be empty");
  assertError(await call('im.disk.folder.get', { CHAT_ID: chatNamed('Бухгалтерия: закрытие месяца').id }), 403, 'ACCESS_ERROR', 'You do not have access to the specified dialog');
});
