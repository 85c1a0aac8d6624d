// Helpers for entries whose wire tree needs more than renaming: flags the API wants next to a
// value, and "one of these is required" rules that a single parameter's schema cannot express.
import { toWireParams, type AnyEntry, type Params } from '../../../core/catalogue.js';
import type { ValidationIssue } from '../../../core/errors.js';

/** The plain path mapping of the core (element paths with '/') for a set of parameters. */
export function wireByPaths(params: Params, input: Record<string, unknown>): Record<string, unknown> {
  // Only `params` is read by the core mapping when there is no toWire.
  return toWireParams({ params } as AnyEntry, input, '/');
}

/** The issue when none of the keys has a value (e.g. a task's id or its number), for an entry's `check`. */
export function requireOne(input: Record<string, unknown>, keys: string[], nameOf: (key: string) => string): ValidationIssue[] {
  if (keys.some((k) => input[k] !== undefined)) return [];
  return [{ path: keys[0]!, message: `give ${keys.map(nameOf).join(' or ')}` }];
}

/** Sets `<flag>1</flag>` inside `at` (an element path) when `<value>` is there: startDate → startDateIsSet. */
export function setFlags(tree: Record<string, unknown>, at: string, pairs: [value: string, flag: string][]): Record<string, unknown> {
  let node: unknown = tree;
  for (const part of at.split('/')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (node && typeof node === 'object') {
    const target = node as Record<string, unknown>;
    for (const [value, flagName] of pairs) if (target[value] !== undefined && target[flagName] === undefined) target[flagName] = true;
  }
  return tree;
}
