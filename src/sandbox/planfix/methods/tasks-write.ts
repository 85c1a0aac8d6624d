// task.add, task.update, task.changeStatus, task.accept, task.reject, task.updateCustomData,
// task.changeWorkers.
import { formatDateTime, parseDateTime } from '../dates.js';
import { PlanfixError } from '../errors.js';
import type { Task } from '../model.js';
import { idList, int, value } from '../params.js';
import { at, child } from '../xml.js';
import { checkPeople, findTask, readCustomData, unique, type MethodHandler } from './context.js';
import { applyTaskFields, mergeCustomData, parseStatus } from './task-fields.js';

function touch(task: Task): void {
  task.updatedAt = formatDateTime(new Date());
}

function taskNode(ctx: Parameters<MethodHandler>[0]) {
  const node = child(ctx.request, 'task');
  if (!node) throw new PlanfixError('0009', 'task');
  return node;
}

export const taskAdd: MethodHandler = (ctx) => {
  const node = taskNode(ctx);
  if (value(node, 'title') === undefined) throw new PlanfixError('0009', 'task/title');
  const { state } = ctx;
  const ids = state.newTaskIds();
  const task: Task = {
    ...ids,
    type: 'task',
    title: '',
    description: '',
    importance: 'AVERAGE',
    status: 'ACTIVE',
    statusSet: 1,
    checkResult: false,
    ownerId: ctx.userId,
    parentId: 0,
    templateId: 0,
    projectId: 0,
    clientId: 0,
    beginDateTime: formatDateTime(new Date()),
    updatedAt: formatDateTime(new Date()),
    durationUnit: 0,
    isSummary: false,
    starred: false,
    workers: { users: [], groups: [] },
    members: { users: [], groups: [] },
    auditors: { users: [], groups: [] },
    customData: new Map(),
  };
  const templateId = int(node, 'template');
  if (templateId !== undefined && templateId !== 0) {
    const template = state.tasks.get(templateId);
    if (!template || template.type !== 'template') throw new PlanfixError('3001', `template ${templateId}`);
    // From a template come the workers and members (when the request has none) and the custom fields.
    task.templateId = template.id;
    task.workers = structuredClone(template.workers);
    task.members = structuredClone(template.members);
    task.customData = new Map(template.customData);
    task.description = template.description;
  }
  applyTaskFields(ctx, node, task, true);
  state.tasks.set(task.id, task);
  return { task: { id: task.id, general: task.general } };
};

export const taskUpdate: MethodHandler = (ctx) => {
  const node = taskNode(ctx);
  const task = findTask(ctx, node);
  if (!ctx.state.canEditTask(ctx.userId, task)) throw new PlanfixError('3009');
  // Work on a copy so that a rejected field leaves the task untouched.
  const draft: Task = structuredClone(task);
  applyTaskFields(ctx, node, draft, false);
  touch(draft);
  ctx.state.tasks.set(task.id, draft);
  return { task: { id: task.id } };
};

export const taskChangeStatus: MethodHandler = (ctx) => {
  const task = findTask(ctx, child(ctx.request, 'task'));
  const { state, userId } = ctx;
  if (!state.canEditTask(userId, task) && !state.isWorker(userId, task)) throw new PlanfixError('3009');
  const raw = value(ctx.request, 'status');
  if (raw === undefined) throw new PlanfixError('0009', 'status');
  const status = parseStatus(raw);
  if (status === 'REJECTED') throw new PlanfixError('0016', 'a task is rejected with task.reject');
  if (status === 'DELAYED') {
    const dateTime = value(ctx.request, 'dateTime');
    if (dateTime === undefined) throw new PlanfixError('0017', 'dateTime is required for DELAYED');
    if (!parseDateTime(dateTime)) throw new PlanfixError('0015', 'dateTime must be dd-mm-yyyy hh:mm');
  }
  // A task nobody has accepted yet cannot be reported done.
  if (status === 'DONE' && task.status === 'ACTIVE') throw new PlanfixError('3013');
  task.status = status;
  touch(task);
  return { task: { id: task.id } };
};

export const taskAccept: MethodHandler = (ctx) => {
  const task = findTask(ctx, child(ctx.request, 'task'));
  if (!ctx.state.isWorker(ctx.userId, task)) throw new PlanfixError('3012');
  if (task.status !== 'ACTIVE') throw new PlanfixError('3011');
  task.status = 'ACCEPTED';
  touch(task);
  return { task: { id: task.id } };
};

export const taskReject: MethodHandler = (ctx) => {
  const task = findTask(ctx, child(ctx.request, 'task'));
  // The page: "reason — required, cannot be empty".
  if (value(ctx.request, 'reason') === undefined) throw new PlanfixError('0009', 'reason');
  if (!ctx.state.isWorker(ctx.userId, task)) throw new PlanfixError('3012');
  if (task.status !== 'ACTIVE') throw new PlanfixError('3010');
  task.status = 'REJECTED';
  touch(task);
  return { task: { id: task.id } };
};

export const taskUpdateCustomData: MethodHandler = (ctx) => {
  const node = taskNode(ctx);
  const task = findTask(ctx, node);
  const custom = readCustomData(ctx.state.taskFields, node);
  if (!custom) throw new PlanfixError('0009', 'task/customData');
  mergeCustomData(task.customData, custom);
  touch(task);
  return { task: { id: task.id } };
};

export const taskChangeWorkers: MethodHandler = (ctx) => {
  const node = taskNode(ctx);
  const task = findTask(ctx, node);
  const { state } = ctx;
  if (!state.canEditTask(ctx.userId, task)) throw new PlanfixError('3009');
  const workers = at(node, 'workers');
  if (!workers) throw new PlanfixError('0009', 'task/workers');
  const addUsers = unique(idList(workers, 'addUsers') ?? []);
  const addGroups = unique(idList(workers, 'addGroups') ?? []);
  const delUsers = new Set(idList(workers, 'delUsers') ?? []);
  const delGroups = new Set(idList(workers, 'delGroups') ?? []);
  checkPeople(state, addUsers, addGroups);
  // Additions first, then removals: an id in both lists ends up removed.
  const users = unique([...task.workers.users, ...addUsers]).filter((id) => !delUsers.has(id));
  const groups = unique([...task.workers.groups, ...addGroups]).filter((id) => !delGroups.has(id));
  task.workers = { users, groups };
  touch(task);
  return { task: { id: task.id } };
};
