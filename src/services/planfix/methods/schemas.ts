// Value shapes the Planfix catalogue entries share: inputs as users write them, outputs as the
// client's XML reader gives them (ints as numbers, repeated elements as arrays).
import { z } from 'zod';
import { dateInputMessage, dmyDate, hhmm, int32Max, rangeIssues, textOf, wholeNumber, wholeNumberList, type RangePoint, type WholeNumberRule } from '../../../core/values.js';
import type { ValidationIssue } from '../../../core/errors.js';

/** Object ids are the API's int (32-bit, from 1); anything else is refused before a request. */
const idRule: WholeNumberRule = { min: 1, max: int32Max, noun: 'an ID' };

/** An object id: a positive integer, also accepted as a string of digits. */
export const id = () => wholeNumber(idRule);

/** An id where the API also takes 0 ("none", e.g. no parent task). */
export const idOrZero = () => wholeNumber({ ...idRule, min: 0, note: '0 for none' });

/** A list of ids: an array, one id, or "1,2,3". */
export const ids = (max?: number) => wholeNumberList(idRule, { plural: 'a list of IDs', commaSeparated: true, ...(max !== undefined && { maxItems: max }) });

// XML 1.0 carries no control characters other than tab, line feed and carriage return.
const xmlCarries = (s: string) => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff) return false;
  }
  return true;
};

/** Text for the XML wire: control characters XML cannot carry are refused before any request. */
export const text = () =>
  z.string().refine(xmlCarries, { error: 'contains a control character, which the XML API cannot carry (tab and line breaks are fine)' });

/** A bool of the API: sent as 1 or 0; true/false, 1/0 accepted. */
export const flag = () =>
  z.union([z.boolean(), z.literal(1).transform(() => true), z.literal(0).transform(() => false), z.enum(['1', '0']).transform((s) => s === '1')], {
    error: 'expected true or false (1 or 0)',
  });

/** The API's Date: dd-mm-yyyy, a real day (a JavaScript Date is written so, by its UTC calendar day). */
export const date = () =>
  z.union(
    [
      textOf(/^\d{2}-\d{2}-\d{4}$/, (t) => dmyDate(t) !== undefined, 'expected a date as dd-mm-yyyy', 'there is no such day'),
      z.date().transform((d) => `${pad(d.getUTCDate())}-${pad(d.getUTCMonth() + 1)}-${d.getUTCFullYear()}`),
    ],
    { error: dateInputMessage('expected a date as dd-mm-yyyy') },
  );

/** The parts of a dd-mm-yyyy [hh:mm] text: its day (YYYY-MM-DD) and minutes, or undefined when not real. */
export function dmyDateTime(text: string): { date: string; time?: number } | undefined {
  const [day, time, ...rest] = text.split(' ');
  const date = dmyDate(day ?? '');
  if (!date || rest.length > 0) return undefined;
  if (time === undefined) return { date };
  const minutes = hhmm(time);
  return minutes === undefined ? undefined : { date, time: minutes };
}

/** The API's DateTime: dd-mm-yyyy or dd-mm-yyyy hh:mm, in the time zone of the authorised user. */
export const dateTime = () =>
  textOf(/^\d{2}-\d{2}-\d{4}( \d{2}:\d{2})?$/, (t) => dmyDateTime(t) !== undefined, 'expected dd-mm-yyyy or dd-mm-yyyy hh:mm', 'there is no such day or time');

/** The API's Time: hh:mm, 00:00 … 23:59. */
export const time = () => textOf(/^\d{2}:\d{2}$/, (t) => hhmm(t) !== undefined, 'expected a time as hh:mm', 'there is no such time (00:00 … 23:59)');

/**
 * The issue of a period whose start is after its end: `from` and `to` name a date parameter
 * (dd-mm-yyyy) and, optionally, a time parameter (hh:mm) each.
 */
export function periodIssues(
  input: Record<string, unknown>,
  nameOf: (key: string) => string,
  from: [date: string, time?: string],
  to: [date: string, time?: string],
): ValidationIssue[] {
  const point = ([dateKey, timeKey]: [string, string?]): RangePoint | undefined => {
    const day = typeof input[dateKey] === 'string' ? dmyDate(input[dateKey]) : undefined;
    if (!day) return undefined;
    const minutes = timeKey && typeof input[timeKey] === 'string' ? hhmm(input[timeKey]) : undefined;
    return minutes === undefined ? { date: day } : { date: day, time: minutes };
  };
  const start = point(from);
  const end = point(to);
  // On one day it is the times that are out of order: name them.
  const sameDay = start && end && start.date === end.date && start.time !== undefined && end.time !== undefined;
  return sameDay ? rangeIssues(from[1]!, start, end, nameOf(to[1]!)) : rangeIssues(from[0], start, end, nameOf(to[0]));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A page number for the list methods, from 1; 0 asks only for the count (totalCount). */
export const pageCurrent = () => wholeNumber({ min: 0, max: int32Max, noun: 'a page number', note: '0 asks for the count only' }).optional();
/** A page size for the list methods (the API caps it at 100). */
export const pageSize = () => wholeNumber({ min: 1, max: 100, noun: 'a page size' }).optional();

/** Custom field values to write: [{ id, value }] → customData/customValue. */
export const customValues = () =>
  z
    .array(
      z.strictObject({
        id: id(),
        value: z.union([text(), z.number().transform(String), z.array(z.union([text(), z.number()])).transform((v) => `[${v.join(',')}]`)]),
      }),
    )
    .min(1);

/** Complex filters of the list methods: [{ type, operator, value, field }] → filters/filter. */
export const filters = () =>
  z
    .array(
      z.strictObject({
        type: wholeNumber({ min: 1, max: int32Max, noun: 'a filter type' }),
        operator: z.enum(['equal', 'notequal', 'gt', 'lt']),
        value: z.union([text(), z.number(), z.record(z.string(), z.union([text(), z.number()]))]),
        field: id().optional(),
      }),
    )
    .min(1);

// ——— results ———

/** A reference to a user, group, project or client: { id, name } (name absent in some places). */
export const refOut = z.looseObject({ id: z.number(), name: z.string().optional() });

/** People attached to a task or project: users/user[] and groups/group[]. */
export const peopleOut = z.looseObject({
  users: z.looseObject({ user: z.array(refOut) }).optional(),
  groups: z.looseObject({ group: z.array(refOut) }).optional(),
});

/** Custom field values as answers give them. */
export const customDataOut = z.looseObject({
  customValue: z.array(
    z.looseObject({
      field: z.looseObject({ id: z.number(), name: z.string().optional() }).optional(),
      value: z.unknown().optional(),
      text: z.unknown().optional(),
    }),
  ),
});

/** `<task><id/></task>`: the answer of every task change. */
export const taskIdOut = z.looseObject({ task: z.looseObject({ id: z.number() }) });
