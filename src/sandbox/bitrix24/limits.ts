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
 * The modelled processing time of one call, in seconds. Counting `total` costs time in
 * proportion to the selection: the docs measured ~50 s per page on 2.4 million rows.
 */
export const costModel = {
  base: 0.02,
  perRow: 0.0004,
  perCountedRow: 50 / 2_400_000,
};

export function modelledSeconds(rowsReturned: number, rowsCounted: number): number {
  return costModel.base + costModel.perRow * rowsReturned + costModel.perCountedRow * rowsCounted;
}
