// task.checklistitem.add / update / delete / get / getlist / complete / renew: the checklists of
// a task (api-reference/tasks/checklist-item/*.md). Arguments by position (task-args.ts). Adding,
// changing and deleting items is for those who work on the task (the creator, the responsible
// person, accomplices, and whoever may edit it); reading for anyone who sees the task.
import { isoDate } from '../dates.js';
import { isRecord, pick, toBool, toInt, toStr, type Params } from '../params.js';
import type { Task } from '../tasks/model.js';
import type { ChecklistItem, ChecklistMember } from '../tasks/items.js';
import { intArg, positional, taskCoreError } from './task-args.js';
import type { CallContext, MethodHandler } from './types.js';

const cls = 'ctaskchecklistitem';
const failed = (what: string) => taskCoreError(`TASKS_ERROR_EXCEPTION_#8; ${what}; 8/TE/ACTION_FAILED_TO_BE_PROCESSED<br>`);
const notAccessible = () => taskCoreError('TASKS_ERROR_EXCEPTION_#512; Check listitem not found or not accessible; 512/TE/ITEM_NOT_FOUND_OR_NOT_ACCESSIBLE<br>');
const noEditAccess = () => taskCoreError('TASKS_ERROR_EXCEPTION_#4; Нет доступа к редактированию задачи; 4/TE/ACTION_NOT_ALLOWED<br>');
const assertFailed = () => taskCoreError('TASKS_ERROR_ASSERT_EXCEPTION<br>');

/** The task when the caller sees it. */
const readable = (ctx: CallContext, taskId: number): Task | undefined => ctx.state.tasks.findReadable(taskId, ctx.userId);

/** May the caller add, change, delete and tick items of the task. */
const mayWork = (ctx: CallContext, task: Task): boolean => ctx.state.tasks.actions(task, ctx.userId).checklistAddItems;

/** FIELDS: a non-empty object, else "arFields … not given". */
function fieldsArg(args: unknown[], index: number, method: string): Record<string, unknown> {
  const value = args[index];
  if (!isRecord(value) || Object.keys(value).length === 0) {
    throw taskCoreError(`TASKS_ERROR_EXCEPTION_#256; Param #${index} (arFields) expected by method ${cls}::${method}(), but not given.; 256/TE/WRONG_ARGUMENTS<br>`);
  }
  return value;
}

/** MEMBERS: user ID → { TYPE: 'A' | 'U' }; unknown users and types are left out. */
function readMembers(ctx: CallContext, value: unknown): ChecklistMember[] {
  if (!isRecord(value)) return [];
  const out: ChecklistMember[] = [];
  for (const [key, spec] of Object.entries(value)) {
    const id = toInt(isRecord(spec) && pick(spec, 'ID') !== undefined ? pick(spec, 'ID') : key);
    const type = toStr(isRecord(spec) ? pick(spec, 'TYPE') : spec)?.toUpperCase();
    if (id === undefined || !ctx.state.users.get(id) || (type !== 'A' && type !== 'U')) continue;
    if (!out.some((m) => m.id === id)) out.push({ id, type });
  }
  return out;
}

/** Members of an item join the task in the same roles (task-checklist-item-add.md). */
function joinTask(ctx: CallContext, task: Task, members: ChecklistMember[]): void {
  const accomplices = [...task.ACCOMPLICES];
  const auditors = [...task.AUDITORS];
  for (const m of members) {
    const list = m.type === 'A' ? accomplices : auditors;
    if (m.id !== task.RESPONSIBLE_ID && !list.includes(m.id)) list.push(m.id);
  }
  if (accomplices.length !== task.ACCOMPLICES.length || auditors.length !== task.AUDITORS.length) {
    ctx.state.tasks.update(task, { ACCOMPLICES: accomplices, AUDITORS: auditors }, ctx.userId, ctx.nowSec);
  }
}

function toggle(item: ChecklistItem, complete: boolean, ctx: CallContext): void {
  if (item.IS_COMPLETE === complete) return;
  item.IS_COMPLETE = complete;
  item.TOGGLED_BY = ctx.userId;
  item.TOGGLED_DATE = Math.floor(ctx.nowSec);
}

/** A new checklist (a root item) in the task, titled as the portal numbers them. */
function newChecklist(ctx: CallContext, task: Task, title?: string): ChecklistItem {
  const roots = ctx.state.taskItems.checklistOf(task.ID).filter((i) => i.PARENT_ID === 0);
  return ctx.state.taskItems.checklist.put({
    ID: ctx.state.taskItems.checklist.nextId(), TASK_ID: task.ID, PARENT_ID: 0, CREATED_BY: ctx.userId, TITLE: title ?? `Чек-лист ${roots.length + 1}`,
    SORT_INDEX: roots.length, IS_COMPLETE: false, IS_IMPORTANT: false, TOGGLED_BY: null, TOGGLED_DATE: null, MEMBERS: [],
  });
}

/** Where an item goes by PARENT_ID (task-checklist-item-add.md): absent → the top checklist; 0 → a new checklist; unknown → under a new checklist. */
function parentFor(ctx: CallContext, task: Task, raw: unknown): number {
  const items = ctx.state.taskItems.checklistOf(task.ID);
  if (raw === undefined) {
    const top = items.filter((i) => i.PARENT_ID === 0).sort((a, b) => a.SORT_INDEX - b.SORT_INDEX || a.ID - b.ID)[0];
    return (top ?? newChecklist(ctx, task)).ID;
  }
  const id = toInt(raw) ?? 0;
  if (id === 0) return 0;
  return items.some((i) => i.ID === id) ? id : newChecklist(ctx, task).ID;
}

function render(ctx: CallContext, item: ChecklistItem): Record<string, unknown> {
  return {
    ID: String(item.ID),
    TASK_ID: String(item.TASK_ID),
    // The pages show a root's PARENT_ID as the number 0, the others' as strings.
    PARENT_ID: item.PARENT_ID === 0 ? 0 : String(item.PARENT_ID),
    CREATED_BY: String(item.CREATED_BY),
    TITLE: item.TITLE,
    SORT_INDEX: String(item.SORT_INDEX),
    IS_COMPLETE: item.IS_COMPLETE ? 'Y' : 'N',
    IS_IMPORTANT: item.IS_IMPORTANT ? 'Y' : 'N',
    TOGGLED_BY: item.TOGGLED_BY === null ? null : String(item.TOGGLED_BY),
    TOGGLED_DATE: item.TOGGLED_DATE === null ? '' : isoDate(item.TOGGLED_DATE),
    MEMBERS: item.MEMBERS.map((m) => {
      const user = ctx.state.users.get(m.id);
      return {
        ID: String(m.id),
        TYPE: m.type,
        NAME: user ? `${user.NAME} ${user.LAST_NAME}`.trim() : '',
        PERSONAL_PHOTO: null,
        PERSONAL_GENDER: user?.PERSONAL_GENDER ?? '',
        IMAGE: '',
        IS_COLLABER: false,
      };
    }),
    // No files are attached in the sandbox; PHP's empty array.
    ATTACHMENTS: [],
  };
}

/** Writes the FIELDS of add / update onto an item. */
function apply(ctx: CallContext, task: Task, item: ChecklistItem, fields: Record<string, unknown>): void {
  const title = pick(fields, 'TITLE');
  if (title !== undefined) item.TITLE = toStr(title) ?? item.TITLE;
  const sort = toInt(pick(fields, 'SORT_INDEX'));
  if (sort !== undefined) item.SORT_INDEX = sort;
  const important = toBool(pick(fields, 'IS_IMPORTANT'));
  if (important !== undefined) item.IS_IMPORTANT = important;
  const complete = toBool(pick(fields, 'IS_COMPLETE'));
  if (complete !== undefined) toggle(item, complete, ctx);
  if (pick(fields, 'MEMBERS') !== undefined) {
    // MEMBERS is replaced as a whole (task-checklist-item-update.md).
    item.MEMBERS = readMembers(ctx, pick(fields, 'MEMBERS'));
    joinTask(ctx, task, item.MEMBERS);
  }
}

const orderable = ['ID', 'PARENT_ID', 'CREATED_BY', 'TITLE', 'SORT_INDEX', 'IS_COMPLETE', 'IS_IMPORTANT', 'TOGGLED_BY', 'TOGGLED_DATE'] as const;

function sortItems(items: ChecklistItem[], order: unknown): ChecklistItem[] {
  const rules: [(typeof orderable)[number], number][] = [];
  if (isRecord(order)) {
    for (const [key, dir] of Object.entries(order)) {
      const field = key.toUpperCase();
      if (!(orderable as readonly string[]).includes(field)) {
        throw taskCoreError(`TASKS_ERROR_EXCEPTION_#256; Param #1 (arOrder) for method ${cls}::getlist() must not contain key "${key}".; 256/TE/WRONG_ARGUMENTS<br>`);
      }
      rules.push([field as (typeof orderable)[number], (toStr(dir) ?? 'asc').toLowerCase() === 'desc' ? -1 : 1]);
    }
  }
  // By default the newest first (task-checklist-item-get-list.md).
  if (rules.length === 0) rules.push(['ID', -1]);
  const value = (i: ChecklistItem, f: (typeof orderable)[number]): number | string => {
    const v = i[f];
    return typeof v === 'boolean' ? Number(v) : v === null ? 0 : v;
  };
  return [...items].sort((a, b) => {
    for (const [field, dir] of rules) {
      const va = value(a, field);
      const vb = value(b, field);
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'ru');
      if (c !== 0) return c * dir;
    }
    return 0;
  });
}

/** complete / renew: the item by ITEMID alone; false when there is none (their pages). */
function setComplete(method: 'complete' | 'renew', complete: boolean) {
  return (params: Params, ctx: CallContext) => {
    const args = positional(params);
    const taskId = intArg(args, 0, 'taskId', cls, method);
    const itemId = intArg(args, 1, 'itemId', cls, method);
    if (taskId <= 0 || itemId <= 0) throw assertFailed();
    const item = ctx.state.taskItems.checklist.get(itemId);
    const task = item ? readable(ctx, item.TASK_ID) : undefined;
    if (!item || !task) return { result: false };
    if (!mayWork(ctx, task)) throw failed('Action failed');
    toggle(item, complete, ctx);
    return { result: true };
  };
}

export const taskChecklistMethods: Record<string, MethodHandler> = {
  'task.checklistitem.add': (params, ctx) => {
    const args = positional(params);
    const taskId = intArg(args, 0, 'taskId', cls, 'add');
    const fields = fieldsArg(args, 1, 'add');
    const task = readable(ctx, taskId);
    if (!task || !mayWork(ctx, task)) throw failed('Добавление элемента: действие недоступно');
    const title = toStr(pick(fields, 'TITLE'))?.trim() ?? '';
    if (title === '') throw failed('Не указано название элемента');
    const parent = parentFor(ctx, task, pick(fields, 'PARENT_ID'));
    const siblings = ctx.state.taskItems.checklistOf(task.ID).filter((i) => i.PARENT_ID === parent);
    const item: ChecklistItem = {
      ID: ctx.state.taskItems.checklist.nextId(), TASK_ID: task.ID, PARENT_ID: parent, CREATED_BY: ctx.userId, TITLE: title,
      SORT_INDEX: siblings.reduce((max, i) => Math.max(max, i.SORT_INDEX + 1), parent === 0 ? siblings.length : 1),
      IS_COMPLETE: false, IS_IMPORTANT: false, TOGGLED_BY: null, TOGGLED_DATE: null, MEMBERS: [],
    };
    apply(ctx, task, item, fields);
    ctx.state.taskItems.checklist.put(item);
    return { result: item.ID };
  },

  'task.checklistitem.update': (params, ctx) => {
    const args = positional(params);
    const taskId = intArg(args, 0, 'taskId', cls, 'update');
    const itemId = intArg(args, 1, 'itemId', cls, 'update');
    const fields = fieldsArg(args, 2, 'update');
    const task = readable(ctx, taskId);
    if (!task || !mayWork(ctx, task)) throw noEditAccess();
    const item = ctx.state.taskItems.checklist.get(itemId);
    if (!item || item.TASK_ID !== task.ID) throw notAccessible();
    const parent = pick(fields, 'PARENT_ID');
    if (parent !== undefined) {
      const target = parentFor(ctx, task, parent);
      // An item cannot go under itself or its own sub-items.
      if (!ctx.state.taskItems.subtree(item).some((i) => i.ID === target)) item.PARENT_ID = target;
    }
    apply(ctx, task, item, fields);
    return { result: null };
  },

  'task.checklistitem.delete': (params, ctx) => {
    const args = positional(params);
    const taskId = intArg(args, 0, 'taskId', cls, 'delete');
    const itemId = intArg(args, 1, 'itemId', cls, 'delete');
    const task = readable(ctx, taskId);
    const item = ctx.state.taskItems.checklist.get(itemId);
    if (!task || !mayWork(ctx, task) || !item || item.TASK_ID !== task.ID) throw failed('Удаление элемента: действие недоступно');
    // A checklist goes with its items.
    for (const gone of ctx.state.taskItems.subtree(item)) ctx.state.taskItems.checklist.delete(gone.ID);
    return { result: true };
  },

  'task.checklistitem.get': (params, ctx) => {
    const args = positional(params);
    const taskId = intArg(args, 0, 'taskId', cls, 'get');
    const itemId = intArg(args, 1, 'itemId', cls, 'get');
    const task = readable(ctx, taskId);
    const item = ctx.state.taskItems.checklist.get(itemId);
    if (!task || !item || item.TASK_ID !== task.ID) throw notAccessible();
    return { result: render(ctx, item) };
  },

  'task.checklistitem.getlist': (params, ctx) => {
    const args = positional(params);
    const taskId = intArg(args, 0, 'taskId', cls, 'getlist');
    const task = readable(ctx, taskId);
    if (!task) throw failed('Action failed');
    const items = sortItems(ctx.state.taskItems.checklistOf(task.ID), args[1]);
    return { result: items.map((i) => render(ctx, i)), rows: items.length };
  },

  'task.checklistitem.complete': setComplete('complete', true),
  'task.checklistitem.renew': setComplete('renew', false),
};
