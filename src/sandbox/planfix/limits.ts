// Request limits: requests per second per API key (a sliding one-second window) and requests
// per day per account (the day is the UTC calendar day).

export class PerSecondLimiter {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records the request and answers whether it fits; rejected requests are not recorded. */
  take(key: string): boolean {
    const now = this.now();
    const times = (this.recent.get(key) ?? []).filter((t) => now - t < 1000);
    if (times.length >= this.perSecond) {
      this.recent.set(key, times);
      return false;
    }
    times.push(now);
    this.recent.set(key, times);
    return true;
  }

  clear(): void {
    this.recent.clear();
  }
}

export class DailyQuota {
  private day = '';
  private used = 0;

  constructor(
    readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  private roll(): void {
    const today = new Date(this.now()).toISOString().slice(0, 10);
    if (today !== this.day) {
      this.day = today;
      this.used = 0;
    }
  }

  /** Counts one request; false when the day's quota was already spent. */
  take(): boolean {
    this.roll();
    if (this.used >= this.limit) return false;
    this.used += 1;
    return true;
  }

  get remaining(): number {
    this.roll();
    return Math.max(0, this.limit - this.used);
  }

  get spent(): number {
    this.roll();
    return this.used;
  }

  clear(): void {
    this.used = 0;
  }
}
