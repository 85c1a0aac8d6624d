// A client-side leaky bucket: each request adds its cost, the level drains at a fixed rate, and a
// request that would overflow waits its turn (FIFO). With the service's own numbers the client
// can use the whole burst and still never be refused.

export interface LeakyBucketOptions {
  /** Largest level before requests must wait (the burst). */
  capacity: number;
  /** Units drained per second. */
  drainPerSecond: number;
}

export class LeakyBucket {
  private level = 0;
  private updatedAt = performance.now();
  private readonly queue: { cost: number; resolve: () => void }[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly options: LeakyBucketOptions) {
    if (!(options.capacity >= 1) || !(options.drainPerSecond > 0)) {
      throw new RangeError('a leaky bucket needs capacity >= 1 and drainPerSecond > 0');
    }
  }

  private drain(): void {
    const now = performance.now();
    this.level = Math.max(0, this.level - ((now - this.updatedAt) / 1000) * this.options.drainPerSecond);
    this.updatedAt = now;
  }

  /** Resolves when a request of this cost may be sent. */
  acquire(cost = 1): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push({ cost: Math.min(cost, this.options.capacity), resolve });
      this.pump();
    });
  }

  /** Current level, for monitoring. */
  get current(): number {
    this.drain();
    return this.level;
  }

  /** Called when the service refused for rate: assume its bucket is full, ours should be too. */
  fill(): void {
    this.drain();
    this.level = this.options.capacity;
  }

  private pump(): void {
    this.drain();
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (this.level + next.cost > this.options.capacity) break;
      this.level += next.cost;
      this.queue.shift();
      next.resolve();
    }
    if (this.queue.length > 0 && this.timer === undefined) {
      const next = this.queue[0]!;
      const wait = ((this.level + next.cost - this.options.capacity) / this.options.drainPerSecond) * 1000;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, Math.max(1, Math.ceil(wait)));
    }
  }
}
