// State that several processes serving one account may share: a leaky bucket's level, small
// versioned records (a method's operating time, OAuth tokens, a session) and locks. Clients hold
// one SharedStore: MemoryStore (this process only, the default) or RedisStore (shared-redis.ts,
// for many processes or machines). Clients never talk to Redis directly; everything they share
// goes through these few operations, each atomic in both stores.
import type { LeakyBucketOptions } from './limiter.js';

export interface BucketTake {
  /** Whether the cost was added (the request may go now). */
  admitted: boolean;
  /** When not admitted: milliseconds until the level leaves room for this cost. */
  waitMs: number;
  /** The level after this take (drained to now), for the caller's floor. */
  level: number;
}

export interface Versioned<T> {
  value: T;
  /** 1 for the first write, one more on each write since: a fencing token for compare-and-set. */
  version: number;
}

export interface SharedStore {
  /** Where the state lives, for messages: "this process", "Redis at 127.0.0.1:6379". */
  readonly where: string;
  /**
   * Adds `cost` to the leaky bucket at `key` when it fits under the capacity. `floor` is a level
   * the caller knows the bucket has at least (its last answer, drained since): a store that lost
   * its data (a restarted Redis) then does not start from an empty bucket.
   */
  takeFromBucket(key: string, bucket: LeakyBucketOptions, cost: number, floor: number): Promise<BucketTake>;
  /** Sets the bucket at `key` to full (the service refused for rate). */
  fillBucket(key: string, bucket: LeakyBucketOptions): Promise<void>;
  read<T>(key: string): Promise<Versioned<T> | undefined>;
  /**
   * Writes `value` when the stored version is still `expected` (0: nothing stored). Resolves to
   * the new version, or undefined when another writer came first (read again and decide).
   * `ttlMs`: the record disappears that long after the write.
   */
  write<T>(key: string, value: T, expected: number, ttlMs?: number): Promise<number | undefined>;
  /** Takes the lock at `key` for `ttlMs` unless someone holds it; resolves to the owner's token, or undefined. */
  lock(key: string, ttlMs: number): Promise<string | undefined>;
  /** Releases the lock when `owner` still holds it (an expired lock may belong to another by now). */
  unlock(key: string, owner: string): Promise<void>;
  /** Whether `owner` still holds the lock at `key`. */
  holds(key: string, owner: string): Promise<boolean>;
}

/** The arithmetic of a leaky bucket, shared by the memory store and mirrored by the Redis script. */
export function bucketStep(
  state: { level: number; at: number },
  bucket: LeakyBucketOptions,
  now: number,
  cost: number,
  floor: number,
): BucketTake {
  const level = Math.max(0, state.level - ((now - state.at) / 1000) * bucket.drainPerSecond, floor);
  state.at = now;
  if (level + cost <= bucket.capacity) {
    state.level = level + cost;
    return { admitted: true, waitMs: 0, level: state.level };
  }
  state.level = level;
  return { admitted: false, waitMs: ((level + cost - bucket.capacity) / bucket.drainPerSecond) * 1000, level };
}

let ownerCounter = 0;

/** Shared state within this process only: the default, and what one process needs. */
export class MemoryStore implements SharedStore {
  readonly where = 'this process';
  private readonly buckets = new Map<string, { level: number; at: number }>();
  private readonly records = new Map<string, { value: unknown; version: number; expiresAt?: number }>();
  private readonly locks = new Map<string, { owner: string; expiresAt: number }>();

  private bucket(key: string) {
    let b = this.buckets.get(key);
    if (!b) {
      b = { level: 0, at: performance.now() };
      this.buckets.set(key, b);
    }
    return b;
  }

  async takeFromBucket(key: string, bucket: LeakyBucketOptions, cost: number, floor: number): Promise<BucketTake> {
    return bucketStep(this.bucket(key), bucket, performance.now(), cost, floor);
  }

  async fillBucket(key: string, bucket: LeakyBucketOptions): Promise<void> {
    Object.assign(this.bucket(key), { level: bucket.capacity, at: performance.now() });
  }

  async read<T>(key: string): Promise<Versioned<T> | undefined> {
    const r = this.records.get(key);
    if (!r || (r.expiresAt !== undefined && r.expiresAt <= Date.now())) return undefined;
    return { value: structuredClone(r.value) as T, version: r.version };
  }

  async write<T>(key: string, value: T, expected: number, ttlMs?: number): Promise<number | undefined> {
    const current = await this.read(key);
    const version = current?.version ?? 0;
    if (version !== expected) return undefined;
    this.records.set(key, { value: structuredClone(value), version: version + 1, expiresAt: ttlMs ? Date.now() + ttlMs : undefined });
    return version + 1;
  }

  async lock(key: string, ttlMs: number): Promise<string | undefined> {
    const held = this.locks.get(key);
    if (held && held.expiresAt > Date.now()) return undefined;
    ownerCounter += 1;
    const owner = `${process.pid}.${ownerCounter}`;
    this.locks.set(key, { owner, expiresAt: Date.now() + ttlMs });
    return owner;
  }

  async unlock(key: string, owner: string): Promise<void> {
    if (this.locks.get(key)?.owner === owner) this.locks.delete(key);
  }

  async holds(key: string, owner: string): Promise<boolean> {
    const held = this.locks.get(key);
    return Boolean(held && held.owner === owner && held.expiresAt > Date.now());
  }
}
