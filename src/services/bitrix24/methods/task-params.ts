// Pieces the task sections share: the task ID option as oint names it, and the nested objects
// (FIELDS, ARFIELDS, PARAMS, DATA, fields) that several task methods take instead of flat
// parameters, built from the parsed input.
import { id } from './schemas.js';

/** `--task` (`-t`): a task ID. */
export const taskIdParam = (example: number) =>
  ({
    schema: id(),
    cli: 'task',
    short: 't',
    description: { en: 'Task ID', ru: 'ID задачи' },
    example,
  }) as const;

/**
 * The given input values under their wire names (input key → wire key), in the order of `names`;
 * values not given are left out, so that an update changes only what was asked.
 */
export function renamed(input: Record<string, unknown>, names: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, wire] of Object.entries(names)) if (input[key] !== undefined) out[wire] = input[key];
  return out;
}
