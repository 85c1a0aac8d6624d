import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { postJson, postForm, userToken, type Reply } from './http.js';

describe('bitrix24 sandbox: tasks, comments and results', () => {
  let sb: Bitrix24Sandbox;
  const call = (method: string, params: unknown = {}): Promise<Reply> => postJson(sb.info.webhookUrl + method, params);
  /** A call as another user (through an application's token). */
  const as = async (userId: number, method: string, params: Record<string, unknown> = {}): Promise<Reply> =>
    postJson(`${sb.url}/rest/${method}`, { ...params, auth: await userToken(sb, userId) });
  const err = (r: Reply): [number, unknown, unknown] => [r.status, r.body.error, r.body.error_description];
  before(async () => {
    sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 5, leads: 5 } });
  });
  after(() => sb.close());

  test('add answers the task in camelCase with strings; get and list read it back', async () => {
    const add = await call('tasks.task.add', { fields: { TITLE: 'Подготовить акт сверки', RESPONSIBLE_ID: 12, AUDITORS: [13], DEADLINE: '2030-05-01T18:00:00+03:00', TASK_CONTROL: 'Y' } });
    assert.equal(add.status, 200);
    const task = (add.body.result as { task: Record<string, unknown> }).task;
    assert.equal(task.title, 'Подготовить акт сверки');
    assert.equal(task.responsibleId, '12');
    assert.equal(task.createdBy, '1');
    assert.equal(task.status, '2');
    assert.equal(task.taskControl, 'Y');
    assert.equal(task.deadline, '2030-05-01T18:00:00+03:00');
    assert.deepEqual(task.auditors, ['13']);
    assert.equal(typeof (task.action as Record<string, unknown>).complete, 'boolean');
    const get = await call('tasks.task.get', { taskId: task.id, select: ['ID', 'TITLE'] });
    // The task's actions come with every get.
    assert.deepEqual(Object.keys((get.body.result as { task: object }).task), ['id', 'title', 'action']);
    const list = await call('tasks.task.list', { filter: { ID: task.id }, select: ['ID', 'TITLE', 'RESPONSIBLE_ID'] });
    const rows = (list.body.result as { tasks: Record<string, unknown>[] }).tasks;
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.responsibleId, '12');
    assert.equal((rows[0]!.responsible as Record<string, unknown>).id, '12');
    assert.equal(list.body.total, 1);
  });

  test('the documented errors of add, update, get, list and delete', async () => {
    assert.deepEqual(err(await call('tasks.task.add', {})), [400, '100', 'Could not find value for parameter {fields} (internal error)']);
    assert.deepEqual(err(await call('tasks.task.add', { fields: { RESPONSIBLE_ID: 12 } })), [400, 'ERROR_CORE', 'Не указано название задачи']);
    assert.deepEqual(err(await call('tasks.task.add', { fields: { TITLE: 'x' } })), [400, 'ERROR_CORE', 'Не указан исполнитель']);
    assert.deepEqual(err(await call('tasks.task.add', { fields: { TITLE: 'x', RESPONSIBLE_ID: 99999 } })), [400, 'ERROR_CORE', 'Пользователь указанный в поле "Исполнитель" не найден']);
    assert.deepEqual(err(await call('tasks.task.add', { fields: { TITLE: 'x', RESPONSIBLE_ID: 12, STATUS: 9 } })), [400, 'ERROR_CORE', 'Некорректный статус']);
    assert.deepEqual(err(await call('tasks.task.add', { fields: { TITLE: 'x', RESPONSIBLE_ID: 12, PARENT_ID: 99999 } })), [400, 'ERROR_CORE', 'Задача указанная в поле "Надзадача" не найдена']);
    assert.deepEqual(
      err(await call('tasks.task.add', { fields: { TITLE: 'x', RESPONSIBLE_ID: 12, START_DATE_PLAN: '2030-01-02', END_DATE_PLAN: '2030-01-01' } })),
      [400, 'ERROR_CORE', 'В планировании сроков указана дата окончания меньшая даты старта'],
    );
    assert.deepEqual(err(await call('tasks.task.update', { fields: { TITLE: 'y' } })), [400, '100', 'CTaskItem All parameters in the constructor must have real class type (internal error)']);
    assert.deepEqual(err(await call('tasks.task.update', { taskId: 'abc', fields: { TITLE: 'y' } })), [400, '0', 'wrong task id']);
    assert.deepEqual(err(await call('tasks.task.update', { taskId: 1, fields: { PARENT_ID: 1 } })), [400, 'ERROR_CORE', 'Невозможно привязать узел к самому себе<br>']);
    assert.deepEqual(err(await call('tasks.task.update', { taskId: 1, fields: { RESPONSIBLE_ID: 99999 } })), [400, 'ERROR_CORE', 'Пользователь указанный в поле &quot;Исполнитель&quot; не найден<br>']);
    assert.deepEqual(err(await call('tasks.task.get', { taskId: 1, select: [] })), [400, '100', 'Invalid value {} to match with parameter {select}. Should be value of type array. (internal error)']);
    const missing = await call('tasks.task.get', { taskId: 999999 });
    assert.deepEqual([missing.status, missing.body.result], [200, []]);
    assert.deepEqual(err(await call('tasks.task.list', { order: { NOPE: 'asc' } })), [400, '0', 'Неверный ключ сортировки (internal error)']);
    assert.deepEqual(err(await call('tasks.task.delete', { taskId: 999999 })), [400, '1048582', 'Нет доступа к удалению задачи']);
    assert.deepEqual(err(await call('tasks.task.delete', {})), [400, '100', 'CTaskItem All parameters in the constructor must have real class type']);
  });

  test('access: an observer reads but may not complete; an outsider sees nothing; only the creator approves', async () => {
    const add = await call('tasks.task.add', { fields: { TITLE: 'Сверить остатки на складе', RESPONSIBLE_ID: 12, AUDITORS: [13], TASK_CONTROL: 'Y', CREATED_BY: 2 } });
    const id = Number((add.body.result as { task: { id: string } }).task.id);
    const observer = await as(13, 'tasks.task.get', { taskId: id });
    assert.equal((observer.body.result as { task: { id: string } }).task.id, String(id));
    assert.deepEqual(err(await as(13, 'tasks.task.complete', { taskId: id })), [400, '0', 'Действие над задачей не разрешено']);
    assert.deepEqual(err(await as(13, 'tasks.task.delegate', { taskId: id, userId: 14 })), [400, '0', 'Действие над задачей не разрешено']);
    assert.equal((await as(13, 'tasks.task.favorite.add', { taskId: id })).body.result, true);
    const stranger = sb.state.users.all().find((u) => u.ID > 1 && sb.state.tasks.roles(sb.state.tasks.find(id)!, u.ID).size === 0)!.ID;
    assert.deepEqual((await as(stranger, 'tasks.task.get', { taskId: id })).body.result, []);
    assert.deepEqual(err(await as(stranger, 'tasks.task.favorite.add', { taskId: id })), [400, '1', 'Task not found or not accessible']);
    assert.deepEqual(err(await as(stranger, 'tasks.task.startwatch', { taskId: id })), [400, '1048584', 'a:0:{}']);
    // The doer completes: under control the task waits for its creator.
    const done = await as(12, 'tasks.task.complete', { taskId: id });
    assert.equal((done.body.result as { task: { status: string } }).task.status, '4');
    assert.deepEqual(err(await as(12, 'tasks.task.approve', { taskId: id })), [400, '1048582', 'Действие над задачей не разрешено']);
    const access = await call('tasks.task.getaccess', { taskId: id, users: [2, 12, 13, 99999] });
    const allowed = (access.body.result as { allowedActions: Record<string, Record<string, boolean>> }).allowedActions;
    assert.equal(allowed['2']!.APPROVE, true);
    assert.equal(allowed['12']!.APPROVE, false);
    assert.equal(allowed['13']!.COMPLETE, false);
    assert.ok(Object.values(allowed['99999']!).every((v) => v === false));
    assert.ok('EDIT.ORIGINATOR' in allowed['2']! && 'ADD_FAVORITE' in allowed['2']!);
    const approved = await as(2, 'tasks.task.approve', { taskId: id });
    assert.equal((approved.body.result as { task: { status: string } }).task.status, '5');
    assert.deepEqual((await as(stranger, 'tasks.task.getaccess', { taskId: id })).body.result, { allowedActions: [] });
  });

  test('list pages by 50 with next and total; start=-1 counts nothing; filters and order', async () => {
    const first = await call('tasks.task.list', { order: { ID: 'asc' }, select: ['ID'] });
    const total = Number(first.body.total);
    assert.ok(total > 50, `${total} tasks`);
    assert.equal(first.body.next, 50);
    assert.equal((first.body.result as { tasks: unknown[] }).tasks.length, 50);
    const free = await call('tasks.task.list', { order: { ID: 'asc' }, select: ['ID'], start: -1 });
    assert.equal(free.body.total, undefined);
    assert.equal(free.body.next, undefined);
    const slice = await call('tasks.task.list', { order: { ID: 'desc' }, filter: { '>=ID': 10, '<ID': 20 }, select: ['ID'] });
    assert.deepEqual((slice.body.result as { tasks: { id: string }[] }).tasks.map((t) => Number(t.id)), [19, 18, 17, 16, 15, 14, 13, 12, 11, 10]);
    const inWork = await call('tasks.task.list', { filter: { REAL_STATUS: 3 }, select: ['ID', 'STATUS'] });
    assert.ok((inWork.body.result as { tasks: { status: string }[] }).tasks.every((t) => t.status === '3'));
    const byTitle = await call('tasks.task.list', { filter: { TITLE: '%отчёт%' }, select: ['TITLE'] });
    assert.ok((byTitle.body.result as { tasks: { title: string }[] }).tasks.every((t) => /отчёт/i.test(t.title)));
  });

  test('history, dependencies, files, the day plan and the field list', async () => {
    const a = Number(((await call('tasks.task.add', { fields: { TITLE: 'Этап 1', RESPONSIBLE_ID: 1 } })).body.result as { task: { id: string } }).task.id);
    const b = Number(((await call('tasks.task.add', { fields: { TITLE: 'Этап 2', RESPONSIBLE_ID: 1 } })).body.result as { task: { id: string } }).task.id);
    assert.deepEqual((await call('task.dependence.add', { taskIdFrom: a, taskIdTo: b, linkType: 2 })).body.result, []);
    assert.deepEqual(err(await call('task.dependence.add', { taskIdFrom: a, taskIdTo: b, linkType: 2 })), [400, 'ILLEGAL_NEW_LINK', 'Связь между задачами уже существует']);
    assert.deepEqual(err(await call('task.dependence.add', { taskIdFrom: b, taskIdTo: a, linkType: 2 })), [400, 'ACTION_NOT_ALLOWED', 'Невозможно добавить связь между задачами']);
    const deps = await call('tasks.task.list', { filter: { DEPENDS_ON: a }, select: ['ID'] });
    assert.deepEqual((deps.body.result as { tasks: { id: string }[] }).tasks.map((t) => t.id), [String(b)]);
    assert.deepEqual((await call('task.dependence.delete', { taskIdFrom: a, taskIdTo: b })).body.result, []);
    assert.deepEqual(err(await call('task.dependence.delete', { taskIdFrom: a, taskIdTo: b })), [400, 'ILLEGAL_NEW_LINK', 'Связь между задачами не существует']);
    const history = await call('tasks.task.history.list', { taskId: b, order: { ID: 'asc' } });
    const list = (history.body.result as { list: { field: string; user: { id: number } }[] }).list;
    assert.deepEqual(list.map((h) => h.field), ['NEW', 'DEPENDS_ON', 'DEPENDS_ON']);
    assert.equal(list[0]!.user.id, 1);
    // File 6: a contract on the shared Drive, which every employee reads.
    const attach = await call('tasks.task.files.attach', { taskId: a, fileId: 6 });
    assert.equal(typeof (attach.body.result as { attachmentId: number }).attachmentId, 'number');
    assert.deepEqual(err(await call('tasks.task.files.attach', { taskId: a })), [400, '100', 'Could not find value for parameter {fileId} (internal error)']);
    const plan = await call('task.planner.getlist');
    assert.ok(Array.isArray(plan.body.result));
    const fields = (await call('tasks.task.getFields')).body.result as { fields: Record<string, { type: string }> };
    assert.equal(fields.fields.TITLE!.type, 'string');
    assert.ok('UF_CRM_TASK' in fields.fields);
  });

  test('comments take their parameters in order; results are pinned from one\'s own comments', async () => {
    const task = Number(((await call('tasks.task.add', { fields: { TITLE: 'Согласовать макет', RESPONSIBLE_ID: 12 } })).body.result as { task: { id: string } }).task.id);
    const added = await call('task.commentitem.add', { TASKID: task, FIELDS: { POST_MESSAGE: 'Макет во вложении' } });
    const commentId = Number(added.body.result);
    assert.ok(commentId > 0);
    // Form bodies too, as the older API is often called.
    const viaForm = await postForm(sb.info.webhookUrl + 'task.commentitem.get', `TASKID=${task}&ITEMID=${commentId}`);
    assert.equal((viaForm.body.result as Record<string, unknown>).POST_MESSAGE, 'Макет во вложении');
    assert.equal((viaForm.body.result as Record<string, unknown>).ID, String(commentId));
    // The wrong order: the task ID read as the comment's.
    assert.equal((await call('task.commentitem.get', { ITEMID: commentId, TASKID: task })).status, 400);
    assert.deepEqual(err(await call('task.commentitem.add', { TASKID: task, FIELDS: { POST_MESSAGE: '' } })), [400, 'ERROR_CORE', 'Не указан текст комментария']);
    assert.deepEqual(err(await call('task.commentitem.add', { TASKID: 'x', FIELDS: { POST_MESSAGE: 'a' } }))[2], 'TASKS_ERROR_EXCEPTION_#256; Param #0 (taskId) for method ctaskcommentitem::add() expected to be of type "integer", but given something else.; 256/TE/WRONG_ARGUMENTS');
    assert.deepEqual(err(await call('task.commentitem.getlist', { TASKID: task, ORDER: { '>=POST_DATE': 'asc' } }))[2], 'TASKS_ERROR_EXCEPTION_#256; Param #1 (arOrder) for method ctaskcommentitem::getlist() must not contain key ">=POST_DATE".; 256/TE/WRONG_ARGUMENTS');
    const list = await call('task.commentitem.getlist', { TASKID: task, ORDER: { ID: 'desc' } });
    assert.equal((list.body.result as unknown[]).length, 1);
    // Someone else's comment: not theirs to change or pin.
    assert.deepEqual(err(await as(12, 'task.commentitem.update', { TASKID: task, ITEMID: commentId, FIELDS: { POST_MESSAGE: 'x' } }))[2], 'TASKS_ERROR_EXCEPTION_#4; Action is not allowed; 4/TE/ACTION_NOT_ALLOWED');
    assert.deepEqual(err(await as(12, 'tasks.task.result.addFromComment', { commentId })), [400, '0', 'Access denied.']);
    const result = await call('tasks.task.result.addFromComment', { commentId });
    assert.deepEqual(Object.keys(result.body.result as object), ['id', 'taskId', 'commentId', 'createdBy', 'createdAt', 'updatedAt', 'status', 'text', 'formattedText', 'files']);
    assert.equal((result.body.result as { status: number }).status, 0);
    assert.deepEqual(err(await call('tasks.task.result.addFromComment', { commentId })), [400, '0', 'Result already exists.']);
    assert.deepEqual(err(await call('tasks.task.result.addFromComment', { commentId: 9999999 })), [400, '0', 'Comment not found.']);
    assert.deepEqual(err(await call('tasks.task.result.addFromComment', { commentId: 'abc' })), [400, '100', 'Invalid value abc to match with parameter {commentId}. Should be value of type int.']);
    const results = await call('tasks.task.result.list', { taskId: task });
    assert.deepEqual((results.body.result as { files: unknown }[])[0]!.files, []);
    assert.equal((await call('tasks.task.result.deleteFromComment', { commentId })).body.result, null);
    assert.deepEqual((await call('tasks.task.result.list', { taskId: task })).body.result, []);
    assert.equal((await call('task.commentitem.update', { TASKID: task, ITEMID: commentId, FIELDS: { POST_MESSAGE: 'Обновлённый макет' } })).body.result, true);
    assert.equal((await call('task.commentitem.delete', { TASKID: task, ITEMID: commentId })).body.result, true);
    assert.deepEqual(err(await call('task.commentitem.get', { TASKID: task, ITEMID: commentId }))[2], 'TASKS_ERROR_EXCEPTION_#512; Check listitem not found or not accessible; 512/TE/ITEM_NOT_FOUND_OR_NOT_ACCESSIBLE');
  });

  test('the error tables of the status, user-action, history, access and file pages, row by row', async () => {
    const rows: [string, Record<string, unknown>, string, string][] = [
      ['tasks.task.approve', {}, '100', 'CTaskItem All parameters in the constructor must have real class type'],
      ['tasks.task.approve', { taskId: 'x' }, '0', 'wrong task id'],
      ['tasks.task.disapprove', { taskId: 1 }, '1048582', 'Действие над задачей не разрешено'],
      ['tasks.task.pause', { taskId: 'x' }, '0', 'wrong task id'],
      ['tasks.task.renew', { taskId: 999999 }, '1048582', 'Действие над задачей не разрешено'],
      ['tasks.task.defer', { taskId: 999999 }, '1048582', 'Действие над задачей не разрешено'],
      ['tasks.task.delegate', { taskId: 1 }, '100', 'Could not find value for parameter {userId}'],
      ['tasks.task.favorite.remove', { taskId: 999999 }, '1', 'Task not found or not accessible'],
      ['tasks.task.mute', { id: 'x' }, '0', 'wrong task id'],
      ['tasks.task.stopwatch', { taskId: 999999 }, '1048584', 'a:0:{}'],
      ['tasks.task.history.list', {}, '100', 'CTaskItem All parameters in the constructor must have real class type (internal error)'],
      ['tasks.task.history.list', { taskId: 'x' }, '0', 'wrong task id (internal error)'],
      ['tasks.task.getaccess', { taskId: 1, users: 'x' }, '100', 'Invalid value {} to match with parameter {users}. Should be value of type array.'],
      ['tasks.task.files.attach', { taskId: 1, fileId: 'abc' }, '100', 'Invalid value abc to match with parameter {fileId}. Should be value of type int. (internal error)'],
      ['tasks.task.files.attach', { taskId: 1, fileId: -5 }, 'ERROR_CORE', 'Недостаточно прав.<br>'],
      // No such file on the Drive (4755), and a folder (2), are refused alike.
      ['tasks.task.files.attach', { taskId: 1, fileId: 4755 }, 'ERROR_CORE', 'Недостаточно прав.<br>'],
      ['tasks.task.files.attach', { taskId: 1, fileId: 2 }, 'ERROR_CORE', 'Недостаточно прав.<br>'],
      ['tasks.task.result.list', { taskId: 999999 }, '0', 'Access denied.'],
      ['tasks.task.result.deleteFromComment', { commentId: 9999999 }, '0', 'Comment not found.'],
      ['task.commentitem.delete', { TASKID: 1 }, 'ERROR_CORE', 'TASKS_ERROR_EXCEPTION_#256; Param #1 (itemId) expected by method ctaskcommentitem::delete(), but not given.; 256/TE/WRONG_ARGUMENTS'],
      ['task.commentitem.getlist', { TASKID: 1, ORDER: {}, FILTER: { '%POST_DATE': 1 } }, 'ERROR_CORE', 'TASKS_ERROR_EXCEPTION_#256; Param #2 (arFilter) for method ctaskcommentitem::getlist() must not contain key "%POST_DATE".; 256/TE/WRONG_ARGUMENTS'],
    ];
    for (const [method, params, code, text] of rows) assert.deepEqual(err(await call(method, params)), [400, code, text], `${method} ${JSON.stringify(params)}`);
    // The history of a task that does not exist is an empty list, not an error (the page).
    assert.deepEqual((await call('tasks.task.history.list', { taskId: 999999 })).body.result, { list: [] });
  });

  test('the task scope opens the methods', async () => {
    sb.setScope({ webhook: ['crm'] });
    try {
      const r = await call('tasks.task.list');
      assert.deepEqual([r.status, r.body.error], [403, 'insufficient_scope']);
    } finally {
      sb.setScope({ webhook: ['calendar', 'crm', 'department', 'im', 'task', 'user', 'user_basic', 'user_brief'] });
    }
  });
});
