// End-to-end: the `uzel` binary against the Bitrix24 sandbox for chats, messages, notifications
// and the news feed — oint's command lines (Russian names, its options and short forms) and the
// English commands; the builders and the structure with no connection at all.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../src/sandbox/bitrix24/index.js';
import { runUzel, shown } from './helpers.js';

let sandbox: Bitrix24Sandbox;
let webhook: string;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
  webhook = sandbox.info.webhookUrl;
});
after(() => sandbox.close());
beforeEach(() => sandbox.state.reset());

const json = (stdout: string) => JSON.parse(stdout) as { result: unknown };
const chatNamed = (title: string) => [...sandbox.state.messenger.chats.values()].find((c) => c.title === title)!;

test('ОтправитьСообщение and send-message: the text arrives exactly, with blocks', async () => {
  const text = '[B]Сделка закрыта[/B] — спасибо, [USER=2]коллеги[/USER]! 🎉 «Вектор», 1 200 000 ₽';
  const blocks = JSON.stringify([{ IMAGE: { NAME: 'План склада', LINK: 'https://example.ru/plan.png' } }, { GRID: [{ DISPLAY: 'LINE', NAME: 'Сумма', VALUE: '1 200 000 ₽' }] }]);
  const oint = await runUzel(['bitrix24', 'ОтправитьСообщение', '--url', webhook, '--chat', 'chat1', '--text', text, '--blocks', blocks]);
  assert.equal(oint.code, 0, shown(oint));
  const first = sandbox.state.messenger.messages.get(json(oint.stdout).result as number)!;
  assert.equal(first.text, text);
  assert.equal((first.attach as unknown[]).length, 2);
  const english = await runUzel(['bitrix24', 'send-message', '-u', webhook, '-c', '2', '-t', text]);
  assert.equal(english.code, 0, shown(english));
  const second = sandbox.state.messenger.messages.get(json(english.stdout).result as number)!;
  assert.equal(second.text, text);
  assert.equal(second.chatId, sandbox.state.messenger.privateChat(1, 2)!.id, 'a user ID is the private dialog');
});

test('bad blocks are refused before any request, naming --blocks, with no stack trace', async () => {
  const before = sandbox.stats.requests;
  const r = await runUzel(['bitrix24', 'ОтправитьСообщение', '-u', webhook, '-c', 'chat1', '-t', 'x', '-b', '[{"IMAGE": {"LINK": "file:///etc/passwd"}}]']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /--blocks/);
  assert.match(r.stderr, /http:\/\/ or https:\/\//);
  assert.doesNotMatch(shown(r), /\n\s+at /, 'no stack trace');
  assert.equal(sandbox.stats.requests, before, 'no request');
});

test('ПолучитьБлокКартинки, get-file-block and ПолучитьСтруктуруЧата answer with no connection', async () => {
  const image = await runUzel(['bitrix24', 'ПолучитьБлокКартинки', '--title', 'План склада', '--url', 'https://example.ru/plan.png']);
  assert.equal(image.code, 0, shown(image));
  assert.deepEqual(json(image.stdout).result, { IMAGE: { NAME: 'План склада', LINK: 'https://example.ru/plan.png' } });
  const file = await runUzel(['bitrix24', 'get-file-block', '-t', 'Договор.pdf', '-u', 'https://example.ru/d.pdf']);
  assert.equal(file.code, 0, shown(file));
  assert.deepEqual(json(file.stdout).result, { FILE: { NAME: 'Договор.pdf', LINK: 'https://example.ru/d.pdf' } });
  const structure = await runUzel(['bitrix24', 'ПолучитьСтруктуруЧата', '--empty']);
  assert.equal(structure.code, 0, shown(structure));
  assert.deepEqual(Object.keys(json(structure.stdout).result as object), ['TITLE', 'DESCRIPTION', 'TYPE', 'COLOR', 'USERS', 'MESSAGE', 'AVATAR', 'ENTITY_TYPE', 'ENTITY_ID']);
  const described = await runUzel(['bitrix24', 'get-chat-structure']);
  assert.equal((json(described.stdout).result as { COLOR: string }).COLOR.includes('MINT'), true);
  // The block's output is what --blocks takes.
  const send = await runUzel(['bitrix24', 'ОтправитьСообщение', '-u', webhook, '-c', 'chat1', '-t', 'План', '-b', JSON.stringify([json(image.stdout).result])]);
  assert.equal(send.code, 0, shown(send));
});

test('a chat by oint\'s command lines: create, add users (-h is --hide here), title, colour, picture, owner, leave', async () => {
  const created = await runUzel(['bitrix24', 'СоздатьЧат', '-u', webhook, '-f', JSON.stringify({ TITLE: 'Запуск склада', USERS: [2, 3], COLOR: 'MINT' })]);
  assert.equal(created.code, 0, shown(created));
  const chatId = String(json(created.stdout).result);
  const steps: string[][] = [
    ['ДобавитьПользователейВЧат', '-u', webhook, '-c', chatId, '-s', '[5,12]', '-h'],
    ['ИзменитьЗаголовокЧата', '-u', webhook, '-c', chatId, '-t', 'Склад в Подольске'],
    ['ИзменитьЦветЧата', '-u', webhook, '-c', chatId, '-l', 'AZURE'],
    ['ИзменитьКартинкуЧата', '-u', webhook, '-c', chatId, '-p', 'test/data/chat-picture.png'],
    ['ОтключитьУведомленияЧата', '-u', webhook, '-c', chatId],
    ['ВключитьУведомленияЧата', '-u', webhook, '-c', chatId],
    ['ОтправитьУведомлениеОВводе', '-u', webhook, '-c', `chat${chatId}`],
    ['ИсключитьПользователяИзЧата', '-u', webhook, '-c', chatId, '-s', '12'],
    ['СменитьВладельцаЧата', '-u', webhook, '-c', chatId, '-s', '2'],
    ['ПокинутьЧат', '-u', webhook, '-c', chatId],
  ];
  for (const args of steps) {
    const r = await runUzel(['bitrix24', ...args]);
    assert.equal(r.code, 0, `${args[0]}: ${shown(r)}`);
    assert.equal(json(r.stdout).result, true, args[0]);
  }
  const chat = sandbox.state.messenger.chats.get(Number(chatId))!;
  assert.equal(chat.title, 'Склад в Подольске');
  assert.equal(chat.color, 'AZURE');
  assert.equal(chat.owner, 2);
  assert.deepEqual(chat.members.map((m) => m.userId), [2, 3, 5]);
  assert.ok(chat.members.find((m) => m.userId === 5)!.hiddenBefore > 0, '--hide hid the history');
});

test('reading: ПолучитьДиалог, ПолучитьСписокСообщенийЧата (-l, -f), users, status, folder, read marks', async () => {
  const sales = chatNamed('Отдел продаж');
  const ids = sandbox.state.messenger.messagesOf(sales.id).map((m) => m.id);
  const runs: [string[], (r: unknown) => void][] = [
    [['ПолучитьДиалог', '-u', webhook, '-c', `chat${sales.id}`], (r) => assert.equal((r as { name: string }).name, 'Отдел продаж')],
    [['ПолучитьСписокСообщенийЧата', '-u', webhook, '-c', `chat${sales.id}`, '-l', String(ids.at(-1))], (r) => assert.deepEqual((r as { messages: { id: number }[] }).messages.map((m) => m.id), ids.slice(0, -1).reverse())],
    [['get-chat-messages', '-u', webhook, '-c', `chat${sales.id}`, '-f', String(ids.at(-2))], (r) => assert.deepEqual((r as { messages: { id: number }[] }).messages.map((m) => m.id), [ids.at(-1)])],
    [['ПолучитьСписокПользователейЧата', '-u', webhook, '-c', String(sales.id)], (r) => assert.deepEqual(r, sales.members.map((m) => m.userId))],
    [['ПолучитьСписокПользователейДиалога', '-u', webhook, '-c', `chat${sales.id}`], (r) => assert.equal((r as unknown[]).length, sales.members.length)],
    [['ПолучитьПользователей', '-u', webhook, '-s', '[1,2]'], (r) => assert.deepEqual(Object.keys(r as object), ['1', '2'])],
    [['УстановитьСтатусПользователя', '-u', webhook, '-s', 'dnd'], (r) => assert.equal(r, true)],
    [['ПолучитьСтатусПользователя', '-u', webhook], (r) => assert.equal(r, 'dnd')],
    [['ПолучитьКаталогФайловЧата', '-u', webhook, '-c', String(sales.id)], (r) => assert.ok((r as { ID: number }).ID > 0)],
    [['ОтметитьСообщениеКакНепрочитанное', '-u', webhook, '-c', `chat${sales.id}`, '-m', String(ids[1])], (r) => assert.equal(r, true)],
    [['ОтметитьСообщениеКакПрочитанное', '-u', webhook, '-c', `chat${sales.id}`, '-m', String(ids.at(-1))], (r) => assert.equal((r as { counter: number }).counter, 0)],
    [['ПрочитатьВсе', '-u', webhook], (r) => assert.equal(r, true)],
  ];
  for (const [args, check] of runs) {
    const r = await runUzel(['bitrix24', ...args]);
    assert.equal(r.code, 0, `${args[0]}: ${shown(r)}`);
    check(json(r.stdout).result);
  }
});

test('messages and notifications by oint\'s lines: change, reaction, delete; personal, system, delete', async () => {
  const sent = await runUzel(['bitrix24', 'ОтправитьСообщение', '-u', webhook, '-c', 'chat1', '-t', 'Черновик']);
  const messageId = String(json(sent.stdout).result);
  for (const args of [
    ['ИзменитьСообщение', '-u', webhook, '-m', messageId, '-t', 'Отгрузка в [B]четверг[/B]'],
    ['УстановитьРеакциюНаСообщение', '-u', webhook, '-m', messageId],
  ]) {
    const r = await runUzel(['bitrix24', ...args]);
    assert.equal(r.code, 0, `${args[0]}: ${shown(r)}`);
  }
  const message = sandbox.state.messenger.messages.get(Number(messageId))!;
  assert.deepEqual([message.text, message.edited, message.likes], ['Отгрузка в [B]четверг[/B]', true, [1]]);
  const deleted = await runUzel(['bitrix24', 'УдалитьСообщение', '-u', webhook, '-m', messageId]);
  assert.equal(deleted.code, 0, shown(deleted));
  assert.equal(sandbox.state.messenger.messages.has(Number(messageId)), false);

  const personal = await runUzel(['bitrix24', 'СоздатьПерсональноеУведомление', '-u', webhook, '-s', '2', '-t', 'Счёт оплачен ✅', '-g', 'invoice-7']);
  assert.equal(personal.code, 0, shown(personal));
  const system = await runUzel(['bitrix24', 'send-system-notification', '-u', webhook, '-s', '2', '-t', 'Копия готова', '-b', '[{"MESSAGE":"2 ГБ"}]']);
  assert.equal(system.code, 0, shown(system));
  const notifId = String(json(personal.stdout).result);
  assert.equal(sandbox.state.messenger.notifications.get(Number(notifId))!.tag, 'invoice-7');
  const removed = await runUzel(['bitrix24', 'УдалитьУведомление', '-u', webhook, '-n', notifId]);
  assert.equal(json(removed.stdout).result, true);
});

test('the news feed by oint\'s lines, with OAuth (-k is --token where oint says so)', async () => {
  const portal = sandbox.info.portal;
  const token = sandbox.info.accessToken;
  const added = await runUzel(['bitrix24', 'СоздатьНовость', '-u', portal, '-k', token, '-t', 'Открываем склад 🚚', '-l', 'Новый склад', '-v', 'UA', '-i', '-f', JSON.stringify({ 'схема.png': 'test/data/chat-picture.png' })]);
  assert.equal(added.code, 0, shown(added));
  const postId = String(json(added.stdout).result);
  const post = sandbox.state.feed.posts.get(Number(postId))!;
  assert.deepEqual([post.title, post.important, post.files.length], ['Новый склад', true, 1]);
  const steps: string[][] = [
    ['ИзменитьНовость', '-u', portal, '-k', token, '-p', postId, '-t', 'Открываем склад в понедельник', '-l', 'Новый склад'],
    ['ДобавитьКомментарийНовости', '-u', portal, '-k', token, '-p', postId, '-t', 'Ждём!'],
    ['ДобавитьПолучателейКНовости', '-u', portal, '-t', token, '-p', postId, '-v', 'U3'],
    ['ПолучитьСписокПросмотревшихВажное', '-u', portal, '-t', token, '-p', postId],
    ['ПолучитьНовости', '-u', portal, '-t', token, '-p', postId],
    ['ПолучитьНовости', '-u', portal, '-t', token, '-s', 'UA'],
    ['УдалитьНовость', '-u', portal, '-t', token, '-p', postId],
  ];
  for (const args of steps) {
    const r = await runUzel(['bitrix24', ...args]);
    assert.equal(r.code, 0, `${args[0]}: ${shown(r)}`);
  }
  assert.equal(sandbox.state.feed.posts.has(Number(postId)), false);
  const all = await runUzel(['bitrix24', 'get-posts', '-u', webhook, '--all']);
  assert.equal(all.code, 0, shown(all));
  assert.equal(all.stdout.trim().split('\n').length, sandbox.state.feed.posts.size);
});

test('ОтправитьФайл with a Drive file (-f) and send-file with a local file (--file): the bytes arrive', async () => {
  const { createHash } = await import('node:crypto');
  const { readFileSync } = await import('node:fs');
  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const drive = sandbox.state.drive;
  const bytes = Buffer.from('Счёт № 1045 на 120 000 ₽\n', 'utf8');
  const original = drive.putFile(drive.userStorage(1).ROOT_OBJECT_ID, 'Счёт 1045.txt', bytes, 1);
  const chatId = String(chatNamed('Отдел продаж').id);
  const byId = await runUzel(['bitrix24', 'ОтправитьФайл', '-u', webhook, '-c', chatId, '-f', String(original.ID), '-d', 'Счёт на оплату']);
  assert.equal(byId.code, 0, shown(byId));
  const committed = Object.values((json(byId.stdout).result as { FILES: Record<string, { id: number }> }).FILES)[0]!;
  assert.equal(sha(readFileSync(drive.pathOf(committed.id))), sha(bytes));

  const local = await runUzel(['bitrix24', 'send-file', '-u', webhook, '-c', chatId, '--file', 'test/data/chat-picture.png', '--name', 'План склада.png', '-d', 'План']);
  assert.equal(local.code, 0, shown(local));
  const uploaded = Object.values((json(local.stdout).result as { FILES: Record<string, { id: number; name: string }> }).FILES)[0]!;
  assert.equal(uploaded.name, 'План склада.png');
  assert.equal(sha(readFileSync(drive.pathOf(uploaded.id))), sha(readFileSync('test/data/chat-picture.png')));

  const neither = await runUzel(['bitrix24', 'ОтправитьФайл', '-u', webhook, '-c', chatId]);
  assert.notEqual(neither.code, 0);
  assert.match(neither.stderr, /--fileid/);
  assert.match(neither.stderr, /--file\b/);
});
