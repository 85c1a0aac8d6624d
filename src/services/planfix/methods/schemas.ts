// Value shapes the Planfix catalogue entries share: inputs as users write them, outputs as the
// client's XML reader gives them (ints as numbers, repeated elements as arrays).
import { z } from 'zod';

/** An object id: a positive integer, also accepted as a numeric string. */
export const id = () =>
  z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)], {
    error: 'expected a positive whole number (an ID)',
  });

/** An id where the API also takes 0 ("none", e.g. no parent task). */
export const idOrZero = () =>
  z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)], {
    error: 'expected a whole number (an ID, or 0 for none)',
  });

/** A list of ids: an array, one id, or "1,2,3". */
export const ids = (max?: number) => {
  const list = z.array(id()).min(1);
  return z.union(
    [
      max ? list.max(max) : list,
      id().transform((v) => [v]),
      z
        .string()
        .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/)
        .transform((s) => s.split(',').map((p) => Number(p.trim()))),
    ],
    { error: `expected a list of IDs (positive whole numbers${max ? `, at most ${max}` : ''})` },
  );
};

/** A bool of the API: sent as 1 or 0; true/false, 1/0 accepted. */
export const flag = () =>
  z.union([z.boolean(), z.literal(1).transform(() => true), z.literal(0).transform(() => false), z.enum(['1', '0']).transform((s) => s === '1')], {
    error: 'expected true or false (1 or 0)',
  });

/** The API's Date: dd-mm-yyyy (a JavaScript Date is written so, by its UTC calendar day). */
export const date = () =>
  z.union(
    [
      z.string().regex(/^\d{2}-\d{2}-\d{4}$/),
      z.date().transform((d) => `${pad(d.getUTCDate())}-${pad(d.getUTCMonth() + 1)}-${d.getUTCFullYear()}`),
    ],
    { error: 'expected a date as dd-mm-yyyy' },
  );

/** The API's DateTime: dd-mm-yyyy or dd-mm-yyyy hh:mm, in the time zone of the authorised user. */
export const dateTime = () =>
  z.string().regex(/^\d{2}-\d{2}-\d{4}( \d{2}:\d{2})?$/, { error: 'expected dd-mm-yyyy or dd-mm-yyyy hh:mm' });

/** The API's Time: hh:mm. */
export const time = () => z.string().regex(/^\d{2}:\d{2}$/, { error: 'expected a time as hh:mm' });

const pad = (n: number) => String(n).padStart(2, '0');

/** A page number for the list methods, from 1; 0 asks only for the count (totalCount). */
export const pageCurrent = () => z.number().int().nonnegative().optional();
/** A page size for the list methods (the API caps it at 100). */
export const pageSize = () => z.number().int().min(1).max(100).optional();

/** Custom field values to write: [{ id, value }] → customData/customValue. */
export const customValues = () =>
  z
    .array(
      z.strictObject({
        id: id(),
        value: z.union([z.string(), z.number().transform(String), z.array(z.union([z.string(), z.number()])).transform((v) => `[${v.join(',')}]`)]),
      }),
    )
    .min(1);

/** Complex filters of the list methods: [{ type, operator, value, field }] → filters/filter. */
export const filters = () =>
  z
    .array(
      z.strictObject({
        type: z.number().int(),
        operator: z.enum(['equal', 'notequal', 'gt', 'lt']),
        value: z.union([z.string(), z.number(), z.record(z.string(), z.union([z.string(), z.number()]))]),
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
