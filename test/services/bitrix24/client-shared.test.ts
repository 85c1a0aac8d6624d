// Several processes, one portal: worker processes (bench/bitrix24-shared-worker.ts) share the
// portal's bucket and the OAuth tokens through a real redis-server started here.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { SharedStateError } from '../../../src/core/errors.js';
import { startRedisServer, type RedisServer } from '../../helpers/redis-server.js';
import { runWorkers } from '../../../bench/shared-workers.js';
import type { WorkerTask } from '../../../bench/bitrix24-shared-worker.js';

let redis: RedisServer;
const sandboxes: Bitrix24Sandbox[] = [];
before(async () => {
  redis = await startRedisServer();
});
after(async () => {
  await Promise.all(sandboxes.map((s) => s.close()));
  await redis.stop();
});

async function sandbox(options: Parameters<typeof startBitrix24Sandbox>[0] = {}) {
  const s = await startBitrix24Sandbox(options);
  sandboxes.push(s);
  return s;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('the portal\'s bucket, shared by processes', () => {
  test('8 processes reading as fast as they can: no 503, and together they use the whole drain', { timeout: 180_000 }, async (t) => {
    // The standard limits of a real portal: burst 50, 2 requests per second.
    const portal = await sandbox();
    const seconds = 15;
    const steadyFrom = 5; // by then the burst is spent and the bucket full: only the drain lets calls through
    const task: WorkerTask = {
      mode: 'read',
      method: 'server.time',
      concurrency: 4,
      // A second of drain in reserve (the default keeps a quarter): eight processes and the
      // sandbox share two cores here, so arrivals bunch up far more than on a network.
      client: { webhookUrl: portal.info.webhookUrl, rateLimit: { capacity: 50, drainPerSecond: 2, reserve: 2 }, shared: { redis: redis.url } },
    };
    const before = { served: portal.stats.served, refused: portal.stats.rateLimited };
    const steady = { from: 0, to: 0 };
    const { reports } = await runWorkers(Array.from({ length: 8 }, () => task), seconds * 1000, (startedAt) => {
      setTimeout(() => (steady.from = portal.stats.served), startedAt + steadyFrom * 1000 - Date.now());
      setTimeout(() => (steady.to = portal.stats.served), startedAt + seconds * 1000 - Date.now());
    });
    const served = portal.stats.served - before.served;
    assert.equal(portal.stats.rateLimited - before.refused, 0, 'the portal refused none');
    for (const r of reports) assert.deepEqual(r?.errors, {}, 'no call failed');
    assert.ok(sum(reports.map((r) => r!.ok)) <= served);
    const rate = (steady.to - steady.from) / (seconds - steadyFrom);
    t.diagnostic(`served ${served} in ${seconds} s; from ${steadyFrom} s on ${rate.toFixed(2)} per second (${((100 * rate) / 2).toFixed(0)}% of the drain)`);
    assert.ok(rate >= 0.9 * 2, `${rate} per second: under 90% of the portal's drain`);
    assert.ok(served <= 48 + 2 * seconds + 2, `served ${served}: more than the bucket lets through`);
  });
});

describe('OAuth tokens, shared by processes', () => {
  const oauth = (portal: Bitrix24Sandbox, refreshLockMs?: number) => ({
    portal: portal.url,
    accessToken: portal.info.accessToken,
    refreshToken: portal.info.refreshToken,
    app: { clientId: portal.info.clientId, clientSecret: portal.info.clientSecret, tokenUrl: portal.info.oauthTokenUrl },
    rateLimit: false as const,
    shared: { redis: redis.url, ...(refreshLockMs ? { refreshLockMs } : {}) },
  });

  test('8 processes meet an expired token at once: one refresh reaches the portal, all go on, onTokens once', { timeout: 120_000 }, async () => {
    const portal = await sandbox({ timeScale: 0 });
    portal.expireAccessTokens();
    const task: WorkerTask = { mode: 'once', method: 'user.current', client: oauth(portal) };
    const refreshes = portal.stats.refreshes ?? 0;
    const { reports } = await runWorkers(Array.from({ length: 8 }, () => task), 0);
    assert.equal((portal.stats.refreshes ?? 0) - refreshes, 1, 'exactly one refresh');
    assert.deepEqual(reports.map((r) => r?.ok), Array(8).fill(1), JSON.stringify(reports));
    assert.equal(sum(reports.map((r) => r!.tokens)), 1, 'the rotated tokens handed to onTokens exactly once');
  });

  test('the refreshing process dies holding the lock: the others refresh after it expires, and the stored refresh token stays valid', { timeout: 120_000 }, async () => {
    const portal = await sandbox({ timeScale: 0 });
    portal.expireAccessTokens();
    const marker = join(mkdtempSync(join(tmpdir(), 'uzel-die-')), 'died');
    const lockMs = 3000;
    const task: WorkerTask = { mode: 'once', method: 'user.current', client: oauth(portal, lockMs), dieOnRefreshMarker: marker };
    const refreshes = portal.stats.refreshes ?? 0;
    const started = Date.now();
    const { reports } = await runWorkers(Array.from({ length: 8 }, () => task), 0);
    const elapsed = Date.now() - started;
    rmSync(join(marker, '..'), { recursive: true, force: true });
    assert.equal(reports.filter((r) => r === undefined).length, 1, 'one worker died');
    const survivors = reports.filter((r) => r !== undefined);
    assert.deepEqual(survivors.map((r) => r.ok), Array(7).fill(1), JSON.stringify(survivors));
    assert.equal((portal.stats.refreshes ?? 0) - refreshes, 1, 'one refresh, after the dead one\'s lock expired');
    assert.equal(sum(survivors.map((r) => r.tokens)), 1);
    assert.ok(elapsed >= lockMs - 500, `the others waited for the lock to expire (${elapsed} ms)`);
    // The portal still has a valid refresh token: a new process refreshes with the stored one.
    const client = new Bitrix24Client(oauth(portal));
    portal.expireAccessTokens();
    try {
      await client.call('user.current');
      assert.equal((portal.stats.refreshes ?? 0) - refreshes, 2);
    } finally {
      await client.close();
    }
  });
});

describe('operating time, shared per portal and method', () => {
  // Two clients with their own Redis connections stand for two processes on one webhook. They
  // keep the real 480 s budget while the portal allows 0.1 s per 2 s window: process A meets the
  // 429; then B calls the same method while the block stands.
  async function secondProcessRefusals(shared: boolean) {
    const portal = await sandbox({ timeScale: 0, rateLimit: false, operatingLimit: { windowSeconds: 2, limitSeconds: 0.1 } });
    const options = {
      webhookUrl: portal.info.webhookUrl,
      rateLimit: false as const,
      operatingLimit: { windowSeconds: 2 },
      retry: { retries: 0 },
      ...(shared ? { shared: { redis: redis.url, prefix: 'op:' } } : {}),
    };
    const [a, b] = [new Bitrix24Client(options), new Bitrix24Client(options)];
    try {
      const filling = (async () => {
        while (portal.stats.operatingLimited === 0) await a.call('server.time');
      })();
      while (portal.stats.operatingLimited === 0) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 100)); // A has taken in its refusal
      await Promise.all([filling, b.call('server.time'), b.call('user.current')]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    return portal.stats.operatingLimited - 1;
  }

  test('a process waits for the block another process met, instead of meeting the 429 itself', { timeout: 60_000 }, async () => {
    assert.equal(await secondProcessRefusals(true), 0, 'shared: B waits for the same reset');
    assert.ok((await secondProcessRefusals(false)) > 0, 'separate: B finds the block by a 429 of its own');
  });
});

describe('Redis going away', () => {
  test('calls fail with a SharedStateError and send nothing; when Redis is back they go on, and the lost level is not overrun', { timeout: 60_000 }, async () => {
    const own = await startRedisServer();
    // A slow drain, so that the portal's bucket is still nearly full when Redis comes back empty.
    const portal = await sandbox({ timeScale: 0, operatingLimit: false, rateLimit: { bucketSize: 10, drainPerSecond: 1 } });
    const client = new Bitrix24Client({
      webhookUrl: portal.info.webhookUrl,
      rateLimit: { capacity: 10, drainPerSecond: 1, reserve: 1 },
      retry: { retries: 1, baseDelayMs: 50, maxDelayMs: 100 },
      shared: { redis: own.url },
    });
    try {
      await Promise.all(Array.from({ length: 9 }, () => client.call('server.time'))); // the bucket is full
      await own.kill();
      const sent = portal.stats.requests;
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => client.call('server.time')));
      for (const o of outcomes) {
        assert.equal(o.status, 'rejected');
        const error = (o as PromiseRejectedResult).reason as Error;
        assert.ok(error instanceof SharedStateError, String(error));
        assert.match(error.message, /Redis at 127\.0\.0\.1:\d+\b.*nothing was sent/);
      }
      assert.equal(portal.stats.requests, sent, 'no request reached the portal without the shared bucket');
      await own.start(); // empty: the level is lost
      const deadline = Date.now() + 15_000;
      for (;;) {
        const ok = await client.call('server.time').then(() => true, (e: unknown) => {
          if (!(e instanceof SharedStateError) || Date.now() > deadline) throw e;
          return false;
        });
        if (ok) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      // The client's last known level came back with it: ten more calls wait for the drain.
      await Promise.all(Array.from({ length: 10 }, () => client.call('server.time')));
      assert.equal(portal.stats.rateLimited, 0, 'the portal refused none');
    } finally {
      await client.close();
      await own.stop();
    }
  });
});

describe('many portals in one Redis', () => {
  test('200 portals × 4 workers: each portal\'s limit is kept, independently', { timeout: 120_000 }, async (t) => {
    // In-process stand-ins: 200 sandbox portals (small buckets: 4 at once, 1 per second), and
    // 4 "workers", each with its own Redis connection and a client per portal.
    const { Redis } = await import('ioredis');
    const portals = await Promise.all(
      Array.from({ length: 200 }, () => sandbox({ timeScale: 0, operatingLimit: false, rateLimit: { bucketSize: 4, drainPerSecond: 1 }, seed: { deals: 0, leads: 0, users: 2, tasks: 0 } })),
    );
    const connections = Array.from({ length: 4 }, () => new Redis(redis.url));
    const seconds = 5;
    try {
      const clients = connections.flatMap((connection) =>
        portals.map(
          (portal) =>
            new Bitrix24Client({
              webhookUrl: portal.info.webhookUrl,
              // Two seconds of drain in reserve: 800 clients and 200 portals share two cores here.
              rateLimit: { capacity: 4, drainPerSecond: 1, reserve: 2 },
              shared: { redis: connection, prefix: 'many:' },
            }),
        ),
      );
      const end = AbortSignal.timeout(seconds * 1000);
      setMaxListeners(10_000, end);
      await Promise.all(
        clients.map(async (client) => {
          while (!end.aborted) await client.call('server.time', {}, { signal: end }).catch((e: unknown) => (end.aborted ? undefined : Promise.reject(e)));
        }),
      );
    } finally {
      connections.forEach((c) => c.disconnect());
    }
    const served = portals.map((p) => p.stats.served);
    const refused = portals.reduce((n, p) => n + p.stats.rateLimited, 0);
    t.diagnostic(`200 portals: served per portal min ${Math.min(...served)}, max ${Math.max(...served)} (bucket 2 + ${seconds} s × 1/s = ${2 + seconds}); refused ${refused}`);
    assert.equal(refused, 0, 'no portal refused a request');
    // Each portal got its own bucket's worth: not a share of one bucket for all.
    // (One bucket for all would let 7 through in all, not 4 or more per portal.)
    for (const n of served) assert.ok(n >= 2 + seconds - 3 && n <= 2 + seconds + 1, `a portal served ${n}`);
  });
});
