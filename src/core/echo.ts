// Text from outside (what the user typed, what a service sent) made safe to show on a terminal:
// control bytes would move the cursor, recolour or retitle the terminal, or hide what follows;
// bidirectional overrides reorder what the reader sees; a huge value buries the message.

/** C0 and C1 controls, DEL, and the Unicode format characters that reorder or hide text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

const named: Record<string, string> = { '\r': '\\r', '\x1b': '\\e', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\0': '\\0' };

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  return named[char] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** Escapes every control and reordering character; newlines and tabs are kept unless `oneLine`. */
export function escapeControls(text: string, oneLine = false): string {
  const out = text.replace(unsafe, escapeOne);
  return oneLine ? out.replace(/\n/g, '\\n').replace(/\t/g, '\\t') : out;
}

/** Whether a text holds any control or reordering character (newlines and tabs too when `oneLine`). */
export const hasControls = (text: string, oneLine = false): boolean => text.search(unsafe) !== -1 || (oneLine && /[\n\t]/.test(text));

/** JSON text made terminal-safe and still valid JSON: each unsafe character as a \uXXXX escape. */
export function escapeControlsInJson(json: string): string {
  return json.replace(unsafe, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Longest echoed value, in characters; the rest is cut and counted. */
export const echoLimit = 80;

/** Cuts a text to `limit` characters, saying how much was left out. */
export function cut(text: string, limit: number): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit).join('')}… (${chars.length - limit} more characters)`;
}

/**
 * A value the user gave, quoted for an error message: one line, controls escaped, cut to
 * `limit` characters. `echo('--dea\x1b[2J')` → `"--dea\e[2J"`.
 */
export function echo(value: unknown, limit = echoLimit): string {
  const text = typeof value === 'string' ? value : String(value);
  return `"${escapeControls(cut(text, limit), true).replace(/"/g, '\\"')}"`;
}

/** A value's kind as a message names it: "a number", "an object", "a list", "null". */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  const type = typeof value;
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}
