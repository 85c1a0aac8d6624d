// One meaning for a request on every path. `call()` sends JSON; `batch` commands (and so
// `export()`) must be PHP query strings (`filter[>ID]=5&select[0]=ID`). A PHP portal reads a
// query string as nested arrays with string leaves, and nothing else: no null, no booleans, no
// empty arrays. So every request is first normalised into that model, and both encodings carry
// the normalised value; JSON and query then mean exactly the same to the portal.
//
// The model (docs: api-reference/how-to-call-rest-api/batch.md, "cmd" values are query strings):
// - numbers and bigints → decimal text; NaN and ±Infinity are refused;
// - booleans → "1" / "0", as PHP's http_build_query writes them (the docs' own PHP examples send
//   `true` that way; api-reference/data-types.md: a boolean is Y/N in most methods, 0/1 or
//   true/false in some — give Y/N fields "Y"/"N" as text, as the catalogue does);
// - null → "" (PHP's empty value: a field set to "" is cleared, a filter on "" matches empty);
// - Date → ISO 8601 text;
// - lists stay lists (keys 0..n-1), objects stay maps, nested to any depth; undefined is left out;
// - an empty list or object inside a filter is refused: its meaning is undocumented, and on the
//   query path it became "no condition" (`'@STAGE_ID': []` read every deal); the same for an
//   empty list as a top-level parameter other than `select` (user.get and department.get read
//   top-level fields as a filter);
// - otherwise an empty object, or an empty `select`, as a top-level parameter is left out
//   (http_build_query drops it: the portal sees no such parameter, the default); deeper, as a
//   field's value, an empty list or object is "" (the field is cleared);
// - keys: any text, percent-encoded on the wire (%, &, =, +, #, Cyrillic travel intact), but not
//   `[` or `]` (they would nest on the query path), nor the empty key; top-level names not with
//   `.` or space (PHP rewrites them to `_`); nesting deeper than 20 levels is refused.
import { createRequire } from 'node:module';
import type * as QueryStrings from 'qs';
import { ValidationError, type ValidationIssue } from '../../core/errors.js';

// qs and its dependencies cost a process that makes one JSON call (the CLI) more than the call:
// loaded on first use, to read commands written as query strings only.
let loaded: typeof QueryStrings | undefined;
const qs = (): typeof QueryStrings => (loaded ??= createRequire(import.meta.url)('qs') as typeof QueryStrings);

/** A parameter value as a PHP portal sees it: text, or nested lists and maps of text. */
export type WireValue = string | WireValue[] | { [key: string]: WireValue };
export type WireParams = Record<string, WireValue>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const filterKey = /^filter$/i;

function checkKey(key: string, path: string, topLevel: boolean, issues: ValidationIssue[]): boolean {
  const at = path ? `${path}.${key}` : key;
  if (key === '') issues.push({ path: path || '(root)', message: 'an empty parameter name cannot be sent' });
  else if (/[[\]]/.test(key)) issues.push({ path: at, message: 'a parameter name cannot contain "[" or "]" (the portal would read them as nesting)' });
  else if (topLevel && /[. ]/.test(key)) issues.push({ path: at, message: 'a top-level parameter name cannot contain "." or a space (PHP rewrites them to "_")' });
  else return true;
  return false;
}

const maxDepth = 20;

/**
 * `key`: the value's own name. `inFilter`: the value is a condition inside a filter (or part of
 * one). `depth`: 1 for a top-level parameter's value.
 */
function normalizeValue(value: unknown, path: string, key: string, inFilter: boolean, depth: number, issues: ValidationIssue[]): WireValue | undefined {
  if (value === undefined) return undefined;
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return String(value);
    issues.push({ path, message: `${value} is not a number the portal can read` });
    return undefined;
  }
  if (value instanceof Date) {
    if (!Number.isNaN(value.getTime())) return value.toISOString();
    issues.push({ path, message: 'an invalid Date' });
    return undefined;
  }
  if (Array.isArray(value) || isPlainObject(value)) {
    if (depth > maxDepth) {
      issues.push({ path, message: `nested deeper than ${maxDepth} levels, which the portal does not read` });
      return undefined;
    }
    const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    const present = entries.filter(([, v]) => v !== undefined);
    if (present.length === 0) {
      if (inFilter) {
        issues.push({
          path,
          message:
            'an empty list in a filter has no documented meaning (on some paths the portal drops the condition and returns every row); ' +
            'to match nothing, skip the request; to drop the condition, leave the key out',
        });
        return undefined;
      }
      if (depth === 1 && Array.isArray(value) && !/^select$/i.test(key)) {
        // user.get and department.get read their top-level fields as a filter: without the
        // condition they answer every row. Only `select` means the same empty or absent.
        issues.push({
          path,
          message:
            'an empty list has no documented meaning here (some methods read top-level parameters as a filter and would answer every row); ' +
            'leave the parameter out, or skip the request',
        });
        return undefined;
      }
      return depth === 1 ? undefined : '';
    }
    const childrenInFilter = inFilter || filterKey.test(key);
    if (Array.isArray(value)) {
      return present.map(([i, v]) => normalizeValue(v, `${path}.${i}`, i, childrenInFilter, depth + 1, issues) ?? '');
    }
    const out: Record<string, WireValue> = {};
    for (const [k, v] of present) {
      if (!checkKey(k, path, false, issues)) continue;
      const n = normalizeValue(v, `${path}.${k}`, k, childrenInFilter, depth + 1, issues);
      if (n !== undefined) out[k] = n;
    }
    return out;
  }
  issues.push({ path, message: `a ${typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value} cannot be sent; use text, numbers, booleans, lists or plain objects` });
  return undefined;
}

/**
 * Normalises a method's parameters into the one model both encodings carry (see the top of this
 * file). Throws a ValidationError naming every offending parameter (`filter.@STAGE_ID`), before
 * anything is sent.
 */
export function normalizeParams(params: Record<string, unknown>, method?: string, pathPrefix = ''): WireParams {
  const issues: ValidationIssue[] = [];
  const out: WireParams = {};
  if (!isPlainObject(params)) {
    throw new ValidationError([{ path: pathPrefix || 'params', message: 'parameters must be a plain object' }], method);
  }
  for (const [key, value] of Object.entries(params)) {
    if (!checkKey(key, pathPrefix, true, issues)) continue;
    const n = normalizeValue(value, pathPrefix ? `${pathPrefix}.${key}` : key, key, false, 1, issues);
    if (n !== undefined) out[key] = n;
  }
  if (issues.length > 0) throw new ValidationError(issues, method);
  return out;
}

const beyondUriComponent = /[!'()*]/g;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Percent-encodes a key or value as RFC 3986 wants it: every character but `A-Z a-z 0-9 - . _ ~`,
 * UTF-8 bytes; a lone surrogate (not text in any encoding) travels as U+FFFD.
 */
function encodePart(text: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    encoded = encodeURIComponent(text.replace(loneSurrogate, '\uFFFD'));
  }
  return encoded.replace(beyondUriComponent, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The query-string encoding of normalised parameters, as PHP's http_build_query writes it:
 * `filter%5B%3E%3DID%5D=5&select%5B0%5D=ID`. Written here rather than through qs: the model has
 * only text, lists and maps, and an export encodes thousands of commands at its start.
 */
export function encodeQuery(params: WireParams): string {
  const parts: string[] = [];
  const add = (name: string, value: WireValue): void => {
    if (typeof value === 'string') parts.push(`${encodePart(name)}=${encodePart(value)}`);
    else if (Array.isArray(value)) value.forEach((v, i) => add(`${name}[${i}]`, v));
    else for (const [key, v] of Object.entries(value)) add(`${name}[${key}]`, v);
  };
  for (const [name, value] of Object.entries(params)) add(name, value);
  return parts.join('&');
}

/** Reads a query string (a batch command written by hand) into the same model. */
export function decodeQuery(query: string): Record<string, unknown> {
  return qs().parse(query, { arrayLimit: 100_000, parameterLimit: 1_000_000, depth: 20 }) as Record<string, unknown>;
}
