// End-to-end: the `uzel` binary against the Bitrix24 sandbox for tasks, comments and results —
// oint's command lines (Russian names, oint's options and short forms) and the English commands.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../src/sandbox/bitrix24/index.js';
import { runUzel, shown } from './helpers.js';

let sandbox: Bitrix24Sandbox;
let webhook: string;
let code: string;

before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
  webhook = sandbox.info.webhookUrl;
  code = webhook.split('/').at(-2)!;
});
after(() => sandbox.close());

const json = (stdout: string): Record<string, unknown> => JSON.parse(stdout) as Record<string, unknown>;
const task = (stdout: string): Record<string, string> => (json(stdout).result as { task: Record<string, string> }).task;

describe('tasks from the command line', () => {
  test('СоздатьЗадачу, ПолучитьЗадачу, ИзменитьЗадачу as oint writes them', async () => {
    const created = await runUzel(['bitrix24', 'СоздатьЗадачу', '--url', webhook, '--fields', '{"TITLE":"Обновить прайс-лист на сайте","RESPONSIBLE_ID":12,"DEADLINE":"2030-04-01T18:00:00+03:00"}']);
    assert.equal(created.code, 0, created.stderr);
    const id = task(created.stdout).id!;
    assert.equal(task(created.stdout).title, 'Обновить прайс-лист на сайте');
    const got = await runUzel(['bitrix24', 'ПолучитьЗадачу', '-u', webhook, '-t', id]);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(task(got.stdout).responsibleId, '12');
    const changed = await runUzel(['bitrix24', 'ИзменитьЗадачу', '--url', webhook, '--task', id, '--fields', '{"PRIORITY":"2"}']);
    assert.equal(changed.code, 0, changed.stderr);
    assert.equal(task(changed.stdout).priority, '2');
    assert.ok(!shown(created).includes(code) && !shown(got).includes(code), 'the webhook code is never shown');
  });

  test('the English commands: start, complete, delegate, dependencies, access', async () => {
    const id = String(sandbox.state.tasks.create({ TITLE: 'Проверить отчёт по НДС', RESPONSIBLE_ID: 1 }, 2, Date.now() / 1000).ID);
    const started = await runUzel(['bitrix24', 'start-task', '--url', webhook, '--task', id]);
    assert.equal(started.code, 0, started.stderr);
    assert.equal(task(started.stdout).status, '3');
    const delegated = await runUzel(['bitrix24', 'delegate-task', '-u', webhook, '-t', id, '-s', '12']);
    assert.equal(delegated.code, 0, delegated.stderr);
    assert.equal(task(delegated.stdout).responsibleId, '12');
    const other = String(sandbox.state.tasks.create({ TITLE: 'Сдать отчёт по НДС', RESPONSIBLE_ID: 12 }, 1, Date.now() / 1000).ID);
    const link = await runUzel(['bitrix24', 'СоздатьЗависимостьЗадач', '-u', webhook, '-t', id, '-s', other, '-l', '2']);
    assert.equal(link.code, 0, link.stderr);
    const again = await runUzel(['bitrix24', 'add-task-dependency', '--url', webhook, '--taskfrom', id, '--taskto', other, '--linktype', '2']);
    assert.equal(again.code, 3, 'the service\'s refusal');
    assert.match(again.stderr, /ILLEGAL_NEW_LINK/);
    assert.match(again.stderr, /Связь между задачами уже существует/);
    const unlink = await runUzel(['bitrix24', 'УдалитьЗависимостьЗадач', '-u', webhook, '-t', id, '-s', other, '-l', '2']);
    assert.equal(unlink.code, 0, unlink.stderr);
    const access = await runUzel(['bitrix24', 'ПроверитьДоступКЗадаче', '-u', webhook, '-t', id, '-s', '[1,12]']);
    assert.equal(access.code, 0, access.stderr);
    const allowed = (json(access.stdout).result as { allowedActions: Record<string, Record<string, boolean>> }).allowedActions;
    assert.equal(allowed['12']!.COMPLETE, true);
    const done = await runUzel(['bitrix24', 'complete-task', '--url', webhook, '--task', id]);
    assert.equal(task(done.stdout).status, '5');
  });

  test('ПолучитьСписокЗадач with oint\'s options, and get-tasks --all to the end', async () => {
    const page = await runUzel(['bitrix24', 'ПолучитьСписокЗадач', '--url', webhook, '--filter', '{"REAL_STATUS":3}', '--select', '["ID","TITLE","STATUS"]', '--offset', '0']);
    assert.equal(page.code, 0, page.stderr);
    const rows = (json(page.stdout).result as { tasks: { status: string }[] }).tasks;
    assert.ok(rows.length > 0 && rows.every((t) => t.status === '3'));
    const all = await runUzel(['bitrix24', 'get-tasks', '--url', webhook, '-s', '["ID"]', '--all']);
    assert.equal(all.code, 0, all.stderr);
    const ids = all.stdout.trim().split('\n').map((line) => Number((JSON.parse(line) as { id: string }).id));
    assert.equal(ids.length, sandbox.state.tasks.tasks.size);
    assert.equal(new Set(ids).size, ids.length, 'no task twice');
  });

  test('the structure functions need no portal: a filter template and a comment template', async () => {
    const filter = await runUzel(['bitrix24', 'ПолучитьСтруктуруФильтраЗадач', '--empty', '--map']);
    assert.equal(filter.code, 0, filter.stderr);
    const template = json(filter.stdout).result as Record<string, unknown>;
    assert.equal(template.RESPONSIBLE_ID, '');
    assert.ok('REAL_STATUS' in template);
    const comment = await runUzel(['bitrix24', 'get-comment-template', '-e']);
    assert.equal(comment.code, 0, comment.stderr);
    assert.deepEqual(Object.keys(json(comment.stdout).result as object), ['POST_MESSAGE', 'AUTHOR_ID', 'POST_DATE', 'UF_FORUM_MESSAGE_DOC']);
    const fields = await runUzel(['bitrix24', 'ПолучитьСтруктуруЗадачи', '--url', webhook]);
    assert.equal(fields.code, 0, fields.stderr);
    assert.ok('TITLE' in (json(fields.stdout).result as { fields: object }).fields);
  });

  test('bad input is refused before any request, naming oint\'s option', async () => {
    const requests = sandbox.stats.requests;
    const r = await runUzel(['bitrix24', 'ПолучитьЗадачу', '--url', webhook, '--task', 'abc']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--task/);
    const link = await runUzel(['bitrix24', 'СоздатьЗависимостьЗадач', '--url', webhook, '--taskfrom', '1', '--taskto', '2', '--linktype', '9']);
    assert.equal(link.code, 2);
    assert.match(link.stderr, /--linktype/);
    assert.equal(sandbox.stats.requests, requests);
  });
});

describe('comments and results from the command line', () => {
  test('ДобавитьКомментарийЗадачи … СоздатьРезультатИзКомментария … УдалитьКомментарийЗадачи', async () => {
    const id = String(sandbox.state.tasks.create({ TITLE: 'Согласовать смету', RESPONSIBLE_ID: 1 }, 2, Date.now() / 1000).ID);
    const added = await runUzel(['bitrix24', 'ДобавитьКомментарийЗадачи', '-u', webhook, '-t', id, '-x', 'Смета согласована с бухгалтерией.']);
    assert.equal(added.code, 0, added.stderr);
    const commentId = String(json(added.stdout).result);
    const got = await runUzel(['bitrix24', 'ПолучитьКомментарийЗадачи', '--url', webhook, '--task', id, '--comment', commentId]);
    assert.equal((json(got.stdout).result as { POST_MESSAGE: string }).POST_MESSAGE, 'Смета согласована с бухгалтерией.');
    const changed = await runUzel(['bitrix24', 'update-task-comment', '-u', webhook, '-t', id, '-c', commentId, '-x', 'Смета согласована.']);
    assert.equal(json(changed.stdout).result, true);
    const list = await runUzel(['bitrix24', 'ПолучитьСписокКомментариевЗадачи', '-u', webhook, '-t', id]);
    assert.deepEqual((json(list.stdout).result as { POST_MESSAGE: string }[]).map((c) => c.POST_MESSAGE), ['Смета согласована.']);
    const pinned = await runUzel(['bitrix24', 'СоздатьРезультатИзКомментария', '-u', webhook, '-c', commentId]);
    assert.equal(pinned.code, 0, pinned.stderr);
    const results = await runUzel(['bitrix24', 'get-task-results', '--url', webhook, '--task', id]);
    assert.deepEqual((json(results.stdout).result as { commentId: number }[]).map((r) => r.commentId), [Number(commentId)]);
    const unpinned = await runUzel(['bitrix24', 'УдалитьРезультатИзКомментария', '-u', webhook, '-c', commentId]);
    assert.equal(unpinned.code, 0, unpinned.stderr);
    const deleted = await runUzel(['bitrix24', 'УдалитьКомментарийЗадачи', '-u', webhook, '-t', id, '-c', commentId]);
    assert.equal(json(deleted.stdout).result, true);
    const gone = await runUzel(['bitrix24', 'get-task-comment', '-u', webhook, '-t', id, '-c', commentId]);
    assert.equal(gone.code, 3);
    assert.match(gone.stderr, /ITEM_NOT_FOUND_OR_NOT_ACCESSIBLE/);
  });
});
