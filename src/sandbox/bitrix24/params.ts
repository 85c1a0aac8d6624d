// Reading request parameters the way a PHP portal does: JSON bodies, form bodies with
// bracketed keys (users[0]=1, filter[>ID]=5) and query strings all end up as one object.
import qs from 'qs';

export type Params = Record<string, unknown>;

const qsOptions = { arrayLimit: 100_000, parameterLimit: 1_000_000, depth: 20 } as const;

/** Parses a PHP-style query string (also used for batch commands). */
export function parseQuery(text: string): Params {
  return qs.parse(text, qsOptions) as Params;
}

/**
 * Merges the query string and the body, read by its Content-Type as PHP reads a request
 * (settings/how-to-call-rest-api/general-principles.md): `application/json` is JSON (a list gives
 * the positions 0, 1, …); a
 * `multipart/form-data` body gives its text fields (files would be PHP's $_FILES, not
 * parameters); any other body, with `text/plain` or no type at all, is read as form data — so a
 * JSON text sent without its type yields no parameters, as on a portal. A JSON body that does
 * not parse is an error the caller reports.
 */
export async function readParams(query: string, body: Buffer, contentType: string | undefined): Promise<Params | 'bad-json'> {
  const fromQuery = query ? parseQuery(query) : {};
  if (body.length === 0) return fromQuery;
  const type = (contentType ?? '').toLowerCase().split(';')[0]!.trim();
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (parsed === null || typeof parsed !== 'object') return 'bad-json';
      // PHP decodes a JSON list into an array keyed 0, 1, …: the older task.* methods read their
      // arguments by position, and their pages send them so (task-elapsed-item-get-list.md).
      if (Array.isArray(parsed)) return { ...fromQuery, ...Object.fromEntries(parsed.map((v: unknown, i) => [String(i), v])) } as Params;
      return { ...fromQuery, ...(parsed as Params) };
    } catch {
      return 'bad-json';
    }
  }
  if (type === 'multipart/form-data') return { ...fromQuery, ...(await multipartFields(body, contentType!)) };
  return { ...fromQuery, ...parseQuery(body.toString('utf8')) };
}

/** The text fields of a multipart body, with PHP's bracketed names (filter[>ID]) nested. */
async function multipartFields(body: Buffer, contentType: string): Promise<Params> {
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    // A body that is not valid multipart gives PHP no fields either.
    return {};
  }
  const text = new URLSearchParams();
  for (const [name, value] of form.entries()) if (typeof value === 'string') text.append(name, value);
  return parseQuery(text.toString());
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Form and query values arrive as strings, JSON as numbers: read an integer from either. */
export function toInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return undefined;
}

export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function toStr(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** PHP truthiness of "Y"/"N", "true"/"false", 1/0 and booleans. */
export function toBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (['y', 'true', '1'].includes(v)) return true;
    if (['n', 'false', '0', ''].includes(v)) return false;
  }
  return undefined;
}

/** An array parameter may come as a real array, a PHP map {"0": …}, a JSON text or one value. */
export function toList(value: unknown): unknown[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) return value;
  if (isRecord(value)) return Object.values(value);
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      return undefined;
    }
  }
  return [value];
}

/** Reads a parameter by its documented name, also accepting another letter case. */
export function pick(params: Params, name: string): unknown {
  if (name in params) return params[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(params)) if (key.toLowerCase() === lower) return params[key];
  return undefined;
}
