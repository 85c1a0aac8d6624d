// The task card fields task.add and task.update share: reading them from <task> and applying them.
import { parseDate, parseDateTime, parseTime, planfixDateToMs } from '../dates.js';
import { PlanfixError } from '../errors.js';
import { taskStatuses, type PlanfixDate, type Task, type TaskStatus } from '../model.js';
import { bool, int, oneOf, text, value } from '../params.js';
import type { XmlNode } from '../xml.js';
import { readCustomData, readParticipants, type MethodContext } from './context.js';

/** A status given as a system name (ACTIVE…) or as its numeric id. */
export function parseStatus(raw: string): TaskStatus {
  if (raw in taskStatuses) return raw as TaskStatus;
  const byId = Object.entries(taskStatuses).find(([, id]) => String(id) === raw);
  if (!byId) throw new PlanfixError('0015', `unknown status ${raw}`);
  return byId[0] as TaskStatus;
}

function readDatePart(node: XmlNode, which: 'start' | 'end', current: PlanfixDate | undefined): PlanfixDate | undefined {
  const isSet = bool(node, `${which}DateIsSet`);
  const dateText = value(node, `${which}Date`);
  const timeIsSet = bool(node, `${which}TimeIsSet`);
  const timeText = value(node, `${which}Time`);
  if (isSet === false) return undefined;
  if (isSet === true && dateText === undefined && !current) throw new PlanfixError('0017', `${which}Date for ${which}DateIsSet`);
  let result = current;
  if (dateText !== undefined) {
    // The date may come as dd-mm-yyyy or, like a DateTime, with the time attached.
    const parsed = parseDateTime(dateText);
    if (!parsed) throw new PlanfixError('0015', `${which}Date must be dd-mm-yyyy`);
    result = parsed;
  }
  if (timeIsSet === false && result) result = { date: result.date };
  if (timeText !== undefined && timeIsSet !== false) {
    if (!result) throw new PlanfixError('0017', `${which}Date for ${which}Time`);
    if (parseTime(timeText) === undefined) throw new PlanfixError('0015', `${which}Time must be hh:mm`);
    result = parseDateTime(`${result.date} ${timeText}`);
  } else if (timeIsSet === true && !result?.time) {
    throw new PlanfixError('0017', `${which}Time for ${which}TimeIsSet`);
  }
  return result;
}

/**
 * Applies the fields present in <task> to `task`. Absent fields keep their values: the
 * task.update page says unspecified fields are "replaced with defaults", but clients commonly
 * send only what changes, so the sandbox updates only what is sent (see index.ts).
 */
export function applyTaskFields(ctx: MethodContext, node: XmlNode, task: Task, creating: boolean): void {
  const { state } = ctx;
  const title = text(node, 'title');
  if (title !== undefined) {
    if (title.trim() === '') throw new PlanfixError('0015', 'title must not be empty');
    task.title = title;
  }
  const description = text(node, 'description');
  if (description !== undefined) task.description = description;
  const importance = value(node, 'importance');
  if (importance !== undefined) task.importance = oneOf(importance, ['AVERAGE', 'HIGH'] as const, 'importance');
  const status = value(node, 'status');
  if (status !== undefined) {
    const parsed = parseStatus(status);
    if (creating && !['DRAFT', 'ACTIVE', 'DELAYED'].includes(parsed)) {
      throw new PlanfixError('0016', 'a new task may be DRAFT, ACTIVE or DELAYED');
    }
    if (parsed === 'REJECTED') throw new PlanfixError('0016', 'use task.reject');
    task.status = parsed;
  }
  const statusSet = int(node, 'statusSet');
  if (statusSet !== undefined) {
    if (statusSet !== 1) throw new PlanfixError('0015', 'the account has one process, 1');
    task.statusSet = statusSet;
  }
  const checkResult = bool(node, 'checkResult');
  if (checkResult !== undefined) task.checkResult = checkResult;
  const ownerId = int(node, 'owner/id');
  if (ownerId !== undefined) {
    if (!state.personExists(ownerId)) throw new PlanfixError('0013', `owner ${ownerId}`);
    task.ownerId = ownerId;
  }
  const parentId = int(node, 'parent/id');
  if (parentId !== undefined) {
    if (parentId !== 0) {
      const parent = state.tasks.get(parentId);
      if (!parent) throw new PlanfixError('3001', `parent task ${parentId}`);
      if (!state.canSeeTask(ctx.userId, parent)) throw new PlanfixError('3002');
      if (parent.id === task.id || state.isDescendant(parent, task.id)) throw new PlanfixError('0015', 'a task cannot be its own parent');
    }
    task.parentId = parentId;
  }
  const projectId = int(node, 'project/id');
  if (projectId !== undefined) {
    if (projectId !== 0) {
      const project = state.projects.get(projectId);
      if (!project) throw new PlanfixError('3003');
      if (!state.canSeeProject(ctx.userId, project)) throw new PlanfixError('3004');
    }
    task.projectId = projectId;
  }
  const clientId = int(node, 'client/id');
  if (clientId !== undefined) {
    if (clientId !== 0 && !state.contacts.has(clientId)) throw new PlanfixError('7002');
    task.clientId = clientId;
  }
  const begin = value(node, 'beginDateTime');
  if (begin !== undefined) {
    if (!state.isAdmin(ctx.userId)) throw new PlanfixError('0020', 'beginDateTime is for administrators');
    const parsed = parseDateTime(begin);
    if (!parsed || !parseDate(parsed.date)) throw new PlanfixError('0015', 'beginDateTime must be dd-mm-yyyy hh:mm');
    task.beginDateTime = `${parsed.date} ${parsed.time ?? '00:00'}`;
  }
  task.start = readDatePart(node, 'start', task.start);
  task.end = readDatePart(node, 'end', task.end);
  if (task.start && task.end && planfixDateToMs(task.start) > planfixDateToMs(task.end, true)) throw new PlanfixError('3006');
  const isSummary = bool(node, 'isSummary');
  if (isSummary !== undefined) task.isSummary = isSummary;
  const durationIsSet = bool(node, 'durationIsSet');
  const duration = int(node, 'duration');
  const durationUnit = int(node, 'durationUnit');
  if (durationUnit !== undefined) {
    if (![0, 1, 2].includes(durationUnit)) throw new PlanfixError('0015', 'durationUnit is 0, 1 or 2');
    task.durationUnit = durationUnit;
  }
  if (durationIsSet === false) task.duration = undefined;
  else if (duration !== undefined) {
    if (duration < 0) throw new PlanfixError('0015', 'duration must not be negative');
    task.duration = duration;
  } else if (durationIsSet === true && task.duration === undefined) throw new PlanfixError('0017', 'duration for durationIsSet');
  for (const role of ['workers', 'members', 'auditors'] as const) {
    const people = readParticipants(state, node, role);
    if (people) task[role] = people;
  }
  const custom = readCustomData(state.taskFields, node);
  if (custom) mergeCustomData(task.customData, custom);
}

/** An empty value clears the field. */
export function mergeCustomData(target: Map<number, string>, changes: Map<number, string>): void {
  for (const [id, v] of changes) {
    if (v === '') target.delete(id);
    else target.set(id, v);
  }
}
