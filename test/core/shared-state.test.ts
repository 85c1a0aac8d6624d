import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { MemoryStore, type SharedStore } from '../../src/core/shared-state.js';
import { RedisStore } from '../../src/core/shared-redis.js';
import { renewOnce, seedCredentials } from '../../src/core/shared-refresh.js';
import { LeakyBucket } from '../../src/core/limiter.js';
import { ConfigurationError, SharedStateError } from '../../src/core/errors.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

let redis: RedisServer;
const stores: RedisStore[] = [];
before(async () => {
  redis = await startRedisServer();
});
after(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await redis.stop();
});

function redisStore(prefix = 'test:'): RedisStore {
  const store = new RedisStore({ redis: redis.url, prefix });
  stores.push(store);
  return store;
}

let run = 0;
/** Two handles on one state: two connections to Redis, or the same memory store twice. */
const kinds: [string, () => [SharedStore, SharedStore]][] = [
  ['MemoryStore', () => { const m = new MemoryStore(); return [m, m]; }],
  ['RedisStore', () => { const p = `t${(run += 1)}:`; return [redisStore(p), redisStore(p)]; }],
];

for (const [name, pair] of kinds) {
  describe(name, () => {
    test('one bucket for every handle: the burst is shared, then the wait is the drain time', async () => {
      const [a, b] = pair();
      const bucket = { capacity: 5, drainPerSecond: 10 };
      const takes = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).takeFromBucket('portal-1', bucket, 1, 0)));
      assert.equal(takes.filter((t) => t.admitted).length, 5);
      const refused = takes.filter((t) => !t.admitted);
      for (const t of refused) assert.ok(t.waitMs > 50 && t.waitMs <= 100, `wait ${t.waitMs}`);
      // Another key is another portal: untouched.
      assert.equal((await a.takeFromBucket('portal-2', bucket, 5, 0)).admitted, true);
      await new Promise((r) => setTimeout(r, 120));
      assert.equal((await b.takeFromBucket('portal-1', bucket, 1, 0)).admitted, true, 'drained');
    });

    test('fill() makes every handle wait; a floor keeps a level the store has lost', async () => {
      const [a, b] = pair();
      const bucket = { capacity: 4, drainPerSecond: 2 };
      await a.fillBucket('p', bucket);
      const take = await b.takeFromBucket('p', bucket, 1, 0);
      assert.equal(take.admitted, false);
      assert.ok(take.waitMs > 400, `wait ${take.waitMs}`);
      const fresh = await a.takeFromBucket('empty', bucket, 1, 3.5);
      assert.equal(fresh.admitted, false, 'an empty store with a floor of 3.5 has no room for 1 of 4');
    });

    test('versioned writes: only on the version read (fencing), with an expiry', async () => {
      const [a, b] = pair();
      assert.equal(await a.read('rec'), undefined);
      assert.equal(await a.write('rec', { n: 1 }, 0), 1);
      assert.equal(await b.write('rec', { n: 2 }, 0), undefined, 'a second creator loses');
      assert.equal(await b.write('rec', { n: 2 }, 1), 2);
      assert.equal(await a.write('rec', { n: 3 }, 1), undefined, 'a stale writer loses');
      assert.deepEqual(await a.read('rec'), { value: { n: 2 }, version: 2 });
      await a.write('short', 'x', 0, 50);
      await new Promise((r) => setTimeout(r, 80));
      assert.equal(await b.read('short'), undefined);
    });

    test('locks: one holder, released only by it, and free again after the expiry', async () => {
      const [a, b] = pair();
      const owner = await a.lock('l', 100);
      assert.ok(owner);
      assert.equal(await b.lock('l', 100), undefined);
      await b.unlock('l', 'someone-else');
      assert.equal(await b.lock('l', 100), undefined, 'a stranger cannot release it');
      assert.equal(await a.holds('l', owner), true);
      await new Promise((r) => setTimeout(r, 130));
      assert.equal(await a.holds('l', owner), false);
      const next = await b.lock('l', 1000);
      assert.ok(next);
      await a.unlock('l', owner);
      assert.equal(await b.holds('l', next), true, 'the expired owner cannot release the new holder');
      await b.unlock('l', next);
      assert.ok(await a.lock('l', 100));
    });

    test('renewOnce: twenty concurrent renewals of the same stale value renew once', async () => {
      const [a, b] = pair();
      const place = (store: SharedStore) => ({ store, key: 'creds', lockMs: 2000 });
      await seedCredentials(place(a), { token: 'old', n: 0 });
      let renewals = 0;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          renewOnce<{ token: string; n: number }>(
            place(i % 2 ? a : b),
            (c) => c.token === 'old',
            async (c) => {
              renewals += 1;
              await new Promise((r) => setTimeout(r, 30));
              return { token: 'new', n: c!.n + 1 };
            },
            5,
          ),
        ),
      );
      assert.equal(renewals, 1);
      assert.equal(results.filter((r) => r.renewedHere).length, 1);
      assert.ok(results.every((r) => r.value.token === 'new'));
    });
  });
}

describe('LeakyBucket over Redis', () => {
  test('two buckets on one key (two processes, say) admit one burst between them, then the drain rate', async () => {
    const options = { capacity: 4, drainPerSecond: 20 };
    const key = 'shared-bucket';
    const one = new LeakyBucket(options, { store: redisStore(), key });
    const two = new LeakyBucket(options, { store: redisStore(), key });
    const started = performance.now();
    const times: number[] = [];
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? one : two).acquire().then(() => times.push(performance.now() - started))));
    times.sort((x, y) => x - y);
    assert.ok(times[3]! < 200, `the burst of 4 waits for nothing (${times[3]} ms)`);
    // 8 more at 20/s: about 400 ms, whichever bucket they came through.
    assert.ok(times[11]! >= 350, `the rest wait for the shared drain (${times[11]} ms)`);
  });
});

describe('Redis going away', () => {
  test('operations fail with a SharedStateError naming the server (never its password), and work again when it is back', async () => {
    const plain = new RedisStore({ redis: redis.url, prefix: 'away:' });
    const withPassword = new RedisStore({ redis: `redis://:s3cretPassw0rd@127.0.0.1:${redis.port}`, prefix: 'away:' });
    stores.push(plain, withPassword);
    const plainBucket = new LeakyBucket({ capacity: 10, drainPerSecond: 0.1 }, { store: plain, key: 'b' });
    await plainBucket.acquire();
    await redis.kill();
    try {
      const started = Date.now();
      const error = await plainBucket.acquire().then(() => assert.fail('must fail'), (e: unknown) => e);
      assert.ok(error instanceof SharedStateError, String(error));
      assert.equal(error.reachedServer, 'no');
      assert.match(error.message, new RegExp(`Redis at 127\\.0\\.0\\.1:${redis.port}`));
      assert.ok(Date.now() - started < 5000, 'fails fast');
      const other = await withPassword.read('x').then(() => assert.fail('must fail'), (e: unknown) => e);
      assert.ok(other instanceof SharedStateError);
      assert.ok(!other.message.includes('s3cretPassw0rd') && !String(other.stack).includes('s3cretPassw0rd'), other.message);
    } finally {
      await redis.start();
    }
    // ioredis reconnects in the background: the next acquire works once it has.
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await plainBucket.acquire();
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    // The restarted Redis lost the level; the bucket's floor carried it over (2 taken, ~0 drained).
    const raw = new Redis(redis.url);
    try {
      const level = Number(await raw.hget('away:b', 'level'));
      assert.ok(level >= 1.5, `level ${level}`);
    } finally {
      raw.disconnect();
    }
  });

  test('a shared.redis that is neither a client nor a redis:// URL is refused at once', () => {
    for (const bad of ['127.0.0.1:6379', 'http://127.0.0.1:6379', {} as unknown as string]) {
      assert.throws(() => new RedisStore({ redis: bad }), ConfigurationError);
    }
  });
});

test('ioredis is loaded only by a client in shared mode, when it first needs the store', () => {
  // In a fresh process, against the build (as users import it).
  const script = `
    import { createRequire } from 'node:module';
    const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/ioredis/'));
    const { Bitrix24Client } = await import(${JSON.stringify(join(process.cwd(), 'dist/index.js'))});
    const plain = new Bitrix24Client({ webhookUrl: 'http://127.0.0.1:9/rest/1/abcdef/' });
    const before = loaded();
    const shared = new Bitrix24Client({ webhookUrl: 'http://127.0.0.1:9/rest/1/abcdef/', shared: { redis: ${JSON.stringify(redis.url)} } });
    await shared.call('server.time', {}, { timeoutMs: 500 }).catch(() => undefined);
    console.log(JSON.stringify({ before, after: loaded() }));
    await shared.close();
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.deepEqual(JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}'), { before: false, after: true }, run.stderr);
});
