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
