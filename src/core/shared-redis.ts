// SharedStore on Redis: one Redis serves any number of processes, machines and accounts. Every
// operation is one atomic command or Lua script, and time comes from the Redis server (TIME), so
// the machines' clocks need not agree. ioredis is loaded only when this store is used.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ConfigurationError, SharedStateError } from './errors.js';
import type { LeakyBucketOptions } from './limiter.js';
import { MemoryStore, type BucketTake, type SharedStore, type Versioned } from './shared-state.js';

/** The `shared` option of a client: where processes serving the same accounts meet. */
export interface SharedOptions {
  /**
   * An ioredis client (yours to configure and to close), or a `redis://` / `rediss://` URL (the
   * client opens its own connection, failing fast while Redis is away; close it with `close()`).
   */
  redis: Redis | string;
  /** Put before every key, to keep several deployments apart in one Redis. Default `uzel:`. */
  prefix?: string;
}

// A leaky bucket as bucketStep() in shared-state.ts computes it; level kept as a decimal string.
const takeScript = `
local cap, rate, cost, floor = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local s = redis.call('HMGET', KEYS[1], 'level', 'at')
local level = tonumber(s[1]) or 0
local at = tonumber(s[2]) or now
level = math.max(0, level - (now - at) / 1000 * rate, floor)
local admitted, wait = 0, 0
if ARGV[5] == 'fill' then
  level = cap
elseif level + cost <= cap then
  level = level + cost
  admitted = 1
else
  wait = (level + cost - cap) / rate * 1000
end
redis.call('HSET', KEYS[1], 'level', string.format('%.6f', level), 'at', string.format('%.3f', now))
redis.call('PEXPIRE', KEYS[1], math.ceil(cap / rate * 1000) + 60000)
return {admitted, string.format('%.3f', wait), string.format('%.6f', level)}
`;

const writeScript = `
local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if v ~= tonumber(ARGV[1]) then return -1 end
redis.call('HSET', KEYS[1], 'v', v + 1, 'json', ARGV[2])
if tonumber(ARGV[3]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) else redis.call('PERSIST', KEYS[1]) end
return v + 1
`;

const unlockScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

const sha = (script: string) => createHash('sha1').update(script).digest('hex');

/** host:port of a Redis URL or client, never its password. */
function describe(redis: Redis | string): string {
  if (typeof redis === 'string') {
    try {
      const url = new URL(redis);
      return `Redis at ${url.hostname}:${url.port || 6379}`;
    } catch {
      return 'Redis';
    }
  }
  const o = redis.options;
  return o.path ? `Redis at ${o.path}` : `Redis at ${o.host ?? '127.0.0.1'}:${o.port ?? 6379}`;
}

export class RedisStore implements SharedStore {
  readonly where: string;
  private readonly prefix: string;
  private redis: Promise<Redis> | undefined;
  private readonly owned: boolean;

  constructor(private readonly options: SharedOptions) {
    const given: unknown = options.redis;
    const isClient = typeof given === 'object' && given !== null && typeof (given as Redis).evalsha === 'function';
    if (!isClient && !(typeof given === 'string' && /^rediss?:\/\//.test(given))) {
      throw new ConfigurationError('the shared Redis (option shared.redis) must be given as an ioredis client or a redis:// (rediss://) URL');
    }
    this.where = describe(options.redis);
    this.prefix = options.prefix ?? 'uzel:';
    this.owned = typeof options.redis === 'string';
  }

  private connection(): Promise<Redis> {
    this.redis ??= (async () => {
      const given = this.options.redis;
      if (typeof given !== 'string') return given;
      const { Redis } = await import('ioredis');
      // Fail fast while Redis is away (the caller gets a clear error and nothing is sent), and
      // keep reconnecting in the background so that the next calls work once it is back.
      const redis = new Redis(given, {
        connectTimeout: 2000,
        commandTimeout: 2000,
        maxRetriesPerRequest: 1,
        retryStrategy: (times) => Math.min(times * 100, 1000),
      });
      // Failures reach the caller through the commands (SharedStateError); not printed here.
      redis.on('error', () => undefined);
      return redis;
    })();
    return this.redis;
  }

  private async run<T>(what: string, op: (redis: Redis) => Promise<T>): Promise<T> {
    try {
      return await op(await this.connection());
    } catch (error) {
      const e = error as { message?: string; code?: string; name?: string };
      // ioredis gives up on a command after its reconnection attempts: say that in our words.
      const detail = e.name === 'MaxRetriesPerRequestError' ? 'no connection' : (e.message ?? String(error)).replace(/\.$/, '');
      throw new SharedStateError(
        `the shared state (${this.where}) did not answer while ${what}: ${detail}; nothing was sent to the service. Check that Redis runs and is reachable; calls work again once it answers`,
        e.code,
      );
    }
  }

  private async script(redis: Redis, script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(sha(script), keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return redis.eval(script, keys.length, ...keys, ...args);
    }
  }

  private key(key: string): string {
    return this.prefix + key;
  }

  private async bucketScript(key: string, bucket: LeakyBucketOptions, cost: number, floor: number, mode: 'take' | 'fill'): Promise<BucketTake> {
    const answer = (await this.run('keeping the rate limit', (r) =>
      this.script(r, takeScript, [this.key(key)], [bucket.capacity, bucket.drainPerSecond, cost, floor, mode]),
    )) as [number, string, string];
    return { admitted: answer[0] === 1, waitMs: Number(answer[1]), level: Number(answer[2]) };
  }

  takeFromBucket(key: string, bucket: LeakyBucketOptions, cost: number, floor: number): Promise<BucketTake> {
    return this.bucketScript(key, bucket, cost, floor, 'take');
  }

  async fillBucket(key: string, bucket: LeakyBucketOptions): Promise<void> {
    await this.bucketScript(key, bucket, 0, 0, 'fill');
  }

  async read<T>(key: string): Promise<Versioned<T> | undefined> {
    const [v, json] = await this.run('reading shared state', (r) => r.hmget(this.key(key), 'v', 'json'));
    if (!v || json === null || json === undefined) return undefined;
    return { value: JSON.parse(json) as T, version: Number(v) };
  }

  async write<T>(key: string, value: T, expected: number, ttlMs = 0): Promise<number | undefined> {
    const version = Number(
      await this.run('writing shared state', (r) => this.script(r, writeScript, [this.key(key)], [expected, JSON.stringify(value), Math.ceil(ttlMs)])),
    );
    return version < 0 ? undefined : version;
  }

  async lock(key: string, ttlMs: number): Promise<string | undefined> {
    const owner = `${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}`;
    const ok = await this.run('taking a lock', (r) => r.set(this.key(key), owner, 'PX', Math.ceil(ttlMs), 'NX'));
    return ok === 'OK' ? owner : undefined;
  }

  async unlock(key: string, owner: string): Promise<void> {
    await this.run('releasing a lock', (r) => this.script(r, unlockScript, [this.key(key)], [owner]));
  }

  async holds(key: string, owner: string): Promise<boolean> {
    return (await this.run('checking a lock', (r) => r.get(this.key(key)))) === owner;
  }

  /** Closes the connection this store opened from a URL (an ioredis client you passed stays yours). */
  async close(): Promise<void> {
    if (!this.owned || !this.redis) return;
    const redis = await this.redis;
    redis.disconnect();
  }
}

/** A client's store: on Redis with `shared`, else in this process; `close` ends a connection it opened. */
export function openSharedStore(shared: SharedOptions | undefined): { store: SharedStore; close(): Promise<void> } {
  const store = shared ? new RedisStore(shared) : new MemoryStore();
  return { store, close: () => (store instanceof RedisStore ? store.close() : Promise.resolve()) };
}
