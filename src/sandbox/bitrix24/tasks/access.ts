// Who may do what with a task, as the method pages put it ("Кто может выполнять метод") and the
// task's `action` object lists it (api-reference/tasks/fields.md#action):
// - the administrator (user 1) may do everything;
// - the creator, and the head of a department above the creator or the responsible person
//   ("руководитель — задачи своих сотрудников"), may edit, delete and delegate;
// - the creator, the responsible person and the accomplices may start, pause, complete, defer
//   and renew (docs: status pages);
// - only the creator or the administrator approves or returns a task awaiting control;
// - an observer (auditor) and a member of the task's workgroup read, comment, add it to their
//   favourites, mute it and stop watching it — nothing more.
import type { Task } from './model.js';

/** The portal's administrator: the first user, as everywhere in the sandbox. */
export const administratorId = 1;

/** What the access rules need to know of the portal. */
export interface AccessContext {
  /** The user's departments. */
  departmentsOf(userId: number): readonly number[];
  /** The department and the ones above it, nearest first, with their heads. */
  chainOf(departmentId: number): readonly { UF_HEAD: number | null }[];
  /** The members of a workgroup (empty for an unknown one). */
  groupMembers(groupId: number): readonly number[];
  isFavorite(userId: number, taskId: number): boolean;
}

export type TaskRole = 'admin' | 'creator' | 'director' | 'responsible' | 'accomplice' | 'auditor' | 'groupMember';

/** Every role the user holds in the task (empty: no access at all). */
export function rolesOf(task: Task, userId: number, ctx: AccessContext): Set<TaskRole> {
  const roles = new Set<TaskRole>();
  if (userId === administratorId) roles.add('admin');
  if (task.CREATED_BY === userId) roles.add('creator');
  if (task.RESPONSIBLE_ID === userId) roles.add('responsible');
  if (task.ACCOMPLICES.includes(userId)) roles.add('accomplice');
  if (task.AUDITORS.includes(userId)) roles.add('auditor');
  if (task.GROUP_ID > 0 && ctx.groupMembers(task.GROUP_ID).includes(userId)) roles.add('groupMember');
  if (isDirectorOf(userId, task.CREATED_BY, ctx) || isDirectorOf(userId, task.RESPONSIBLE_ID, ctx)) roles.add('director');
  return roles;
}

/** True when `userId` heads a department above (or of) one of `memberId`'s departments. */
export function isDirectorOf(userId: number, memberId: number, ctx: AccessContext): boolean {
  if (userId === memberId) return false;
  return ctx.departmentsOf(memberId).some((dep) => ctx.chainOf(dep).some((d) => d.UF_HEAD === userId));
}

export function canRead(task: Task, userId: number, ctx: AccessContext): boolean {
  return rolesOf(task, userId, ctx).size > 0;
}

/**
 * The task's action object for a user, camelCase keys in the order of fields.md; every action
 * false for someone without access.
 */
export interface TaskActions {
  accept: boolean;
  decline: boolean;
  complete: boolean;
  approve: boolean;
  disapprove: boolean;
  start: boolean;
  pause: boolean;
  delegate: boolean;
  remove: boolean;
  edit: boolean;
  defer: boolean;
  renew: boolean;
  create: boolean;
  changeDeadline: boolean;
  checklistAddItems: boolean;
  addFavorite: boolean;
  deleteFavorite: boolean;
  rate: boolean;
  take: boolean;
  'edit.originator': boolean;
  'checklist.reorder': boolean;
  'elapsedtime.add': boolean;
  'dayplan.timer.toggle': boolean;
  'edit.plan': boolean;
  'checklist.add': boolean;
  'favorite.add': boolean;
  'favorite.delete': boolean;
}

export function actionsOf(task: Task, userId: number, ctx: AccessContext): TaskActions {
  const roles = rolesOf(task, userId, ctx);
  const read = roles.size > 0;
  const editor = roles.has('admin') || roles.has('creator') || roles.has('director');
  // The people who work on the task; observers and group members are not among them.
  const worker = editor || roles.has('responsible') || roles.has('accomplice');
  const s = task.STATUS;
  const open = s !== 4 && s !== 5;
  const favorite = read && ctx.isFavorite(userId, task.ID);
  const approver = s === 4 && (roles.has('admin') || roles.has('creator'));
  const tracker = task.ALLOW_TIME_TRACKING && worker;
  return {
    // Deprecated actions: always false (fields.md).
    accept: false,
    decline: false,
    complete: worker && (s === 2 || s === 3 || s === 6),
    approve: approver,
    disapprove: approver,
    start: worker && (s === 2 || s === 6),
    pause: worker && s === 3,
    delegate: open && (editor || roles.has('responsible')),
    remove: roles.has('admin') || roles.has('creator') || (roles.has('director') && isDirectorOf(userId, task.CREATED_BY, ctx)),
    edit: editor,
    defer: worker && (s === 2 || s === 3),
    renew: worker && (s === 4 || s === 5 || s === 6),
    create: read,
    changeDeadline: editor || (roles.has('responsible') && task.ALLOW_CHANGE_DEADLINE),
    checklistAddItems: worker,
    addFavorite: read && !favorite,
    deleteFavorite: favorite,
    rate: editor && task.RESPONSIBLE_ID !== userId,
    // Taking a task is for flows, which the sandbox has none of.
    take: false,
    'edit.originator': false,
    'checklist.reorder': worker,
    'elapsedtime.add': tracker,
    'dayplan.timer.toggle': task.ALLOW_TIME_TRACKING && (roles.has('responsible') || roles.has('accomplice')),
    'edit.plan': editor || roles.has('responsible'),
    'checklist.add': worker,
    'favorite.add': read && !favorite,
    'favorite.delete': favorite,
  };
}

/** tasks.task.getaccess names the same actions in upper case (ADD_FAVORITE, EDIT.ORIGINATOR …). */
export function upperActionName(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}
