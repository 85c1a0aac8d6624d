// The portal's tasks: the tasks themselves with their people, statuses, deadlines and links, and
// what hangs on them (history, comments, results, favourites, the day plan, workgroups and their
// kanban stages). Methods (../methods/tasks*.ts) and tests use this API; it knows no wire format.
//
// Status transitions (api-reference/tasks/status/*.md, tasks-task-approve.md …):
//   start   2, 6 → 3        pause 3 → 2          defer 2, 3 → 6
//   complete 2, 3, 6 → 5, or → 4 when the task is under control and someone other than its
//            creator completes it (the creator then approves: 4 → 5, or disapproves: 4 → 2)
//   renew   4, 5, 6 → 2
// Each is allowed to the people access.ts names; a refused one changes nothing.
import { Table } from '../table.js';
import { actionsOf, canRead, rolesOf, type AccessContext, type TaskActions, type TaskRole } from './access.js';
import type {
  Task,
  TaskComment,
  TaskDependency,
  TaskHistoryEntry,
  TaskResult,
  TaskStage,
  TaskStatus,
  TaskUserFieldInfo,
  TaskUserFieldSource,
  Workgroup,
} from './model.js';

/** What the store needs of the rest of the portal. */
export interface TaskPortal {
  userExists(id: number): boolean;
  departmentsOf(userId: number): readonly number[];
  chainOf(departmentId: number): readonly { UF_HEAD: number | null }[];
}

export type StatusAction = 'start' | 'pause' | 'complete' | 'approve' | 'disapprove' | 'defer' | 'renew';

/** A new task's fields: the title and the responsible person are required (tasks.task.add). */
export type NewTask = Partial<Omit<Task, 'ID'>> & { TITLE: string; RESPONSIBLE_ID: number };

export class TaskStore {
  readonly tasks = new Table<Task>();
  readonly comments = new Table<TaskComment>();
  readonly results = new Table<TaskResult>();
  readonly history = new Table<TaskHistoryEntry>();
  readonly groups = new Table<Workgroup>();
  readonly stages = new Table<TaskStage>();
  readonly dependencies: TaskDependency[] = [];
  private readonly favorites = new Map<number, Set<number>>();
  private readonly muted = new Map<number, Set<number>>();
  private readonly plans = new Map<number, number[]>();
  private readonly userFieldSources: TaskUserFieldSource[] = [];
  private readonly timeSources: ((taskId: number) => number)[] = [];
  /** Disk attachment IDs handed out by files.attach (the portal's attached objects). */
  private lastAttachment = 1000;
  private guidCounter = 0;

  constructor(private readonly portal: TaskPortal) {}

  /** Empties everything but the registered user-field sources (they belong to other sections). */
  clear(): void {
    for (const table of [this.tasks, this.comments, this.results, this.history, this.groups, this.stages]) table.clear();
    this.dependencies.length = 0;
    this.favorites.clear();
    this.muted.clear();
    this.plans.clear();
    this.lastAttachment = 1000;
    this.guidCounter = 0;
  }

  // ---- finding and access -------------------------------------------------------------------

  find(id: number): Task | undefined {
    return this.tasks.get(id);
  }

  /** The task when it exists and the user may see it. */
  findReadable(id: number, userId: number): Task | undefined {
    const task = this.tasks.get(id);
    return task && this.canRead(task, userId) ? task : undefined;
  }

  canRead(task: Task, userId: number): boolean {
    return canRead(task, userId, this.access);
  }

  /** The task's action object for a user (fields.md#action). */
  actions(task: Task, userId: number): TaskActions {
    const actions = actionsOf(task, userId, this.access);
    // "Не завершать задачу без результата": completing needs an open result first.
    if (task.REQUIRE_RESULT && !this.results.all().some((r) => r.TASK_ID === task.ID && r.STATUS === 0)) actions.complete = false;
    return actions;
  }

  roles(task: Task, userId: number): Set<TaskRole> {
    return rolesOf(task, userId, this.access);
  }

  /** May the user write comments (and read them)? Anyone who sees the task. */
  canComment(task: Task, userId: number): boolean {
    return this.canRead(task, userId);
  }

  private readonly access: AccessContext = {
    departmentsOf: (userId) => this.portal.departmentsOf(userId),
    chainOf: (dep) => this.portal.chainOf(dep),
    groupMembers: (groupId) => this.groups.get(groupId)?.MEMBERS ?? [],
    isFavorite: (userId, taskId) => this.isFavorite(userId, taskId),
  };

  // ---- user fields --------------------------------------------------------------------------

  /**
   * Makes task user fields known to the tasks: their values show in tasks.task.get/list when
   * selected, tasks.task.add/update accept them, and a mandatory one must be given on add.
   * Returns the function that unregisters the source.
   */
  registerUserFields(source: TaskUserFieldSource): () => void {
    this.userFieldSources.push(source);
    return () => {
      const i = this.userFieldSources.indexOf(source);
      if (i >= 0) this.userFieldSources.splice(i, 1);
    };
  }

  /**
   * Makes logged work count in the tasks' TIME_SPENT_IN_LOGS and DURATION_FACT: `secondsOf`
   * answers a task's logged seconds (the elapsed-time items live with their own methods).
   */
  registerTimeSpent(secondsOf: (taskId: number) => number): () => void {
    this.timeSources.push(secondsOf);
    return () => {
      const i = this.timeSources.indexOf(secondsOf);
      if (i >= 0) this.timeSources.splice(i, 1);
    };
  }

  /** Seconds of work logged on a task, from every registered source. */
  timeSpent(taskId: number): number {
    return this.timeSources.reduce((sum, f) => sum + f(taskId), 0);
  }

  /** Every task user field that exists now. */
  userFields(): TaskUserFieldInfo[] {
    return this.userFieldSources.flatMap((s) => s.fields());
  }

  /** The value of a user field of a task: its own or the field's default. */
  userFieldValue(task: Task, info: TaskUserFieldInfo): unknown {
    return info.name in task.userFields ? task.userFields[info.name] : info.defaultValue;
  }

  // ---- creating and changing ----------------------------------------------------------------

  create(fields: NewTask, userId: number, nowSec: number): Task {
    const now = Math.floor(nowSec);
    const id = this.tasks.nextId();
    const task: Task = {
      PARENT_ID: null,
      DESCRIPTION: '',
      MARK: null,
      PRIORITY: 1,
      STATUS: 2,
      REPLICATE: false,
      GROUP_ID: 0,
      STAGE_ID: 0,
      CREATED_BY: userId,
      CREATED_DATE: now,
      ACCOMPLICES: [],
      AUDITORS: [],
      CHANGED_BY: userId,
      CHANGED_DATE: now,
      STATUS_CHANGED_BY: userId,
      STATUS_CHANGED_DATE: now,
      CLOSED_BY: null,
      CLOSED_DATE: null,
      ACTIVITY_DATE: now,
      DATE_START: null,
      DEADLINE: null,
      START_DATE_PLAN: null,
      END_DATE_PLAN: null,
      GUID: this.nextGuid(id),
      XML_ID: null,
      ALLOW_CHANGE_DEADLINE: false,
      ALLOW_TIME_TRACKING: false,
      TASK_CONTROL: false,
      ADD_IN_REPORT: false,
      MATCH_WORK_TIME: false,
      TIME_ESTIMATE: 0,
      DURATION_PLAN: 0,
      DURATION_TYPE: 'days',
      TAGS: [],
      UF_CRM_TASK: [],
      UF_TASK_WEBDAV_FILES: [],
      REQUIRE_RESULT: false,
      userFields: {},
      ...fields,
      ID: id,
    };
    if (task.GROUP_ID > 0 && task.STAGE_ID === 0) task.STAGE_ID = this.firstStage(task.GROUP_ID)?.ID ?? 0;
    if (task.STATUS === 5) {
      task.CLOSED_BY ??= userId;
      task.CLOSED_DATE ??= now;
    }
    this.tasks.put(task);
    this.log(task, 'NEW', null, null, userId, now);
    return task;
  }

  /**
   * Writes fields of a task, one history line per changed field (the fields
   * tasks.task.history.list names). Validation is the caller's: the store writes what it gets.
   */
  update(task: Task, changes: Partial<Omit<Task, 'ID'>>, userId: number, nowSec: number): void {
    const now = Math.floor(nowSec);
    for (const [key, value] of Object.entries(changes) as [keyof Task, unknown][]) {
      if (key === 'userFields') {
        task.userFields = { ...task.userFields, ...(value as Record<string, unknown>) };
        continue;
      }
      const before = task[key];
      if (sameValue(before, value)) continue;
      (task as unknown as Record<string, unknown>)[key] = value;
      if (key === 'STATUS') this.statusChanged(task, before as TaskStatus, userId, now);
      else if (historyFields.has(key)) this.log(task, key, historyText(before), historyText(value), userId, now);
    }
    if (changes.GROUP_ID !== undefined && changes.STAGE_ID === undefined) task.STAGE_ID = this.firstStage(task.GROUP_ID)?.ID ?? 0;
    task.CHANGED_BY = userId;
    task.CHANGED_DATE = now;
    task.ACTIVITY_DATE = now;
  }

  /** Deletes a task with its comments, results, links and places in favourites and plans. */
  remove(task: Task): void {
    this.tasks.delete(task.ID);
    for (const c of this.comments.all()) if (c.TASK_ID === task.ID) this.comments.delete(c.ID);
    for (const r of this.results.all()) if (r.TASK_ID === task.ID) this.results.delete(r.ID);
    for (const h of this.history.all()) if (h.TASK_ID === task.ID) this.history.delete(h.ID);
    for (let i = this.dependencies.length - 1; i >= 0; i -= 1) {
      const d = this.dependencies[i]!;
      if (d.from === task.ID || d.to === task.ID) this.dependencies.splice(i, 1);
    }
    for (const set of [...this.favorites.values(), ...this.muted.values()]) set.delete(task.ID);
    for (const [user, plan] of this.plans) this.plans.set(user, plan.filter((id) => id !== task.ID));
    // Subtasks stay, without their parent, as on a portal.
    for (const child of this.tasks.rows.values()) if (child.PARENT_ID === task.ID) child.PARENT_ID = null;
  }

  /** Moves a task along its statuses; false (and nothing changed) when the user may not. */
  transition(task: Task, action: StatusAction, userId: number, nowSec: number): boolean {
    const allowed = this.actions(task, userId);
    if (!allowed[action]) return false;
    const now = Math.floor(nowSec);
    const target = ((): TaskStatus => {
      switch (action) {
        case 'start':
          return 3;
        case 'pause':
        case 'disapprove':
        case 'renew':
          return 2;
        case 'defer':
          return 6;
        case 'approve':
          return 5;
        case 'complete':
          return task.TASK_CONTROL && userId !== task.CREATED_BY && task.CREATED_BY !== task.RESPONSIBLE_ID ? 4 : 5;
      }
    })();
    if (action === 'start' && task.DATE_START === null) task.DATE_START = now;
    this.update(task, { STATUS: target }, userId, now);
    if (action === 'renew') this.log(task, 'RENEW', null, null, userId, now);
    return true;
  }

  private statusChanged(task: Task, before: TaskStatus, userId: number, now: number): void {
    task.STATUS_CHANGED_BY = userId;
    task.STATUS_CHANGED_DATE = now;
    if (task.STATUS === 5) {
      task.CLOSED_BY = userId;
      task.CLOSED_DATE = now;
      // A completed task closes its results; they stay closed after a renewal.
      for (const r of this.results.all()) if (r.TASK_ID === task.ID) r.STATUS = 1;
    } else if (before === 5) {
      task.CLOSED_BY = null;
      task.CLOSED_DATE = null;
    }
    this.log(task, 'STATUS', String(before), String(task.STATUS), userId, now);
  }

  /** Hands the task to another responsible person; false when the user may not delegate. */
  delegate(task: Task, toUserId: number, userId: number, nowSec: number): boolean {
    if (!this.actions(task, userId).delegate) return false;
    // The one who delegates keeps an eye on the task, as the portal adds them as an observer.
    const auditors = task.AUDITORS.includes(userId) || userId === toUserId ? task.AUDITORS : [...task.AUDITORS, userId];
    this.update(task, { RESPONSIBLE_ID: toUserId, AUDITORS: auditors }, userId, nowSec);
    return true;
  }

  /** The user starts or stops observing a task (startwatch/stopwatch). */
  watch(task: Task, userId: number, on: boolean, nowSec: number): void {
    const has = task.AUDITORS.includes(userId);
    if (on === has) return;
    this.update(task, { AUDITORS: on ? [...task.AUDITORS, userId] : task.AUDITORS.filter((id) => id !== userId) }, userId, nowSec);
  }

  // ---- per-user marks -----------------------------------------------------------------------

  isFavorite(userId: number, taskId: number): boolean {
    return this.favorites.get(userId)?.has(taskId) ?? false;
  }

  setFavorite(userId: number, taskId: number, on: boolean): void {
    setMark(this.favorites, userId, taskId, on);
  }

  isMuted(userId: number, taskId: number): boolean {
    return this.muted.get(userId)?.has(taskId) ?? false;
  }

  setMuted(userId: number, taskId: number, on: boolean): void {
    setMark(this.muted, userId, taskId, on);
  }

  /** The user's day plan ("План на день"): task IDs in the user's order. */
  dayPlan(userId: number): number[] {
    return [...(this.plans.get(userId) ?? [])];
  }

  addToDayPlan(userId: number, taskId: number): void {
    const plan = this.plans.get(userId) ?? [];
    if (!plan.includes(taskId)) plan.push(taskId);
    this.plans.set(userId, plan);
  }

  // ---- links, history, files ----------------------------------------------------------------

  findDependency(from: number, to: number): TaskDependency | undefined {
    return this.dependencies.find((d) => d.from === from && d.to === to);
  }

  /** IDs of the tasks `taskId` depends on (the filter's DEPENDS_ON). */
  dependsOn(taskId: number): number[] {
    return this.dependencies.filter((d) => d.to === taskId).map((d) => d.from);
  }

  /** True when a link from → to would close a loop. */
  wouldLoop(from: number, to: number): boolean {
    if (from === to) return true;
    const seen = new Set<number>();
    const stack = [from];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (current === to) return true;
      if (seen.has(current)) continue;
      seen.add(current);
      stack.push(...this.dependsOn(current));
    }
    return false;
  }

  addDependency(link: TaskDependency, userId: number, nowSec: number): void {
    this.dependencies.push(link);
    const task = this.tasks.get(link.to);
    if (task) this.log(task, 'DEPENDS_ON', null, String(link.from), userId, nowSec);
  }

  removeDependency(link: TaskDependency, userId: number, nowSec: number): void {
    const i = this.dependencies.indexOf(link);
    if (i >= 0) this.dependencies.splice(i, 1);
    const task = this.tasks.get(link.to);
    if (task) this.log(task, 'DEPENDS_ON', String(link.from), null, userId, nowSec);
  }

  /** Attaches a Disk file to the task; answers the new attachment's ID. */
  attachFile(task: Task, fileId: number, userId: number, nowSec: number): number {
    this.lastAttachment += 1;
    const attachment = this.lastAttachment;
    this.update(task, { UF_TASK_WEBDAV_FILES: [...task.UF_TASK_WEBDAV_FILES, attachment] }, userId, nowSec);
    this.log(task, 'FILES', null, String(fileId), userId, nowSec);
    return attachment;
  }

  log(task: Task, field: string, from: string | null, to: string | null, userId: number, nowSec: number): void {
    this.history.put({ ID: this.history.nextId(), TASK_ID: task.ID, CREATED_DATE: Math.floor(nowSec), FIELD: field, FROM: from, TO: to, USER_ID: userId });
  }

  historyOf(taskId: number): TaskHistoryEntry[] {
    return this.history.all().filter((h) => h.TASK_ID === taskId);
  }

  // ---- comments and results -----------------------------------------------------------------

  commentsOf(taskId: number): TaskComment[] {
    return this.comments.all().filter((c) => c.TASK_ID === taskId);
  }

  addComment(task: Task, authorId: number, text: string, nowSec: number, files: number[] = []): TaskComment {
    const comment = this.comments.put({ ID: this.comments.nextId(), TASK_ID: task.ID, AUTHOR_ID: authorId, POST_MESSAGE: text, POST_DATE: Math.floor(nowSec), FILES: files });
    this.log(task, 'COMMENT', null, String(comment.ID), authorId, nowSec);
    task.ACTIVITY_DATE = Math.floor(nowSec);
    return comment;
  }

  /** Deletes a comment and the result made of it. */
  removeComment(comment: TaskComment): void {
    this.comments.delete(comment.ID);
    for (const r of this.results.all()) if (r.COMMENT_ID === comment.ID) this.results.delete(r.ID);
  }

  resultsOf(taskId: number): TaskResult[] {
    return this.results.all().filter((r) => r.TASK_ID === taskId);
  }

  resultOfComment(commentId: number): TaskResult | undefined {
    return this.results.all().find((r) => r.COMMENT_ID === commentId);
  }

  /** Pins a comment as a result; a closed result of the same comment gives way to the new one. */
  addResult(comment: TaskComment, userId: number, nowSec: number): TaskResult {
    const old = this.resultOfComment(comment.ID);
    if (old) this.results.delete(old.ID);
    const now = Math.floor(nowSec);
    return this.results.put({ ID: this.results.nextId(), TASK_ID: comment.TASK_ID, COMMENT_ID: comment.ID, CREATED_BY: userId, CREATED_AT: now, UPDATED_AT: now, STATUS: 0 });
  }

  // ---- workgroups and stages ----------------------------------------------------------------

  /** A workgroup's stages in their order. */
  stagesOf(groupId: number): TaskStage[] {
    return this.stages.all().filter((s) => s.ENTITY_TYPE === 'G' && s.ENTITY_ID === groupId).sort((a, b) => a.SORT - b.SORT || a.ID - b.ID);
  }

  firstStage(groupId: number): TaskStage | undefined {
    return groupId > 0 ? this.stagesOf(groupId)[0] : undefined;
  }

  userExists(id: number): boolean {
    return this.portal.userExists(id);
  }

  private nextGuid(id: number): string {
    this.guidCounter += 1;
    const hex = ((id * 2654435761) >>> 0).toString(16).padStart(8, '0');
    const tail = ((this.guidCounter * 40503) >>> 0).toString(16).padStart(12, '0').slice(-12);
    return `{${hex}-${hex.slice(0, 4)}-4${hex.slice(1, 4)}-8${hex.slice(4, 7)}-${tail}}`;
  }
}

function setMark(marks: Map<number, Set<number>>, userId: number, taskId: number, on: boolean): void {
  const set = marks.get(userId) ?? new Set<number>();
  if (on) set.add(taskId);
  else set.delete(taskId);
  marks.set(userId, set);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/** The fields tasks.task.history.list reports changes of. */
const historyFields = new Set<keyof Task>([
  'TITLE', 'DESCRIPTION', 'PRIORITY', 'MARK', 'PARENT_ID', 'GROUP_ID', 'STAGE_ID', 'CREATED_BY', 'RESPONSIBLE_ID', 'ACCOMPLICES', 'AUDITORS',
  'DEADLINE', 'START_DATE_PLAN', 'END_DATE_PLAN', 'DURATION_PLAN', 'TIME_ESTIMATE', 'TAGS', 'ADD_IN_REPORT', 'TASK_CONTROL',
  'ALLOW_TIME_TRACKING', 'ALLOW_CHANGE_DEADLINE',
]);

function historyText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'boolean') return value ? 'Y' : 'N';
  return String(value as string | number);
}
