// Value shapes the Bitrix24 catalogue entries share. Inputs are forgiving in the ways users
// write them (ids as numbers or numeric strings, flags as booleans or Y/N); outputs are what the
// portal expects on the wire.
import { z } from 'zod';

/** An entity id: a positive integer, also accepted as a numeric string. */
export const id = () =>
  z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)], {
    error: 'expected a positive whole number (an ID)',
  });

/** A list of ids; a single id is accepted as a list of one. */
export const ids = () =>
  z.union([z.array(id()).min(1), id().transform((v) => [v])], { error: 'expected a list of IDs (positive whole numbers)' });

/** A Y/N flag, also accepted as a boolean; sent as 'Y' or 'N'. */
export const yn = () =>
  z.union([z.boolean().transform((b): 'Y' | 'N' => (b ? 'Y' : 'N')), z.enum(['Y', 'N'])], {
    error: 'expected Y or N (or true/false)',
  });

/** A calendar date, YYYY-MM-DD (a Date is formatted so). */
export const date = () =>
  z.union([
    z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    z.date().transform((d) => d.toISOString().slice(0, 10)),
  ], { error: 'expected a date as YYYY-MM-DD' });

/** A date or date-time in ISO 8601 (a Date is formatted so). */
export const dateTime = () =>
  z.union([
    z.string().regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/),
    z.date().transform((d) => d.toISOString()),
  ], { error: 'expected an ISO 8601 date or date-time' });

/** A structure of named fields as the portal takes them (oint's --fields). */
export const fields = () => z.record(z.string(), z.unknown());

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
export const start = () => z.union([z.number().int().min(-1), z.string().regex(/^(-1|\d+)$/).transform(Number)], {
  error: 'expected a list offset: a whole number from 0 (or -1 to skip counting)',
});

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
    offset: {
      schema: start().optional(),
      wire: 'start',
      cli: 'offset',
      short: 'o',
      description: { en: 'Offset of the page (multiples of 50; -1 skips counting)', ru: 'Смещение страницы (кратно 50; -1 — без подсчета)' },
      example: 0,
    },
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
