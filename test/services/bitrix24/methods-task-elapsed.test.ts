// Time spent on tasks (task.elapseditem.*) through the typed functions against the sandbox:
// records added, changed, read, listed (all, filtered, sorted, page by page to the end) and
// deleted; who may add time for whom; the documented errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { ApiError, ValidationError } from '../../../src/core/errors.js';
import { postJson, userToken } from '../../sandbox/bitrix24/http.js';
import type { Task } from '../../../src/sandbox/bitrix24/tasks/model.js';

let sandbox: Bitrix24Sandbox;
let client: Bitrix24Client;
let task: Task;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, validateResults: true, rateLimit: false });
  // A task that tracks time, whose creator is not its doer.
  task = sandbox.state.tasks.tasks.all().find((t) => t.ALLOW_TIME_TRACKING && t.CREATED_BY !== t.RESPONSIBLE_ID && t.CREATED_BY !== 1 && t.STATUS === 3)!;
});
after(() => sandbox.close());

const asUser = async (userId: number) =>
  new Bitrix24Client({ portal: sandbox.url, accessToken: await userToken(sandbox, userId), validateResults: true, rateLimit: false });

const coreError = (text: string) => (e: unknown) => e instanceof ApiError && e.status === 400 && e.code === 'ERROR_CORE' && e.description === text;

test('the responsible person records time; read, change, list and delete the record', async () => {
  const doer = await asUser(task.RESPONSIBLE_ID);
  const recordId = (await doer.addElapsedTime({ taskId: task.ID, amount: 5400, text: 'Разбор требований' })).result;
  const record = (await doer.getElapsedTime({ taskId: task.ID, recordId })).result;
  assert.equal(record.USER_ID, String(task.RESPONSIBLE_ID));
  assert.equal(record.SECONDS, '5400');
  assert.equal(record.MINUTES, '90');
  assert.equal(record.SOURCE, '2');
  assert.equal(record.COMMENT_TEXT, 'Разбор требований');
  assert.match(record.CREATED_DATE, /\+03:00$/);

  assert.equal((await doer.updateElapsedTime({ taskId: task.ID, recordId, amount: 7200, text: 'Разбор требований и созвон', date: '2026-03-16T10:30:00+03:00' })).result, null);
  const changed = (await client.getElapsedTime({ taskId: task.ID, recordId })).result;
  assert.equal(changed.SECONDS, '7200');
  assert.equal(changed.CREATED_DATE, '2026-03-16T10:30:00+03:00');

  const list = (await client.getElapsedTimeList({ taskId: task.ID })).result;
  assert.ok(list.some((r) => Number(r.ID) === recordId));
  assert.ok(list.every((r) => r.TASK_ID === String(task.ID)));

  assert.equal((await doer.deleteElapsedTime({ taskId: task.ID, recordId })).result, null);
  await assert.rejects(client.getElapsedTime({ taskId: task.ID, recordId }), coreError('ACTION_NOT_ALLOWED'));
});

test('time past days: the date given is when the work was done', async () => {
  const recordId = (await client.addElapsedTime({ taskId: task.ID, amount: 1800, user: task.RESPONSIBLE_ID, date: '2026-03-10T15:00:00+03:00' })).result;
  const record = (await client.getElapsedTime({ taskId: task.ID, recordId })).result;
  assert.equal(record.CREATED_DATE, '2026-03-10T15:00:00+03:00');
  assert.equal(record.DATE_STOP, '2026-03-10T15:30:00+03:00');
  assert.equal(record.USER_ID, String(task.RESPONSIBLE_ID), 'the administrator adds time for someone else');
});

test('the list: filtered, sorted, and read page by page to the end', async () => {
  for (let i = 0; i < 7; i += 1) await client.addElapsedTime({ taskId: task.ID, amount: 600 * (i + 1), user: task.RESPONSIBLE_ID, text: `Итерация ${i + 1}` });
  const all = await client.getElapsedTimeList({ taskId: task.ID });
  assert.equal(all.total, all.result.length);
  assert.ok(all.result.length >= 8);
  const seen: string[] = [];
  for (let page = 1; ; page += 1) {
    const answer = await client.getElapsedTimeList({ taskId: task.ID, page, pageSize: 3 });
    assert.equal(answer.total, all.result.length, 'total counts the whole selection');
    seen.push(...answer.result.map((r) => r.ID as string));
    if (answer.result.length < 3) break;
  }
  assert.deepEqual(seen, all.result.map((r) => r.ID), 'every record once, in order');
  const bySeconds = (await client.getElapsedTimeList({ taskId: task.ID, order: { SECONDS: 'desc' } })).result.map((r) => Number(r.SECONDS));
  assert.deepEqual(bySeconds, [...bySeconds].sort((a, b) => b - a));
  const long = (await client.getElapsedTimeList({ taskId: task.ID, filter: { '>=ID': Number(all.result[2]!.ID) } })).result;
  assert.equal(long.length, all.result.length - 2);
  const filteredPage = await client.getElapsedTimeList({ taskId: task.ID, filter: { USER_ID: task.RESPONSIBLE_ID }, page: 1, pageSize: 2 });
  assert.equal(filteredPage.result.length, 2);
  assert.ok(filteredPage.result.every((r) => r.USER_ID === String(task.RESPONSIBLE_ID)));
});

test('who may: the doer for themselves, not for others; observers and strangers not at all', async () => {
  const doer = await asUser(task.RESPONSIBLE_ID);
  const other = sandbox.state.users.all().find((u) => u.ID !== task.RESPONSIBLE_ID && u.ID !== task.CREATED_BY && u.ID > 10)!;
  await assert.rejects(doer.addElapsedTime({ taskId: task.ID, amount: 600, user: other.ID }), coreError('ACTION_NOT_ALLOWED'));
  const creator = await asUser(task.CREATED_BY);
  const doerRecord = (await doer.addElapsedTime({ taskId: task.ID, amount: 900 })).result;
  // The creator may change and delete the doer's record.
  assert.equal((await creator.updateElapsedTime({ taskId: task.ID, recordId: doerRecord, amount: 1200 })).result, null);
  const stranger = sandbox.state.users.all().find((u) => !sandbox.state.tasks.canRead(task, u.ID))!;
  const outsider = await asUser(stranger.ID);
  await assert.rejects(outsider.getElapsedTimeList({ taskId: task.ID }), coreError('Задача не найдена'));
  await assert.rejects(outsider.addElapsedTime({ taskId: task.ID, amount: 600 }), coreError('Задача не найдена'));
  const observerId = sandbox.state.users.all().find((u) => u.ID > 10 && u.ID !== task.RESPONSIBLE_ID && u.ID !== task.CREATED_BY && !task.ACCOMPLICES.includes(u.ID))!.ID;
  sandbox.state.tasks.watch(task, observerId, true, Date.now() / 1000);
  const observer = await asUser(observerId);
  assert.ok((await observer.getElapsedTimeList({ taskId: task.ID })).result.length > 0, 'an observer reads');
  await assert.rejects(observer.addElapsedTime({ taskId: task.ID, amount: 600 }), coreError('ACTION_NOT_ALLOWED'));
  await assert.rejects(observer.deleteElapsedTime({ taskId: task.ID, recordId: doerRecord }), coreError('ACTION_NOT_ALLOWED'));
  // A task that does not track time takes none from its doer.
  const untracked = sandbox.state.tasks.tasks.all().find((t) => !t.ALLOW_TIME_TRACKING && t.RESPONSIBLE_ID !== 1)!;
  await assert.rejects((await asUser(untracked.RESPONSIBLE_ID)).addElapsedTime({ taskId: untracked.ID, amount: 600 }), coreError('ACTION_NOT_ALLOWED'));
});

test('documented errors, raw, arguments by position', async () => {
  const hook = sandbox.info.webhookUrl;
  const rows: [string, Record<string, unknown>, string][] = [
    ['task.elapseditem.add', { TASKID: 999_999, ARFIELDS: { SECONDS: 60 } }, 'Задача не найдена'],
    ['task.elapseditem.add', { TASKID: task.ID, ARFIELDS: { SECONDS: 0 } }, 'Переданы неверные параметры метода'],
    ['task.elapseditem.add', { TASKID: task.ID, ARFIELDS: { SECONDS: 60, USER_ID: 999_999 } }, 'ACTION_NOT_ALLOWED'],
    ['task.elapseditem.add', {}, 'TASKS_ERROR_EXCEPTION_#256; Param #0 (taskId) expected by method ctaskelapseditem::add(), but not given.; 256/TE/WRONG_ARGUMENTS<br>'],
    ['task.elapseditem.add', { TASKID: task.ID }, 'TASKS_ERROR_EXCEPTION_#256; Param #1 (arFields) expected by method ctaskelapseditem::add(), but not given.; 256/TE/WRONG_ARGUMENTS<br>'],
    ['task.elapseditem.update', { TASKID: task.ID, ITEMID: 999_999, ARFIELDS: { SECONDS: 60 } }, 'ACTION_NOT_ALLOWED'],
    ['task.elapseditem.get', { TASKID: task.ID }, 'TASKS_ERROR_EXCEPTION_#256; Param #1 (itemId) expected by method ctaskelapseditem::get(), but not given.; 256/TE/WRONG_ARGUMENTS<br>'],
    ['task.elapseditem.delete', { TASKID: 999_999, ITEMID: 1 }, 'Задача не найдена'],
    ['task.elapseditem.getlist', { TASKID: task.ID, ORDER: { COMMENT_TEXT: 'asc' } }, 'Переданы неверные параметры метода'],
    ['task.elapseditem.getlist', { TASKID: task.ID, ORDER: { ID: 'asc' }, FILTER: { SECONDS: 60 } }, 'Переданы неверные параметры метода'],
  ];
  for (const [method, params, text] of rows) {
    const r = await postJson(hook + method, params);
    assert.equal(r.status, 400, `${method} ${JSON.stringify(params)}`);
    assert.deepEqual(r.body, { error: 'ERROR_CORE', error_description: text }, `${method} ${JSON.stringify(params)}`);
  }
  // Without a task: the records of every task the caller sees.
  const everything = await postJson(hook + 'task.elapseditem.getlist', {});
  assert.equal(everything.status, 200);
  assert.equal(everything.body.total, sandbox.state.taskItems.elapsed.size);
  // The page's second form: no task, the arguments start with ORDER (ORDER, FILTER, SELECT, PARAMS).
  const byFilter = await postJson(hook + 'task.elapseditem.getlist', { ORDER: { ID: 'desc' }, FILTER: { '>ID': 0 }, SELECT: ['ID', 'TASK_ID'], PARAMS: { NAV_PARAMS: { nPageSize: 2 } } });
  assert.equal(byFilter.status, 200, JSON.stringify(byFilter.body));
  assert.equal(byFilter.body.total, sandbox.state.taskItems.elapsed.size);
  const page = byFilter.body.result as Record<string, string>[];
  assert.equal(page.length, 2);
  assert.deepEqual(Object.keys(page[0]!), ['ID', 'TASK_ID']);
  assert.ok(Number(page[0]!.ID) > Number(page[1]!.ID));
  const onlyOrder = await postJson(hook + 'task.elapseditem.getlist', { ORDER: { ID: 'asc' } });
  assert.equal(onlyOrder.status, 200, JSON.stringify(onlyOrder.body));
  assert.equal(onlyOrder.body.total, sandbox.state.taskItems.elapsed.size);
});

test('bad input is refused before any request', async () => {
  const before = sandbox.stats.requests;
  await assert.rejects(client.addElapsedTime({ taskId: task.ID, amount: 0 }), (e: unknown) => e instanceof ValidationError && /amount/.test(e.message));
  await assert.rejects(client.addElapsedTime({ taskId: task.ID, amount: 60, date: 'позавчера' }), (e: unknown) => e instanceof ValidationError && /date/.test(e.message));
  await assert.rejects(client.getElapsedTimeList({ taskId: task.ID, pageSize: 51 }), (e: unknown) => e instanceof ValidationError && /pageSize/.test(e.message));
  assert.equal(sandbox.stats.requests, before);
});
