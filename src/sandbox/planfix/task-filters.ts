// task.getList's complex filters (`filters/filter{type,operator,value,field}`, page "Фильтры
// задач"). Implemented: dates 12 created, 13 planned start, 14 planned end, 38 and 79 last
// change (no comments here, so both are the same), see date-filters.ts; people (1 owner,
// 2 worker, 39 member, 3/59/60 auditors), 8 title, 10 status ids, 7 client, 73 direct parent,
// flags (17, 29, 22, 23, 25, 26, 33, 41), custom fields 101 string, 102 number, 105 checkbox,
// 106 list, 152/153 has / has no value.
// The other documented kinds — dates 19, 20, 21, 103; contact / employee kinds (34, 35, 69-72,
// 108, 109, 112, 113); handbooks and analytics (11, 18, 107, 114); 16/28 periodicity,
// 24 process, 51 template — answer 0018 (not implemented here); a type the page does not list
// answers 0015.
import { datePeriod, inPeriod } from './date-filters.js';
import { parseDateTime, planfixDateToMs } from './dates.js';
import { PlanfixError } from './errors.js';
import { taskStatuses, type Task } from './model.js';
import { toInt } from './params.js';
import { taskIsOverdue } from './render.js';
import type { PlanfixState } from './state.js';
import { childrenNamed, type XmlNode } from './xml.js';

type Operator = 'equal' | 'notequal' | 'gt' | 'lt';
type Predicate = (task: Task) => boolean;

const documentedButNotHere = new Set([19, 20, 21, 103, 34, 35, 69, 70, 71, 72, 108, 109, 112, 113, 11, 18, 107, 114, 16, 28, 24, 51]);

function operatorOf(raw: string, allowed: Operator[], type: number): Operator {
  if (!(allowed as string[]).includes(raw)) throw new PlanfixError('0015', `filter ${type} takes operator ${allowed.join(' or ')}`);
  return raw as Operator;
}

function negate(op: Operator, test: Predicate): Predicate {
  return op === 'notequal' ? (t) => !test(t) : test;
}

function customField(state: PlanfixState, filter: XmlNode, type: number, kind: string) {
  const raw = childrenNamed(filter, 'field')[0]?.text.trim();
  if (!raw) throw new PlanfixError('0009', `filters/filter/field for filter ${type}`);
  const field = state.taskFields.get(toInt(raw, 'filters/filter/field'));
  if (!field) throw new PlanfixError('0101', `custom field ${raw}`);
  if (field.type !== kind) throw new PlanfixError('0015', `field ${field.id} is not of type ${kind}`);
  return field;
}

function onePredicate(state: PlanfixState, filter: XmlNode): Predicate {
  const typeText = childrenNamed(filter, 'type')[0]?.text.trim();
  if (!typeText) throw new PlanfixError('0009', 'filters/filter/type');
  const type = toInt(typeText, 'filters/filter/type');
  const opText = childrenNamed(filter, 'operator')[0]?.text.trim() ?? '';
  const value = childrenNamed(filter, 'value')[0]?.text.trim() ?? '';
  const intValue = (): number => toInt(value, `filters/filter/value of filter ${type}`);
  const eqOnly = (): Operator => operatorOf(opText, ['equal'], type);
  const eqNe = (): Operator => operatorOf(opText, ['equal', 'notequal'], type);

  switch (type) {
    case 12:
    case 13:
    case 14:
    case 38:
    case 79: {
      const op = operatorOf(opText, ['equal', 'notequal', 'gt', 'lt'], type);
      const period = datePeriod(childrenNamed(filter, 'value')[0]);
      const stamp = (text: string): number | undefined => {
        const parsed = parseDateTime(text);
        return parsed ? planfixDateToMs(parsed) : undefined;
      };
      const dateOf: (t: Task) => number | undefined =
        type === 12
          ? (t) => stamp(t.beginDateTime)
          : type === 13
            ? (t) => (t.start ? planfixDateToMs(t.start) : undefined)
            : type === 14
              ? (t) => (t.end ? planfixDateToMs(t.end) : undefined)
              : (t) => stamp(t.updatedAt);
      return (t) => inPeriod(op, period, dateOf(t));
    }
    case 1: {
      const op = eqNe();
      const id = intValue();
      return negate(op, (t) => t.ownerId === id);
    }
    case 2:
    case 39:
    case 3:
    case 59:
    case 60: {
      const op = eqNe();
      const id = intValue();
      const test: Predicate = (t) => {
        if (type === 2) return state.inParticipants(id, t.workers);
        if (type === 39) return state.inParticipants(id, t.members);
        const project = state.projects.get(t.projectId);
        const inProject = project !== undefined && state.inParticipants(id, project.auditors);
        if (type === 59) return inProject;
        if (type === 60) return state.inParticipants(id, t.auditors);
        return inProject || state.inParticipants(id, t.auditors);
      };
      return negate(op, test);
    }
    case 8: {
      const op = eqNe();
      const needle = value.toLocaleLowerCase('ru');
      return negate(op, (t) => t.title.toLocaleLowerCase('ru').includes(needle));
    }
    case 10: {
      const op = eqNe();
      const ids = value.split(';').map((v) => toInt(v.trim(), 'status id'));
      return negate(op, (t) => ids.includes(taskStatuses[t.status]));
    }
    case 7: {
      const op = eqNe();
      const id = intValue();
      return negate(op, (t) => t.clientId === id);
    }
    case 73: {
      const op = eqNe();
      const id = intValue();
      return negate(op, (t) => t.parentId === id);
    }
    case 17:
    case 29:
    case 22:
    case 23:
    case 25:
    case 26:
    case 33:
    case 41: {
      eqOnly();
      const flags: Record<number, Predicate> = {
        17: (t) => taskIsOverdue(t),
        29: (t) => !taskIsOverdue(t),
        22: (t) => t.start === undefined,
        23: (t) => t.end === undefined,
        25: (t) => t.start !== undefined,
        26: (t) => t.end !== undefined,
        33: (t) => t.workers.users.length === 0 && t.workers.groups.length === 0,
        41: (t) => t.members.users.length === 0 && t.members.groups.length === 0,
      };
      return flags[type] as Predicate;
    }
    case 101: {
      const op = eqNe();
      const field = customField(state, filter, type, 'string');
      const needle = value.toLocaleLowerCase('ru');
      return negate(op, (t) => (t.customData.get(field.id) ?? '').toLocaleLowerCase('ru').includes(needle));
    }
    case 102: {
      const op = operatorOf(opText, ['equal', 'notequal', 'gt', 'lt'], type);
      const field = customField(state, filter, type, 'number');
      if (!/^-?\d+([.,]\d+)?$/.test(value)) throw new PlanfixError('0015', 'filter 102 takes a number');
      const limit = Number(value.replace(',', '.'));
      return (t) => {
        const raw = t.customData.get(field.id);
        if (raw === undefined) return op === 'notequal';
        const n = Number(raw);
        return op === 'equal' ? n === limit : op === 'notequal' ? n !== limit : op === 'gt' ? n > limit : n < limit;
      };
    }
    case 105:
    case 106: {
      const op = eqNe();
      const field = customField(state, filter, type, type === 105 ? 'checkbox' : 'list');
      return negate(op, (t) => (t.customData.get(field.id) ?? (type === 105 ? '0' : '')) === value);
    }
    case 152:
    case 153: {
      eqOnly();
      const fieldId = intValue();
      if (!state.taskFields.has(fieldId)) throw new PlanfixError('0101', `custom field ${fieldId}`);
      return type === 152 ? (t) => t.customData.has(fieldId) : (t) => !t.customData.has(fieldId);
    }
    default:
      if (documentedButNotHere.has(type)) throw new PlanfixError('0018', `filter type ${type} is not emulated`);
      throw new PlanfixError('0015', `unknown filter type ${type}`);
  }
}

/** All filters must hold (the docs do not say; the web interface combines them with AND). */
export function taskFilters(state: PlanfixState, filtersNode: XmlNode | undefined): Predicate {
  const predicates = childrenNamed(filtersNode, 'filter').map((f) => onePredicate(state, f));
  return (t) => predicates.every((p) => p(t));
}
