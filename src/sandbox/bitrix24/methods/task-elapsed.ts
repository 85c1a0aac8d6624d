// task.elapseditem.add / update / delete / get / getlist: records of time spent on a task
// (api-reference/tasks/elapsed-item/*.md). Arguments by position (task-args.ts). Errors are 400
// ERROR_CORE: "Задача не найдена" for a task the caller cannot see, "ACTION_NOT_ALLOWED" for
// what the caller may not do (the pages' example answers). Records are added by those who work
// on a task that tracks time, for themselves; for someone else only by the administrator. A
// record is changed or deleted by its author, the task's creator or the administrator.
import { isoDate, parseDate } from '../dates.js';
import { PortalError } from '../errors.js';
import { isRecord, pick, toInt, toList, toStr } from '../params.js';
import { administratorId } from '../tasks/access.js';
import type { ElapsedItem } from '../tasks/items.js';
import type { Task } from '../tasks/model.js';
import { intArg, positional } from './task-args.js';
import type { CallContext, MethodHandler } from './types.js';

const cls = 'ctaskelapseditem';
const taskNotFound = () => new PortalError(400, 'ERROR_CORE', 'Задача не найдена');
const notAllowed = () => new PortalError(400, 'ERROR_CORE', 'ACTION_NOT_ALLOWED');
const wrongParams = () => new PortalError(400, 'ERROR_CORE', 'Переданы неверные параметры метода');

function readableTask(ctx: CallContext, taskId: number): Task {
  const task = ctx.state.tasks.findReadable(taskId, ctx.userId);
  if (!task) throw taskNotFound();
  return task;
}

/** The record of the task, or ACTION_NOT_ALLOWED. */
function recordOf(ctx: CallContext, task: Task, itemId: number): ElapsedItem {
  const item = ctx.state.taskItems.elapsed.get(itemId);
  if (!item || item.TASK_ID !== task.ID) throw notAllowed();
  return item;
}

const mayChange = (ctx: CallContext, task: Task, item: ElapsedItem): boolean =>
  ctx.userId === administratorId || item.USER_ID === ctx.userId || task.CREATED_BY === ctx.userId;

/** ARFIELDS: SECONDS (> 0), COMMENT_TEXT, USER_ID, CREATED_DATE; `required` on add. */
function readFields(ctx: CallContext, value: unknown, method: string, index: number, required: boolean) {
  if (!isRecord(value) || Object.keys(value).length === 0) {
    throw new PortalError(400, 'ERROR_CORE', `TASKS_ERROR_EXCEPTION_#256; Param #${index} (arFields) expected by method ${cls}::${method}(), but not given.; 256/TE/WRONG_ARGUMENTS<br>`);
  }
  const rawSeconds = pick(value, 'SECONDS');
  const seconds = rawSeconds === undefined ? undefined : toInt(rawSeconds);
  if ((required && seconds === undefined) || (seconds !== undefined && seconds <= 0) || (rawSeconds !== undefined && seconds === undefined)) throw wrongParams();
  const rawUser = pick(value, 'USER_ID');
  const userId = rawUser === undefined || rawUser === '' ? undefined : toInt(rawUser);
  if (rawUser !== undefined && rawUser !== '' && (userId === undefined || !ctx.state.users.get(userId))) throw notAllowed();
  const rawDate = toStr(pick(value, 'CREATED_DATE'));
  const created = rawDate ? parseDate(rawDate) : undefined;
  if (rawDate && created === undefined) throw wrongParams();
  const comment = pick(value, 'COMMENT_TEXT');
  return { seconds, userId, created, comment: comment === undefined ? undefined : (toStr(comment) ?? '') };
}

function render(item: ElapsedItem): Record<string, unknown> {
  return {
    ID: String(item.ID),
    TASK_ID: String(item.TASK_ID),
    USER_ID: String(item.USER_ID),
    COMMENT_TEXT: item.COMMENT_TEXT,
    SECONDS: String(item.SECONDS),
    MINUTES: String(Math.round(item.SECONDS / 60)),
    SOURCE: String(item.SOURCE),
    CREATED_DATE: isoDate(item.CREATED_DATE),
    DATE_START: isoDate(item.DATE_START),
    DATE_STOP: isoDate(item.DATE_STOP),
  };
}

const orderable = ['ID', 'USER_ID', 'MINUTES', 'SECONDS', 'CREATED_DATE', 'DATE_START', 'DATE_STOP'] as const;
const filterable: Record<string, (i: ElapsedItem) => number> = { ID: (i) => i.ID, USER_ID: (i) => i.USER_ID, CREATED_DATE: (i) => i.CREATED_DATE };

/** FILTER with the prefixes the page lists (!, <, <=, >, >=); a value or a list. */
function applyFilter(items: ElapsedItem[], filter: unknown): ElapsedItem[] {
  if (filter === undefined || filter === '' || (Array.isArray(filter) && filter.length === 0)) return items;
  if (!isRecord(filter)) throw wrongParams();
  let out = items;
  for (const [key, raw] of Object.entries(filter)) {
    const m = /^(!|<=|>=|<|>)?(.+)$/.exec(key)!;
    const field = filterable[m[2]!.toUpperCase()];
    if (!field) throw wrongParams();
    const values = (toList(raw) ?? []).map((v) => (m[2]!.toUpperCase() === 'CREATED_DATE' ? parseDate(toStr(v) ?? '') : toInt(v)));
    if (values.some((v) => v === undefined)) throw wrongParams();
    const wanted = values as number[];
    const op = m[1] ?? '';
    out = out.filter((i) => {
      const v = field(i);
      switch (op) {
        case '!':
          return !wanted.includes(v);
        case '<':
          return wanted.every((w) => v < w);
        case '<=':
          return wanted.every((w) => v <= w);
        case '>':
          return wanted.every((w) => v > w);
        case '>=':
          return wanted.every((w) => v >= w);
        default:
          return wanted.includes(v);
      }
    });
  }
  return out;
}

function applyOrder(items: ElapsedItem[], order: unknown): ElapsedItem[] {
  if (order === undefined || order === '' || (Array.isArray(order) && order.length === 0)) return [...items].sort((a, b) => a.ID - b.ID);
  if (!isRecord(order)) throw wrongParams();
  const rules = Object.entries(order).map(([key, dir]) => {
    const field = key.toUpperCase();
    if (!(orderable as readonly string[]).includes(field)) throw wrongParams();
    return [field === 'MINUTES' ? 'SECONDS' : field, (toStr(dir) ?? 'asc').toLowerCase() === 'desc' ? -1 : 1] as const;
  });
  return [...items].sort((a, b) => {
    for (const [field, dir] of rules) {
      const c = (a[field as keyof ElapsedItem] as number) - (b[field as keyof ElapsedItem] as number);
      if (c !== 0) return c * dir;
    }
    return a.ID - b.ID;
  });
}

export const taskElapsedMethods: Record<string, MethodHandler> = {
  'task.elapseditem.add': (params, ctx) => {
    const args = positional(params);
    const taskId = intArg(args, 0, 'taskId', cls, 'add');
    const task = readableTask(ctx, taskId);
    const fields = readFields(ctx, args[1], 'add', 1, true);
    const userId = fields.userId ?? ctx.userId;
    // Time is entered by those who work on a task that tracks it; for another person only by the administrator.
    if (!ctx.state.tasks.actions(task, ctx.userId)['elapsedtime.add'] && ctx.userId !== administratorId) throw notAllowed();
    if (userId !== ctx.userId && ctx.userId !== administratorId) throw notAllowed();
    const seconds = fields.seconds!;
    const start = fields.created ?? Math.floor(ctx.nowSec) - seconds;
    const item = ctx.state.taskItems.elapsed.put({
      ID: ctx.state.taskItems.elapsed.nextId(), TASK_ID: task.ID, USER_ID: userId, COMMENT_TEXT: fields.comment ?? '', SECONDS: seconds, SOURCE: 2,
      CREATED_DATE: start, DATE_START: start, DATE_STOP: start + seconds,
    });
    return { result: item.ID };
  },

  'task.elapseditem.update': (params, ctx) => {
    const args = positional(params);
    const taskId = intArg(args, 0, 'taskId', cls, 'update');
    const itemId = intArg(args, 1, 'itemId', cls, 'update');
    const task = readableTask(ctx, taskId);
    const item = recordOf(ctx, task, itemId);
    const fields = readFields(ctx, args[2], 'update', 2, false);
    if (!mayChange(ctx, task, item)) throw notAllowed();
    if (fields.userId !== undefined && fields.userId !== item.USER_ID && ctx.userId !== administratorId) throw notAllowed();
    if (fields.seconds !== undefined) item.SECONDS = fields.seconds;
    if (fields.comment !== undefined) item.COMMENT_TEXT = fields.comment;
    if (fields.userId !== undefined) item.USER_ID = fields.userId;
    if (fields.created !== undefined) item.CREATED_DATE = fields.created;
    item.DATE_STOP = item.DATE_START + item.SECONDS;
    return { result: null };
  },

  'task.elapseditem.delete': (params, ctx) => {
    const args = positional(params);
    const taskId = intArg(args, 0, 'taskId', cls, 'delete');
    const itemId = intArg(args, 1, 'itemId', cls, 'delete');
    const task = readableTask(ctx, taskId);
    const item = recordOf(ctx, task, itemId);
    if (!mayChange(ctx, task, item)) throw notAllowed();
    ctx.state.taskItems.elapsed.delete(item.ID);
    return { result: null };
  },

  'task.elapseditem.get': (params, ctx) => {
    const args = positional(params);
    const taskId = intArg(args, 0, 'taskId', cls, 'get');
    const itemId = intArg(args, 1, 'itemId', cls, 'get');
    const task = readableTask(ctx, taskId);
    return { result: render(recordOf(ctx, task, itemId)) };
  },

  // TASKID, ORDER, FILTER, SELECT, PARAMS by position; every record at once unless
  // PARAMS.NAV_PARAMS asks for a page (nPageSize up to 50, iNumPage from 1).
  'task.elapseditem.getlist': (params, ctx) => {
    let args = positional(params);
    // The page's second form leaves the task out: the arguments then start with ORDER (an object).
    if (isRecord(args[0]) || Array.isArray(args[0])) args = [undefined, ...args];
    const rawTask = args[0];
    let items: ElapsedItem[];
    if (rawTask === undefined || rawTask === '' || toInt(rawTask) === 0) {
      items = ctx.state.taskItems.elapsed.all().filter((i) => ctx.state.tasks.findReadable(i.TASK_ID, ctx.userId));
    } else {
      const taskId = toInt(rawTask);
      if (taskId === undefined || taskId < 0) throw wrongParams();
      items = ctx.state.taskItems.elapsedOf(readableTask(ctx, taskId).ID);
    }
    items = applyOrder(applyFilter(items, args[2]), args[1]);
    const total = items.length;
    const nav = isRecord(args[4]) ? pick(args[4], 'NAV_PARAMS') : undefined;
    if (isRecord(nav)) {
      const size = Math.min(50, Math.max(1, toInt(pick(nav, 'nPageSize')) ?? 50));
      const page = Math.max(1, toInt(pick(nav, 'iNumPage')) ?? 1);
      items = items.slice((page - 1) * size, page * size);
    }
    const select = toList(args[3])?.map((s) => toStr(s)?.toUpperCase() ?? '');
    const rows = items.map(render).map((row) =>
      !select || select.length === 0 || select.includes('*') ? row : Object.fromEntries(Object.entries(row).filter(([k]) => select.includes(k))),
    );
    return { result: rows, total, rows: rows.length, counted: total };
  },
};
