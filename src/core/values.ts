// The value rules every service's schemas share, defined once: IDs and whole numbers as typed
// (digits only, within the service's range, never rounded), real calendar dates and times, and
// ranges whose start is not after their end. Services pick the range and the format; the rule and
// its messages live here, in our words.
import { z } from 'zod';
import type { ValidationIssue } from './errors.js';
import { kindOfValue } from './zod-messages.js';

// ——— whole numbers and IDs ———

export interface WholeNumberRule {
  min: number;
  max: number;
  /** What the value is, for messages: 'an ID', 'a page number'. */
  noun: string;
  /** How the smallest value reads when it is special ("0 for none"), shown in the expectation. */
  note?: string;
}

/** The largest value of a 32-bit signed integer: a MySQL INT key, a .NET/Planfix int. */
export const int32Max = 2_147_483_647;

const expectation = (rule: WholeNumberRule) =>
  `expected ${rule.noun}: a whole number from ${rule.min} to ${rule.max}${rule.note ? ` (${rule.note})` : ''}, in digits`;

/** Digits of a long number, cut so that an error line stays short. */
const digitsShown = (text: string) => (text.length > 24 ? `${text.slice(0, 20)}…` : text);

const bare = (rule: WholeNumberRule) => rule.noun.replace(/^an? /, '');

/**
 * What is wrong with a whole-number input under a rule, or undefined when it is right. Numbers
 * must be safe integers; text must be plain decimal digits (a minus first where the rule allows
 * negative values): no exponent, sign, fraction or spaces.
 */
export function wholeNumberProblem(input: unknown, rule: WholeNumberRule): string | undefined {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || !Number.isInteger(input)) return `${expectation(rule)}; ${Number.isFinite(input) ? `${input} has a fraction` : 'got a number that is not finite'}`;
    // Past 2^53 the number was rounded before it reached us; every rule's range ends below that.
    if (!Number.isSafeInteger(input)) return `${input} is beyond the largest ${bare(rule)}, ${rule.max}`;
    text = String(input);
  } else if (typeof input === 'string') {
    if (input === '') return `${expectation(rule)}; got an empty value`;
    if (!(rule.min < 0 ? /^-?\d+$/ : /^\d+$/).test(input)) {
      return `${expectation(rule)}; ${/^[+-]?[\d.]+([eE][+-]?\d+)?$/.test(input.trim()) ? 'no exponent, sign, fraction or spaces' : 'got text that is not a number'}`;
    }
    text = input;
  } else if (input === undefined) {
    return `required: ${expectation(rule)}`;
  } else {
    return `${expectation(rule)}, not ${kindOfValue(input)}`;
  }
  const value = BigInt(text);
  if (value < BigInt(rule.min)) {
    return value === 0n ? `0 is not ${rule.noun}: the smallest is ${rule.min}` : `${digitsShown(text)} is below the smallest ${bare(rule)}, ${rule.min}`;
  }
  if (value > BigInt(rule.max)) return `${digitsShown(text)} is beyond the largest ${bare(rule)}, ${rule.max}`;
  return undefined;
}

/**
 * A whole number as users write it: a number or a string of digits, checked by the rule, given
 * to the wire as a number (exact: every rule's range is within 2^53).
 */
export function wholeNumber(rule: WholeNumberRule) {
  if (!Number.isSafeInteger(rule.min) || !Number.isSafeInteger(rule.max)) throw new RangeError('wholeNumber: the range must be within 2^53');
  // Every check speaks through one message, computed from the value as given (never a rounded one).
  const error = (issue: { input?: unknown }) => wholeNumberProblem(issue.input, rule) ?? expectation(rule);
  const fits = (value: number | string) => wholeNumberProblem(value, rule) === undefined;
  const asNumber = z
    .number({ error })
    .int({ error, abort: true })
    .min(rule.min, { error, abort: true })
    .max(rule.max, { error, abort: true });
  const asText = z
    .string({ error })
    .regex(rule.min < 0 ? /^-?\d+$/ : /^\d+$/, { error, abort: true })
    .refine(fits, { error })
    .transform(Number);
  return z.union([asNumber, asText], { error });
}

/**
 * A list of whole numbers: a list, one value (a list of one), or — with `commaSeparated` — a text
 * "1,2,3". Each item follows the rule; the message names the first item at fault.
 */
export function wholeNumberList(
  rule: WholeNumberRule,
  options: { maxItems?: number; plural: string; commaSeparated?: boolean },
): z.ZodType<number[], number | string | (number | string)[]> {
  const item = wholeNumber(rule);
  const expected = `expected ${options.plural} (whole numbers from ${rule.min} to ${rule.max}${options.maxItems ? `, at most ${options.maxItems}` : ''})`;
  const itemsOf = (input: unknown): unknown[] | undefined =>
    Array.isArray(input) ? input : options.commaSeparated && typeof input === 'string' && input.includes(',') ? input.split(',').map((p) => p.trim()) : undefined;
  const problem = (input: unknown): string => {
    const items = itemsOf(input);
    if (!items) return wholeNumberProblem(input, rule) ?? expected;
    if (items.length === 0) return `${expected}; got an empty list`;
    if (options.maxItems && items.length > options.maxItems) return `${expected}; got ${items.length}`;
    for (const [index, value] of items.entries()) {
      const fault = wholeNumberProblem(value, rule);
      if (fault) return `item ${index + 1}: ${fault}`;
    }
    return expected;
  };
  const error = (issue: { input?: unknown }) => problem(issue.input);
  const atLeastOne = z.array(item, { error }).min(1, { error });
  const list = options.maxItems ? atLeastOne.max(options.maxItems, { error }) : atLeastOne;
  const alternatives: [z.ZodType, z.ZodType, ...z.ZodType[]] = [list, item.transform((v) => [v])];
  if (options.commaSeparated) {
    alternatives.push(
      z
        .string()
        .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/)
        .transform((s) => s.split(',').map((p) => p.trim()))
        .pipe(list as unknown as z.ZodType<number[], string[]>),
    );
  }
  return z.union(alternatives, { error }) as unknown as z.ZodType<number[], number | string | (number | string)[]>;
}

// ——— dates and times ———

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Whether year-month-day is a day of the calendar (proleptic Gregorian, years 1…9999). */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/** Whether hours:minutes[:seconds] is a time of day (00:00 … 23:59:59). */
export function isTimeOfDay(hours: number, minutes: number, seconds = 0): boolean {
  return hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59 && seconds >= 0 && seconds <= 59;
}

/** The parts of an ISO 8601 date or date-time. */
export interface IsoParts {
  date: string;
  /** Minutes since midnight with seconds as a fraction; undefined for a date alone. */
  time?: number;
  /** Offset from UTC in minutes; undefined when the text gives none (the service's local time). */
  offset?: number;
}

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|([+-])(\d{2}):?(\d{2}))?)?$/;

/** The parts of an ISO 8601 text, or undefined when it is not one or not a real moment (2024-02-30, 25:00, +15:00). */
export function isoParts(text: string): IsoParts | undefined {
  const m = isoPattern.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone, sign, oh, om] = m;
  if (!isCalendarDay(Number(y), Number(mo), Number(d))) return undefined;
  const parts: IsoParts = { date: `${y}-${mo}-${d}` };
  if (h === undefined) return parts;
  if (!isTimeOfDay(Number(h), Number(mi), Number(s ?? 0))) return undefined;
  parts.time = Number(h) * 60 + Number(mi) + (Number(s ?? 0) + Number(fraction ?? 0)) / 60;
  if (zone === 'Z') parts.offset = 0;
  else if (zone !== undefined) {
    if (Number(oh) > 14 || Number(om) > 59) return undefined;
    parts.offset = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  }
  return parts;
}

/** The calendar date of a dd-mm-yyyy text as YYYY-MM-DD, or undefined when it is not a real day. */
export function dmyDate(text: string): string | undefined {
  const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(text);
  if (!m || !isCalendarDay(Number(m[3]), Number(m[2]), Number(m[1]))) return undefined;
  return `${m[3]}-${m[2]}-${m[1]}`;
}

/** Minutes since midnight of an hh:mm text, or undefined when it is not a time of day. */
export function hhmm(text: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m || !isTimeOfDay(Number(m[1]), Number(m[2]))) return undefined;
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * A text schema that accepts what `valid` accepts, with our message otherwise. The pattern stays
 * in the schema for the JSON Schema (help, docs, coercion), never in a message.
 */
export function textOf(pattern: RegExp, valid: (text: string) => boolean, expected: string, unreal: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `required: ${expected}` : `${expected}, not ${kindOfValue(issue.input)}`) })
    .regex(pattern, { error: expected, abort: true })
    .refine(valid, { error: `${expected}: ${unreal}` });
}

/** The message of a date schema (text or Date) when neither form fits: never "not text" for text. */
export const dateInputMessage = (expected: string) => (issue: { input?: unknown }) =>
  issue.input instanceof Date ? `${expected}; got an invalid Date` : typeof issue.input === 'string' ? expected : `${expected}, not ${kindOfValue(issue.input)}`;

// ——— ranges ———

/** A point of a range, comparable: a date (YYYY-MM-DD), minutes in the day, and an offset when known. */
export interface RangePoint {
  date: string;
  time?: number;
  offset?: number;
}

/** Compares two points; undefined when they cannot be compared (one has an offset, the other not). */
export function comparePoints(a: RangePoint, b: RangePoint): number | undefined {
  if ((a.offset === undefined) !== (b.offset === undefined) && a.time !== undefined && b.time !== undefined) return undefined;
  const minutes = (p: RangePoint) => Date.parse(`${p.date}T00:00:00Z`) / 60_000 + (p.time ?? 0) - (p.offset ?? 0);
  if (a.time === undefined || b.time === undefined) return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
  return Math.sign(minutes(a) - minutes(b));
}

/**
 * The issue of a range whose start is after its end, for an entry's `check` or an object's rule:
 * reported at the start's path, naming the end as the user knows it (`to`, `--to`).
 */
export function rangeIssues(path: string, from: RangePoint | undefined, to: RangePoint | undefined, toName: string): ValidationIssue[] {
  if (!from || !to) return [];
  const order = comparePoints(from, to);
  return order !== undefined && order > 0 ? [{ path, message: `is after ${toName}: the start of a period must be on or before its end` }] : [];
}

/** An ISO text (or Date, as the schemas format it) as a range point. */
export const isoPoint = (value: unknown): RangePoint | undefined => (typeof value === 'string' ? isoParts(value) : undefined);
