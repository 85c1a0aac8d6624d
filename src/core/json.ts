// JSON answers read without losing a number's text. JSON.parse turns 123456789012345678901234567890
// into 1.2345678901234568e+29 and 1e400 into Infinity, and Node 20's reviver cannot see the source
// text. A pre-pass marks every number whose text a double does not reproduce; the reviver keeps
// the value JavaScript reads (so library code sees what JSON.parse gives) and records the text
// beside it, where writers of JSON (the CLI's output) find it: an answer prints as it came.
import { randomBytes } from 'node:crypto';

/** holder (object or array) → key → the number's text as the service sent it. */
const numberTexts = new WeakMap<object, Map<string, string>>();

/** The text a number at holder[key] came as, when a double does not reproduce it; undefined otherwise. */
export function exactNumberText(holder: object, key: string): string | undefined {
  const text = numberTexts.get(holder)?.get(key);
  // Only while the value is still the one read: code that changed it gets its own value written.
  return text !== undefined && Object.is(Number(text), (holder as Record<string, unknown>)[key]) ? text : undefined;
}

/**
 * Where the number tokens a double does not reproduce sit, as [start, end) pairs. Strings are
 * stepped over with indexOf (their digits are never numbers), which keeps the pass far cheaper
 * than the parse itself on answers of many text fields. On text that is not JSON it still ends;
 * JSON.parse then refuses the text.
 */
const jsonNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function inexactNumbers(text: string): number[] {
  const found: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const quote = text.indexOf('"', i);
    const stop = quote === -1 ? n : quote;
    for (let k = i; k < stop; k += 1) {
      const c = text.charCodeAt(k);
      if (c !== 45 && (c < 48 || c > 57)) continue; // not "-" or a digit
      let e = k + 1;
      for (; e < stop; e += 1) {
        const d = text.charCodeAt(e); // digits . e E + -
        if (!((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45)) break;
      }
      const token = text.slice(k, e);
      // Only a number as JSON spells it: anything else (1-2, 1., 01) is left for JSON.parse to refuse.
      if (String(Number(token)) !== token && jsonNumber.test(token)) found.push(k, e);
      k = e - 1;
    }
    if (quote === -1) break;
    // The string's closing quote: one not escaped by an odd run of backslashes.
    let close = quote;
    for (;;) {
      close = text.indexOf('"', close + 1);
      if (close === -1) return found;
      let slashes = 0;
      while (text.charCodeAt(close - 1 - slashes) === 92) slashes += 1;
      if (slashes % 2 === 0) break;
    }
    i = close + 1;
  }
  return found;
}

export interface ParseJsonOptions {
  /** Keys whose integer values are read as bigint, exactly (Diadoc's Ticks). */
  bigintKeys?: ReadonlySet<string>;
}

/**
 * Parses JSON as JSON.parse does, but no number's text is lost: integers under `bigintKeys`
 * become bigint; any other number whose text a double does not reproduce (beyond 2^53, 1e400,
 * 1.50) keeps its value as JSON.parse reads it and its text for exactNumberText.
 */
export function parseJson(text: string, options: ParseJsonOptions = {}): unknown {
  const bigintKeys = options.bigintKeys;
  let marker: string | undefined;
  let out = '';
  let copied = 0;
  const inexact = inexactNumbers(text);
  for (let k = 0; k < inexact.length; k += 2) {
    const start = inexact[k]!;
    const end = inexact[k + 1]!;
    marker ??= `\u0000${randomBytes(6).toString('hex')}:`;
    out += `${text.slice(copied, start)}"\\u0000${marker.slice(1)}${text.slice(start, end)}"`;
    copied = end;
  }
  const mark = marker;
  const prepared = mark === undefined ? text : out + text.slice(copied);
  if (mark === undefined && !bigintKeys) return JSON.parse(text);
  return JSON.parse(prepared, function (this: object, key: string, value: unknown) {
    const marked = mark !== undefined && typeof value === 'string' && value.startsWith(mark) ? value.slice(mark.length) : undefined;
    if (bigintKeys?.has(key) && !Array.isArray(this)) {
      if (marked !== undefined && /^-?\d+$/.test(marked)) return BigInt(marked);
      // Unmarked means the text is the double's own spelling, so its exact value is the text's.
      if (typeof value === 'number' && Number.isInteger(value)) return BigInt(String(value));
    }
    if (marked === undefined) return value;
    let texts = numberTexts.get(this);
    if (!texts) numberTexts.set(this, (texts = new Map()));
    texts.set(key, marked);
    return Number(marked);
  });
}

/**
 * Where the parser stopped, as a line and column; never the parser's message, which quotes the
 * text around the mistake — in a config or parameter file, perhaps a token or a password.
 */
export function jsonErrorPlace(text: string, error: unknown): string {
  const position = /at position (\d+)/.exec((error as Error).message)?.[1];
  if (position === undefined) return '';
  const before = text.slice(0, Number(position)).split('\n');
  return ` at line ${before.length}, column ${before.at(-1)!.length + 1}`;
}
