// task.get, task.getMulti, task.getList.
import { planfixDateToMs } from '../dates.js';
import { PlanfixError } from '../errors.js';
import type { Task } from '../model.js';
import { bool, int, oneOf, pageOf, readPage, toInt, value } from '../params.js';
import { renderTask, taskIsOverdue } from '../render.js';
import { taskFilters } from '../task-filters.js';
import { child, childrenNamed } from '../xml.js';
import { findTask, totals, type MethodHandler } from './context.js';
import { parseStatus } from './task-fields.js';

export const taskGet: MethodHandler = (ctx) => {
  const task = findTask(ctx, child(ctx.request, 'task'));
  return { task: renderTask(ctx.state, task) };
};

export const maxMulti = 100;

export const taskGetMulti: MethodHandler = (ctx) => {
  const list = child(ctx.request, 'tasks');
  const ids = childrenNamed(list, 'id').map((n) => toInt(n.text.trim(), 'tasks/id'));
  const generals = childrenNamed(list, 'general').map((n) => toInt(n.text.trim(), 'tasks/general'));
  if (ids.length + generals.length === 0) throw new PlanfixError('0009', 'tasks/id or tasks/general');
  if (ids.length + generals.length > maxMulti) throw new PlanfixError('0021', `at most ${maxMulti} tasks per request`);
  const { state } = ctx;
  const found = new Map<number, Task>();
  // Tasks that do not exist or are not visible are left out (the page does not say; a
  // multi-get that failed as a whole for one stale id would be of little use).
  for (const task of [...ids.map((id) => state.tasks.get(id)), ...generals.map((g) => state.taskByGeneral(g))]) {
    if (task && state.canSeeTask(ctx.userId, task)) found.set(task.id, task);
  }
  const tasks = [...found.values()];
  return { tasks: { '@_count': tasks.length, task: tasks.map((t) => renderTask(state, t)) } };
};

const sorts = ['NUMBER_ASC', 'NUMBER_DESC', 'IMPORTANCE_ASC', 'IMPORTANCE_DESC', 'DEADLINE_ASC', 'DEADLINE_DESC', 'TASKTITLE_ASC', 'TASKTITLE_DESC', 'PROJECT_ASC', 'PROJECT_DESC'] as const;
const openStatuses = new Set(['ACTIVE', 'ACCEPTED', 'DELAYED']);

export const taskGetList: MethodHandler = (ctx) => {
  const { state, request } = ctx;
  const page = readPage(request);
  let viewer = ctx.userId;
  const userId = int(request, 'user/id');
  if (userId !== undefined) {
    if (!state.isAdmin(ctx.userId)) throw new PlanfixError('1002', 'user/id is for administrators');
    if (!state.users.has(userId)) throw new PlanfixError('0013', `user ${userId}`);
    viewer = userId;
  }
  const target = value(request, 'target') ?? 'all';
  if (/^\d+$/.test(target)) throw new PlanfixError('0015', `the account has no saved task filter ${target}`);
  oneOf(target, ['all', 'in', 'out', 'template', 'periodic'] as const, 'target');

  const tests: ((t: Task) => boolean)[] = [(t) => state.canSeeTask(viewer, t)];
  tests.push(target === 'template' ? (t) => t.type === 'template' : (t) => t.type === 'task');
  if (target === 'in') tests.push((t) => state.isWorker(viewer, t));
  if (target === 'out') tests.push((t) => t.ownerId === viewer);
  // The sandbox keeps no periodic task templates.
  if (target === 'periodic') tests.push(() => false);

  const projectId = int(request, 'project/id');
  if (projectId !== undefined && projectId !== 0) {
    if (!state.projects.has(projectId)) throw new PlanfixError('2001');
    const ids = bool(request, 'project/withSubprojects') ? state.projectSubtree(projectId) : new Set([projectId]);
    tests.push((t) => ids.has(t.projectId));
  }
  const parentId = int(request, 'parent/id');
  if (parentId !== undefined && parentId !== 0) {
    if (!state.tasks.has(parentId)) throw new PlanfixError('3001', `parent task ${parentId}`);
    tests.push((t) => state.isDescendant(t, parentId));
  }
  const status = value(request, 'status');
  if (status !== undefined) {
    const wanted = parseStatus(status);
    tests.push((t) => t.status === wanted);
  }
  for (const word of (value(request, 'filter') ?? '').split(/\s+/).filter((w) => w !== '')) {
    const flag = oneOf(word, ['ACTIVE', 'OVERDUE', 'MY'] as const, 'filter');
    if (flag === 'ACTIVE') tests.push((t) => openStatuses.has(t.status));
    if (flag === 'OVERDUE') tests.push((t) => taskIsOverdue(t));
    if (flag === 'MY') tests.push((t) => t.ownerId === viewer || state.isWorker(viewer, t));
  }
  tests.push(taskFilters(state, child(request, 'filters')));
  const sort = oneOf(value(request, 'sort') ?? 'NUMBER_ASC', sorts, 'sort');

  const matching = [...state.tasks.values()].filter((t) => tests.every((test) => test(t)));
  matching.sort(comparator(ctx.state, sort));
  const rows = pageOf(matching, page);
  return { tasks: { ...totals(rows.length, matching.length), task: rows.map((t) => renderTask(state, t, false)) } };
};

function comparator(state: Parameters<MethodHandler>[0]['state'], sort: (typeof sorts)[number]): (a: Task, b: Task) => number {
  const byNumber = (a: Task, b: Task): number => a.general - b.general;
  const deadline = (t: Task): number => (t.end ? planfixDateToMs(t.end, true) : Number.MAX_SAFE_INTEGER);
  const projectTitle = (t: Task): string => state.projects.get(t.projectId)?.title ?? '';
  const key: Record<string, (a: Task, b: Task) => number> = {
    NUMBER: byNumber,
    IMPORTANCE: (a, b) => Number(a.importance === 'HIGH') - Number(b.importance === 'HIGH'),
    DEADLINE: (a, b) => deadline(a) - deadline(b),
    TASKTITLE: (a, b) => a.title.localeCompare(b.title, 'ru'),
    PROJECT: (a, b) => projectTitle(a).localeCompare(projectTitle(b), 'ru'),
  };
  const [field, direction] = sort.split('_') as [string, string];
  const compare = key[field] as (a: Task, b: Task) => number;
  const sign = direction === 'DESC' ? -1 : 1;
  // Ties fall back to the task number so that pages never overlap.
  return (a, b) => sign * compare(a, b) || byNumber(a, b);
}
