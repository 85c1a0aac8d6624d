// Value shapes the Bitrix24 catalogue entries share. Inputs are forgiving in the ways users
// write them (ids as numbers or numeric strings, flags as booleans or Y/N); outputs are what the
// portal expects on the wire.
import { z } from 'zod';
import { dateInputMessage, int32Max, isoParts, wholeNumberProblem, isoPoint, rangeIssues, textOf, wholeNumber, wholeNumberList, type WholeNumberRule } from '../../../core/values.js';
import type { ValidationIssue } from '../../../core/errors.js';

/**
 * Entity ids are the keys of the portal's MySQL tables (INT, auto-increment from 1): 1 … 2^31−1.
 * Anything else is refused before a request, never rounded or sent as 1e+30.
 */
const idRule: WholeNumberRule = { min: 1, max: int32Max, noun: 'an ID' };

/** An entity id: a positive integer, also accepted as a string of digits. */
export const id = () => wholeNumber(idRule);

/** A list of ids; a single id is accepted as a list of one. */
export const ids = () => wholeNumberList(idRule, { plural: 'a list of IDs' });

/** A count or other whole number from `min` (1 by default) to 2^31−1, with the ID rule's messages. */
export const count = (noun: string, min = 1) => wholeNumber({ min, max: int32Max, noun });

/** A moment as Unix seconds (from_ts, to_ts): 0 … the last second of 9999. */
export const unixSeconds = () => wholeNumber({ min: 0, max: 253_402_300_799, noun: 'a Unix time in seconds' });

const ownerRule: WholeNumberRule = { min: 0, max: int32Max, noun: 'an owner ID', note: '0 or empty for the company calendar' };

/** A calendar owner: a user or group ID; 0 or '' for the company calendar. */
export const ownerId = () =>
  z.union([wholeNumber(ownerRule), z.literal('')], { error: (issue) => wholeNumberProblem(issue.input, ownerRule) ?? 'expected an owner ID' });

/** A Y/N flag, also accepted as a boolean; sent as 'Y' or 'N'. */
export const yn = () =>
  z.union([z.boolean().transform((b): 'Y' | 'N' => (b ? 'Y' : 'N')), z.enum(['Y', 'N'])], {
    error: 'expected Y or N (or true/false)',
  });

/** A flag oint takes as a boolean (Булево), sent as 'Y' or 'N'; on the command line it may stand alone. */
export const ynFlag = () => z.boolean({ error: 'expected true or false' }).transform((b): 'Y' | 'N' => (b ? 'Y' : 'N'));

/** A Date as a schema input: refused when invalid, formatted by `format` otherwise. */
const dateObject = (format: (d: Date) => string) => z.date().transform(format);

/** A calendar date, YYYY-MM-DD, a real day (a Date is formatted so, by its UTC day). */
export const date = () =>
  z.union(
    [
      textOf(/^\d{4}-\d{2}-\d{2}$/, (t) => isoParts(t) !== undefined, 'expected a date as YYYY-MM-DD', 'there is no such day'),
      dateObject((d) => d.toISOString().slice(0, 10)),
    ],
    { error: dateInputMessage('expected a date as YYYY-MM-DD') },
  );

/** A date or date-time in ISO 8601, a real moment, with or without an offset (a Date is formatted so). */
export const dateTime = () =>
  z.union(
    [
      textOf(
        /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/,
        (t) => isoParts(t) !== undefined,
        'expected an ISO 8601 date or date-time (YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][±hh:mm])',
        'there is no such day, time or offset',
      ),
      dateObject((d) => d.toISOString()),
    ],
    { error: dateInputMessage('expected an ISO 8601 date or date-time') },
  );

/** A moment: an ISO 8601 date-time with its time of day, with or without an offset (a Date is formatted so). */
export const moment = () =>
  z.union(
    [
      textOf(
        /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)$/,
        (t) => isoParts(t) !== undefined,
        'expected an ISO 8601 date-time with a time of day (YYYY-MM-DDThh:mm[:ss][±hh:mm])',
        'there is no such day, time or offset',
      ),
      dateObject((d) => d.toISOString()),
    ],
    { error: dateInputMessage('expected an ISO 8601 date-time with a time of day') },
  );

/**
 * The issue of a period whose start is after its end: ISO dates at `from` and `to` of the
 * parameters, or of the object parameter `at` (fields, filter).
 */
export function periodIssues(input: Record<string, unknown>, nameOf: (key: string) => string, from: string, to: string, at?: string): ValidationIssue[] {
  const value = (at ? input[at] : input) as Record<string, unknown> | undefined;
  if (!value || typeof value !== 'object') return [];
  return rangeIssues(at ? `${at}.${from}` : from, isoPoint(value[from]), isoPoint(value[to]), nameOf(at ? `${at}.${to}` : to));
}

/** A structure of named fields as the portal takes them (oint's --fields). */
export const fields = () => z.record(z.string(), z.unknown());

/**
 * The fields one may filter an entity's list by — every field of the entity's schema, each
 * optional — for oint's filter structures (ПолучитьСтруктуруФильтра…), whose answer is the
 * template of this schema. A prefix (>=, !, %, @ …) may go before any key.
 */
export const filterFields = <T extends z.ZodObject>(entity: T) => entity.partial();

/** A list filter: field names with optional prefixes (>, >=, <, <=, !, %, @) mapped to values. */
export const filter = () => z.record(z.string(), z.unknown());

/** Calendar owner kinds. */
export const calendarType = () => z.enum(['user', 'group', 'company_calendar']);

/** Ids come back as strings from most Bitrix24 methods, as numbers from a few. */
export const idOut = () => z.union([z.string(), z.number()]);

/** A sort direction; lower case is accepted and sent in upper case. */
export const sortOrder = () =>
  z.enum(['ASC', 'DESC', 'asc', 'desc'], { error: 'expected ASC or DESC' }).transform((v) => v.toUpperCase() as 'ASC' | 'DESC');

/** The fields a list should return (`select`); masks such as '*' and 'UF_*' are allowed. */
export const select = () => z.array(z.string().min(1)).min(1);

/** A CRM list order: field name → ASC or DESC. */
export const crmOrder = () => z.record(z.string(), sortOrder());

/**
 * A list offset for `start`: a multiple of the page size (50) from a previous `next`, or -1 to
 * skip counting the total.
 */
export const start = () => wholeNumber({ min: -1, max: int32Max, noun: 'a list offset', note: '-1 skips counting' });

/** PHP turns an empty map into `[]`; where the docs promise an object, accept that too. */
export const phpMap = <T extends z.ZodType>(value: T) =>
  z.union([z.record(z.string(), value), z.array(z.never()).length(0).transform(() => ({}) as Record<string, z.output<T>>)]);

/** A nullable text, as CRM entities return unset fields. */
export const text = () => z.string().nullable();

/** One field as crm.*.fields describe it (crm_rest_field_description). */
export const crmFieldDescription = z.looseObject({
  type: z.string(),
  isRequired: z.boolean(),
  isReadOnly: z.boolean(),
  isImmutable: z.boolean(),
  isMultiple: z.boolean(),
  isDynamic: z.boolean(),
  title: z.string(),
  statusType: z.string().optional(),
  listLabel: z.string().optional(),
  formLabel: z.string().optional(),
  filterLabel: z.string().optional(),
  items: z.array(z.looseObject({ ID: idOut(), VALUE: z.string() })).optional(),
  settings: z.unknown().optional(),
  upperName: z.string().optional(),
});

/** A multiple CRM field value (crm_multifield): a phone, an e-mail, a messenger, a site. */
export const crmMultifield = z.looseObject({
  ID: idOut().optional(),
  VALUE: z.string(),
  VALUE_TYPE: z.string(),
  TYPE_ID: z.string().optional(),
});

/** oint's --offset (-o) of a list: the `start` of its page, or -1 to skip counting. */
export const offsetParam = {
  schema: start().optional(),
  wire: 'start',
  cli: 'offset',
  short: 'o',
  description: { en: 'Offset of the page (multiples of 50; -1 skips counting)', ru: 'Смещение страницы (кратно 50; -1 — без подсчета)' },
  example: 0,
} as const;

/**
 * The parameters every crm.*.list method takes (filter, select, order, start), described for one
 * kind of entity; `noun` is the entity in the genitive ("of a deal": { en: 'deal', ru: 'сделки' }).
 */
export function crmListParams(
  noun: { en: string; ru: string },
  examples: { filter: Record<string, unknown>; select: string[]; order: Record<string, 'ASC' | 'DESC'> },
) {
  return {
    filter: {
      schema: filter().optional(),
      cli: 'filter',
      short: 'f',
      description: {
        en: `Filter: ${noun.en} fields with prefixes (>=, >, <=, <, @, !@, %, =%, !=, !)`,
        ru: `Фильтр: поля ${noun.ru} с префиксами (>=, >, <=, <, @, !@, %, =%, !=, !)`,
      },
      example: examples.filter,
    },
    select: {
      schema: select().optional(),
      cli: 'select',
      description: { en: 'Fields to return (* and UF_* masks allowed)', ru: 'Возвращаемые поля (допустимы маски * и UF_*)' },
      example: examples.select,
    },
    order: {
      schema: crmOrder().optional(),
      cli: 'order',
      description: { en: 'Sorting: field → ASC or DESC', ru: 'Сортировка: поле → ASC или DESC' },
      example: examples.order,
    },
    offset: offsetParam,
  } as const;
}

/** Where a CRM item came from (external system, UTM tags): the same writable fields on deals and leads. */
export const crmOriginFields = {
  ORIGINATOR_ID: z.string().optional(),
  ORIGIN_ID: z.string().optional(),
  UTM_SOURCE: z.string().optional(),
  UTM_MEDIUM: z.string().optional(),
  UTM_CAMPAIGN: z.string().optional(),
  UTM_CONTENT: z.string().optional(),
  UTM_TERM: z.string().optional(),
};
