// Tasks as tasks.task.* answer them (api-reference/tasks/fields.md): camelCase keys, IDs and
// flags as strings, dates in ISO 8601 with the portal's offset, people and the group as objects.
// Requests name the same fields in upper case (select, filter, order, fields).
import { isoDate } from '../dates.js';
import type { User } from '../state.js';
import type { Task, TaskUserFieldInfo } from './model.js';
import type { TaskStore } from './store.js';

/** RESPONSIBLE_ID → responsibleId, UF_CRM_TASK → ufCrmTask. */
export function camelName(upper: string): string {
  return upper.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

const yn = (flag: boolean): 'Y' | 'N' => (flag ? 'Y' : 'N');
const date = (sec: number | null): string | null => (sec === null ? null : isoDate(sec));
const idText = (id: number | null): string | null => (id === null ? null : String(id));

/** The stored fields, upper-case name → value shown: the order of fields.md. */
const plainFields: [string, (t: Task, ctx: RenderContext) => unknown][] = [
  ['ID', (t) => String(t.ID)],
  ['PARENT_ID', (t) => idText(t.PARENT_ID)],
  ['TITLE', (t) => t.TITLE],
  ['DESCRIPTION', (t) => t.DESCRIPTION],
  ['MARK', (t) => t.MARK],
  ['PRIORITY', (t) => String(t.PRIORITY)],
  ['MULTITASK', (t, c) => yn(c.store.tasks.all().some((x) => x.PARENT_ID === t.ID))],
  ['NOT_VIEWED', () => 'N'],
  ['REPLICATE', (t) => yn(t.REPLICATE)],
  ['STAGE_ID', (t) => String(t.STAGE_ID)],
  ['SPRINT_ID', () => null],
  ['BACKLOG_ID', () => null],
  ['CREATED_BY', (t) => String(t.CREATED_BY)],
  ['CREATED_DATE', (t) => date(t.CREATED_DATE)],
  ['RESPONSIBLE_ID', (t) => String(t.RESPONSIBLE_ID)],
  ['CHANGED_BY', (t) => String(t.CHANGED_BY)],
  ['CHANGED_DATE', (t) => date(t.CHANGED_DATE)],
  ['STATUS_CHANGED_BY', (t) => String(t.STATUS_CHANGED_BY)],
  ['CLOSED_BY', (t) => String(t.CLOSED_BY ?? 0)],
  ['CLOSED_DATE', (t) => date(t.CLOSED_DATE)],
  ['ACTIVITY_DATE', (t) => date(t.ACTIVITY_DATE)],
  ['DATE_START', (t) => date(t.DATE_START)],
  ['DEADLINE', (t) => date(t.DEADLINE)],
  ['START_DATE_PLAN', (t) => date(t.START_DATE_PLAN)],
  ['END_DATE_PLAN', (t) => date(t.END_DATE_PLAN)],
  ['GUID', (t) => t.GUID],
  ['XML_ID', (t) => t.XML_ID],
  ['COMMENTS_COUNT', (t, c) => String(c.store.commentsOf(t.ID).length)],
  ['SERVICE_COMMENTS_COUNT', () => '0'],
  ['ALLOW_CHANGE_DEADLINE', (t) => yn(t.ALLOW_CHANGE_DEADLINE)],
  ['ALLOW_TIME_TRACKING', (t) => yn(t.ALLOW_TIME_TRACKING)],
  ['TASK_CONTROL', (t) => yn(t.TASK_CONTROL)],
  ['ADD_IN_REPORT', (t) => yn(t.ADD_IN_REPORT)],
  ['FORKED_BY_TEMPLATE_ID', () => null],
  ['TIME_ESTIMATE', (t) => String(t.TIME_ESTIMATE)],
  ['TIME_SPENT_IN_LOGS', (t, c) => String(c.store.timeSpent(t.ID))],
  ['MATCH_WORK_TIME', (t) => yn(t.MATCH_WORK_TIME)],
  ['FORUM_TOPIC_ID', (t) => String(t.ID)],
  ['FORUM_ID', () => '11'],
  ['SITE_ID', () => 's1'],
  ['SUBORDINATE', (t, c) => yn(c.store.roles(t, c.userId).has('director'))],
  ['EXCHANGE_MODIFIED', () => null],
  ['EXCHANGE_ID', () => null],
  ['OUTLOOK_VERSION', () => '1'],
  ['VIEWED_DATE', (t) => date(t.ACTIVITY_DATE)],
  ['SORTING', () => null],
  ['DURATION_FACT', (t, c) => String(Math.round(c.store.timeSpent(t.ID) / 60))],
  ['IS_MUTED', (t, c) => yn(c.store.isMuted(c.userId, t.ID))],
  ['IS_PINNED', () => 'N'],
  ['IS_PINNED_IN_GROUP', () => 'N'],
  ['FLOW_ID', () => null],
  ['DESCRIPTION_IN_BBCODE', () => 'Y'],
  ['STATUS', (t) => String(t.STATUS)],
  ['STATUS_CHANGED_DATE', (t) => date(t.STATUS_CHANGED_DATE)],
  ['DURATION_PLAN', (t) => String(t.DURATION_PLAN)],
  ['DURATION_TYPE', (t) => t.DURATION_TYPE],
  ['FAVORITE', (t, c) => yn(c.store.isFavorite(c.userId, t.ID))],
  ['GROUP_ID', (t) => String(t.GROUP_ID)],
  ['AUDITORS', (t) => t.AUDITORS.map(String)],
  ['ACCOMPLICES', (t) => t.ACCOMPLICES.map(String)],
  ['TAGS', (t) => t.TAGS],
  ['SUB_STATUS', (t, c) => subStatus(t, c.nowSec)],
];

/** Fields that exist only when selected (fields.md's note on UF_CRM_TASK and the tags). */
const onRequest = new Set(['TAGS', 'UF_CRM_TASK', 'UF_TASK_WEBDAV_FILES', 'UF_MAIL_MESSAGE']);

/** Every name a select may carry, besides UF_* of the user fields. */
export const selectableFields: ReadonlySet<string> = new Set([...plainFields.map(([n]) => n), ...onRequest, 'NEW_COMMENTS_COUNT']);

/** The filter's STATUS: the status, or a meta-status (-1 overdue, -3 almost overdue). */
export function subStatus(task: Task, nowSec: number): string {
  if ((task.STATUS === 2 || task.STATUS === 3) && task.DEADLINE !== null) {
    if (task.DEADLINE < nowSec) return '-1';
    if (task.DEADLINE < nowSec + 86_400) return '-3';
  }
  return String(task.STATUS);
}

export interface RenderContext {
  store: TaskStore;
  userId: number;
  nowSec: number;
  user(id: number): User | undefined;
}

/** The person objects of fields.md#user. */
export function personOf(ctx: RenderContext, id: number): Record<string, unknown> {
  const user = ctx.user(id);
  return {
    id: String(id),
    name: user ? `${user.NAME} ${user.LAST_NAME}`.trim() : '',
    link: `/company/personal/user/${id}/`,
    icon: '/bitrix/images/tasks/default_avatar.png',
    workPosition: user?.WORK_POSITION ?? '',
  };
}

function people(ctx: RenderContext, ids: readonly number[]): Record<string, unknown> | [] {
  // An empty PHP array is [] in JSON; a filled one keyed by ID is an object.
  return ids.length === 0 ? [] : Object.fromEntries(ids.map((id) => [String(id), personOf(ctx, id)]));
}

function groupOf(ctx: RenderContext, task: Task): Record<string, unknown> | [] {
  const group = task.GROUP_ID > 0 ? ctx.store.groups.get(task.GROUP_ID) : undefined;
  if (!group) return [];
  return {
    id: String(group.ID),
    name: group.NAME,
    opened: group.OPENED,
    membersCount: group.MEMBERS.length,
    image: '/bitrix/images/socialnetwork/workgroup/folder.png',
    additionalData: [],
  };
}

export interface RenderOptions {
  /** Upper-case names asked for; undefined for the method's defaults. */
  select?: readonly string[];
  /** tasks.task.get adds the task's actions and everyone's data by default. */
  full: boolean;
  /** list's params.WITH_RESULT_INFO */
  withResultInfo?: boolean;
}

/** One task in the form of tasks.task.* answers. */
export function renderTask(task: Task, ctx: RenderContext, options: RenderOptions): Record<string, unknown> {
  const ufs = ctx.store.userFields();
  const wanted = options.select;
  const all = wanted === undefined || wanted.includes('*');
  const out: Record<string, unknown> = {};
  for (const [name, value] of plainFields) {
    if (onRequest.has(name) ? wanted?.includes(name) : all || wanted!.includes(name)) out[camelName(name)] = value(task, ctx);
  }
  // Any of the three system user fields brings all three (fields.md).
  if (wanted?.some((n) => n === 'UF_CRM_TASK' || n === 'UF_TASK_WEBDAV_FILES' || n === 'UF_MAIL_MESSAGE')) {
    out.ufCrmTask = task.UF_CRM_TASK;
    out.ufTaskWebdavFiles = task.UF_TASK_WEBDAV_FILES;
    out.ufMailMessage = null;
  }
  for (const info of ufs) if (wanted?.includes(info.name)) out[camelName(info.name)] = ufValue(ctx, task, info);
  if (all || wanted!.includes('NEW_COMMENTS_COUNT')) out.newCommentsCount = 0;
  // The related data comes with the fields it belongs to, as in the list answer's example.
  const has = (n: string): boolean => all || wanted!.includes(n);
  if (has('GROUP_ID')) out.group = groupOf(ctx, task);
  if (has('CREATED_BY')) out.creator = personOf(ctx, task.CREATED_BY);
  if (has('RESPONSIBLE_ID')) out.responsible = personOf(ctx, task.RESPONSIBLE_ID);
  if (has('ACCOMPLICES')) out.accomplicesData = people(ctx, task.ACCOMPLICES);
  if (has('AUDITORS')) out.auditorsData = people(ctx, task.AUDITORS);
  if (options.full) out.action = ctx.store.actions(task, ctx.userId);
  if (options.withResultInfo) {
    const results = ctx.store.resultsOf(task.ID);
    out.taskRequireResult = yn(task.REQUIRE_RESULT);
    out.taskHasOpenResult = yn(results.some((r) => r.STATUS === 0));
    out.taskHasResult = yn(results.length > 0);
  }
  return out;
}

function ufValue(ctx: RenderContext, task: Task, info: TaskUserFieldInfo): unknown {
  return ctx.store.userFieldValue(task, info);
}
