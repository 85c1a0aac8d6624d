// Several processes, one portal: worker processes (bench/bitrix24-shared-worker.ts) share the
// portal's bucket and the OAuth tokens through a real redis-server started here.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
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
    const seconds = 12;
    const task: WorkerTask = {
      mode: 'read',
      method: 'server.time',
      concurrency: 4,
      client: { webhookUrl: portal.info.webhookUrl, shared: { redis: redis.url } },
    };
    const before = { served: portal.stats.served, refused: portal.stats.rateLimited };
    const { reports } = await runWorkers(Array.from({ length: 8 }, () => task), seconds * 1000);
    const served = portal.stats.served - before.served;
    assert.equal(portal.stats.rateLimited - before.refused, 0, 'the portal refused none');
    for (const r of reports) assert.deepEqual(r?.errors, {}, 'no call failed');
    assert.ok(sum(reports.map((r) => r!.ok)) <= served);
    // The client keeps 1 of the 50 in reserve: at most 49 at once, then 2 per second.
    const possible = 49 + 2 * seconds;
    t.diagnostic(`served ${served} of ${possible} possible in ${seconds} s (${((100 * (served - 49)) / (2 * seconds)).toFixed(0)}% of the drain after the burst)`);
    assert.ok(served >= 49 + 0.9 * 2 * seconds, `served ${served} of ${possible} possible in ${seconds} s`);
    assert.ok(served <= 50 + 2 * seconds + 2, `served ${served}: more than the portal allows`);
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
