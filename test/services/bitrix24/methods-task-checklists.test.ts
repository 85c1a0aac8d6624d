// Task checklists (task.checklistitem.*) through the typed functions against the sandbox: items
// added, changed, ticked, unticked and deleted; checklists as root items; members joining the
// task; arguments bound by position; who may do what; every documented error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { ApiError, ValidationError } from '../../../src/core/errors.js';
import { postJson, userToken } from '../../sandbox/bitrix24/http.js';

let sandbox: Bitrix24Sandbox;
let client: Bitrix24Client;
let taskId: number;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, validateResults: true, rateLimit: false });
  taskId = sandbox.state.tasks.tasks.all().find((t) => t.TITLE === 'Подготовить запуск интернет-магазина')!.ID;
});
after(() => sandbox.close());

const asUser = async (userId: number) =>
  new Bitrix24Client({ portal: sandbox.url, accessToken: await userToken(sandbox, userId), validateResults: true, rateLimit: false });

const coreError = (text: string) => (e: unknown) => e instanceof ApiError && e.status === 400 && e.code === 'ERROR_CORE' && e.description === text;

test('the seeded checklists: two lists with items, some ticked, newest first by default', async () => {
  const list = (await client.getChecklist({ taskId })).result;
  const roots = list.filter((i) => Number(i.PARENT_ID) === 0);
  assert.deepEqual(roots.map((r) => r.TITLE).sort(), ['Запуск', 'Подготовка к запуску']);
  assert.ok(list.some((i) => i.IS_COMPLETE === 'Y' && i.TOGGLED_BY !== null && i.TOGGLED_DATE !== ''));
  const ids = list.map((i) => Number(i.ID));
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'ID descending by default');
  const ordered = (await client.getChecklist({ taskId, order: { PARENT_ID: 'asc', SORT_INDEX: 'asc' } })).result;
  assert.equal(Number(ordered[0]!.PARENT_ID), 0);
});

test('add, get, update, complete, renew and delete an item', async () => {
  const itemId = (await client.addChecklistItem({ taskId, text: 'Проверить оферту на сайте', important: 'Y' })).result;
  const item = (await client.getChecklistItem({ taskId, itemId })).result;
  assert.equal(item.TITLE, 'Проверить оферту на сайте');
  assert.equal(item.IS_IMPORTANT, 'Y');
  assert.equal(item.IS_COMPLETE, 'N');
  const top = (await client.getChecklist({ taskId, order: { SORT_INDEX: 'asc' } })).result.find((i) => i.TITLE === 'Подготовка к запуску')!;
  assert.equal(String(item.PARENT_ID), String(top.ID), 'without PARENT_ID the item goes into the top checklist');

  assert.equal((await client.updateChecklistItem({ taskId, itemId, text: 'Проверить оферту и политику', members: { '12': { TYPE: 'A' } } })).result, null);
  const changed = (await client.getChecklistItem({ taskId, itemId })).result;
  assert.equal(changed.TITLE, 'Проверить оферту и политику');
  assert.deepEqual(changed.MEMBERS.map((m) => [m.ID, m.TYPE]), [['12', 'A']]);
  assert.ok(sandbox.state.tasks.find(taskId)!.ACCOMPLICES.includes(12), 'the member joined the task as an accomplice');

  assert.equal((await client.completeChecklistItem({ taskId, itemId })).result, true);
  const done = (await client.getChecklistItem({ taskId, itemId })).result;
  assert.equal(done.IS_COMPLETE, 'Y');
  assert.equal(done.TOGGLED_BY, '1');
  assert.match(done.TOGGLED_DATE, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);
  assert.equal((await client.completeChecklistItem({ taskId, itemId })).result, true, 'again: true, nothing changes');
  assert.equal((await client.renewChecklistItem({ taskId, itemId })).result, true);
  assert.equal((await client.getChecklistItem({ taskId, itemId })).result.IS_COMPLETE, 'N');
  assert.equal((await client.completeChecklistItem({ taskId, itemId: 99_999 })).result, false, 'no such item: false');

  assert.equal((await client.deleteChecklistItem({ taskId, itemId })).result, true);
  await assert.rejects(client.getChecklistItem({ taskId, itemId }), coreError('TASKS_ERROR_EXCEPTION_#512; Check listitem not found or not accessible; 512/TE/ITEM_NOT_FOUND_OR_NOT_ACCESSIBLE<br>'));
});

test('PARENT_ID 0 makes a new checklist; deleting it takes its items; an item added done is ticked', async () => {
  const listId = (await client.addChecklistItem({ taskId, text: 'После запуска', parentId: 0 })).result;
  const first = (await client.addChecklistItem({ taskId, text: 'Собрать отзывы первых покупателей', parentId: listId, complete: 'Y' })).result;
  const second = (await client.addChecklistItem({ taskId, text: 'Подвести итоги первой недели', parentId: listId })).result;
  const ticked = (await client.getChecklistItem({ taskId, itemId: first })).result;
  assert.equal(ticked.IS_COMPLETE, 'Y');
  assert.equal(ticked.TOGGLED_BY, '1');
  assert.equal(Number((await client.getChecklistItem({ taskId, itemId: listId })).result.PARENT_ID), 0);
  await client.deleteChecklistItem({ taskId, itemId: listId });
  const left = (await client.getChecklist({ taskId })).result.map((i) => Number(i.ID));
  for (const gone of [listId, first, second]) assert.ok(!left.includes(gone));
});

test('who may: workers change, observers and group members only read, strangers nothing', async () => {
  const task = sandbox.state.tasks.find(taskId)!;
  const group = sandbox.state.tasks.groups.get(task.GROUP_ID)!;
  const reader = group.MEMBERS.find((id) => id !== task.CREATED_BY && id !== task.RESPONSIBLE_ID && !task.ACCOMPLICES.includes(id) && id !== 1)!;
  const stranger = sandbox.state.users.all().find((u) => u.UF_DEPARTMENT.includes(6) && !group.MEMBERS.includes(u.ID) && u.ID !== 6)!;
  const responsible = await asUser(task.RESPONSIBLE_ID);
  const itemId = (await responsible.addChecklistItem({ taskId, text: 'Согласовать цены с коммерческим директором' })).result;
  assert.equal((await responsible.completeChecklistItem({ taskId, itemId })).result, true);

  const member = await asUser(reader);
  assert.equal((await member.getChecklistItem({ taskId, itemId })).result.IS_COMPLETE, 'Y', 'a group member reads');
  await assert.rejects(member.addChecklistItem({ taskId, text: 'Моё' }), coreError('TASKS_ERROR_EXCEPTION_#8; Добавление элемента: действие недоступно; 8/TE/ACTION_FAILED_TO_BE_PROCESSED<br>'));
  await assert.rejects(member.updateChecklistItem({ taskId, itemId, text: 'Моё' }), coreError('TASKS_ERROR_EXCEPTION_#4; Нет доступа к редактированию задачи; 4/TE/ACTION_NOT_ALLOWED<br>'));
  await assert.rejects(member.deleteChecklistItem({ taskId, itemId }), coreError('TASKS_ERROR_EXCEPTION_#8; Удаление элемента: действие недоступно; 8/TE/ACTION_FAILED_TO_BE_PROCESSED<br>'));
  await assert.rejects(member.renewChecklistItem({ taskId, itemId }), coreError('TASKS_ERROR_EXCEPTION_#8; Action failed; 8/TE/ACTION_FAILED_TO_BE_PROCESSED<br>'));

  const outsider = await asUser(stranger.ID);
  await assert.rejects(outsider.getChecklist({ taskId }), coreError('TASKS_ERROR_EXCEPTION_#8; Action failed; 8/TE/ACTION_FAILED_TO_BE_PROCESSED<br>'));
  await assert.rejects(outsider.getChecklistItem({ taskId, itemId }), coreError('TASKS_ERROR_EXCEPTION_#512; Check listitem not found or not accessible; 512/TE/ITEM_NOT_FOUND_OR_NOT_ACCESSIBLE<br>'));
  assert.equal((await outsider.completeChecklistItem({ taskId, itemId })).result, false, 'an item of an unseen task is as good as none');
});

test('documented errors, raw, with arguments by position', async () => {
  const hook = sandbox.info.webhookUrl;
  const wrongArgs = (text: string) => ({ error: 'ERROR_CORE', error_description: `TASKS_ERROR_EXCEPTION_#256; ${text}; 256/TE/WRONG_ARGUMENTS<br>` });
  const rows: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['task.checklistitem.add', {}, wrongArgs('Param #0 (taskId) expected by method ctaskchecklistitem::add(), but not given.')],
    ['task.checklistitem.add', { TASKID: 'abc', FIELDS: { TITLE: 'x' } }, wrongArgs('Param #0 (taskId) for method ctaskchecklistitem::add() expected to be of type "integer", but given something else.')],
    ['task.checklistitem.add', { TASKID: taskId }, wrongArgs('Param #1 (arFields) expected by method ctaskchecklistitem::add(), but not given.')],
    ['task.checklistitem.add', { TASKID: taskId, FIELDS: { IS_IMPORTANT: 'Y' } }, { error: 'ERROR_CORE', error_description: 'TASKS_ERROR_EXCEPTION_#8; Не указано название элемента; 8/TE/ACTION_FAILED_TO_BE_PROCESSED<br>' }],
    // Order broken: FIELDS first is read as the task ID.
    ['task.checklistitem.add', { FIELDS: { TITLE: 'x' }, TASKID: taskId }, wrongArgs('Param #0 (taskId) for method ctaskchecklistitem::add() expected to be of type "integer", but given something else.')],
    ['task.checklistitem.update', { TASKID: taskId }, wrongArgs('Param #1 (itemId) expected by method ctaskchecklistitem::update(), but not given.')],
    ['task.checklistitem.update', { TASKID: taskId, ITEMID: 2 }, wrongArgs('Param #2 (arFields) expected by method ctaskchecklistitem::update(), but not given.')],
    ['task.checklistitem.get', { TASKID: taskId }, wrongArgs('Param #1 (itemId) expected by method ctaskchecklistitem::get(), but not given.')],
    ['task.checklistitem.get', { TASKID: 'x', ITEMID: 2 }, wrongArgs('Param #0 (taskId) for method ctaskchecklistitem::get() expected to be of type "integer", but given something else.')],
    ['task.checklistitem.get', { TASKID: taskId, ITEMID: 99_999 }, { error: 'ERROR_CORE', error_description: 'TASKS_ERROR_EXCEPTION_#512; Check listitem not found or not accessible; 512/TE/ITEM_NOT_FOUND_OR_NOT_ACCESSIBLE<br>' }],
    ['task.checklistitem.getlist', {}, wrongArgs('Param #0 (taskId) expected by method ctaskchecklistitem::getlist(), but not given.')],
    ['task.checklistitem.getlist', { TASKID: taskId, ORDER: { IS_COMPLETED: 'asc' } }, wrongArgs('Param #1 (arOrder) for method ctaskchecklistitem::getlist() must not contain key "IS_COMPLETED".')],
    ['task.checklistitem.delete', { TASKID: taskId }, wrongArgs('Param #1 (itemId) expected by method ctaskchecklistitem::delete(), but not given.')],
    ['task.checklistitem.complete', {}, wrongArgs('Param #0 (taskId) expected by method ctaskchecklistitem::complete(), but not given.')],
    ['task.checklistitem.complete', { TASKID: taskId }, wrongArgs('Param #1 (itemId) expected by method ctaskchecklistitem::complete(), but not given.')],
    ['task.checklistitem.complete', { TASKID: 'x', ITEMID: 2 }, wrongArgs('Param #0 (taskId) for method ctaskchecklistitem::complete() expected to be of type "integer", but given something else.')],
    ['task.checklistitem.complete', { TASKID: 0, ITEMID: 2 }, { error: 'ERROR_CORE', error_description: 'TASKS_ERROR_ASSERT_EXCEPTION<br>' }],
    ['task.checklistitem.renew', { TASKID: taskId, ITEMID: -1 }, { error: 'ERROR_CORE', error_description: 'TASKS_ERROR_ASSERT_EXCEPTION<br>' }],
    ['task.checklistitem.renew', { TASKID: taskId }, wrongArgs('Param #1 (itemId) expected by method ctaskchecklistitem::renew(), but not given.')],
  ];
  for (const [method, params, body] of rows) {
    const r = await postJson(hook + method, params);
    assert.equal(r.status, 400, `${method} ${JSON.stringify(params)}`);
    assert.deepEqual(r.body, body, `${method} ${JSON.stringify(params)}`);
  }
  // complete with the order broken finds no item: false (task-checklist-item-complete.md).
  assert.equal((await postJson(hook + 'task.checklistitem.complete', { ITEMID: 99_998, TASKID: taskId })).body.result, false);
});

test('inside batch, arguments keep their order: add, then tick the new item by reference', async () => {
  const out = await client.batch({
    item: { method: 'task.checklistitem.add', params: { TASKID: taskId, FIELDS: { TITLE: 'Согласовать баннеры к запуску' } } },
    done: { method: 'task.checklistitem.complete', params: { TASKID: taskId, ITEMID: '$result[item]' } },
    read: { method: 'task.checklistitem.get', params: { TASKID: taskId, ITEMID: '$result[item]' } },
  });
  assert.deepEqual(out.errors, {});
  assert.equal(out.result.done, true);
  assert.equal((out.result.read as { IS_COMPLETE: string }).IS_COMPLETE, 'Y');
});

test('bad input is refused before any request, naming the option', async () => {
  const before = sandbox.stats.requests;
  await assert.rejects(client.addChecklistItem({ taskId, text: '' }), (e: unknown) => e instanceof ValidationError && /text/.test(e.message));
  await assert.rejects(client.getChecklistItem({ taskId: 0, itemId: 1 }), (e: unknown) => e instanceof ValidationError && /taskId/.test(e.message));
  await assert.rejects(client.updateChecklistItem({ taskId, itemId: 2, text: 'x', members: { '12': { TYPE: 'B' as 'A' } } }), (e: unknown) => e instanceof ValidationError && /members/.test(e.message));
  await assert.rejects(client.getChecklist({ taskId, order: { DONE: 'asc' } as never }), (e: unknown) => e instanceof ValidationError && /order/.test(e.message));
  assert.equal(sandbox.stats.requests, before);
});
