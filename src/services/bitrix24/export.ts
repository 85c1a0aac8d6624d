// Full export of a list. What the portal's documentation teaches: counting (`start >= 0`) costs
// time that grows with the selection, `start=-1` skips it, and keyset pages cannot be batched
// because each depends on the previous one. So: find the ID range once, cut it into disjoint
// slices (`>=ID`, `<ID`), read each slice with start=-1, pack 50 slices into every batch and keep
// several batches in flight. Slices are disjoint, and a full slice continues after its last ID,
// so no row is read twice; rows added past the range during the export are picked up at the end.
// Rows come out in ID order, ascending or, when the caller orders by ID descending, from the top.
// What export() sets itself (start, order, the ID bounds of the filter) it never overrides
// silently: another value there is refused with a ValidationError.
import { RateLimitError, ValidationError, type ApiError } from '../../core/errors.js';
import { getPath } from '../../core/paging.js';
import { sleep } from '../../core/retry.js';
import type { Bitrix24Answer } from './answer.js';
import { batchReference, eachString, type BatchCommands, type BatchResult } from './batch.js';
import { normalizeParams, type WireParams, type WireValue } from './encode.js';
import { checkCheckpoint, selectionOf, type ExportCheckpoint } from './export-checkpoint.js';
import { ExportPace, type BucketView, type OperatingBudget } from './export-pace.js';

export type { ExportCheckpoint } from './export-checkpoint.js';

export interface ExportOptions {
  /** The row's ID field (`ID` for CRM lists, `id` for tasks.task.list). */
  idField?: string;
  /**
   * The ID's name in the request's filter, order and select, where it differs from the rows'
   * (tasks.task.list answers `id` but filters, orders and selects by `ID`); `idField` by default.
   */
  idKey?: string;
  /** Where rows sit inside `result`, for lists that nest them (e.g. `items`). */
  rows?: string;
  /**
   * The most batches in flight at once (each up to 50 slices of 50 rows). Default: the client's
   * whole bucket, 16 without a rate limit. Within it the export sends what is worth sending: all
   * the slices left when they fit in the room the bucket has now (a fresh client reads 100,000
   * rows in one burst), else as many batches as keep the drain busy until the last may leave,
   * which ends as early and holds fewer rows in memory (about 10 batches for 250,000 rows).
   */
  batchesInFlight?: number;
  /**
   * The most commands per batch (at most 50, the default). With a bucket, a batch carries fewer
   * when the slices left fit in the room the bucket has: the work is spread over every request the
   * burst allows, and each batch, processed command after command, answers sooner.
   */
  commandsPerBatch?: number;
  signal?: AbortSignal;
  /**
   * Called after every batch with the rows handed over so far and the share of the ID range they
   * cover (0..1; rows added past the range during the export are not in it).
   */
  onProgress?: (rowsRead: number, share: number) => void;
  /**
   * Called after the rows of every batch were handed over, with the state to resume from (plain
   * JSON: persist it as it is). Awaited: the export goes on when it resolves.
   */
  onCheckpoint?: (checkpoint: ExportCheckpoint) => void | Promise<void>;
  /**
   * A checkpoint from an earlier run of the same export (same method and parameters): reading
   * goes on from it, with no row lost or handed over twice. A checkpoint of another selection is
   * refused with a ValidationError (path `resume`).
   */
  resume?: ExportCheckpoint;
}

export interface ExportTransport {
  call(method: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<Bitrix24Answer>;
  /** `onSent`: called when the batch request leaves (the client's bucket admitted it). */
  batch(commands: BatchCommands, signal?: AbortSignal, onSent?: () => void): Promise<BatchResult>;
  /** The client's bucket, when it keeps to one: batches in flight follow its room. */
  bucket?: BucketView;
  /** The method's operating-time limit, when the client keeps to one: the export paces itself under it. */
  operatingBudget?: OperatingBudget;
}

const pageSize = 50;

interface Slice {
  lo: number;
  /** Exclusive upper bound. */
  hi: number;
  /** Position of the slice in the caller's order; a slice's continuation keeps it. */
  seq: number;
}

const withOperator = /^[<>=!@%]+/;

/** IDs per slice for a density of rows per ID: a little under a page, so that few slices need a second read. */
function widthFor(density: number): number {
  return density > 0 ? Math.max(pageSize, Math.floor((pageSize * 0.9) / density)) : pageSize;
}

/**
 * The rows of a list answer: `result` itself, or the list at `rows` inside it (crm.item.list:
 * `items`). Anything else is the caller's `rows` naming the wrong place: a ValidationError, never
 * an empty list that would end the reading early.
 */
export function listRows(result: unknown, rows: string | undefined, method: string): Record<string, unknown>[] {
  const found = rows ? getPath(result, rows) : result;
  if (Array.isArray(found)) return found as Record<string, unknown>[];
  throw new ValidationError(
    [{ path: 'rows', message: rows ? `the answer has no list at "${rows}" inside result; name where the rows sit, or leave rows out when result is the list` : 'the answer\'s result is not a list; name where the rows sit inside it with rows (crm.item.list: "items")' }],
    method,
  );
}

/** The caller's ID order, or a ValidationError for anything export() cannot honour. */
function readOrder(order: WireValue | undefined, idField: string, method: string): 'ASC' | 'DESC' {
  if (order === undefined || order === '') return 'ASC';
  const entries = typeof order === 'object' && !Array.isArray(order) ? Object.entries(order) : [];
  const [key, direction] = entries[0] ?? [];
  const dir = typeof direction === 'string' ? direction.toUpperCase() : '';
  if (entries.length !== 1 || key?.toUpperCase() !== idField.toUpperCase() || (dir !== 'ASC' && dir !== 'DESC')) {
    throw new ValidationError(
      [{ path: 'order', message: `an export reads the list in ${idField} slices and yields rows in ${idField} order: it honours { ${idField}: 'ASC' } or { ${idField}: 'DESC' } only; for another order use list()` }],
      method,
    );
  }
  return dir;
}

/** Finds a parameter by name in any letter case (the portal reads `filter` and `FILTER` alike). */
function keyOf(params: WireParams, name: string): string | undefined {
  return Object.keys(params).find((k) => k.toLowerCase() === name);
}

export async function* exportRows<T>(
  transport: ExportTransport,
  method: string,
  rawParams: Record<string, unknown>,
  options: ExportOptions,
): AsyncGenerator<T> {
  const idField = options.idField ?? 'ID';
  const idKey = options.idKey ?? idField;
  const perBatch = Math.min(50, Math.max(1, options.commandsPerBatch ?? 50));
  // A fresh client's whole burst by default; without a bucket, a fixed number.
  const cap = Math.max(1, options.batchesInFlight ?? transport.bucket?.capacity ?? 16);
  // The same normalisation (and refusals) as call() and batch(), before anything is sent.
  const params = normalizeParams(rawParams, method);
  // The slices travel as batch commands, where the portal reads `$result[…]` in any value as a
  // reference to another command: such text would select other rows than call() does.
  const references: string[] = [];
  for (const [key, value] of Object.entries(params)) eachString(value, (s, path) => batchReference.test(s) && references.push(`${key}${path}`));
  if (references.length > 0) {
    throw new ValidationError(
      references.map((path) => ({ path, message: 'text with "$result[" is read as a batch reference on the way an export takes; read this selection with list()' })),
      method,
    );
  }
  // Nothing the caller asked is dropped: what export() sets itself is refused if given otherwise.
  const startKey = keyOf(params, 'start');
  if (startKey) {
    throw new ValidationError(
      [{ path: startKey, message: 'an export reads the whole selection; to read from an offset, page with list()' }],
      method,
    );
  }
  const orderKey = keyOf(params, 'order');
  const direction = readOrder(orderKey ? params[orderKey] : undefined, idKey, method);
  const filterKey = keyOf(params, 'filter') ?? 'filter';
  const given = params[filterKey];
  if (given !== undefined && given !== '' && (typeof given !== 'object' || Array.isArray(given))) {
    throw new ValidationError([{ path: filterKey, message: 'a filter must be an object of conditions' }], method);
  }
  const filter: Record<string, WireValue> = given && typeof given === 'object' ? { ...(given as Record<string, WireValue>) } : {};
  for (const key of Object.keys(filter)) {
    if (/^logic$/i.test(key)) {
      // The slices' ID bounds sit beside the caller's conditions: a top-level OR would take them in
      // (docs: api-reference/crm/universal/crm-item-list.md, the `logic` key).
      throw new ValidationError(
        [{ path: `${filterKey}.${key}`, message: `a top-level ${key} would join the export's ${idKey} bounds into it; nest the conditions one level down: { 0: { ${key}: 'OR', … } }` }],
        method,
      );
    }
    if (key !== idKey && key.replace(withOperator, '').toUpperCase() === idKey.toUpperCase()) {
      throw new ValidationError(
        [{ path: `${filterKey}.${key}`, message: `an export slices by ${idKey} itself; filter on other fields, or use list() for an ID range` }],
        method,
      );
    }
  }
  const selection = selectionOf(method, params);
  const resumed = options.resume === undefined ? undefined : checkCheckpoint(options.resume, method, selection, direction);
  let select = params.select;
  if (Array.isArray(select) && select.length > 0 && !select.includes('*') && !select.includes(idKey)) {
    select = [...select, idKey];
  }
  const base: Record<string, unknown> = { ...params, start: -1 };
  if (orderKey) delete base[orderKey];
  delete base[filterKey];
  if (select) base.select = select;
  const withFilter = (extra: Record<string, unknown>, order: 'ASC' | 'DESC' = direction) => ({
    ...base,
    order: { [idKey]: order },
    filter: { ...filter, ...extra },
  });
  const rowsOf = (result: unknown) => listRows(result, options.rows, method);
  const idOf = (row: Record<string, unknown>): number => {
    const id = Number(row[idField]);
    if (Number.isFinite(id)) return id;
    throw new ValidationError([{ path: 'idField', message: `the rows have no numeric "${idField}"; name their ID field with idField (crm.item.list: "id")` }], method);
  };
  const sliceParams = (s: Slice) => withFilter({ [`>=${idKey}`]: s.lo, [`<${idKey}`]: s.hi });
  const pace = new ExportPace(transport.bucket, transport.operatingBudget);
  const spentBy = (result: BatchResult) => Object.values(result.time).reduce((sum, t) => sum + (Number(t?.processing) || 0), 0);
  let read = resumed?.rows ?? 0;

  // 1. The ID range, in one request (or from the checkpoint).
  let low = 0;
  let end = 0;
  let cursor = 0;
  let width = pageSize;
  let lastId = 0;
  let phase: ExportCheckpoint['phase'] = 'slices';
  const resumedSlices: [number, number][] = [];
  if (resumed) {
    ({ low, end, cursor, width, lastId, phase } = resumed);
    resumedSlices.push(...resumed.pending);
  } else {
    const probe = await transport.batch(
      {
        first: { method, params: { ...withFilter({}, 'ASC'), select: [idKey] } },
        last: { method, params: { ...withFilter({}, 'DESC'), select: [idKey] } },
      },
      options.signal,
    );
    const probeError = probe.errors.first ?? probe.errors.last;
    if (probeError) throw probeError;
    pace.record(spentBy(probe), 2, 'probe');
    const bottom = rowsOf(probe.result.first);
    const top = rowsOf(probe.result.last);
    const first = bottom[0];
    const last = top[0];
    if (first && last) {
      low = idOf(first);
      lastId = idOf(last);
      end = lastId + 1;
      cursor = direction === 'ASC' ? low : end;
      // The two pages' density of IDs sizes the first slices (50 IDs wide on a dense list).
      const spanned = idOf(bottom[bottom.length - 1]!) - low + 1 + (lastId - idOf(top[top.length - 1]!) + 1);
      width = widthFor((bottom.length + top.length) / Math.max(1, spanned));
    } else {
      phase = 'tail';
    }
  }

  // 2. Disjoint slices in the caller's order, widened as the observed density of IDs allows;
  //    rows are handed over slice by slice in that order, whichever batch brings them first.
  const queue: Slice[] = [];
  let seenRows = 0;
  let seenWidth = 0;
  let nextSeq = 0;
  let handOver = 0;
  const parts = new Map<number, { lo: number; hi: number; rows: Record<string, unknown>[]; done: boolean }>();
  const open = (lo: number, hi: number): Slice => {
    const slice = { lo, hi, seq: nextSeq++ };
    parts.set(slice.seq, { lo, hi, rows: [], done: false });
    return slice;
  };
  for (const [lo, hi] of resumedSlices) queue.push(open(lo, hi));
  const ahead = cap * perBatch * 2;
  const uncut = () => (direction === 'ASC' ? cursor < end : cursor > low);
  const nextSlices = (count: number): Slice[] => {
    const out = queue.splice(0, count);
    while (out.length < count && nextSeq < handOver + ahead && uncut()) {
      const slice = direction === 'ASC' ? open(cursor, Math.min(end, cursor + width)) : open(Math.max(low, cursor - width), cursor);
      cursor = direction === 'ASC' ? slice.hi : slice.lo;
      out.push(slice);
    }
    return out;
  };
  // How many commands the next batch carries. A portal runs a batch's commands one after another,
  // so a batch answers after the sum of their times. When the slices left fit in the requests the
  // bucket admits now, they are spread evenly over all of those requests (a fresh client sends
  // 2,000 slices as 48 batches of about 42, not 40 of 50, and each answers a sixth sooner);
  // otherwise the drain decides, and a batch is full.
  const slicesLeft = () => queue.length + Math.ceil(Math.abs(direction === 'ASC' ? end - cursor : cursor - low) / width);
  const bucketRoom = () => (transport.bucket ? Math.floor(transport.bucket.room() - pace.waiting()) : Infinity);
  const batchSize = (running: number): number => {
    if (!transport.bucket) return perBatch;
    const room = Math.max(1, Math.min(cap - running, bucketRoom()));
    return Math.min(perBatch, Math.max(1, Math.ceil(slicesLeft() / room)));
  };
  // How many batches are worth having in flight. When the slices left fit in the room the bucket
  // has, all of them, now. Otherwise the drain decides when the last batch can leave (T seconds
  // from now), and c batches in flight, each answering in p seconds, send c × (T / p + 1) by
  // then: c = N × p / (T + p) of the N batches left keep the drain busy and end as early as the
  // whole burst would, while a batch sent sooner would only hold its rows in memory longer
  // (250,000 rows: about 10 batches in flight instead of 48, and the same end).
  const worthInFlight = (): number => {
    const bucket = transport.bucket;
    const perCommand = pace.commandSeconds();
    if (!bucket || perCommand === 0) return cap;
    const batchesLeft = Math.ceil(slicesLeft() / perBatch);
    const room = bucketRoom();
    if (batchesLeft <= room) return cap;
    const lastLeaves = (batchesLeft - room) / bucket.drainPerSecond;
    const answersIn = perCommand * perBatch;
    // One more than the arithmetic, for the answers' jitter.
    return Math.min(cap, Math.ceil((batchesLeft * answersIn) / (lastLeaves + answersIn)) + 1);
  };
  // How far the rows handed over reach into the range, for the share of it done.
  let covered = direction === 'ASC' ? (resumedSlices[0]?.[0] ?? cursor) : (resumedSlices[0]?.[1] ?? cursor);
  const share = () => (end > low ? Math.min(1, Math.max(0, direction === 'ASC' ? covered - low : end - covered) / (end - low)) : 1);
  const checkpoint = (): ExportCheckpoint => ({
    version: 1,
    method,
    selection,
    direction,
    rows: read,
    phase,
    low,
    end,
    cursor,
    width,
    pending: [...parts.values()].map((p): [number, number] => [p.lo, p.hi]),
    lastId,
  });

  if (phase === 'slices') {
    const running = new Set<number>();
    let failure: { error: unknown } | undefined;
    // One waiter (this generator): events are batches admitted or done, and budget timers.
    let woken = false;
    let wake: (() => void) | undefined;
    const notify = () => {
      woken = true;
      wake?.();
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    // One batch is encoded per turn of the event loop, so that each leaves as soon as it is ready
    // instead of the whole burst waiting for the last one's encoding.
    let next: ReturnType<typeof setImmediate> | undefined;
    let batchId = 0;
    const launch = (): void => {
      if (next) return;
      if (!failure && running.size < Math.min(cap, worthInFlight()) && (queue.length > 0 || uncut())) {
        const commands = batchSize(running.size);
        const wait = pace.gate(running.size, commands);
        if (wait === Infinity) return;
        if (wait > 0) {
          if (!timer) timer = setTimeout(() => ((timer = undefined), notify()), wait);
          return;
        }
        const slices = nextSlices(commands);
        if (slices.length === 0) return;
        const id = batchId++;
        running.add(id);
        const admitted = pace.launched();
        void (async () => {
          try {
            const result = await transport.batch(
              Object.fromEntries(slices.map((s, i) => [`s${i}`, { method, params: sliceParams(s) }])),
              options.signal,
              () => {
                admitted();
                notify();
              },
            );
            admitted();
            pace.record(spentBy(result), slices.length, 'slices');
            let limited = false;
            slices.forEach((s, i) => {
              const error: ApiError | ValidationError | undefined = result.errors[`s${i}`];
              if (error) {
                if (!(error instanceof RateLimitError)) throw error;
                limited = true;
                queue.unshift(s);
                return;
              }
              const got = rowsOf(result.result[`s${i}`]);
              const part = parts.get(s.seq)!;
              part.rows.push(...got);
              seenRows += got.length;
              seenWidth += s.hi - s.lo;
              const lastRow = got[got.length - 1];
              // A full page: the slice may hold more; continue right after its last row.
              const rest: Slice | undefined =
                got.length < pageSize || !lastRow
                  ? undefined
                  : direction === 'ASC'
                    ? { lo: idOf(lastRow) + 1, hi: s.hi, seq: s.seq }
                    : { lo: s.lo, hi: idOf(lastRow), seq: s.seq };
              if (rest && rest.lo < rest.hi) queue.unshift(rest);
              else part.done = true;
            });
            if (limited) await sleep(1000, options.signal);
            if (seenWidth > 0) width = seenRows > 0 ? widthFor(seenRows / seenWidth) : width * 4;
          } catch (error) {
            admitted();
            failure ??= { error };
          } finally {
            running.delete(id);
            notify();
          }
        })();
        next = setImmediate(() => {
          next = undefined;
          launch();
        });
      }
    };
    // An abort wakes the reader at once, even while it waits for the operating budget.
    const onAbort = () => notify();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      launch();
      while (running.size > 0 || queue.length > 0 || uncut() || parts.size > 0) {
        if (!woken) await new Promise<void>((resolve) => (wake = resolve));
        woken = false;
        wake = undefined;
        options.signal?.throwIfAborted();
        if (failure) throw failure.error;
        const ready: Record<string, unknown>[] = [];
        for (let part = parts.get(handOver); part?.done; part = parts.get(handOver)) {
          ready.push(...part.rows);
          parts.delete(handOver);
          handOver += 1;
          covered = direction === 'ASC' ? part.hi : part.lo;
        }
        launch();
        if (ready.length > 0) {
          read += ready.length;
          options.onProgress?.(read, share());
          for (const row of ready) yield row as T;
          if (!uncut() && parts.size === 0) phase = 'tail';
          await options.onCheckpoint?.(checkpoint());
        }
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      clearTimeout(timer);
      clearImmediate(next);
    }
    phase = 'tail';
  }

  // 3. Rows added past the range while we read (ascending only: in a descending export they
  //    would come after lower IDs, so it stays a snapshot up to the highest ID at the start):
  //    plain keyset pages until one is short.
  if (direction === 'DESC') return;
  for (;;) {
    const answer = await transport.call(method, withFilter({ [`>${idKey}`]: lastId }), options.signal);
    const rows = rowsOf(answer.result);
    read += rows.length;
    if (rows.length > 0) {
      options.onProgress?.(read, 1);
      for (const row of rows) yield row as T;
      lastId = idOf(rows[rows.length - 1]!);
      await options.onCheckpoint?.(checkpoint());
    }
    if (rows.length < pageSize) return;
  }
}
