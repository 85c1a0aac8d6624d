// Kanban (task.stages.*) through the typed functions against the sandbox: a workgroup's stages
// and a user's "My plan", added, renamed, reordered and deleted; tasks moved between stages and
// placed before or after others; who may see and change which board; every documented error.
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

const asUser = async (userId: number) =>
  new Bitrix24Client({ portal: sandbox.url, accessToken: await userToken(sandbox, userId), validateResults: true, rateLimit: false });

const stageError = (code: string, text: string) => (e: unknown) => e instanceof ApiError && e.status === 400 && e.code === code && e.description === text;

const group = (name: string) => sandbox.state.tasks.groups.all().find((g) => g.NAME === name)!;
const titles = (stages: Record<string, { TITLE: string; SORT: string | number }>) =>
  Object.values(stages).sort((a, b) => Number(a.SORT) - Number(b.SORT)).map((s) => s.TITLE);

test('a workgroup\'s board: read, add after a stage, rename, move, delete', async () => {
  const shop = group('Запуск интернет-магазина');
  const member = await asUser(shop.OWNER_ID);
  const board = (await member.getTaskStages({ entityId: shop.ID })).result as Record<string, { TITLE: string; SORT: string; ENTITY_TYPE: string; ID: string }>;
  assert.deepEqual(titles(board), ['Новые', 'В работе', 'На проверке', 'Сделаны']);
  assert.ok(Object.entries(board).every(([key, s]) => key === s.ID && s.ENTITY_TYPE === 'G'), 'keyed by stage ID');
  const inWork = Object.values(board).find((s) => s.TITLE === 'В работе')!;

  const added = (await member.addTaskStage({ title: 'Согласование с клиентом', entityId: shop.ID, afterId: Number(inWork.ID), color: '#ffa900' })).result;
  const after1 = (await member.getTaskStages({ entityId: shop.ID })).result as Record<string, { TITLE: string; SORT: string; COLOR: string }>;
  assert.deepEqual(titles(after1), ['Новые', 'В работе', 'Согласование с клиентом', 'На проверке', 'Сделаны']);
  assert.equal(after1[String(added)]!.COLOR, 'ffa900');

  assert.equal((await member.updateTaskStage({ stageId: added, title: 'Ждём клиента', afterId: 0 })).result, true);
  const after2 = (await member.getTaskStages({ entityId: shop.ID })).result as Record<string, { TITLE: string; SORT: string }>;
  assert.deepEqual(titles(after2), ['Ждём клиента', 'Новые', 'В работе', 'На проверке', 'Сделаны'], 'AFTER_ID 0 puts it first');
  await assert.rejects(member.deleteTaskStage({ stageId: added }), stageError('CANT_DELETE_FIRST', 'Нельзя удалить первую стадию. Передвиньте стадию, чтобы удалить'));
  await member.updateTaskStage({ stageId: added, title: 'Ждём клиента', afterId: Number(inWork.ID) });
  assert.equal((await member.deleteTaskStage({ stageId: added })).result, true);
  assert.deepEqual(titles((await member.getTaskStages({ entityId: shop.ID })).result as Record<string, { TITLE: string; SORT: string }>), ['Новые', 'В работе', 'На проверке', 'Сделаны']);
});

test('"My plan": made on first use, one\'s own only', async () => {
  const userId = 13;
  const user = await asUser(userId);
  const plan = (await user.getTaskStages()).result as Record<string, { TITLE: string; SORT: string; ENTITY_ID: string; ENTITY_TYPE: string; SYSTEM_TYPE: string | null }>;
  assert.deepEqual(titles(plan), ['Не спланированы', 'Сделаю на неделе', 'Сделаю в этом месяце']);
  assert.ok(Object.values(plan).every((s) => s.ENTITY_TYPE === 'U' && s.ENTITY_ID === String(userId)));
  const stageId = (await user.addTaskStage({ title: 'Сделаю после отпуска' })).result;
  assert.equal(titles((await user.getTaskStages({ entityId: 0 })).result as Record<string, { TITLE: string; SORT: string }>)[0], 'Сделаю после отпуска');
  // Another user — even the administrator — cannot touch it.
  await assert.rejects(client.updateTaskStage({ stageId, title: 'Чужое', admin: true }), stageError('ACCESS_DENIED', 'Вы не можете изменять стадии в этой группе'));
  await assert.rejects(client.deleteTaskStage({ stageId, admin: true }), stageError('ACCESS_DENIED', 'Вы не можете управлять стадиями'));
  const newStage = Object.values(plan).find((s) => s.SYSTEM_TYPE === 'NEW')!;
  await user.updateTaskStage({ stageId: Number(Object.keys(plan).find((k) => plan[k] === newStage)), title: 'Не спланированы', afterId: stageId });
  await assert.rejects(user.deleteTaskStage({ stageId: Number(Object.keys(plan).find((k) => plan[k] === newStage)) }), stageError('IS_SYSTEM', 'Стадия, установленная по умолчанию, не может быть удалена'));
  assert.equal((await user.canMoveTasks({ entityId: userId, entityType: 'U' })).result, true);
  assert.equal((await user.canMoveTasks({ entityId: 14, entityType: 'U' })).result, false);
});

test('moving tasks: between a group\'s stages, before and after others, and in "My plan"', async () => {
  const shop = group('Запуск интернет-магазина');
  const stages = sandbox.state.tasks.stagesOf(shop.ID);
  const [fresh, inWork] = [stages[0]!, stages[1]!];
  const newTasks = sandbox.state.tasks.tasks.all().filter((t) => t.GROUP_ID === shop.ID && t.STAGE_ID === fresh.ID);
  const working = sandbox.state.tasks.tasks.all().filter((t) => t.GROUP_ID === shop.ID && t.STAGE_ID === inWork.ID);
  const [moved, second] = newTasks as [typeof newTasks[0], typeof newTasks[0]];
  assert.equal((await client.moveTaskToStage({ taskId: moved.ID, stageId: inWork.ID })).result, true);
  assert.equal(sandbox.state.tasks.find(moved.ID)!.STAGE_ID, inWork.ID);
  assert.ok(sandbox.state.tasks.historyOf(moved.ID).some((h) => h.FIELD === 'STAGE_ID' && h.TO === String(inWork.ID)), 'the move is in the task\'s history');
  await client.moveTaskToStage({ taskId: second.ID, stageId: inWork.ID, before: moved.ID });
  const order = sandbox.state.taskItems.orderIn(inWork.ID);
  assert.equal(order.indexOf(second.ID), order.indexOf(moved.ID) - 1, 'placed before');
  await client.moveTaskToStage({ taskId: second.ID, stageId: inWork.ID, after: working[0]!.ID });
  const again = sandbox.state.taskItems.orderIn(inWork.ID);
  assert.equal(again.indexOf(second.ID), again.indexOf(working[0]!.ID) + 1, 'placed after');

  // "My plan" of the responsible person.
  const doer = await asUser(moved.RESPONSIBLE_ID);
  const plan = Object.values((await doer.getTaskStages()).result as Record<string, { ID: string; TITLE: string }>);
  const week = plan.find((s) => s.TITLE === 'Сделаю на неделе')!;
  assert.equal((await doer.moveTaskToStage({ taskId: moved.ID, stageId: Number(week.ID) })).result, true);
  assert.equal(sandbox.state.taskItems.planStage(moved.RESPONSIBLE_ID, moved.ID), Number(week.ID));
  assert.equal(sandbox.state.tasks.find(moved.ID)!.STAGE_ID, inWork.ID, 'the group\'s board is not touched');
  // Someone else's plan is not the caller's to use.
  await assert.rejects(client.moveTaskToStage({ taskId: moved.ID, stageId: Number(week.ID) }), stageError('NOT_FOUND', 'Стадия не найдена'));
  // A stage that holds tasks stays.
  await assert.rejects(client.deleteTaskStage({ stageId: inWork.ID, admin: true }), stageError('STAGE_HAS_TASKS', 'В стадии есть задачи'));
});

test('who may: members of a group; everyone reads an open one; the administrator with isAdmin', async () => {
  const office = group('Переезд в новый офис');
  const shop = group('Запуск интернет-магазина');
  const outsiderId = sandbox.state.users.all().find((u) => !office.MEMBERS.includes(u.ID) && !shop.MEMBERS.includes(u.ID) && u.ID !== 1)!.ID;
  const outsider = await asUser(outsiderId);
  await assert.rejects(outsider.getTaskStages({ entityId: office.ID }), stageError('ACCESS_DENIED', 'Вы не можете просматривать стадии в этой группе'));
  assert.ok(Object.keys((await outsider.getTaskStages({ entityId: shop.ID })).result).length >= 4, 'an open group\'s board is visible');
  await assert.rejects(outsider.addTaskStage({ title: 'Моя стадия', entityId: shop.ID }), stageError('ACCESS_DENIED', 'Вы не можете управлять стадиями'));
  assert.equal((await outsider.canMoveTasks({ entityId: shop.ID, entityType: 'G' })).result, false);
  const shopTask = sandbox.state.tasks.tasks.all().find((t) => t.GROUP_ID === shop.ID && !sandbox.state.tasks.canRead(t, outsiderId));
  if (shopTask) {
    await assert.rejects(outsider.moveTaskToStage({ taskId: shopTask.ID, stageId: sandbox.state.tasks.stagesOf(shop.ID)[1]!.ID }), stageError('TASK_NOT_FOUND', 'Задача не найдена или доступ к ней запрещен'));
  }
  // The administrator is not a member of the shop's group: isAdmin opens it.
  assert.ok(!shop.MEMBERS.includes(1));
  await assert.rejects(client.addTaskStage({ title: 'Архив', entityId: shop.ID }), stageError('ACCESS_DENIED', 'Вы не можете управлять стадиями'));
  const archived = (await client.addTaskStage({ title: 'Архив', entityId: shop.ID, admin: true })).result;
  assert.ok(archived > 0);
  // isAdmin means nothing to someone who is not the administrator.
  await assert.rejects(outsider.addTaskStage({ title: 'Моя стадия', entityId: shop.ID, admin: true }), stageError('ACCESS_DENIED', 'Вы не можете управлять стадиями'));
  // A task of another group cannot go onto this board.
  const officeTask = sandbox.state.tasks.tasks.all().find((t) => t.GROUP_ID === office.ID)!;
  await assert.rejects(client.moveTaskToStage({ taskId: officeTask.ID, stageId: archived }), stageError('ACCESS_DENIED_MOVE', 'Вы не можете перемещать эту задачу'));
});

test('documented errors, raw', async () => {
  const hook = sandbox.info.webhookUrl;
  const rows: [string, Record<string, unknown>, string, string][] = [
    ['task.stages.add', { fields: { COLOR: 'FFD800' } }, 'EMPTY_TITLE', 'Не указан заголовок стадии'],
    ['task.stages.update', { id: 99_999, fields: { TITLE: 'x' } }, 'NOT_FOUND', 'Стадия не найдена'],
    ['task.stages.delete', { id: 99_999 }, 'NOT_FOUND', 'Стадия не найдена'],
    ['task.stages.delete', { id: sandbox.state.tasks.stagesOf(1)[0]!.ID, isAdmin: true }, 'CANT_DELETE_FIRST', 'Нельзя удалить первую стадию. Передвиньте стадию, чтобы удалить'],
    ['task.stages.get', { entityId: 99_999 }, 'ACCESS_DENIED', 'Вы не можете просматривать стадии в этой группе'],
    ['task.stages.movetask', { id: 999_999, stageId: 2 }, 'TASK_NOT_FOUND', 'Задача не найдена или доступ к ней запрещен'],
    ['task.stages.movetask', { id: 4, stageId: 99_999 }, 'NOT_FOUND', 'Стадия не найдена'],
  ];
  for (const [method, params, code, text] of rows) {
    const r = await postJson(hook + method, params);
    assert.equal(r.status, 400, `${method} ${JSON.stringify(params)}`);
    assert.deepEqual(r.body, { error: code, error_description: text }, `${method} ${JSON.stringify(params)}`);
  }
  const last = sandbox.state.tasks.stagesOf(1).at(-1)!;
  const finish = await postJson(hook + 'task.stages.delete', { id: last.ID, isAdmin: true });
  assert.deepEqual(finish.body, { error: 'IS_SYSTEM', error_description: 'Стадия, установленная по умолчанию, не может быть удалена' });
});

test('bad input is refused before any request', async () => {
  const before = sandbox.stats.requests;
  await assert.rejects(client.addTaskStage({ title: 'x', color: 'жёлтый' }), (e: unknown) => e instanceof ValidationError && /color/.test(e.message));
  await assert.rejects(client.moveTaskToStage({ taskId: 4, stageId: 2, before: 5, after: 6 }), (e: unknown) => e instanceof ValidationError && /before/.test(e.message) && /after/.test(e.message));
  await assert.rejects(client.getTaskStages({ entityId: -1 }), (e: unknown) => e instanceof ValidationError && /entityId/.test(e.message));
  assert.equal(sandbox.stats.requests, before);
});
