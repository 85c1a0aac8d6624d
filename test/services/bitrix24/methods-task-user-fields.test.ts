// Task user fields (task.item.userfield.*) through the typed functions against the sandbox: the
// fields' life, the system fields in the list, every documented error, the administrator-only
// writes, and the created UF_* becoming a field of tasks.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { ApiError, ValidationError } from '../../../src/core/errors.js';
import { postJson, userToken } from '../../sandbox/bitrix24/http.js';

let sandbox: Bitrix24Sandbox;
let client: Bitrix24Client;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, validateResults: true, rateLimit: false });
});
after(() => sandbox.close());

const apiError = (code: string, description: string) => (e: unknown) =>
  e instanceof ApiError && e.status === 400 && e.code === code && e.description === description;

test('the list holds the system fields and the company\'s own, sorted and filtered', async () => {
  const all = await client.getTaskUserFields();
  const names = all.result.map((f) => f.FIELD_NAME);
  for (const system of ['UF_CRM_TASK', 'UF_MAIL_MESSAGE', 'UF_TASK_WEBDAV_FILES', 'UF_TASK_CONTRACT_NO']) assert.ok(names.includes(system), system);
  assert.equal(all.total, 0, 'the page: total is always 0');
  assert.ok(all.result.every((f) => f.ENTITY_ID === 'TASKS_TASK' && f.EDIT_FORM_LABEL === undefined), 'getlist shows no labels');
  const strings = await client.getTaskUserFields({ filter: { USER_TYPE_ID: 'string' } });
  assert.deepEqual(strings.result.map((f) => f.FIELD_NAME), ['UF_TASK_CONTRACT_NO']);
  const byName = await client.getTaskUserFields({ order: { FIELD_NAME: 'desc' } });
  const sorted = byName.result.map((f) => f.FIELD_NAME);
  assert.deepEqual(sorted, [...sorted].sort().reverse());
  const two = await client.getTaskUserFields({ filter: { FIELD_NAME: ['UF_CRM_TASK', 'UF_MAIL_MESSAGE'] } });
  assert.equal(two.result.length, 2);
});

test('add, get, update and delete a field; UF_ is added; labels by language', async () => {
  const added = await client.addTaskUserField({ type: 'double', fieldName: 'BUDGET', title: 'Бюджет', label: { ru: 'Бюджет, руб.', en: 'Budget, RUB' }, sort: 250 });
  const fieldId = added.result;
  const field = (await client.getTaskUserField({ fieldId })).result;
  assert.equal(field.FIELD_NAME, 'UF_BUDGET');
  assert.equal(field.USER_TYPE_ID, 'double');
  assert.equal(field.SORT, '250');
  assert.equal(field.EDIT_FORM_LABEL?.ru, 'Бюджет, руб.');
  assert.equal(field.EDIT_FORM_LABEL?.en, 'Budget, RUB');
  assert.equal(field.LIST_COLUMN_LABEL?.ru, 'Бюджет');
  assert.equal(field.MULTIPLE, 'N');

  assert.equal((await client.updateTaskUserField({ fieldId, externalId: 'BUDGET_RUB', mandatory: 'Y', title: 'Бюджет проекта' })).result, true);
  const changed = (await client.getTaskUserField({ fieldId })).result;
  assert.equal(changed.XML_ID, 'BUDGET_RUB');
  assert.equal(changed.MANDATORY, 'Y');
  assert.equal(changed.LIST_COLUMN_LABEL?.en, 'Бюджет проекта');
  assert.equal(changed.FIELD_NAME, 'UF_BUDGET', 'the code cannot change');

  // A boolean field is never multiple.
  const flag = (await client.addTaskUserField({ type: 'boolean', fieldName: 'UF_URGENT_PAY', multiple: 'Y' })).result;
  assert.equal((await client.getTaskUserField({ fieldId: flag })).result.MULTIPLE, 'N');

  assert.equal((await client.deleteTaskUserField({ fieldId })).result, true);
  await assert.rejects(client.getTaskUserField({ fieldId }), apiError('ERROR_NOT_FOUND', `The entity with ID '${fieldId}' is not found`));
  await client.deleteTaskUserField({ fieldId: flag });
});

test('a created UF_ field shows up in tasks', async () => {
  const fieldId = (await client.addTaskUserField({ type: 'string', fieldName: 'UF_TASK_OBJECT', title: 'Объект', mandatory: 'Y', settings: { DEFAULT_VALUE: 'Склад №2' } })).result;
  const known = sandbox.state.tasks.userFields();
  const made = known.find((f) => f.name === 'UF_TASK_OBJECT');
  assert.ok(made, 'the task store knows the field');
  assert.equal(made.mandatory, true);
  assert.equal(made.defaultValue, 'Склад №2');
  const task = sandbox.state.tasks.tasks.all()[0]!;
  assert.equal(sandbox.state.tasks.userFieldValue(task, made), 'Склад №2', 'a task that never set it has the default');
  assert.ok(known.some((f) => f.name === 'UF_TASK_CONTRACT_NO'), 'the seeded field too');
  assert.ok(!known.some((f) => f.name === 'UF_CRM_TASK'), 'system fields are the tasks\' own');
  await client.deleteTaskUserField({ fieldId });
  assert.ok(!sandbox.state.tasks.userFields().some((f) => f.name === 'UF_TASK_OBJECT'), 'a deleted field leaves the tasks');
});

test('through tasks.task.*: a new field is written, read, filtered, and required when mandatory', async () => {
  const hook = sandbox.info.webhookUrl;
  const fieldId = (await client.addTaskUserField({ type: 'string', fieldName: 'UF_TASK_WAREHOUSE', title: 'Склад' })).result;
  const added = await postJson(hook + 'tasks.task.add', { fields: { TITLE: 'Принять поставку', RESPONSIBLE_ID: 12, UF_TASK_WAREHOUSE: 'Склад №2' } });
  assert.equal(added.status, 200, JSON.stringify(added.body));
  const taskId = Number(((added.body.result as Record<string, unknown>).task as Record<string, unknown>).id);
  const got = await postJson(hook + 'tasks.task.get', { taskId, select: ['ID', 'TITLE', 'UF_TASK_WAREHOUSE'] });
  assert.equal(((got.body.result as Record<string, unknown>).task as Record<string, unknown>).ufTaskWarehouse, 'Склад №2');
  const listed = await postJson(hook + 'tasks.task.list', { filter: { UF_TASK_WAREHOUSE: 'Склад №2' }, select: ['ID', 'UF_TASK_WAREHOUSE'] });
  const rows = (listed.body.result as Record<string, unknown>).tasks as Record<string, unknown>[];
  assert.deepEqual(rows.map((r) => Number(r.id)), [taskId]);
  // Made mandatory, the field must be given to every new task.
  await client.updateTaskUserField({ fieldId, mandatory: 'Y' });
  const refused = await postJson(hook + 'tasks.task.add', { fields: { TITLE: 'Ещё поставка', RESPONSIBLE_ID: 12 } });
  assert.equal(refused.status, 400);
  assert.match(String(refused.body.error_description), /Склад/);
  await client.deleteTaskUserField({ fieldId });
  assert.equal((await postJson(hook + 'tasks.task.add', { fields: { TITLE: 'Ещё поставка', RESPONSIBLE_ID: 12 } })).status, 200, 'deleted: no longer required');
});

test('documented errors (task-item-user-field-*.md), raw', async () => {
  const hook = sandbox.info.webhookUrl;
  const rows: [string, Record<string, unknown>, string, string][] = [
    ['task.item.userfield.add', { PARAMS: { FIELD_NAME: 'UF_X' } }, 'ERROR_CORE', "The 'USER_TYPE_ID' field is not found."],
    ['task.item.userfield.add', { PARAMS: { USER_TYPE_ID: 'money', FIELD_NAME: 'UF_X' } }, 'ERROR_CORE', 'Указан неверный пользовательский тип.'],
    ['task.item.userfield.add', { PARAMS: { USER_TYPE_ID: 'string' } }, 'ERROR_CORE', "The 'FIELD_NAME' field is not found."],
    ['task.item.userfield.add', { PARAMS: { USER_TYPE_ID: 'string', FIELD_NAME: 'UF_TASK_CONTRACT_NO' } }, 'ERROR_CORE', 'Поле UF_TASK_CONTRACT_NO для объекта TASKS_TASK уже существует.'],
    ['task.item.userfield.update', {}, 'ERROR_CORE', 'TASKS_ERROR_EXCEPTION_#0; Invalid arguments for Bitrix\\Tasks\\Integration\\Rest\\Task\\UserField::update; 0/TE'],
    ['task.item.userfield.update', { ID: 'abc', DATA: { SORT: 1 } }, 'ERROR_CORE', 'ID is not defined or invalid.'],
    ['task.item.userfield.update', { ID: 99999, DATA: { SORT: 1 } }, 'ERROR_NOT_FOUND', "The entity with ID '99999' is not found"],
    ['task.item.userfield.get', {}, 'ERROR_CORE', 'No parameters found'],
    ['task.item.userfield.get', { ID: -3 }, 'ERROR_CORE', 'ID is not defined or invalid.'],
    ['task.item.userfield.get', { ID: 99999 }, 'ERROR_NOT_FOUND', "The entity with ID '99999' is not found"],
    ['task.item.userfield.delete', {}, 'ERROR_CORE', 'TASKS_ERROR_EXCEPTION_#0; Invalid arguments for Bitrix\\Tasks\\Integration\\Rest\\Task\\UserField::delete; 0/TE'],
    ['task.item.userfield.delete', { ID: 0 }, 'ERROR_CORE', 'ID is not defined or invalid.'],
    ['task.item.userfield.delete', { ID: 99999 }, 'ERROR_NOT_FOUND', "The entity with ID '99999' is not found"],
  ];
  for (const [method, params, code, text] of rows) {
    const r = await postJson(hook + method, params);
    assert.equal(r.status, 400, `${method} ${JSON.stringify(params)}`);
    assert.deepEqual(r.body, { error: code, error_description: text }, `${method} ${JSON.stringify(params)}`);
  }
});

test('only the administrator adds, changes and deletes; anyone reads', async () => {
  const staff = new Bitrix24Client({ portal: sandbox.url, accessToken: await userToken(sandbox, 4), validateResults: true, rateLimit: false });
  const denied = apiError('ERROR_CORE', 'Access denied');
  await assert.rejects(staff.addTaskUserField({ type: 'string', fieldName: 'UF_MINE' }), denied);
  await assert.rejects(staff.updateTaskUserField({ fieldId: 1296, title: 'Моё' }), denied);
  await assert.rejects(staff.deleteTaskUserField({ fieldId: 1296 }), denied);
  assert.equal((await staff.getTaskUserField({ fieldId: 1296 })).result.FIELD_NAME, 'UF_TASK_CONTRACT_NO');
  assert.ok((await staff.getTaskUserFields()).result.length >= 4);
  // The portal's own fields cannot be deleted, even by the administrator.
  await assert.rejects(client.deleteTaskUserField({ fieldId: 1295 }), denied);
});

test('bad input is refused before any request, naming the parameter', async () => {
  const before = sandbox.stats.requests;
  await assert.rejects(client.addTaskUserField({ type: 'money' as 'string', fieldName: 'UF_X' }), (e: unknown) => e instanceof ValidationError && /type/.test(e.message));
  await assert.rejects(client.addTaskUserField({ type: 'string', fieldName: 'поле' }), (e: unknown) => e instanceof ValidationError && /fieldName/.test(e.message));
  await assert.rejects(client.getTaskUserField({ fieldId: 'x' as unknown as number }), (e: unknown) => e instanceof ValidationError && /fieldId/.test(e.message));
  await assert.rejects(client.updateTaskUserField({ fieldId: 1296, label: { russian: 'x' } }), (e: unknown) => e instanceof ValidationError && /label/.test(e.message));
  assert.equal(sandbox.stats.requests, before);
});
