// What every method handler receives, and the lookups several of them share.
import { PlanfixError } from '../errors.js';
import type { CustomField, Participants, Task } from '../model.js';
import { idList, int, text, toInt } from '../params.js';
import type { PlanfixState } from '../state.js';
import { at, childrenNamed, type OutObject, type XmlNode } from '../xml.js';

export interface MethodContext {
  request: XmlNode;
  state: PlanfixState;
  /** The employee the request acts for (the token's owner or the session's user). */
  userId: number;
}

export type MethodHandler = (ctx: MethodContext) => OutObject;

/** `task/general` wins over `task/id` when both are given, as the pages say. */
export function findTask(ctx: MethodContext, taskNode: XmlNode | undefined): Task {
  const general = int(taskNode, 'general');
  const id = int(taskNode, 'id');
  if (general === undefined && id === undefined) throw new PlanfixError('0009', 'task/id or task/general');
  const task = general !== undefined ? ctx.state.taskByGeneral(general) : ctx.state.tasks.get(id as number);
  if (!task) throw new PlanfixError('3001');
  if (!ctx.state.canSeeTask(ctx.userId, task)) throw new PlanfixError('3008');
  return task;
}

export function checkPeople(state: PlanfixState, users: number[], groups: number[]): void {
  for (const id of users) if (!state.personExists(id)) throw new PlanfixError('0013', `user ${id}`);
  for (const id of groups) if (!state.userGroups.has(id)) throw new PlanfixError('5001', `group ${id}`);
}

/** `<workers><users><id/>…</users><groups><id/>…</groups></workers>` as sent to task.add/update. */
export function readParticipants(state: PlanfixState, node: XmlNode | undefined, path: string): Participants | undefined {
  const root = at(node, path);
  if (!root) return undefined;
  const users = unique(idList(root, 'users') ?? []);
  const groups = unique(idList(root, 'groups') ?? []);
  checkPeople(state, users, groups);
  return { users, groups };
}

export function unique(ids: number[]): number[] {
  return [...new Set(ids)];
}

/**
 * `<customData><customValue><id/><value/></customValue>…</customData>` checked against the
 * field definitions: an unknown field id answers 0101 (the object does not exist), a value that
 * does not fit the field's type 0015.
 */
export function readCustomData(fields: Map<number, CustomField>, node: XmlNode | undefined): Map<number, string> | undefined {
  const root = at(node, 'customData');
  if (!root) return undefined;
  const out = new Map<number, string>();
  for (const item of childrenNamed(root, 'customValue')) {
    const rawId = text(item, 'id')?.trim();
    if (!rawId) throw new PlanfixError('0009', 'customData/customValue/id');
    const id = toInt(rawId, 'customData/customValue/id');
    const field = fields.get(id);
    if (!field) throw new PlanfixError('0101', `custom field ${id}`);
    const value = text(item, 'value') ?? '';
    out.set(id, checkCustomValue(field, value));
  }
  return out;
}

function checkCustomValue(field: CustomField, value: string): string {
  const v = value.trim();
  if (v === '') return '';
  switch (field.type) {
    case 'number':
      if (!/^-?\d+([.,]\d+)?$/.test(v)) throw new PlanfixError('0015', `${field.name} takes a number`);
      return v.replace(',', '.');
    case 'checkbox':
      if (v !== '0' && v !== '1') throw new PlanfixError('0015', `${field.name} takes 0 or 1`);
      return v;
    case 'date':
      if (!/^\d{2}-\d{2}-\d{4}$/.test(v)) throw new PlanfixError('0015', `${field.name} takes dd-mm-yyyy`);
      return v;
    case 'list':
      if (!(field.options ?? []).includes(v)) throw new PlanfixError('0015', `${field.name} takes one of ${(field.options ?? []).join(', ')}`);
      return v;
    case 'string':
      return value;
  }
}

export function totals(count: number, total: number): OutObject {
  return { '@_count': count, '@_totalCount': total };
}
