// Full export of a list. What the portal's documentation teaches: counting (`start >= 0`) costs
// time that grows with the selection, `start=-1` skips it, and keyset pages cannot be batched
// because each depends on the previous one. So: find the ID range once, cut it into disjoint
// slices (`>=ID`, `<ID`), read each slice with start=-1, pack 50 slices into every batch and keep
// several batches in flight. Slices are disjoint, and a full slice continues after its last ID,
// so no row is read twice; rows added past the range during the export are picked up at the end.
import { RateLimitError, ValidationError, type ApiError } from '../../core/errors.js';
import { getPath } from '../../core/paging.js';
import { sleep } from '../../core/retry.js';
import type { Bitrix24Answer } from './answer.js';
import type { BatchCommands, BatchResult } from './batch.js';

export interface ExportOptions {
  /** The row's ID field (`ID` for CRM lists). */
  idField?: string;
  /** Where rows sit inside `result`, for lists that nest them (e.g. `items`). */
  rows?: string;
  /**
   * Batches in flight at once (each up to 50 slices of 50 rows). Enough to spend the portal's
   * burst; memory stays bounded by this × 2,500 rows whatever the size of the list.
   */
  batchesInFlight?: number;
  /** Commands per batch (at most 50). */
  commandsPerBatch?: number;
  signal?: AbortSignal;
  /** Called after every batch with the rows read so far. */
  onProgress?: (rowsRead: number) => void;
}

export interface ExportTransport {
  call(method: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<Bitrix24Answer>;
  batch(commands: BatchCommands, signal?: AbortSignal): Promise<BatchResult>;
}

const pageSize = 50;

interface Slice {
  lo: number;
  /** Exclusive upper bound. */
  hi: number;
}

export async function* exportRows<T>(
  transport: ExportTransport,
  method: string,
  params: Record<string, unknown>,
  options: ExportOptions,
): AsyncGenerator<T> {
  const idField = options.idField ?? 'ID';
  const inFlight = Math.max(1, options.batchesInFlight ?? 16);
  const perBatch = Math.min(50, Math.max(1, options.commandsPerBatch ?? 50));
  const filter = { ...((params.filter as Record<string, unknown> | undefined) ?? {}) };
  for (const key of Object.keys(filter)) {
    if (key !== idField && key.replace(/^[<>=!@%]+/, '') === idField) {
      throw new ValidationError(
        [{ path: `filter.${key}`, message: `an export slices by ${idField} itself; filter on other fields, or use list() for an ID range` }],
        method,
      );
    }
  }
  let select = params.select as unknown[] | undefined;
  if (Array.isArray(select) && select.length > 0 && !select.includes('*') && !select.includes(idField)) {
    select = [...select, idField];
  }
  const base: Record<string, unknown> = { ...params, filter, order: { [idField]: 'ASC' }, start: -1 };
  if (select) base.select = select;
  const rowsOf = (result: unknown): Record<string, unknown>[] => {
    const rows = options.rows ? getPath(result, options.rows) : result;
    return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
  };
  const idOf = (row: Record<string, unknown>): number => Number(row[idField]);
  const sliceParams = (s: Slice) => ({ ...base, filter: { ...filter, [`>=${idField}`]: s.lo, [`<${idField}`]: s.hi } });
  let read = 0;

  // 1. The ID range, in one request.
  const probe = await transport.batch(
    {
      first: { method, params: { ...base, select: [idField] } },
      last: { method, params: { ...base, select: [idField], order: { [idField]: 'DESC' } } },
    },
    options.signal,
  );
  const probeError = probe.errors.first ?? probe.errors.last;
  if (probeError) throw probeError;
  const first = rowsOf(probe.result.first)[0];
  const last = rowsOf(probe.result.last)[0];
  let lastId = first && last ? idOf(last) : 0;

  if (first && last) {
    // 2. Disjoint slices, widened as the observed density of IDs allows.
    const queue: Slice[] = [];
    let cursor = idOf(first);
    const end = lastId + 1;
    let width = pageSize;
    let seenRows = 0;
    let seenWidth = 0;
    const nextSlices = (): Slice[] => {
      const out = queue.splice(0, perBatch);
      while (out.length < perBatch && cursor < end) {
        const hi = Math.min(end, cursor + width);
        out.push({ lo: cursor, hi });
        cursor = hi;
      }
      return out;
    };
    const running = new Map<number, Promise<{ id: number; rows: Record<string, unknown>[] }>>();
    let nextId = 0;
    const launch = (): void => {
      while (running.size < inFlight) {
        const slices = nextSlices();
        if (slices.length === 0) return;
        const id = nextId++;
        const work = (async () => {
            const result = await transport.batch(
              Object.fromEntries(slices.map((s, i) => [`s${i}`, { method, params: sliceParams(s) }])),
              options.signal,
            );
            const rows: Record<string, unknown>[] = [];
            let limited = false;
            slices.forEach((s, i) => {
              const error: ApiError | undefined = result.errors[`s${i}`];
              if (error) {
                if (!(error instanceof RateLimitError)) throw error;
                limited = true;
                queue.push(s);
                return;
              }
              const got = rowsOf(result.result[`s${i}`]);
              rows.push(...got);
              seenRows += got.length;
              seenWidth += s.hi - s.lo;
              if (got.length >= pageSize) {
                // A full page: the slice may hold more; continue right after its last row.
                const after = idOf(got[got.length - 1]!) + 1;
                if (after < s.hi) queue.unshift({ lo: after, hi: s.hi });
              }
            });
            if (limited) await sleep(1000, options.signal);
            if (seenWidth > 0) {
              const density = seenRows / seenWidth;
              // Aim a little under a page per slice so that few slices need a second read.
              width = density > 0 ? Math.max(pageSize, Math.floor((pageSize * 0.9) / density)) : width * 4;
            }
            return { id, rows };
          })();
        // A failure surfaces through Promise.race below; this keeps the others from being unhandled.
        work.catch(() => undefined);
        running.set(id, work);
      }
    };
    launch();
    while (running.size > 0) {
      const done = await Promise.race(running.values());
      running.delete(done.id);
      launch();
      read += done.rows.length;
      options.onProgress?.(read);
      for (const row of done.rows) yield row as T;
    }
  }

  // 3. Rows added past the range while we read: plain keyset pages until one is short.
  for (;;) {
    const answer = await transport.call(method, { ...base, filter: { ...filter, [`>${idField}`]: lastId } }, options.signal);
    const rows = rowsOf(answer.result);
    read += rows.length;
    if (rows.length > 0) options.onProgress?.(read);
    for (const row of rows) yield row as T;
    if (rows.length < pageSize) return;
    lastId = idOf(rows[rows.length - 1]!);
  }
}
