// A client-side leaky bucket: each request adds its cost, the level drains at a fixed rate, and a
// request that would overflow waits its turn (FIFO within this process). With the service's own
// numbers the client can use the whole burst and still never be refused. The level lives in a
// SharedStore: this process's memory by default, or Redis, where every process serving the same
// account takes from the same bucket.
import { MemoryStore, type SharedStore } from './shared-state.js';

export interface LeakyBucketOptions {
  /** Largest level before requests must wait (the burst). */
  capacity: number;
  /** Units drained per second. */
  drainPerSecond: number;
}

export interface BucketPlace {
  /** Where the level is kept (default: this bucket's own memory). */
  store: SharedStore;
  /** The bucket's name in the store: one per account whose limit it keeps. */
  key: string;
}

export class LeakyBucket {
  private readonly queue: { cost: number; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private pumping = false;
  private readonly place: BucketPlace;
  /** The level the store last reported, and when (performance.now()): the floor of the next take. */
  private known = { level: 0, at: 0 };

  constructor(
    readonly options: LeakyBucketOptions,
    place?: BucketPlace,
  ) {
    if (!(options.capacity >= 1) || !(options.drainPerSecond > 0)) {
      throw new RangeError('a leaky bucket needs capacity >= 1 and drainPerSecond > 0');
    }
    this.place = place ?? { store: new MemoryStore(), key: 'bucket' };
  }

  private floor(): number {
    return Math.max(0, this.known.level - ((performance.now() - this.known.at) / 1000) * this.options.drainPerSecond);
  }

  /**
   * Resolves when a request of this cost may be sent; rejects when the store fails
   * (SharedStateError), or with the signal's reason when it aborts first (leaving the queue).
   */
  acquire(cost = 1, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
        reject(signal!.reason);
      };
      const settle = (then: () => void) => () => {
        signal?.removeEventListener('abort', onAbort);
        then();
      };
      const waiter = { cost: Math.min(cost, this.options.capacity), resolve: settle(resolve), reject: (e: unknown) => settle(() => reject(e))() };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      void this.pump();
    });
  }

  /**
   * Units a request could take now without waiting, by what this process knows of the level (in
   * shared mode a lower bound of it, so the room may be less). Requests queued here are not
   * subtracted: a caller counts its own.
   */
  room(): number {
    return Math.max(0, this.options.capacity - this.floor());
  }

  /** Called when the service refused for rate: assume its bucket is full, ours should be too. */
  fill(): Promise<void> {
    this.known = { level: this.options.capacity, at: performance.now() };
    // A store that fails here fails the next acquire() too, which reports it.
    return this.place.store.fillBucket(this.place.key, this.options).catch(() => undefined);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const next = this.queue[0]!;
        let waitMs: number;
        try {
          // Dated when asked, not when answered: drained from then, the level stays a lower bound.
          const asked = performance.now();
          const take = await this.place.store.takeFromBucket(this.place.key, this.options, next.cost, this.floor());
          this.known = { level: take.level, at: asked };
          if (take.admitted) {
            const at = this.queue.indexOf(next);
            if (at >= 0) {
              this.queue.splice(at, 1);
              next.resolve();
            }
            // Cancelled while its cost was being added: the unit stays taken (it only errs on the safe side).
            continue;
          }
          waitMs = take.waitMs;
        } catch (error) {
          const at = this.queue.indexOf(next);
          if (at >= 0) this.queue.splice(at, 1);
          next.reject(error);
          continue;
        }
        await new Promise((r) => setTimeout(r, Math.max(1, Math.ceil(waitMs))));
      }
    } finally {
      this.pumping = false;
    }
  }
}
