// Callers' own limit, per gateway key: a token bucket of `burst` requests refilled at `perMinute`.
// Unlike the services' buckets (core/limiter.ts), which make a request wait its turn, a caller
// over its limit is refused at once with the seconds to wait: its requests must not pile up in
// the gateway and delay other keys.

export interface CallerLimit {
  /** Requests per minute, sustained. */
  perMinute: number;
  /** Requests at once before the rate applies. */
  burst: number;
}

export class CallerBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Takes one request for `key`; 0 when allowed, else the seconds until one would be (>= 1). */
  take(key: string, limit: CallerLimit): number {
    const now = this.now();
    const perMs = limit.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }
}
