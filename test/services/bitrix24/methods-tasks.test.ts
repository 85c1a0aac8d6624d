// The tasks section (tasks.task.*, task.dependence.*, task.planner.getlist) through its typed
// functions against the sandbox, results checked against their schemas; the access rules the
// method pages state, seen as the portal's errors; input refused before any request.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../../src/core/errors.js';
import { refusal, taskWorld } from './task-helpers.js';

const world = taskWorld();
const as = world.as;

const newTask = async (fields: Record<string, unknown> = {}): Promise<number> =>
  Number((await world.client.addTask({ fields: { TITLE: 'Проверить счёт от поставщика', RESPONSIBLE_ID: 12, ...fields } })).result.task.id);

test('addTask, getTask, updateTask, deleteTask', async () => {
  const added = await world.client.addTask({ fields: { TITLE: 'Согласовать договор аренды', RESPONSIBLE_ID: 12, AUDITORS: [13], ACCOMPLICES: [14], DEADLINE: '2030-03-01T18:00:00+03:00', PRIORITY: 2, TASK_CONTROL: true } });
  const task = added.result.task;
  assert.equal(task.title, 'Согласовать договор аренды');
  assert.equal(task.responsibleId, '12');
  assert.deepEqual(task.auditors, ['13']);
  assert.deepEqual(task.accomplices, ['14']);
  assert.equal(task.priority, '2');
  assert.equal(task.taskControl, 'Y', 'a boolean flag goes as Y');
  assert.equal(task.deadline, '2030-03-01T18:00:00+03:00');
  const id = Number(task.id);
  const got = await world.client.getTask({ taskId: id, select: ['ID', 'TITLE', 'RESPONSIBLE_ID'] });
  assert.ok(!Array.isArray(got.result));
  assert.equal(got.result.task.title, 'Согласовать договор аренды');
  assert.equal(got.result.task.responsible?.id, '12');
  const updated = await world.client.updateTask({ taskId: id, fields: { TITLE: 'Согласовать договор аренды склада', DEADLINE: '2030-03-05' } });
  assert.equal(updated.result.task.title, 'Согласовать договор аренды склада');
  assert.match(String(updated.result.task.deadline), /^2030-03-05T00:00:00\+03:00$/);
  assert.deepEqual((await world.client.deleteTask({ taskId: id })).result, { task: true });
  assert.deepEqual((await world.client.getTask({ taskId: id })).result, [], 'a deleted task answers []');
});

test('the documented errors of add, update and get come through as ApiErrors; bad input stops before any request', async () => {
  assert.deepEqual(await refusal(world.client.addTask({ fields: { TITLE: 'x', RESPONSIBLE_ID: 99999 } })), ['ERROR_CORE', 'Пользователь указанный в поле "Исполнитель" не найден']);
  assert.deepEqual(await refusal(world.client.addTask({ fields: { TITLE: 'x', RESPONSIBLE_ID: 12, PARENT_ID: 99999 } })), ['ERROR_CORE', 'Задача указанная в поле "Надзадача" не найдена']);
  assert.deepEqual(await refusal(world.client.updateTask({ taskId: 1, fields: { PARENT_ID: 1 } })), ['ERROR_CORE', 'Невозможно привязать узел к самому себе<br>']);
  assert.deepEqual(await refusal(world.client.getTasks({ order: { NOT_A_FIELD: 'ASC' } })), ['0', 'Неверный ключ сортировки (internal error)']);
  const requests = world.sandbox.stats.requests;
  for (const [call, path] of [
    [() => world.client.addTask({ fields: { TITLE: 'x' } as never }), 'fields.RESPONSIBLE_ID'],
    [() => world.client.addTask({ fields: { TITLE: 'x', RESPONSIBLE_ID: 12, STATUS: 9 as never } }), 'fields.STATUS'],
    [() => world.client.addTask({ fields: { TITLE: 'x', RESPONSIBLE_ID: 12, START_DATE_PLAN: '2030-02-01', END_DATE_PLAN: '2030-01-01' } }), 'fields.START_DATE_PLAN'],
    [() => world.client.updateTask({ taskId: 1, fields: {} }), 'fields'],
    [() => world.client.getTask({ taskId: 0 }), 'taskId'],
    [() => world.client.addTaskDependency({ taskFrom: 1, taskTo: 2, linkType: 7 as never }), 'linkType'],
  ] as const) {
    await assert.rejects(call(), (e: unknown) => e instanceof ValidationError && e.issues.some((i) => i.path === path), path);
  }
  assert.equal(world.sandbox.stats.requests, requests, 'no request for bad input');
});

test('statuses: start, pause, defer, renew; control sends completion to the creator, who approves or returns it', async () => {
  const id = await newTask({ TASK_CONTROL: 'Y', CREATED_BY: 2 });
  const doer = await as(12);
  const creator = await as(2);
  const status = async (p: Promise<{ result: { task: { status?: string } } }>) => (await p).result.task.status;
  assert.equal(await status(doer.startTask({ taskId: id })), '3');
  assert.equal(await status(doer.pauseTask({ taskId: id })), '2');
  assert.equal(await status(doer.deferTask({ taskId: id })), '6');
  assert.equal(await status(doer.renewTask({ taskId: id })), '2');
  assert.equal(await status(doer.completeTask({ taskId: id })), '4', 'awaits the creator');
  assert.deepEqual(await refusal(doer.approveTask({ taskId: id })), ['1048582', 'Действие над задачей не разрешено']);
  assert.equal(await status(creator.disapproveTask({ taskId: id })), '2');
  await doer.completeTask({ taskId: id });
  const approved = await creator.approveTask({ taskId: id });
  assert.equal(approved.result.task.status, '5');
  assert.equal(approved.result.task.closedBy, '2');
  // A pending task cannot be paused; a missing one cannot be started.
  assert.deepEqual(await refusal(world.client.pauseTask({ taskId: await newTask() })), ['1048582', 'Действие над задачей не разрешено']);
  assert.deepEqual(await refusal(world.client.startTask({ taskId: 999999 })), ['0', 'Действие над задачей не разрешено']);
});

test('access: an observer reads, comments and marks but does not act; an outsider sees nothing', async () => {
  const id = await newTask({ AUDITORS: [13], CREATED_BY: 2 });
  const observer = await as(13);
  assert.ok(!Array.isArray((await observer.getTask({ taskId: id })).result));
  // One call at a time: a refusal that came before its turn would be an unhandled rejection.
  for (const call of [() => observer.completeTask({ taskId: id }), () => observer.startTask({ taskId: id }), () => observer.delegateTask({ taskId: id, userId: 14 })]) {
    assert.deepEqual(await refusal(call()), ['0', 'Действие над задачей не разрешено']);
  }
  assert.deepEqual(await refusal(observer.updateTask({ taskId: id, fields: { TITLE: 'Чужая задача' } })), ['0', 'Действие над задачей не разрешено (internal error)']);
  assert.deepEqual(await refusal(observer.deleteTask({ taskId: id })), ['1048582', 'Нет доступа к удалению задачи']);
  assert.equal((await observer.addTaskToFavorites({ taskId: id })).result, true);
  const muted = await observer.muteTask({ taskId: id });
  assert.ok(!Array.isArray(muted.result) && muted.result.task.isMuted === 'Y', 'an observer mutes the task for themselves');
  const stopped = await observer.stopWatchingTask({ taskId: id });
  assert.deepEqual(stopped.result.task.auditors, []);
  // No longer an observer: the task is hidden now.
  assert.deepEqual((await observer.getTask({ taskId: id })).result, []);
  assert.deepEqual(await refusal(observer.addTaskToFavorites({ taskId: id })), ['1', 'Task not found or not accessible']);
  assert.deepEqual(await refusal(observer.startWatchingTask({ taskId: id })), ['1048584', 'a:0:{}']);
  assert.deepEqual((await observer.unmuteTask({ taskId: id })).result, [], 'mute answers [] for a hidden task');
  const access = await world.client.checkTaskAccess({ taskId: id, users: [2, 12, 13] });
  const allowed = access.result.allowedActions as Record<string, Record<string, boolean>>;
  assert.equal(allowed['2']!.EDIT, true);
  assert.equal(allowed['12']!.COMPLETE, true);
  assert.equal(allowed['12']!.EDIT, false);
  assert.equal(allowed['13']!.COMPLETE, false);
  // PHP's empty map: [].
  assert.deepEqual((await observer.checkTaskAccess({ taskId: id })).result.allowedActions, []);
});

test('delegation hands the task over; the one who delegated keeps watching', async () => {
  const id = await newTask({ CREATED_BY: 2 });
  const doer = await as(12);
  const delegated = await doer.delegateTask({ taskId: id, userId: 14 });
  assert.equal(delegated.result.task.responsibleId, '14');
  assert.ok(delegated.result.task.auditors?.includes('12'));
  assert.deepEqual(await refusal(world.client.delegateTask({ taskId: id, userId: 99999 })), ['0', 'Действие над задачей не разрешено']);
});

test('favourites, mute and watching as the administrator', async () => {
  const id = await newTask();
  assert.equal((await world.client.addTaskToFavorites({ taskId: id })).result, true);
  const favorite = await world.client.getTask({ taskId: id, select: ['FAVORITE'] });
  assert.ok(!Array.isArray(favorite.result) && favorite.result.task.favorite === 'Y');
  assert.equal((await world.client.removeTaskFromFavorites({ taskId: id })).result, true);
  const muted = await world.client.muteTask({ taskId: id });
  assert.ok(!Array.isArray(muted.result) && muted.result.task.isMuted === 'Y');
  const unmuted = await world.client.unmuteTask({ taskId: id });
  assert.ok(!Array.isArray(unmuted.result) && unmuted.result.task.isMuted === 'N');
  assert.ok((await world.client.startWatchingTask({ taskId: id })).result.task.auditors?.includes('1'));
});

test('history lists the changes, newest first by default', async () => {
  const id = await newTask();
  await world.client.updateTask({ taskId: id, fields: { TITLE: 'Проверить счёт от поставщика №2' } });
  await world.client.startTask({ taskId: id });
  const history = (await world.client.getTaskHistory({ taskId: id })).result.list;
  assert.deepEqual(history.map((h) => h.field), ['STATUS', 'TITLE', 'NEW']);
  assert.deepEqual(history[1]!.value, { from: 'Проверить счёт от поставщика', to: 'Проверить счёт от поставщика №2' });
  assert.equal(history[0]!.user.id, 1);
});

test('dependencies: add, refuse a loop and a repeat, delete; the filter DEPENDS_ON finds them', async () => {
  const a = await newTask({ RESPONSIBLE_ID: 1 });
  const b = await newTask({ RESPONSIBLE_ID: 1 });
  assert.deepEqual((await world.client.addTaskDependency({ taskFrom: a, taskTo: b, linkType: 2 })).result, []);
  assert.deepEqual(await refusal(world.client.addTaskDependency({ taskFrom: a, taskTo: b, linkType: '0' })), ['ILLEGAL_NEW_LINK', 'Связь между задачами уже существует']);
  assert.deepEqual(await refusal(world.client.addTaskDependency({ taskFrom: b, taskTo: a, linkType: 2 })), ['ACTION_NOT_ALLOWED', 'Невозможно добавить связь между задачами']);
  const dependent = await world.client.getTasks({ filter: { DEPENDS_ON: a }, select: ['ID'] });
  assert.deepEqual(dependent.result.tasks.map((t) => Number(t.id)), [b]);
  assert.deepEqual((await world.client.deleteTaskDependency({ taskFrom: a, taskTo: b, linkType: 2 })).result, []);
  assert.deepEqual(await refusal(world.client.deleteTaskDependency({ taskFrom: a, taskTo: b })), ['ILLEGAL_NEW_LINK', 'Связь между задачами не существует']);
});

test('a file attached to a task, the day plan, the field list and the filter template', async () => {
  const id = await newTask({ RESPONSIBLE_ID: 1 });
  // File 6 is on the shared Drive, which every employee reads.
  const attached = await world.client.attachFileToTask({ taskId: id, fileId: 6 });
  assert.ok(attached.result.attachmentId > 0);
  const files = await world.client.getTask({ taskId: id, select: ['UF_TASK_WEBDAV_FILES'] });
  assert.ok(!Array.isArray(files.result));
  assert.deepEqual(files.result.task.ufTaskWebdavFiles, [attached.result.attachmentId]);
  assert.deepEqual(await refusal((await as(13)).attachFileToTask({ taskId: id, fileId: 6 })), ['0', 'Access denied (internal error)']);
  // A file that is not on the Drive, or is in its trash, is one the user cannot read.
  assert.deepEqual(await refusal(world.client.attachFileToTask({ taskId: id, fileId: 4755 })), ['ERROR_CORE', 'Недостаточно прав.<br>']);
  world.sandbox.state.drive.trash(7, 1);
  assert.deepEqual(await refusal(world.client.attachFileToTask({ taskId: id, fileId: 7 })), ['ERROR_CORE', 'Недостаточно прав.<br>']);
  // The day plan: the tasks the user has in progress or pressing.
  const busy = world.sandbox.state.tasks.tasks.all().find((t) => t.STATUS === 3)!.RESPONSIBLE_ID;
  const plan = (await (await as(busy)).getDayPlan()).result;
  assert.ok(plan.length > 0 && plan.every((n) => typeof n === 'number'));
  const fields = (await world.client.getTaskFields()).result.fields;
  assert.equal(fields.TITLE!.type, 'string');
  assert.equal(fields.STATUS!.type, 'enum');
  const template = (await world.client.getTaskFilterTemplate({ empty: true })).result as Record<string, unknown>;
  assert.equal(template.RESPONSIBLE_ID, '');
  assert.ok('DEPENDS_ON' in template && 'REAL_STATUS' in template);
  const described = (await world.client.getTaskFilterTemplate({})).result as Record<string, string>;
  assert.match(described.TITLE!, /string/);
});

test('task user fields registered by another section show up, and a mandatory one is required', async () => {
  const off = world.sandbox.state.tasks.registerUserFields({ fields: () => [{ name: 'UF_AUTO_500', label: 'Номер договора', mandatory: true, multiple: false, defaultValue: null }] });
  after(off);
  assert.deepEqual(await refusal(world.client.addTask({ fields: { TITLE: 'Без договора', RESPONSIBLE_ID: 12 } })), ['ERROR_CORE', 'Не введено значение обязательного поля Номер договора']);
  const added = await world.client.addTask({ fields: { TITLE: 'С договором', RESPONSIBLE_ID: 12, UF_AUTO_500: 'Д-17/2030' } });
  const got = await world.client.getTask({ taskId: Number(added.result.task.id), select: ['ID', 'UF_AUTO_500'] });
  assert.ok(!Array.isArray(got.result));
  assert.equal(got.result.task.ufAuto500, 'Д-17/2030');
  assert.ok('UF_AUTO_500' in (await world.client.getTaskFields()).result.fields);
});

test('deadlines: the responsible person moves one only where the task allows it', async () => {
  const open = await newTask({ CREATED_BY: 2, ALLOW_CHANGE_DEADLINE: 'Y', DEADLINE: '2030-05-01T18:00:00+03:00' });
  const fixed = await newTask({ CREATED_BY: 2, ALLOW_CHANGE_DEADLINE: 'N', DEADLINE: '2030-05-01T18:00:00+03:00' });
  const doer = await as(12);
  const moved = await doer.updateTask({ taskId: open, fields: { DEADLINE: '2030-05-08T18:00:00+03:00' } });
  assert.equal(moved.result.task.deadline, '2030-05-08T18:00:00+03:00');
  assert.deepEqual(await refusal(doer.updateTask({ taskId: fixed, fields: { DEADLINE: '2030-05-08T18:00:00+03:00' } })), ['0', 'Действие над задачей не разрешено (internal error)']);
  // Other fields stay the creator's even where the deadline is open.
  assert.deepEqual(await refusal(doer.updateTask({ taskId: open, fields: { TITLE: 'Другое название' } })), ['0', 'Действие над задачей не разрешено (internal error)']);
  const overdue = await world.client.getTasks({ filter: { ID: open, STATUS: -1 }, select: ['ID'] });
  assert.deepEqual(overdue.result.tasks, [], 'a deadline ahead is not overdue');
  await world.client.updateTask({ taskId: open, fields: { DEADLINE: '2020-01-01T18:00:00+03:00' } });
  const late = await world.client.getTasks({ filter: { ID: open, STATUS: -1 }, select: ['ID', 'SUB_STATUS'] });
  assert.deepEqual(late.result.tasks.map((t) => [Number(t.id), t.subStatus]), [[open, '-1']], 'the meta-status -1: overdue');
});
