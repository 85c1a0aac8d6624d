// JSON on the Diadoc wire with exact timestamps. Diadoc's `{"Ticks": 638780603013048865}` is a
// 64-bit integer past 2^53, which JSON.parse would round: the core's exact reader gives every
// integer Ticks as a bigint, and bigints go back out as bare integers.
import { randomBytes } from 'node:crypto';
import { parseJson } from '../../core/json.js';

/** A marker that cannot come from the service: a NUL (never raw in JSON text) and a fresh nonce. */
const newMarker = () => `\u0000${randomBytes(6).toString('hex')}:`;

const ticksKeys: ReadonlySet<string> = new Set(['Ticks']);

/**
 * Parses a Diadoc JSON answer. Every integer `Ticks` field becomes a bigint, whatever its size,
 * so timestamps keep all their 100-nanosecond digits and keep one type; any other number keeps
 * the text it came as for exact output (core/json).
 */
export function parseDiadocJson(text: string): unknown {
  return parseJson(text, { bigintKeys: ticksKeys });
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
