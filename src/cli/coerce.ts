// Turns command-line text into parameter values, guided by each parameter's schema: numbers,
// booleans (true/false, Y/N), JSON text, @file.json or a path to a .json file (as oint accepts),
// a single value where a list is expected. The schema itself has the last word: the first
// reading it accepts wins, so the same text can be an ID for one option and a name for another.
import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { jsonErrorPlace } from '../core/json.js';
import { isoParts } from '../core/values.js';
import { UsageError } from './exit-codes.js';
import { alternatives, jsonSchemaOf, kinds, type Kind } from '../core/schema-info.js';

// Plain decimal notation only: `5e2` is not read as 500, so an ID is the ID typed.
const numeric = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const integerText = /^-?(0|[1-9]\d*)$/;
const trueWords = /^(true|y|yes|да)$/i;
const falseWords = /^(false|n|no|нет)$/i;

function readJsonFile(path: string, option: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${option}: cannot read ${path}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`${option}: ${path} is not valid JSON${jsonErrorPlace(text, error)}`);
  }
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `not valid JSON${jsonErrorPlace(text, error)}` };
  }
}

/** Readings of one text, most natural first for the kinds the schema takes. */
function scalarReadings(text: string, expected: Set<Kind>): unknown[] {
  const out: unknown[] = [];
  const any = expected.has('any');
  if ((expected.has('number') || any) && numeric.test(text)) {
    // Only text that is the number's own spelling: not -0, 1.50 or a rounded 9007199254740993.
    const n = Number(text);
    if (String(n) === text) out.push(n);
  }
  if (expected.has('boolean') || any) {
    if (trueWords.test(text) || text === '1') out.push(true);
    if (falseWords.test(text) || text === '0') out.push(false);
  }
  out.push(text);
  if (integerText.test(text)) out.push(BigInt(text));
  // A Date only where the schema takes no text (a date text is checked in its own format), and
  // only from a real date (Date.parse would read 2024-02-30 as the 1st of March).
  if (!expected.has('string') && isoParts(text) !== undefined && !Number.isNaN(Date.parse(text))) out.push(new Date(text));
  return out;
}

/**
 * Reads the values given for one option (repeated options give several) into the value the
 * parameter's schema accepts. Returns the most natural reading when none is accepted, so that
 * validation can say what was expected.
 */
export function coerceOption(raw: (string | boolean)[], schema: z.ZodType, option: string): unknown {
  const js = jsonSchemaOf(schema);
  const expected = kinds(js);
  const accepts = (v: unknown) => schema.safeParse(v).success;
  const structured = expected.has('array') || expected.has('object') || expected.has('any');
  // Items of a list given one by one (--users 1 --users 2) are read by the kinds the list takes.
  const itemKinds = new Set<Kind>([...expected, ...alternatives(js).flatMap((alt) => (alt.items ? [...kinds(alt.items)] : []))]);

  let jsonError: string | undefined;
  const readings = (item: string | boolean): unknown[] => {
    if (typeof item === 'boolean') return [item, String(item)];
    if (item.startsWith('@') && item.length > 1) return [readJsonFile(item.slice(1), option)];
    if (structured && /\.json$/i.test(item) && existsSync(item)) return [readJsonFile(item, option)];
    const trimmed = item.trim();
    if (structured && /^[[{]/.test(trimmed)) {
      const parsed = tryJson(trimmed);
      if (parsed.ok) return [parsed.value];
      jsonError = `${option}: malformed JSON: ${parsed.message}`;
      if (!expected.has('string') && !expected.has('any')) throw new UsageError(jsonError);
      return [item];
    }
    const out = scalarReadings(item, itemKinds);
    // JSON scalars (null, "quoted text") as typed; numbers only by the plain notation above, and
    // never from text padded with spaces.
    const json = trimmed === item ? tryJson(item) : undefined;
    if (json?.ok && typeof json.value !== 'number' && !out.some((v) => Object.is(v, json.value))) out.push(json.value);
    return out;
  };

  if (raw.length > 1) {
    if (!expected.has('array') && !expected.has('any')) {
      throw new UsageError(`${option}: given more than once, but takes one value`);
    }
    const perItem = raw.map(readings);
    const candidates = [perItem.map((r) => r[0]), raw.map(String)];
    // A list of IDs given as --users 1 --users 2: try each item's readings in turn.
    for (let i = 0; i < 4; i++) candidates.push(perItem.map((r) => r[Math.min(i, r.length - 1)]));
    return candidates.find(accepts) ?? candidates[0];
  }

  const single = raw[0] ?? '';
  const candidates = readings(single);
  // What validation is shown when nothing fits: the text as typed, or the list it reads as.
  let fallback = candidates[0];
  if (expected.has('array') && typeof single === 'string') {
    // One value where a list is expected, or a comma-separated list of plain values.
    const parts = /^[[{]/.test(single.trim()) ? undefined : single.includes(',') ? single.split(',').map((s) => s.trim()) : [single];
    if (parts) {
      const itemReadings = parts.map((p) => scalarReadings(p, new Set<Kind>(['number', 'string'])));
      candidates.push(itemReadings.map((r) => r[0]), parts);
      if (parts.length > 1) fallback = itemReadings.map((r) => r[0]);
    }
    for (const c of [...candidates]) if (!Array.isArray(c)) candidates.push([c]);
  }
  const accepted = candidates.find(accepts);
  // Text that looks like JSON but does not parse is reported as such, not as a wrong type.
  if (accepted === undefined && jsonError) throw new UsageError(jsonError);
  return accepted ?? fallback;
}
