// From a catalogue entry and its parsed input to a Diadoc request: the HTTP method and path from
// `remote` ('GET /GetEmployee'), query parameters under their `wire` names, and the JSON body.
// A body parameter without `wire` is the whole body; with `wire` ('Permissions/Department/DepartmentId')
// it is placed at that path, which is how patch wrappers are declared in the catalogue.
import { ValidationError } from '../../core/errors.js';
import type { AnyEntry } from '../../core/catalogue.js';

export interface DiadocRequestParts {
  httpMethod: 'GET' | 'POST';
  path: string;
  query: [string, string][];
  /** undefined: no body at all. */
  body?: unknown;
}

/** Splits `remote` into the HTTP method and path. */
export function parseRemote(remote: string): { httpMethod: 'GET' | 'POST'; path: string } {
  const match = /^(GET|POST) (\/\S+)$/.exec(remote);
  if (!match) throw new Error(`a Diadoc catalogue entry's remote must be "GET /Path" or "POST /Path", got "${remote}"`);
  return { httpMethod: match[1] as 'GET' | 'POST', path: match[2]! };
}

function queryValue(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  throw new ValidationError([{ path: name, message: 'a query parameter must be a string, number or boolean' }]);
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/**
 * Builds the request of one call. With `toWire` (an entry whose parameters are not a plain
 * renaming), its output is the query and the entry has no body.
 */
export function buildRequest(entry: AnyEntry, parsed: Record<string, unknown>): DiadocRequestParts {
  const { httpMethod, path } = parseRemote(entry.remote);
  const query: [string, string][] = [];
  if (entry.toWire) {
    for (const [name, value] of Object.entries(entry.toWire(parsed))) {
      if (value !== undefined) query.push([name, queryValue(name, value)]);
    }
    return { httpMethod, path, query };
  }
  let body: unknown;
  let hasBody = false;
  for (const [key, spec] of Object.entries(entry.params)) {
    const value = parsed[key];
    if (value === undefined) continue;
    if (spec.in !== 'body') {
      query.push([spec.wire ?? key, queryValue(key, value)]);
      continue;
    }
    if (spec.wire === undefined) {
      body = hasBody && typeof body === 'object' && body !== null ? { ...body, ...(value as object) } : value;
    } else {
      if (typeof body !== 'object' || body === null) body = {};
      setAt(body as Record<string, unknown>, spec.wire.split('/'), value);
    }
    hasBody = true;
  }
  // A write always carries a JSON body (an empty patch is `{}`), a read never does.
  if (!hasBody && httpMethod === 'POST' && Object.values(entry.params).some((p) => p.in === 'body')) body = {};
  return body === undefined ? { httpMethod, path, query } : { httpMethod, path, query, body };
}
