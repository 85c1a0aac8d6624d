// One page per call of a list tool, never the whole list: the page's rows and total, and a cursor
// the agent passes back for the next page. The cursor carries the call's arguments with the paging
// parameter moved on, so an agent cannot change the selection between pages by mistake.
import type { AnyEntry, ServiceDefinition } from '../core/catalogue.js';
import { ValidationError } from '../core/errors.js';
import { getPath } from '../core/paging.js';

/** Rows a page holds when the agent does not say (where the method lets the caller choose). */
export const defaultPageSize = 50;

export interface PageInfo {
  rows: number;
  total?: number;
  nextCursor?: string;
}

/** The parameter an entry takes for a wire name of its paging spec (OFFSET → offset). */
function paramOf(entry: AnyEntry, wire: string): string | undefined {
  return Object.entries(entry.params).find(([key, spec]) => (spec.wire ?? key) === wire)?.[0];
}

/** The arguments of a first page: the page size set when the agent gave none (the service's own may be large). */
export function withPageSize(entry: AnyEntry, args: Record<string, unknown>): Record<string, unknown> {
  const paging = entry.paging;
  if (!paging || paging.style === 'bitrix-start') return args;
  const sizeKey = paramOf(entry, paging.style === 'page' ? paging.size : paging.limit);
  if (sizeKey === undefined || args[sizeKey] !== undefined) return args;
  return { ...args, [sizeKey]: Math.min(paging.max, defaultPageSize) };
}

const cursorPrefix = 'uzel1.';

export function encodeCursor(tool: string, args: Record<string, unknown>): string {
  return cursorPrefix + Buffer.from(JSON.stringify({ tool, args })).toString('base64url');
}

/** The arguments a cursor carries; a ValidationError naming `cursor` when it is not one of this tool's. */
export function decodeCursor(tool: string, cursor: unknown): Record<string, unknown> {
  const bad = (message: string) => new ValidationError([{ path: 'cursor', message }]);
  if (typeof cursor !== 'string' || !cursor.startsWith(cursorPrefix)) throw bad('expected page.nextCursor of a previous page, as it was given');
  let decoded: { tool?: unknown; args?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(cursor.slice(cursorPrefix.length), 'base64url').toString('utf8')) as typeof decoded;
  } catch {
    throw bad('expected page.nextCursor of a previous page, as it was given (this one is damaged)');
  }
  if (decoded.tool !== tool) throw bad(`this cursor is a page of ${String(decoded.tool)}, not of ${tool}`);
  if (typeof decoded.args !== 'object' || decoded.args === null || Array.isArray(decoded.args)) throw bad('the cursor is damaged');
  return decoded.args as Record<string, unknown>;
}

function count(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/**
 * What a page held and the arguments of the next one (undefined at the end), read where the
 * entry's paging spec says: Bitrix24's `next`/`total`, a short page, or `total` rows covered.
 */
export function pageOf(service: ServiceDefinition, entry: AnyEntry, args: Record<string, unknown>, answer: unknown): { rows: number; total?: number; next?: Record<string, unknown> } {
  const paging = entry.paging!;
  const result = service.answer ? getPath(answer, service.answer.resultKey) : answer;
  if (paging.style === 'bitrix-start') {
    const rows = paging.rows ? getPath(result, paging.rows) : result;
    const total = count(getPath(answer, 'total'));
    const next = count(getPath(answer, 'next'));
    const startKey = paramOf(entry, 'start');
    return {
      rows: Array.isArray(rows) ? rows.length : 0,
      ...(total !== undefined && { total }),
      ...(next !== undefined && startKey !== undefined && { next: { ...args, [startKey]: next } }),
    };
  }
  if (paging.style === 'offset-limit') {
    const rows = Array.isArray(result) ? result.length : 0;
    const offsetKey = paramOf(entry, paging.offset);
    const limit = count(args[paramOf(entry, paging.limit) ?? '']) ?? Math.min(paging.max, defaultPageSize);
    const offset = count(args[offsetKey ?? '']) ?? 0;
    return { rows, ...(rows >= limit && offsetKey !== undefined && { next: { ...args, [offsetKey]: offset + rows } }) };
  }
  const items = getPath(result, paging.items);
  const rows = Array.isArray(items) ? items.length : 0;
  const total = count(getPath(result, paging.total));
  const pageKey = paramOf(entry, paging.page);
  const size = count(args[paramOf(entry, paging.size) ?? '']) ?? paging.max;
  const page = count(args[pageKey ?? '']) ?? 1;
  const more = rows > 0 && rows >= size && (total === undefined || page * size < total);
  return { rows, ...(total !== undefined && { total }), ...(more && pageKey !== undefined && { next: { ...args, [pageKey]: page + 1 } }) };
}
