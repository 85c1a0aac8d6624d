// The portal sums each method's execution time over a sliding 10-minute window and refuses the
// method (429 OPERATION_TIME_LIMIT) past 480 s until `operating_reset_at`. The `time` block of
// every answer tells where we stand, so we wait for the reset instead of running into the limit.
import type { Bitrix24Time } from './answer.js';

export interface OperatingLimit {
  /** Seconds of execution allowed per method in the window (480 on real portals). */
  limitSeconds: number;
  /** Stop sending when this close to the limit, to leave room for requests in flight. */
  marginSeconds: number;
}

export class OperatingTracker {
  private readonly methods = new Map<string, { operating: number; resetAt: number }>();

  constructor(private readonly limit: OperatingLimit) {}

  /** Records what an answer's time block says about `method`. */
  record(method: string, time: Partial<Bitrix24Time> | undefined): void {
    if (!time || typeof time.operating !== 'number' || typeof time.operating_reset_at !== 'number') return;
    this.methods.set(method.toLowerCase(), { operating: time.operating, resetAt: time.operating_reset_at });
  }

  /** Milliseconds to wait before `method` may be sent; 0 when it may go now. */
  delayFor(method: string, now = Date.now()): number {
    const state = this.methods.get(method.toLowerCase());
    if (!state) return 0;
    const resetMs = state.resetAt * 1000;
    if (now >= resetMs) {
      this.methods.delete(method.toLowerCase());
      return 0;
    }
    return state.operating >= this.limit.limitSeconds - this.limit.marginSeconds ? resetMs - now : 0;
  }

  /** After a 429: the method is blocked until `resetAt` (unix seconds), whatever we believed. */
  block(method: string, resetAt: number): void {
    this.methods.set(method.toLowerCase(), { operating: Number.POSITIVE_INFINITY, resetAt });
  }
}
