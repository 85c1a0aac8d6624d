// Task comments (task.commentitem.*, the older API that reads its parameters by position) and
// results (tasks.task.result.*) through their typed functions against the world.sandbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bitrix24Catalogue } from '../../../src/services/bitrix24/catalogue.js';
import { parseInput, toWireParams, type AnyEntry } from '../../../src/core/catalogue.js';
import { ValidationError } from '../../../src/core/errors.js';
import { refusal, taskWorld } from './task-helpers.js';

const world = taskWorld();
const as = world.as;

const newTask = async (fields: Record<string, unknown> = {}): Promise<number> =>
  Number((await world.client.addTask({ fields: { TITLE: 'Подготовить презентацию для клиента', RESPONSIBLE_ID: 12, CREATED_BY: 2, ...fields } })).result.task.id);

test('the older API\'s parameters go in the order of the page\'s table', () => {
  const wire = (name: keyof typeof bitrix24Catalogue, input: Record<string, unknown>) => {
    const entry = bitrix24Catalogue[name] as AnyEntry;
    return Object.keys(toWireParams(entry, parseInput(entry, input)));
  };
  assert.deepEqual(wire('getTaskComment', { commentId: 4, taskId: 5 }), ['TASKID', 'ITEMID']);
  assert.deepEqual(wire('updateTaskComment', { text: 'x', commentId: 4, taskId: 5 }), ['TASKID', 'ITEMID', 'FIELDS']);
  // A filter alone still takes the third place: an empty order stands before it.
  assert.deepEqual(wire('getTaskComments', { filter: { AUTHOR_ID: 1 }, taskId: 5 }), ['TASKID', 'ORDER', 'FILTER']);
  assert.deepEqual(wire('getTaskComments', { taskId: 5 }), ['TASKID']);
});

test('add, get, list, update and delete a comment', async () => {
  const taskId = await newTask();
  const doer = await as(12);
  const added = await doer.addTaskComment({ taskId, text: 'Черновик презентации готов, посмотрите, пожалуйста.' });
  const commentId = added.result;
  const got = await doer.getTaskComment({ taskId, commentId });
  assert.equal(got.result.POST_MESSAGE, 'Черновик презентации готов, посмотрите, пожалуйста.');
  assert.equal(got.result.AUTHOR_ID, '12');
  await world.client.addTaskComment({ taskId, text: 'Посмотрю сегодня.', fields: { AUTHOR_ID: 2 } });
  const list = await world.client.getTaskComments({ taskId, order: { ID: 'ASC' } });
  assert.deepEqual(list.result.map((c) => c.AUTHOR_ID), ['12', '2']);
  const byAuthor = await world.client.getTaskComments({ taskId, filter: { AUTHOR_ID: 2 } });
  assert.deepEqual(byAuthor.result.map((c) => c.POST_MESSAGE), ['Посмотрю сегодня.']);
  assert.equal((await doer.updateTaskComment({ taskId, commentId, text: 'Презентация готова.' })).result, true);
  assert.equal((await doer.getTaskComment({ taskId, commentId })).result.POST_MESSAGE, 'Презентация готова.');
  // Someone else's comment: the observer may not change it; the administrator may delete it.
  const observer = await as(13);
  await world.client.updateTask({ taskId, fields: { AUDITORS: [13] } });
  assert.deepEqual(await refusal(observer.updateTaskComment({ taskId, commentId, text: 'Правка' })), ['ERROR_CORE', 'TASKS_ERROR_EXCEPTION_#4; Action is not allowed; 4/TE/ACTION_NOT_ALLOWED']);
  assert.deepEqual(await refusal(observer.deleteTaskComment({ taskId, commentId })), ['ERROR_CORE', 'TASKS_ERROR_EXCEPTION_#4; Action is not allowed; 4/TE/ACTION_NOT_ALLOWED']);
  assert.equal((await observer.addTaskComment({ taskId, text: 'Наблюдаю.' })).result > 0, true, 'an observer comments');
  assert.equal((await world.client.deleteTaskComment({ taskId, commentId })).result, true);
  assert.deepEqual(await refusal(world.client.getTaskComment({ taskId, commentId })), ['ERROR_CORE', 'TASKS_ERROR_EXCEPTION_#512; Check listitem not found or not accessible; 512/TE/ITEM_NOT_FOUND_OR_NOT_ACCESSIBLE']);
});

test('an outsider can neither read nor comment', async () => {
  const taskId = await newTask();
  const stranger = world.sandbox.state.users.all().find((u) => u.ID > 2 && world.sandbox.state.tasks.roles(world.sandbox.state.tasks.find(taskId)!, u.ID).size === 0)!.ID;
  const outsider = await as(stranger);
  assert.deepEqual(await refusal(outsider.addTaskComment({ taskId, text: 'Можно вопрос?' })), ['ERROR_CORE', 'Недостаточно прав для добавления комментария']);
  assert.deepEqual(await refusal(outsider.getTaskComments({ taskId })), ['ERROR_CORE', 'TASKS_ERROR_EXCEPTION_#8; Action failed; 8/TE/ACTION_FAILED_TO_BE_PROCESSED']);
  assert.deepEqual(await refusal(outsider.getTaskResults({ taskId })), ['0', 'Access denied.']);
});

test('results: pinned from one\'s own comment, closed by completion, unpinned; bad input stops before any request', async () => {
  const taskId = await newTask();
  const doer = await as(12);
  const commentId = (await doer.addTaskComment({ taskId, text: 'Итог: презентация согласована с [B]клиентом[/B].' })).result;
  // Not one's own comment: only its author or the administrator pins it.
  assert.deepEqual(await refusal((await as(2)).addResultFromComment({ commentId })), ['0', 'Access denied.']);
  const pinned = await doer.addResultFromComment({ commentId });
  assert.equal(pinned.result.status, 0);
  assert.equal(pinned.result.createdBy, 12);
  assert.equal(pinned.result.formattedText, 'Итог: презентация согласована с <b>клиентом</b>.');
  assert.equal(pinned.result.files, null);
  assert.deepEqual(await refusal(doer.addResultFromComment({ commentId })), ['0', 'Result already exists.']);
  await doer.completeTask({ taskId });
  const results = await doer.getTaskResults({ taskId });
  assert.deepEqual(results.result.map((r) => [r.commentId, r.status]), [[commentId, 1]], 'completion closes the result');
  assert.equal((await doer.deleteResultFromComment({ commentId })).result, null);
  assert.deepEqual((await doer.getTaskResults({ taskId })).result, []);
  assert.deepEqual(await refusal(doer.addResultFromComment({ commentId: 999999 })), ['0', 'Comment not found.']);
  const requests = world.sandbox.stats.requests;
  await assert.rejects(world.client.addResultFromComment({ commentId: 'abc' as never }), (e: unknown) => e instanceof ValidationError && e.issues[0]!.path === 'commentId');
  await assert.rejects(world.client.addTaskComment({ taskId, text: '' }), (e: unknown) => e instanceof ValidationError && e.issues[0]!.path === 'text');
  await assert.rejects(
    world.client.getTaskComments({ taskId, filter: { '%POST_MESSAGE': 'смета' } }),
    (e: unknown) => e instanceof ValidationError && e.issues[0]!.path === 'filter.%POST_MESSAGE' && /ID, AUTHOR_ID, AUTHOR_NAME or POST_DATE/.test(e.issues[0]!.message),
  );
  assert.equal(world.sandbox.stats.requests, requests);
});

test('the comment template lists the comment\'s fields, empty or described, with no request', async () => {
  const requests = world.sandbox.stats.requests;
  assert.deepEqual((await world.client.getCommentTemplate({ empty: true })).result, { POST_MESSAGE: '', AUTHOR_ID: '', POST_DATE: '', UF_FORUM_MESSAGE_DOC: [] });
  const described = (await world.client.getCommentTemplate({})).result as Record<string, string>;
  assert.match(described.POST_MESSAGE!, /string/);
  assert.equal(world.sandbox.stats.requests, requests);
});

test('files on a comment are Drive files the author may read: one missing from the Drive is refused', async () => {
  const taskId = await newTask();
  // File 6 is on the shared Drive, which every employee reads.
  const withFile = await world.client.addTaskComment({ taskId, text: 'Договор во вложении.', fields: { UF_FORUM_MESSAGE_DOC: ['n6'] } });
  assert.ok(withFile.result > 0);
  assert.deepEqual(
    await refusal(world.client.addTaskComment({ taskId, text: 'И ещё один.', fields: { UF_FORUM_MESSAGE_DOC: ['n6', 'n4755'] } })),
    ['ERROR_CORE', 'Не удалось найти файл'],
  );
});
