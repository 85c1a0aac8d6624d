// The list filters of Bitrix24: a key is a field name with an optional operator prefix
// (">=ID", "@STAGE_ID", "%TITLE", "!=STATUS_ID"), the value a scalar or a list.
import { parseDate } from './dates.js';
import { isRecord, toBool, toList, toNumber, toStr } from './params.js';
import { PortalError } from './errors.js';

/** How a field's values compare: numbers, dates (epoch seconds), text, Y/N flags. */
export type ValueKind = 'int' | 'num' | 'date' | 'str' | 'bool';

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'in' | 'notIn' | 'like' | 'notLike' | 'pattern' | 'notPattern';

export interface Condition {
  field: string;
  op: Operator;
  /** Coerced values; a plain "=" with a list means IN. */
  values: (number | string | boolean | null)[];
  /** For pattern operators: the compiled LIKE pattern. */
  regex?: RegExp;
}

// Longest prefixes first, so that "!=%" is not read as "!=" + "%FIELD".
const prefixes: [string, Operator][] = [
  ['!=%', 'notPattern'],
  ['!%=', 'notPattern'],
  ['!@', 'notIn'],
  ['!%', 'notLike'],
  ['!=', '!='],
  ['>=', '>='],
  ['<=', '<='],
  ['=%', 'pattern'],
  ['%=', 'pattern'],
  ['!', '!='],
  ['>', '>'],
  ['<', '<'],
  ['@', 'in'],
  ['%', 'like'],
  ['=', '='],
];

export function splitKey(key: string): { op: Operator; field: string } {
  for (const [prefix, op] of prefixes) {
    if (key.startsWith(prefix)) return { op, field: key.slice(prefix.length) };
  }
  return { op: '=', field: key };
}

function coerce(value: unknown, kind: ValueKind): number | string | boolean | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'int':
    case 'num':
      return toNumber(value) ?? (toStr(value) === '' ? null : Number.NaN);
    case 'date': {
      const text = toStr(value);
      if (text === undefined || text === '') return null;
      return parseDate(text) ?? Number.NaN;
    }
    case 'bool':
      return toBool(value) ?? null;
    case 'str':
      return toStr(value) ?? null;
  }
}

export function likeRegex(pattern: string): RegExp {
  const body = pattern
    .split('%')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/_/g, '.'))
    .join('.*');
  return new RegExp(`^${body}$`, 'is');
}

/**
 * Compiles a filter object. `kindOf` names the fields the entity knows; unknown fields are
 * skipped, as the portal ignores them.
 */
export function compileFilter(filter: unknown, kindOf: (field: string) => ValueKind | undefined, name = 'filter'): Condition[] {
  if (filter === undefined || filter === null || filter === '') return [];
  if (!isRecord(filter)) {
    if (Array.isArray(filter) && filter.length === 0) return [];
    throw new PortalError(400, '', `Parameter '${name}' must be array.`);
  }
  const conditions: Condition[] = [];
  for (const [key, raw] of Object.entries(filter)) {
    const { op, field: rawField } = splitKey(key);
    const field = rawField.toUpperCase();
    const kind = kindOf(field);
    if (kind === undefined) continue;
    const list = Array.isArray(raw) || isRecord(raw) ? (toList(raw) ?? []) : [raw];
    if (op === 'like' || op === 'notLike' || op === 'pattern' || op === 'notPattern') {
      const text = toStr(list[0]) ?? '';
      const regex = op === 'pattern' || op === 'notPattern' ? likeRegex(text) : likeRegex(`%${text}%`);
      conditions.push({ field, op, values: [text], regex });
      continue;
    }
    let finalOp: Operator = op;
    if (op === '=' && list.length !== 1) finalOp = 'in';
    if (op === '!=' && list.length !== 1) finalOp = 'notIn';
    conditions.push({ field, op: finalOp, values: list.map((v) => coerce(v, kind)) });
  }
  return conditions;
}

type Scalar = number | string | boolean | null;

function equal(a: Scalar, b: Scalar): boolean {
  if (a === null || b === null) return a === b || (a === '' && b === null) || (a === null && b === '');
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === 'number' && typeof b === 'string') return String(a) === b;
  if (typeof a === 'string' && typeof b === 'number') return a === String(b);
  return a === b;
}

function compare(a: Scalar, b: Scalar): number | undefined {
  if (a === null || b === null) return undefined;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(b) ? undefined : a - b;
  return String(a).localeCompare(String(b), 'ru');
}

function matchScalar(cond: Condition, value: Scalar): boolean {
  const first = cond.values[0] ?? null;
  switch (cond.op) {
    case '=':
      return equal(value, first);
    case '!=':
      return !equal(value, first);
    case 'in':
      return cond.values.some((v) => equal(value, v));
    case 'notIn':
      return !cond.values.some((v) => equal(value, v));
    case '>': {
      const c = compare(value, first);
      return c !== undefined && c > 0;
    }
    case '>=': {
      const c = compare(value, first);
      return c !== undefined && c >= 0;
    }
    case '<': {
      const c = compare(value, first);
      return c !== undefined && c < 0;
    }
    case '<=': {
      const c = compare(value, first);
      return c !== undefined && c <= 0;
    }
    case 'like':
    case 'pattern':
      return value !== null && cond.regex!.test(String(value));
    case 'notLike':
    case 'notPattern':
      return value === null || !cond.regex!.test(String(value));
  }
}

/** A row value may be a list (UF_DEPARTMENT): positive operators match any element. */
export function matches(cond: Condition, value: Scalar | readonly Scalar[]): boolean {
  if (Array.isArray(value)) {
    const negative = cond.op === '!=' || cond.op === 'notIn' || cond.op === 'notLike' || cond.op === 'notPattern';
    return negative ? value.every((v) => matchScalar(cond, v)) : value.some((v) => matchScalar(cond, v));
  }
  return matchScalar(cond, value as Scalar);
}
