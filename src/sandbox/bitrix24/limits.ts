// The portal's limits: a leaky bucket for the request rate, and the operating time each method
// used per application or webhook in a sliding window of ten slots, as the docs (limits.md) describe.

export interface RateLimit {
  bucketSize: number;
  drainPerSecond: number;
}

export interface OperatingLimit {
  windowSeconds: number;
  limitSeconds: number;
}

/** Every request adds 1, the level drains continuously; a full bucket refuses the request. */
export class LeakyBucket {
  private level = 0;
  private at = Date.now();

  constructor(private readonly limit: RateLimit) {}

  /** True when the request may go on (and is counted). */
  take(nowMs = Date.now()): boolean {
    this.level = Math.max(0, this.level - ((nowMs - this.at) / 1000) * this.limit.drainPerSecond);
    this.at = nowMs;
    if (this.level + 1 > this.limit.bucketSize) return false;
    this.level += 1;
    return true;
  }

  get current(): number {
    return this.level;
  }

  reset(): void {
    this.level = 0;
    this.at = Date.now();
  }
}

interface Slot {
  /** Which tenth of the window (minute on a real portal) the slot stands for. */
  index: number;
  /** The first call recorded in it, epoch seconds: the slot leaves the window a window later. */
  first: number;
  seconds: number;
}

/**
 * Operating seconds per (principal, method) in ten slots, as the docs describe: each slot's
 * countdown starts at its first recorded call; a call is refused while the sum exceeds the limit.
 */
export class OperatingTime {
  private readonly slots = new Map<string, Slot[]>();
  private readonly slotLength: number;

  constructor(private readonly limit: OperatingLimit) {
    this.slotLength = limit.windowSeconds / 10;
  }

  private live(key: string, nowSec: number): Slot[] {
    const slots = (this.slots.get(key) ?? []).filter((s) => s.first + this.limit.windowSeconds > nowSec);
    this.slots.set(key, slots);
    return slots;
  }

  /** Seconds used in the window and when the oldest of them leaves it. */
  status(principal: string, method: string, nowSec: number): { operating: number; resetAt: number; blocked: boolean } {
    const slots = this.live(`${principal} ${method}`, nowSec);
    const operating = slots.reduce((sum, s) => sum + s.seconds, 0);
    const resetAt = slots.length > 0 ? slots[0]!.first + this.limit.windowSeconds : nowSec + this.limit.windowSeconds;
    return { operating, resetAt, blocked: operating > this.limit.limitSeconds };
  }

  add(principal: string, method: string, seconds: number, nowSec: number): void {
    const slots = this.live(`${principal} ${method}`, nowSec);
    const index = Math.floor(nowSec / this.slotLength);
    const last = slots[slots.length - 1];
    if (last && last.index === index) last.seconds += seconds;
    else slots.push({ index, first: nowSec, seconds });
  }

  reset(): void {
    this.slots.clear();
  }
}

/**
 * The modelled processing time of one call, in seconds: a base cost, a cost per field of every row
 * returned, and for counted list pages (start >= 0) the cost of counting the selection, which grows
 * a little faster than the selection itself. Calibrated so that three published facts hold at once
 * (sources and arithmetic: DEVIATIONS.md, "The cost model"; tests: test/sandbox/bitrix24/cost-model.test.ts):
 * 1. fast_bitrix24's speed test (speed_tests/strategies.ipynb, 2021): 41,537 leads read as counted
 *    offset pages, 50 per batch, batches in parallel, in 2.3-2.6 s, far from the operating limit.
 *    Its select was ID and STAGE_ID, and leads have no STAGE_ID: one field per row. A page costs
 *    0.025 s + 0.0225 s of counting = 0.0475 s; the first page and one batch of 50: 2.42 s; the
 *    831 pages use 39 s of the 480.
 * 2. Users of fast_bitrix24 meet OPERATION_TIME_LIMIT exporting roughly 70,000-300,000 rows
 *    (issue #192: ~70,000 deals, every field). Reading a whole list in counted pages crosses
 *    480 s at 72,000-122,000 rows, by the number of fields (51 for every lead field, 1 for ID).
 * 3. The docs (crm.deal.list, limits.md): start=-1 with an ID filter skips counting; such a page
 *    costs the same on any size of list (~50 s per counted page on 2.4 million rows, the docs' own
 *    figure, is kept as the counting curve's anchor).
 */
export const costModel = {
  base: 0.02,
  /** Per field of every row returned: 4 fields make 0.0004 s a row, 0.04 s a page of 50. */
  perField: 0.0001,
  /** Counting N rows costs anchorSeconds × (N / anchorRows) ^ exponent. */
  counting: { anchorRows: 2_400_000, anchorSeconds: 50, exponent: 1.9 },
};

/** Seconds the portal spends counting a selection of `rows` rows (a page with start >= 0). */
export function countingSeconds(rows: number): number {
  const { anchorRows, anchorSeconds, exponent } = costModel.counting;
  return rows > 0 ? anchorSeconds * (rows / anchorRows) ** exponent : 0;
}

/** `fields`: the fields each returned row carries. */
export function modelledSeconds(rowsReturned: number, rowsCounted: number, fields = 1): number {
  return costModel.base + costModel.perField * fields * rowsReturned + countingSeconds(rowsCounted);
}
