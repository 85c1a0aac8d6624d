// tasks.task.*, task.dependence.* and task.planner.getlist, each from its page under
// api-reference/tasks/. Requests name task fields in upper case; answers are camelCase
// (tasks/render.ts). Errors are HTTP 400 with the string codes and texts each page lists.
import { PortalError } from '../errors.js';
import { isoDate, parseDate } from '../dates.js';
import { compileFilter, likeRegex, matches, type Condition, type ValueKind } from '../filter.js';
import { isRecord, pick, toInt, toList, toNumber, toStr, type Params } from '../params.js';
import { renderTask, selectableFields, subStatus, type RenderContext } from '../tasks/render.js';
import { upperActionName } from '../tasks/access.js';
import { taskStatuses, type Task, type TaskStatus } from '../tasks/model.js';
import type { NewTask, StatusAction } from '../tasks/store.js';
import type { CallContext, MethodHandler, MethodResult } from './types.js';

const fail = (code: string, text: string): PortalError => new PortalError(400, code, text);

/** Some pages quote the portal's texts with " (internal error)", some without: as each page does. */
const internal = (text: string, on: boolean): string => (on ? `${text} (internal error)` : text);

const noTaskId = (suffix: boolean): PortalError => fail('100', internal('CTaskItem All parameters in the constructor must have real class type', suffix));
const wrongTaskId = (suffix = false): PortalError => fail('0', internal('wrong task id', suffix));

/** The task ID a method names (taskId, or id for mute/unmute): missing → 100, not an ID → 0. */
function readTaskId(params: Params, name = 'taskId', suffixes: { missing: boolean; wrong: boolean } = { missing: false, wrong: false }): number {
  const raw = pick(params, name);
  if (raw === undefined || raw === null || raw === '') throw noTaskId(suffixes.missing);
  const id = toInt(raw);
  if (id === undefined || id <= 0) throw wrongTaskId(suffixes.wrong);
  return id;
}

function renderContext(ctx: CallContext): RenderContext {
  return { store: ctx.state.tasks, userId: ctx.userId, nowSec: ctx.nowSec, user: (id) => ctx.state.users.get(id) };
}

/** { task: … } after an action, rendered as tasks.task.get renders it. */
function taskAnswer(task: Task, ctx: CallContext): MethodResult {
  return { result: { task: renderTask(task, renderContext(ctx), { full: true }) } };
}

/** The upper-case names of a select, or undefined when none was given. */
function readSelect(raw: unknown): string[] | undefined {
  const list = toList(raw);
  return list?.map((v) => (toStr(v) ?? '').toUpperCase()).filter((v) => v !== '');
}

// ---- writing fields ---------------------------------------------------------------------------

interface FieldTexts {
  responsibleMissing: string;
  responsibleUnknown: string;
  status: string;
  parent: string;
  planOrder: string;
  planLength: string;
}

// tasks.task.add quotes the texts plainly; tasks.task.update as the portal sends them, HTML
// entities and the trailing <br> included.
const addTexts: FieldTexts = {
  responsibleMissing: 'Не указан исполнитель',
  responsibleUnknown: 'Пользователь указанный в поле "Исполнитель" не найден',
  status: 'Некорректный статус',
  parent: 'Задача указанная в поле "Надзадача" не найдена',
  planOrder: 'В планировании сроков указана дата окончания меньшая даты старта',
  planLength: 'В планировании сроков указана слишком большая длительность задачи',
};
const br = (text: string): string => `${text.replace(/"/g, '&quot;')}<br>`;
const updateTexts: FieldTexts = Object.fromEntries(Object.entries(addTexts).map(([k, v]) => [k, br(v)])) as unknown as FieldTexts;

/** The longest plan the portal stores: its duration in seconds must fit a signed 32-bit integer. */
const maxPlanSeconds = 2_147_483_647;

const dateFields = ['DEADLINE', 'START_DATE_PLAN', 'END_DATE_PLAN'] as const;
const flagFields = ['ALLOW_CHANGE_DEADLINE', 'ALLOW_TIME_TRACKING', 'TASK_CONTROL', 'ADD_IN_REPORT', 'MATCH_WORK_TIME', 'REPLICATE'] as const;
const durationTypes = new Set(['secs', 'mins', 'hours', 'days', 'weeks', 'monts', 'years']);

function readIds(value: unknown): number[] {
  return (toList(value) ?? []).map((v) => toInt(v)).filter((v): v is number => v !== undefined && v > 0);
}

function readFlag(value: unknown): boolean | undefined {
  const text = (toStr(value) ?? '').toUpperCase();
  if (text === 'Y' || text === 'TRUE' || text === '1') return true;
  if (text === 'N' || text === 'FALSE' || text === '0' || text === '') return false;
  return undefined;
}

/**
 * Reads the upper-case fields of tasks.task.add/update into task values. Unknown keys are
 * skipped, as the portal skips them; values that break the page's rules are its errors.
 */
function readFields(fields: Record<string, unknown>, ctx: CallContext, texts: FieldTexts, current: Task | undefined): Partial<Omit<Task, 'ID'>> {
  const store = ctx.state.tasks;
  const out: Partial<Omit<Task, 'ID'>> = {};
  const get = (name: string): unknown => pick(fields, name);
  const title = get('TITLE');
  if (title !== undefined) out.TITLE = (toStr(title) ?? '').trim();
  const description = get('DESCRIPTION');
  if (description !== undefined) out.DESCRIPTION = toStr(description) ?? '';
  const responsible = get('RESPONSIBLE_ID');
  if (responsible !== undefined) {
    const id = toInt(responsible);
    if (id === undefined || id <= 0) throw fail('ERROR_CORE', texts.responsibleMissing);
    if (!store.userExists(id)) throw fail('ERROR_CORE', texts.responsibleUnknown);
    out.RESPONSIBLE_ID = id;
  }
  const creator = toInt(get('CREATED_BY'));
  if (creator !== undefined && store.userExists(creator)) out.CREATED_BY = creator;
  for (const [key, target] of [['ACCOMPLICES', 'ACCOMPLICES'], ['AUDITORS', 'AUDITORS']] as const) {
    const value = get(key);
    if (value !== undefined) out[target] = [...new Set(readIds(value).filter((id) => store.userExists(id)))];
  }
  const parentRaw = get('PARENT_ID');
  if (parentRaw !== undefined) {
    const parent = toInt(parentRaw) ?? 0;
    if (parent > 0) {
      if (!store.find(parent)) throw fail('ERROR_CORE', texts.parent);
      if (current && parent === current.ID) throw fail('ERROR_CORE', br('Невозможно привязать узел к самому себе'));
      if (current && isAncestor(store.tasks.rows, current.ID, parent)) throw fail('ERROR_CORE', br('Создание зацикленных связей в задачах запрещено'));
    }
    out.PARENT_ID = parent > 0 ? parent : null;
  }
  const group = get('GROUP_ID');
  if (group !== undefined) out.GROUP_ID = Math.max(0, toInt(group) ?? 0);
  const stage = get('STAGE_ID');
  if (stage !== undefined) out.STAGE_ID = Math.max(0, toInt(stage) ?? 0);
  const priority = toInt(get('PRIORITY'));
  if (priority !== undefined && (priority === 0 || priority === 1 || priority === 2)) out.PRIORITY = priority;
  const status = get('STATUS');
  if (status !== undefined) {
    const value = toInt(status);
    if (value === undefined || !taskStatuses.includes(value as TaskStatus)) throw fail('ERROR_CORE', texts.status);
    out.STATUS = value as TaskStatus;
  }
  const mark = get('MARK');
  if (mark !== undefined) {
    const m = (toStr(mark) ?? '').toUpperCase();
    out.MARK = m === 'N' || m === 'P' ? m : null;
  }
  for (const key of dateFields) {
    const value = get(key);
    if (value === undefined) continue;
    const text = toStr(value) ?? '';
    out[key] = text.trim() === '' ? null : (parseDate(text) ?? null);
  }
  const startPlan = out.START_DATE_PLAN !== undefined ? out.START_DATE_PLAN : (current?.START_DATE_PLAN ?? null);
  const endPlan = out.END_DATE_PLAN !== undefined ? out.END_DATE_PLAN : (current?.END_DATE_PLAN ?? null);
  if (startPlan !== null && endPlan !== null) {
    if (endPlan < startPlan) throw fail('ERROR_CORE', texts.planOrder);
    if (endPlan - startPlan > maxPlanSeconds) throw fail('ERROR_CORE', texts.planLength);
  }
  for (const key of flagFields) {
    const flag = get(key) === undefined ? undefined : readFlag(get(key));
    if (flag !== undefined) out[key] = flag;
  }
  const estimate = toInt(get('TIME_ESTIMATE'));
  if (estimate !== undefined && estimate >= 0) out.TIME_ESTIMATE = estimate;
  const durationPlan = toInt(get('DURATION_PLAN'));
  if (durationPlan !== undefined && durationPlan >= 0) out.DURATION_PLAN = durationPlan;
  const durationType = toStr(get('DURATION_TYPE'));
  if (durationType !== undefined && durationTypes.has(durationType)) out.DURATION_TYPE = durationType as Task['DURATION_TYPE'];
  const xmlId = get('XML_ID');
  if (xmlId !== undefined) out.XML_ID = toStr(xmlId) ?? null;
  const tags = get('TAGS');
  if (tags !== undefined) out.TAGS = (toList(tags) ?? []).map((t) => toStr(t) ?? '').filter((t) => t !== '');
  const crm = get('UF_CRM_TASK');
  if (crm !== undefined) out.UF_CRM_TASK = (toList(crm) ?? []).map((t) => toStr(t) ?? '').filter((t) => /^[A-Z0-9]+_\d+$/.test(t));
  const files = get('UF_TASK_WEBDAV_FILES');
  if (files !== undefined) out.UF_TASK_WEBDAV_FILES = (toList(files) ?? []).map((f) => toInt(String(f).replace(/^n/, ''))).filter((f): f is number => f !== undefined);
  const se = toList(get('SE_PARAMETER'));
  if (se) {
    const requireResult = se.find((p) => isRecord(p) && toInt(pick(p, 'CODE')) === 3);
    if (requireResult && isRecord(requireResult)) out.REQUIRE_RESULT = readFlag(pick(requireResult, 'VALUE')) ?? false;
  }
  const userFields: Record<string, unknown> = {};
  for (const info of store.userFields()) {
    const value = get(info.name);
    if (value !== undefined) userFields[info.name] = info.multiple ? (toList(value) ?? []) : value;
  }
  if (Object.keys(userFields).length > 0) out.userFields = userFields;
  return out;
}

/** True when `candidate` lies below `taskId` (a subtask, at any depth). */
function isAncestor(rows: ReadonlyMap<number, Task>, taskId: number, candidate: number): boolean {
  const seen = new Set<number>();
  for (let current = rows.get(candidate); current && !seen.has(current.ID); current = current.PARENT_ID === null ? undefined : rows.get(current.PARENT_ID)) {
    if (current.PARENT_ID === taskId) return true;
    seen.add(current.ID);
  }
  return false;
}

const fieldsMissing = (): PortalError => fail('100', 'Could not find value for parameter {fields} (internal error)');

function readFieldsParam(params: Params): Record<string, unknown> {
  const fields = pick(params, 'fields');
  if (!isRecord(fields) || Object.keys(fields).length === 0) throw fieldsMissing();
  return fields;
}

const taskAdd: MethodHandler = (params, ctx) => {
  const raw = readFieldsParam(params);
  const fields = readFields(raw, ctx, addTexts, undefined);
  if (!fields.TITLE) throw fail('ERROR_CORE', 'Не указано название задачи');
  if (fields.RESPONSIBLE_ID === undefined) throw fail('ERROR_CORE', addTexts.responsibleMissing);
  for (const info of ctx.state.tasks.userFields()) {
    const value = fields.userFields?.[info.name];
    const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
    if (info.mandatory && empty) throw fail('ERROR_CORE', `Не введено значение обязательного поля ${info.label}`);
  }
  const task = ctx.state.tasks.create(fields as NewTask, ctx.userId, ctx.nowSec);
  return taskAnswer(task, ctx);
};

const notAllowedUpdate = (): PortalError => fail('0', 'Действие над задачей не разрешено (internal error)');

const taskUpdate: MethodHandler = (params, ctx) => {
  const id = readTaskId(params, 'taskId', { missing: true, wrong: false });
  const store = ctx.state.tasks;
  const task = store.findReadable(id, ctx.userId);
  if (!task) throw notAllowedUpdate();
  const raw = readFieldsParam(params);
  const changes = readFields(raw, ctx, updateTexts, task);
  if (changes.TITLE !== undefined && changes.TITLE === '') throw fail('ERROR_CORE', br('Не указано название задачи'));
  const actions = store.actions(task, ctx.userId);
  // Without the right to edit, the responsible person may move the deadline where the task allows it.
  const keys = Object.keys(changes);
  const deadlineOnly = keys.length > 0 && keys.every((k) => k === 'DEADLINE');
  if (!actions.edit && !(deadlineOnly && actions.changeDeadline)) throw notAllowedUpdate();
  if (changes.GROUP_ID !== undefined && changes.STAGE_ID === undefined) changes.STAGE_ID = store.firstStage(changes.GROUP_ID)?.ID ?? 0;
  store.update(task, changes, ctx.userId, ctx.nowSec);
  return taskAnswer(task, ctx);
};

const taskGet: MethodHandler = (params, ctx) => {
  const id = readTaskId(params, 'taskId', { missing: true, wrong: false });
  const selectRaw = pick(params, 'select');
  let select: string[] | undefined;
  if (selectRaw !== undefined) {
    select = readSelect(selectRaw);
    if (!select || select.length === 0 || !Array.isArray(toList(selectRaw))) {
      throw fail('100', 'Invalid value {} to match with parameter {select}. Should be value of type array. (internal error)');
    }
  }
  const task = ctx.state.tasks.findReadable(id, ctx.userId);
  // A task that does not exist or is hidden from the user: an empty result, not an error.
  if (!task) return { result: [] };
  return { result: { task: renderTask(task, renderContext(ctx), { full: true, select }) } };
};

// ---- the list -------------------------------------------------------------------------------

const filterKinds: Record<string, ValueKind> = {
  ID: 'int', PARENT_ID: 'int', GROUP_ID: 'int', CREATED_BY: 'int', STATUS_CHANGED_BY: 'int', PRIORITY: 'int', FORUM_TOPIC_ID: 'int',
  RESPONSIBLE_ID: 'int', TITLE: 'str', TAG: 'str', REAL_STATUS: 'int', STATUS: 'int', MARK: 'str', SITE_ID: 'str', ADD_IN_REPORT: 'bool',
  DATE_START: 'date', DEADLINE: 'date', CREATED_DATE: 'date', CLOSED_DATE: 'date', CHANGED_DATE: 'date', ACCOMPLICE: 'int', AUDITOR: 'int',
  DEPENDS_ON: 'int', STAGE_ID: 'int', SPRINT_ID: 'int', BACKLOG_ID: 'int', UF_CRM_TASK: 'str',
};

type Scalar = number | string | boolean | null;

function filterValue(task: Task, field: string, ctx: CallContext): Scalar | readonly Scalar[] {
  switch (field) {
    case 'PARENT_ID':
      return task.PARENT_ID ?? 0;
    case 'REAL_STATUS':
      return task.STATUS;
    case 'STATUS':
      return Number(subStatus(task, ctx.nowSec));
    case 'FORUM_TOPIC_ID':
      return task.ID;
    case 'TAG':
      return task.TAGS;
    case 'SITE_ID':
      return 's1';
    case 'ACCOMPLICE':
      return task.ACCOMPLICES;
    case 'AUDITOR':
      return task.AUDITORS;
    case 'DEPENDS_ON':
      return ctx.state.tasks.dependsOn(task.ID);
    case 'SPRINT_ID':
    case 'BACKLOG_ID':
      return null;
    case 'UF_CRM_TASK':
      return task.UF_CRM_TASK;
    default: {
      if (field.startsWith('UF_')) {
        const info = ctx.state.tasks.userFields().find((f) => f.name === field);
        const value = info ? ctx.state.tasks.userFieldValue(task, info) : null;
        return Array.isArray(value) ? (value as Scalar[]) : (value as Scalar);
      }
      const value = (task as unknown as Record<string, unknown>)[field];
      return value === undefined ? null : (value as Scalar);
    }
  }
}

/** Sort keys of tasks.task.list (its page's list) → the value compared. */
const orderKeys: Record<string, (t: Task, ctx: CallContext) => number | string | null> = {
  ID: (t) => t.ID,
  TITLE: (t) => t.TITLE,
  TIME_SPENT_IN_LOGS: (t, c) => c.state.tasks.timeSpent(t.ID),
  DATE_START: (t) => t.DATE_START,
  CREATED_DATE: (t) => t.CREATED_DATE,
  CHANGED_DATE: (t) => t.CHANGED_DATE,
  CLOSED_DATE: (t) => t.CLOSED_DATE,
  ACTIVITY_DATE: (t) => t.ACTIVITY_DATE,
  START_DATE_PLAN: (t) => t.START_DATE_PLAN,
  END_DATE_PLAN: (t) => t.END_DATE_PLAN,
  DEADLINE: (t) => t.DEADLINE,
  REAL_STATUS: (t) => t.STATUS,
  STATUS_COMPLETE: (t) => (t.STATUS === 5 ? 2 : 1),
  PRIORITY: (t) => t.PRIORITY,
  MARK: (t) => t.MARK,
  CREATED_BY_LAST_NAME: (t, c) => c.state.users.get(t.CREATED_BY)?.LAST_NAME ?? '',
  RESPONSIBLE_LAST_NAME: (t, c) => c.state.users.get(t.RESPONSIBLE_ID)?.LAST_NAME ?? '',
  GROUP_ID: (t) => t.GROUP_ID,
  TIME_ESTIMATE: (t) => t.TIME_ESTIMATE,
  ALLOW_CHANGE_DEADLINE: (t) => (t.ALLOW_CHANGE_DEADLINE ? 'Y' : 'N'),
  ALLOW_TIME_TRACKING: (t) => (t.ALLOW_TIME_TRACKING ? 'Y' : 'N'),
  MATCH_WORK_TIME: (t) => (t.MATCH_WORK_TIME ? 'Y' : 'N'),
  FAVORITE: (t, c) => (c.state.tasks.isFavorite(c.userId, t.ID) ? 'Y' : 'N'),
  SORTING: () => null,
  IS_PINNED: () => 'N',
  IS_PINNED_IN_GROUP: () => 'N',
};

function compareValues(a: number | string | null, b: number | string | null): number {
  // Empty values first when ascending, as the database sorts NULL.
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'ru');
}

const pageSize = 50;

const taskList: MethodHandler = (params, ctx) => {
  const store = ctx.state.tasks;
  const orderRaw = pick(params, 'order');
  const order: [string, 1 | -1][] = [];
  if (isRecord(orderRaw)) {
    for (const [key, dir] of Object.entries(orderRaw)) {
      const field = key.toUpperCase();
      if (!(field in orderKeys)) throw fail('0', 'Неверный ключ сортировки (internal error)');
      order.push([field, (toStr(dir) ?? '').toLowerCase() === 'desc' ? -1 : 1]);
    }
  }
  if (order.length === 0) order.push(['ID', -1]);
  const filterRaw = pick(params, 'filter');
  const filter = isRecord(filterRaw) ? { ...filterRaw } : {};
  // The favourites sub-filter: filter[::SUBFILTER-PARAMS][FAVORITE]=Y.
  const sub = filter['::SUBFILTER-PARAMS'];
  delete filter['::SUBFILTER-PARAMS'];
  const favoritesOnly = isRecord(sub) && readFlag(pick(sub, 'FAVORITE')) === true;
  const onlyRoot = readFlag(pick(filter, 'ONLY_ROOT_TASKS')) === true;
  const ufNames = new Set(store.userFields().map((f) => f.name));
  const conditions: Condition[] = compileFilter(filter, (field) => filterKinds[field] ?? (ufNames.has(field) ? 'str' : undefined));
  // TITLE takes the wildcards % and _ in a plain condition (the page: "можно искать по шаблону").
  for (const c of conditions) {
    if (c.field === 'TITLE' && (c.op === '=' || c.op === '!=') && /[%_]/.test(String(c.values[0] ?? ''))) {
      c.regex = likeRegex(String(c.values[0]));
      c.op = c.op === '=' ? 'pattern' : 'notPattern';
    }
  }
  let rows = store.tasks.all().filter((t) => store.canRead(t, ctx.userId));
  if (favoritesOnly) rows = rows.filter((t) => store.isFavorite(ctx.userId, t.ID));
  if (onlyRoot) rows = rows.filter((t) => t.PARENT_ID === null || !store.findReadable(t.PARENT_ID, ctx.userId));
  rows = rows.filter((t) => conditions.every((c) => matches(c, filterValue(t, c.field, ctx))));
  rows.sort((a, b) => {
    for (const [field, dir] of order) {
      const c = compareValues(orderKeys[field]!(a, ctx), orderKeys[field]!(b, ctx));
      if (c !== 0) return c * dir;
    }
    return a.ID - b.ID;
  });
  const startValue = toInt(pick(params, 'start')) ?? 0;
  const start = Math.max(0, startValue);
  const page = rows.slice(start, start + pageSize);
  const select = readSelect(pick(params, 'select'));
  const paramsRaw = pick(params, 'params');
  const withResultInfo = isRecord(paramsRaw) && readFlag(pick(paramsRaw, 'WITH_RESULT_INFO')) === true;
  const known = select?.filter((n) => n === '*' || selectableFields.has(n) || ufNames.has(n));
  const rc = renderContext(ctx);
  const out: MethodResult = {
    result: { tasks: page.map((t) => renderTask(t, rc, { full: false, select: known && known.length > 0 ? known : undefined, withResultInfo })) },
    rows: page.length,
  };
  // start=-1 skips the count, as for every list method (settings/performance/huge-data.md).
  if (startValue >= 0) {
    out.total = rows.length;
    out.counted = rows.length;
    if (start + pageSize < rows.length) out.next = start + pageSize;
  }
  return out;
};

const taskDelete: MethodHandler = (params, ctx) => {
  const id = readTaskId(params);
  const store = ctx.state.tasks;
  const task = store.find(id);
  if (!task || !store.actions(task, ctx.userId).remove) throw fail('1048582', 'Нет доступа к удалению задачи');
  store.remove(task);
  return { result: { task: true } };
};

// ---- status changes -----------------------------------------------------------------------------

/** Each status method's refusal: its code as its page gives it. */
function statusMethod(action: StatusAction, code: '0' | '1048582'): MethodHandler {
  return (params, ctx) => {
    const id = readTaskId(params);
    const store = ctx.state.tasks;
    const task = store.find(id);
    if (!task || !store.transition(task, action, ctx.userId, ctx.nowSec)) throw fail(code, 'Действие над задачей не разрешено');
    return taskAnswer(task, ctx);
  };
}

const taskDelegate: MethodHandler = (params, ctx) => {
  const id = readTaskId(params);
  const raw = pick(params, 'userId');
  if (raw === undefined || raw === null || raw === '') throw fail('100', 'Could not find value for parameter {userId}');
  const target = toInt(raw);
  const store = ctx.state.tasks;
  const task = store.find(id);
  // Delegating to someone who is not on the portal is refused as any other forbidden action.
  if (!task || target === undefined || !store.userExists(target) || !store.delegate(task, target, ctx.userId, ctx.nowSec)) {
    throw fail('0', 'Действие над задачей не разрешено');
  }
  return taskAnswer(task, ctx);
};

// ---- the user's own marks -----------------------------------------------------------------------

function favoriteMethod(on: boolean): MethodHandler {
  return (params, ctx) => {
    const id = readTaskId(params);
    const store = ctx.state.tasks;
    if (!store.findReadable(id, ctx.userId)) throw fail('1', 'Task not found or not accessible');
    store.setFavorite(ctx.userId, id, on);
    return { result: true };
  };
}

function muteMethod(on: boolean): MethodHandler {
  return (params, ctx) => {
    const raw = pick(params, 'id');
    const id = toInt(raw);
    if (id === undefined || id <= 0) throw wrongTaskId();
    const task = ctx.state.tasks.findReadable(id, ctx.userId);
    if (!task) return { result: [] };
    ctx.state.tasks.setMuted(ctx.userId, id, on);
    return taskAnswer(task, ctx);
  };
}

function watchMethod(on: boolean): MethodHandler {
  return (params, ctx) => {
    const id = readTaskId(params);
    const task = ctx.state.tasks.findReadable(id, ctx.userId);
    if (!task) throw fail('1048584', 'a:0:{}');
    ctx.state.tasks.watch(task, ctx.userId, on, ctx.nowSec);
    // After stopwatch an observer may have lost sight of the task; the answer still shows it.
    return taskAnswer(task, ctx);
  };
}

// ---- history, access, links, files ------------------------------------------------------------

const historyFilterKinds: Record<string, ValueKind> = { FIELD: 'str', CREATED_DATE: 'date', USER_ID: 'int', ID: 'int' };

const taskHistory: MethodHandler = (params, ctx) => {
  const id = readTaskId(params, 'taskId', { missing: true, wrong: true });
  const store = ctx.state.tasks;
  const task = store.find(id);
  if (!task) return { result: { list: [] } };
  if (!store.canRead(task, ctx.userId)) throw fail('0', 'Access denied. (internal error)');
  const conditions = compileFilter(pick(params, 'filter'), (f) => historyFilterKinds[f]);
  const orderRaw = pick(params, 'order');
  const dir = isRecord(orderRaw) && (toStr(Object.values(orderRaw)[0]) ?? '').toLowerCase() === 'asc' ? 1 : -1;
  const entries = store
    .historyOf(id)
    .filter((h) => conditions.every((c) => matches(c, (h as unknown as Record<string, Scalar>)[c.field] ?? null)))
    .sort((a, b) => (a.CREATED_DATE - b.CREATED_DATE || a.ID - b.ID) * dir);
  return {
    result: {
      list: entries.map((h) => {
        const user = ctx.state.users.get(h.USER_ID);
        return {
          id: h.ID,
          createdDate: isoDate(h.CREATED_DATE),
          field: h.FIELD,
          value: { from: h.FROM, to: h.TO },
          user: { id: h.USER_ID, name: user?.NAME ?? '', lastName: user?.LAST_NAME ?? '', secondName: user?.SECOND_NAME ?? '', login: user?.EMAIL ?? '' },
        };
      }),
    },
    rows: entries.length,
  };
};


const taskGetAccess: MethodHandler = (params, ctx) => {
  const id = readTaskId(params);
  const usersRaw = pick(params, 'users');
  let users = [ctx.userId];
  if (usersRaw !== undefined) {
    const list = Array.isArray(usersRaw) || isRecord(usersRaw) ? toList(usersRaw) : undefined;
    const ids = list?.map((v) => toInt(v));
    if (!ids || ids.length === 0 || ids.some((v) => v === undefined)) throw fail('100', 'Invalid value {} to match with parameter {users}. Should be value of type array.');
    users = ids as number[];
  }
  const store = ctx.state.tasks;
  const task = store.findReadable(id, ctx.userId);
  if (!task) return { result: { allowedActions: [] } };
  const allowed: Record<string, Record<string, boolean>> = {};
  for (const user of users) {
    // Someone who is not on the portal gets every action false (the page's note).
    const actions = Object.entries(store.actions(task, store.userExists(user) ? user : ctx.userId));
    allowed[String(user)] = Object.fromEntries(actions.map(([k, v]) => [upperActionName(k), store.userExists(user) && v]));
  }
  return { result: { allowedActions: allowed } };
};

const linkTypes = new Set([0, 1, 2, 3]);

const dependenceAdd: MethodHandler = (params, ctx) => {
  const store = ctx.state.tasks;
  const from = toInt(pick(params, 'taskIdFrom'));
  const to = toInt(pick(params, 'taskIdTo'));
  const linkType = toInt(pick(params, 'linkType'));
  const cannot = (): PortalError => fail('ACTION_NOT_ALLOWED', 'Невозможно добавить связь между задачами');
  if (from === undefined || to === undefined || linkType === undefined || !linkTypes.has(linkType)) throw cannot();
  const a = store.findReadable(from, ctx.userId);
  const b = store.findReadable(to, ctx.userId);
  if (!a || !b) throw cannot();
  if (store.findDependency(from, to)) throw fail('ILLEGAL_NEW_LINK', 'Связь между задачами уже существует');
  // The dependent task changes: its editor (or its doer) links it; no loops, no self-links.
  const actions = store.actions(b, ctx.userId);
  if (!(actions.edit || actions['edit.plan']) || store.wouldLoop(from, to)) throw cannot();
  store.addDependency({ from, to, linkType: linkType as 0 | 1 | 2 | 3 }, ctx.userId, ctx.nowSec);
  return { result: [] };
};

const dependenceDelete: MethodHandler = (params, ctx) => {
  const store = ctx.state.tasks;
  const from = toInt(pick(params, 'taskIdFrom'));
  const to = toInt(pick(params, 'taskIdTo'));
  const cannot = (): PortalError => fail('ACTION_NOT_ALLOWED', 'Невозможно удалить связь между задачами');
  if (from === undefined || to === undefined) throw cannot();
  const b = store.findReadable(to, ctx.userId);
  if (!b || !store.findReadable(from, ctx.userId)) throw cannot();
  const link = store.findDependency(from, to);
  if (!link) throw fail('ILLEGAL_NEW_LINK', 'Связь между задачами не существует');
  const actions = store.actions(b, ctx.userId);
  if (!(actions.edit || actions['edit.plan'])) throw cannot();
  store.removeDependency(link, ctx.userId, ctx.nowSec);
  return { result: [] };
};

const filesAttach: MethodHandler = (params, ctx) => {
  const id = readTaskId(params, 'taskId', { missing: true, wrong: true });
  const raw = pick(params, 'fileId');
  if (raw === undefined || raw === null || raw === '') throw fail('100', 'Could not find value for parameter {fileId} (internal error)');
  const fileId = toNumber(raw);
  if (fileId === undefined || !Number.isInteger(fileId)) {
    throw fail('100', `Invalid value ${toStr(raw) ?? JSON.stringify(raw)} to match with parameter {fileId}. Should be value of type int. (internal error)`);
  }
  const store = ctx.state.tasks;
  const task = store.find(id);
  if (!task || !store.actions(task, ctx.userId).edit) throw fail('0', 'Access denied (internal error)');
  // "The user must be able to read the file" (the page): one missing, trashed or not readable is refused alike.
  const actor = { userId: ctx.userId, ...(ctx.caller.appCode ? { appCode: ctx.caller.appCode } : {}) };
  if (!ctx.state.drive.readableFile(actor, fileId)) throw fail('ERROR_CORE', 'Недостаточно прав.<br>');
  return { result: { attachmentId: store.attachFile(task, fileId, ctx.userId, ctx.nowSec) } };
};

// ---- the field list and the day plan --------------------------------------------------------------

type FieldInfo = { title: string | null; type: string; primary?: boolean; required?: boolean; default?: unknown; values?: Record<string, string> };

const yesNo = { Y: 'Да', N: 'Нет' };

/** tasks.task.getFields: the standard fields as its page lists them, then the user fields. */
const standardFields: [string, FieldInfo][] = [
  ['ID', { title: 'ID', type: 'integer', primary: true }],
  ['PARENT_ID', { title: 'ID базовой задачи', type: 'integer', default: 0 }],
  ['TITLE', { title: 'Название', type: 'string', required: true }],
  ['DESCRIPTION', { title: 'Описание', type: 'string' }],
  ['MARK', { title: 'Оценка', type: 'enum', values: { N: 'Отрицательная', P: 'Положительная' }, default: null }],
  ['PRIORITY', { title: 'Приоритет', type: 'enum', values: { 2: 'Высокий', 1: 'Средний', 0: 'Низкий' }, default: 1 }],
  ['STATUS', { title: 'Статус', type: 'enum', values: { 2: 'Ждёт выполнения', 3: 'Выполняется', 4: 'Ожидает контроля', 5: 'Завершена', 6: 'Отложена' }, default: 2 }],
  ['MULTITASK', { title: 'Множественная задача', type: 'enum', values: yesNo, default: 'N' }],
  ['NOT_VIEWED', { title: null, type: 'enum', values: yesNo, default: 'N' }],
  ['REPLICATE', { title: 'Повторяемая задача', type: 'enum', values: yesNo, default: 'N' }],
  ['GROUP_ID', { title: 'Проект', type: 'integer', default: 0 }],
  ['STAGE_ID', { title: 'Стадия', type: 'integer', default: 0 }],
  ['SPRINT_ID', { title: 'Спринт', type: 'integer', default: 0 }],
  ['BACKLOG_ID', { title: 'Бэклог', type: 'integer', default: 0 }],
  ['CREATED_BY', { title: 'Постановщик', type: 'integer', required: true }],
  ['CREATED_DATE', { title: 'Дата создания', type: 'datetime' }],
  ['RESPONSIBLE_ID', { title: 'Исполнитель', type: 'integer', required: true }],
  ['ACCOMPLICES', { title: 'Соисполнители', type: 'array' }],
  ['AUDITORS', { title: 'Наблюдатели', type: 'array' }],
  ['CHANGED_BY', { title: 'Изменил', type: 'integer' }],
  ['CHANGED_DATE', { title: 'Дата изменения', type: 'datetime' }],
  ['STATUS_CHANGED_BY', { title: 'Изменил статус', type: 'integer' }],
  ['STATUS_CHANGED_DATE', { title: 'Дата изменения статуса', type: 'datetime' }],
  ['CLOSED_BY', { title: 'Кто закрыл задачу', type: 'integer', default: null }],
  ['CLOSED_DATE', { title: 'Дата завершения', type: 'datetime', default: null }],
  ['ACTIVITY_DATE', { title: 'Дата активности', type: 'datetime', default: null }],
  ['DATE_START', { title: 'Дата начала', type: 'datetime', default: null }],
  ['DEADLINE', { title: 'Крайний срок', type: 'datetime', default: null }],
  ['START_DATE_PLAN', { title: 'Плановое начало', type: 'datetime', default: null }],
  ['END_DATE_PLAN', { title: 'Плановое завершение', type: 'datetime', default: null }],
  ['GUID', { title: 'GUID', type: 'string', default: null }],
  ['XML_ID', { title: 'XML_ID', type: 'string', default: null }],
  ['COMMENTS_COUNT', { title: 'Количество комментариев', type: 'integer', default: 0 }],
  ['SERVICE_COMMENTS_COUNT', { title: 'Количество системных комментариев', type: 'integer', default: 0 }],
  ['NEW_COMMENTS_COUNT', { title: null, type: 'integer', default: 0 }],
  ['ALLOW_CHANGE_DEADLINE', { title: 'Разрешить изменять сроки', type: 'enum', values: yesNo, default: 'N' }],
  ['ALLOW_TIME_TRACKING', { title: 'Учитывать затраченное время', type: 'enum', values: yesNo, default: 'N' }],
  ['TASK_CONTROL', { title: 'Принять работу', type: 'enum', values: yesNo, default: 'N' }],
  ['ADD_IN_REPORT', { title: 'Добавить в отчет', type: 'enum', values: yesNo, default: 'N' }],
  ['FORKED_BY_TEMPLATE_ID', { title: 'Создано из шаблона', type: 'enum', values: yesNo, default: 'N' }],
  ['TIME_ESTIMATE', { title: 'Затрачено времени', type: 'integer' }],
  ['TIME_SPENT_IN_LOGS', { title: 'Затрачено времени по логам', type: 'integer' }],
  ['MATCH_WORK_TIME', { title: 'Пропустить выходные дни', type: 'integer' }],
  ['FORUM_TOPIC_ID', { title: 'FORUM_TOPIC_ID', type: 'integer' }],
  ['FORUM_ID', { title: 'FORUM_ID', type: 'integer' }],
  ['SITE_ID', { title: 'SITE_ID', type: 'string' }],
  ['SUBORDINATE', { title: 'Задача подчиненного', type: 'enum', values: yesNo, default: null }],
  ['FAVORITE', { title: 'Избранное', type: 'enum', values: yesNo, default: null }],
  ['EXCHANGE_MODIFIED', { title: 'EXCHANGE_MODIFIED', type: 'datetime', default: null }],
  ['EXCHANGE_ID', { title: 'EXCHANGE_ID', type: 'integer', default: null }],
  ['OUTLOOK_VERSION', { title: 'OUTLOOK_VERSION', type: 'integer', default: null }],
  ['VIEWED_DATE', { title: 'Дата последнего просмотра', type: 'datetime' }],
  ['SORTING', { title: 'Индекс сортировки', type: 'double' }],
  ['DURATION_PLAN', { title: 'Затрачено (план)', type: 'integer' }],
  ['DURATION_FACT', { title: 'Затрачено (фактически)', type: 'integer' }],
  ['CHECKLIST', { title: 'Чек-лист', type: 'array' }],
  ['DURATION_TYPE', { title: 'Тип единицы измерения в планируемой длительности', type: 'enum', values: { secs: 'секунды', mins: 'минуты', hours: 'часы', days: 'дни', weeks: 'недели', monts: 'месяцы', years: 'годы' }, default: 'days' }],
  ['IS_MUTED', { title: 'Без звука', type: 'enum', values: yesNo, default: 'N' }],
  ['IS_PINNED', { title: 'Закреплена', type: 'enum', values: yesNo, default: 'N' }],
  ['IS_PINNED_IN_GROUP', { title: 'Закреплена в группе', type: 'enum', values: yesNo, default: 'N' }],
  ['FLOW_ID', { title: 'Поток', type: 'integer', default: 0 }],
  ['UF_CRM_TASK', { title: 'Элементы CRM', type: 'crm' }],
  ['UF_TASK_WEBDAV_FILES', { title: 'Загруженные файлы', type: 'disk_file' }],
  ['UF_MAIL_MESSAGE', { title: null, type: 'mail_message' }],
];

const taskGetFields: MethodHandler = (_params, ctx) => {
  const fields: Record<string, FieldInfo> = Object.fromEntries(standardFields);
  for (const info of ctx.state.tasks.userFields()) {
    fields[info.name] = { title: info.label, type: 'string', ...(info.mandatory ? { required: true } : {}) };
  }
  return { result: { fields } };
};

const plannerGetList: MethodHandler = (_params, ctx) => {
  const store = ctx.state.tasks;
  return { result: store.dayPlan(ctx.userId).filter((id) => store.findReadable(id, ctx.userId)) };
};

export const taskMethods: Record<string, MethodHandler> = {
  'tasks.task.add': taskAdd,
  'tasks.task.update': taskUpdate,
  'tasks.task.get': taskGet,
  'tasks.task.list': taskList,
  'tasks.task.delete': taskDelete,
  'tasks.task.getfields': taskGetFields,
  'tasks.task.approve': statusMethod('approve', '1048582'),
  'tasks.task.disapprove': statusMethod('disapprove', '1048582'),
  'tasks.task.start': statusMethod('start', '0'),
  'tasks.task.pause': statusMethod('pause', '1048582'),
  'tasks.task.complete': statusMethod('complete', '0'),
  'tasks.task.renew': statusMethod('renew', '1048582'),
  'tasks.task.defer': statusMethod('defer', '1048582'),
  'tasks.task.delegate': taskDelegate,
  'tasks.task.favorite.add': favoriteMethod(true),
  'tasks.task.favorite.remove': favoriteMethod(false),
  'tasks.task.mute': muteMethod(true),
  'tasks.task.unmute': muteMethod(false),
  'tasks.task.startwatch': watchMethod(true),
  'tasks.task.stopwatch': watchMethod(false),
  'tasks.task.history.list': taskHistory,
  'tasks.task.getaccess': taskGetAccess,
  'tasks.task.files.attach': filesAttach,
  'task.dependence.add': dependenceAdd,
  'task.dependence.delete': dependenceDelete,
  'task.planner.getlist': plannerGetList,
};
