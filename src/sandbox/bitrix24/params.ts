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
 * Merges the query string and the body. A body that is neither JSON nor a form is an error
 * the caller reports as the portal would (a JSON body that does not parse).
 */
export function readParams(query: string, body: Buffer, contentType: string | undefined): Params | 'bad-json' {
  const fromQuery = query ? parseQuery(query) : {};
  if (body.length === 0) return fromQuery;
  const text = body.toString('utf8');
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json') || (!type.includes('form') && /^\s*[{[]/.test(text))) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'bad-json';
      return { ...fromQuery, ...(parsed as Params) };
    } catch {
      return 'bad-json';
    }
  }
  return { ...fromQuery, ...parseQuery(text) };
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
