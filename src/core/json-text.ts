// JSON text for every front end's output (the CLI's, the MCP server's, the gateway's), with every number as the
// service sent it. JSON.stringify cannot write bigint (Diadoc's ticks) and writes a number by its
// double (123456789012345678901234567890 rounded, 1e400 as null), so values are written by hand: a
// bigint as its digits, a number read by core/json with the text it came as (exactNumberText), any
// other number as JavaScript writes it.
import { exactNumberText } from './json.js';

/** Writes a value as JSON: indented by two spaces when `pretty`, compact otherwise. */
export function formatJson(value: unknown, pretty: boolean): string {
  return write(value, pretty ? '  ' : '', '') ?? 'null';
}

/** A member or item: its number's text as received, when the reader kept one. */
function writeIn(holder: object, key: string, value: unknown, step: string, indent: string): string | undefined {
  if (typeof value === 'number') {
    const text = exactNumberText(holder, key);
    if (text !== undefined) return text;
  }
  return write(value, step, indent);
}

function write(value: unknown, step: string, indent: string): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return write(withJson.toJSON(), step, indent);
  const inner = indent + step;
  const newline = step ? '\n' : '';
  const colon = step ? ': ' : ':';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item, index) => inner + (writeIn(value, String(index), item, step, inner) ?? 'null'));
    return `[${newline}${items.join(`,${newline}`)}${newline}${indent}]`;
  }
  const members: string[] = [];
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const text = writeIn(value, key, item, step, inner);
    if (text !== undefined) members.push(`${inner}${JSON.stringify(key)}${colon}${text}`);
  }
  if (members.length === 0) return '{}';
  return `{${newline}${members.join(`,${newline}`)}${newline}${indent}}`;
}

/**
 * A value as plain JSON data (for protocols that serialise with JSON.stringify, such as MCP's
 * structured results): a bigint within 2^53 becomes a number, a larger one its digits as a string,
 * so that no value is silently rounded; anything JSON cannot hold is dropped as JSON.stringify does.
 */
export function toJsonData(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value === null || typeof value !== 'object') return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return toJsonData(withJson.toJSON());
  if (Array.isArray(value)) return value.map((item) => toJsonData(item) ?? null);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const data = toJsonData(item);
    if (data !== undefined && typeof data !== 'function' && typeof data !== 'symbol') out[key] = data;
  }
  return out;
}
