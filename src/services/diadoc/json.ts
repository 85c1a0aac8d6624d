// JSON on the Diadoc wire with exact timestamps. Diadoc's `{"Ticks": 638780603013048865}` is a
// 64-bit integer past 2^53, which JSON.parse would round; Node 20's JSON.parse cannot show a
// reviver the source text, so a pre-pass turns every integer "Ticks" value into a marked string
// before parsing, and the reviver turns the marked strings into bigint.
import { randomBytes } from 'node:crypto';

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** A marker that cannot come from the service: a NUL (never raw in JSON text) and a fresh nonce. */
const newMarker = () => `\u0000${randomBytes(6).toString('hex')}:`;

/**
 * Rewrites `"Ticks": <integer>` into `"Ticks": "<marker><integer>"`, leaving every other byte as
 * it was. Strings are skipped as wholes (escapes included), so a "Ticks" inside a string value
 * is never touched. Invalid JSON is left to JSON.parse to reject.
 */
function quoteTicks(text: string, markerEscaped: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c !== 0x22) {
      i += 1;
      continue;
    }
    // A string: find its end.
    const start = i;
    i += 1;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 0x5c) i += 2;
      else if (d === 0x22) break;
      else i += 1;
    }
    i += 1; // past the closing quote
    if (i - start !== 7 || text.slice(start, i) !== '"Ticks"') continue;
    // A key only when a colon follows.
    let j = i;
    while (j < n && isSpace(text.charCodeAt(j))) j += 1;
    if (text.charCodeAt(j) !== 0x3a) continue;
    j += 1;
    while (j < n && isSpace(text.charCodeAt(j))) j += 1;
    const numberStart = j;
    if (text.charCodeAt(j) === 0x2d) j += 1;
    const digitsStart = j;
    while (j < n && isDigit(text.charCodeAt(j))) j += 1;
    if (j === digitsStart) continue; // null, a string, an object: not ours
    const next = text.charCodeAt(j);
    if (next === 0x2e || next === 0x65 || next === 0x45) continue; // a fraction or exponent: not an integer
    out += `${text.slice(copied, numberStart)}"${markerEscaped}${text.slice(numberStart, j)}"`;
    copied = j;
    i = j;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Parses a Diadoc JSON answer. Every integer `Ticks` field becomes a bigint, whatever its size,
 * so timestamps keep all their 100-nanosecond digits and keep one type.
 */
export function parseDiadocJson(text: string): unknown {
  const marker = newMarker();
  const prepared = quoteTicks(text, `\\u0000${marker.slice(1)}`);
  if (prepared === text) return JSON.parse(text);
  return JSON.parse(prepared, (key, value: unknown) =>
    key === 'Ticks' && typeof value === 'string' && value.startsWith(marker) ? BigInt(value.slice(marker.length)) : value,
  );
}

/**
 * Serialises a request body: bigint values (Ticks) go out as bare JSON integers, exactly;
 * Date values as ISO strings, as JSON.stringify does.
 */
export function stringifyDiadocJson(value: unknown): string {
  let marker: string | undefined;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'bigint') return v;
    marker ??= newMarker();
    return `${marker}${v.toString()}`;
  });
  if (marker === undefined) return text;
  // JSON.stringify escapes the NUL as \u0000; the marked strings become bare integers again.
  const escaped = `\\u0000${marker.slice(1)}`;
  return text.split(`"${escaped}`).map((part, index) => (index === 0 ? part : part.replace(/^(-?\d+)"/, '$1'))).join('');
}
