import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { RateLimitError } from '../../../src/core/errors.js';

const sandboxes: Bitrix24Sandbox[] = [];
after(() => Promise.all(sandboxes.map((s) => s.close())));
async function start(options: Parameters<typeof startBitrix24Sandbox>[0]) {
  const s = await startBitrix24Sandbox({ timeScale: 0, ...options });
  sandboxes.push(s);
  return s;
}

describe('the leaky bucket', () => {
  test('hundreds of concurrent calls, matched to the portal\'s bucket, never see a 503', async () => {
    const sandbox = await start({ rateLimit: { bucketSize: 60, drainPerSecond: 40 }, operatingLimit: false });
    const client = new Bitrix24Client({
      webhookUrl: sandbox.info.webhookUrl,
      // A second of drain in reserve: the sandbox shares this process (and a busy CI machine),
      // so arrivals can bunch up far more than on a network.
      rateLimit: { capacity: 60, drainPerSecond: 40, reserve: 40 },
      retry: { retries: 0 },
    });
    const answers = await Promise.all(Array.from({ length: 200 }, () => client.call('server.time')));
    assert.equal(answers.length, 200);
    assert.equal(sandbox.stats.rateLimited, 0);
  });

  test('the portal\'s presets: standard 50/2, enterprise 250/5', async () => {
    const { rateLimits } = await import('../../../src/services/bitrix24/client.js');
    assert.deepEqual(rateLimits.standard, { capacity: 50, drainPerSecond: 2 });
    assert.deepEqual(rateLimits.enterprise, { capacity: 250, drainPerSecond: 5 });
  });

  test('without the client\'s bucket the portal refuses with 503 QUERY_LIMIT_EXCEEDED', async () => {
    const sandbox = await start({ rateLimit: { bucketSize: 5, drainPerSecond: 1 }, operatingLimit: false });
    const client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false, retry: { retries: 0 } });
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => client.call('server.time')));
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason);
    assert.ok(refused.length >= 10, `refused ${refused.length}`);
    for (const error of refused) {
      assert.ok(error instanceof RateLimitError);
      assert.equal(error.status, 503);
      assert.equal(error.code, 'QUERY_LIMIT_EXCEEDED');
    }
  });

  test('a refused call is retried after the bucket drains, even a write (the portal ran nothing)', async () => {
    const sandbox = await start({ rateLimit: { bucketSize: 3, drainPerSecond: 20 }, operatingLimit: false });
    const client = new Bitrix24Client({
      webhookUrl: sandbox.info.webhookUrl,
      rateLimit: false,
      retry: { retries: 8, baseDelayMs: 50, maxDelayMs: 200 },
    });
    const before = sandbox.state.deals.size;
    const ids = await Promise.all(
      Array.from({ length: 12 }, (_, i) => client.call<number>('crm.deal.add', { fields: { TITLE: `Сделка ${i}` } })),
    );
    assert.ok(sandbox.stats.rateLimited > 0, 'the portal did refuse some');
    assert.equal(new Set(ids.map((a) => a.result)).size, 12);
    assert.equal(sandbox.state.deals.size - before, 12, 'each deal created exactly once');
  });
});

describe('the operating-time limit', () => {
  test('the client waits for operating_reset_at instead of running into 429', async () => {
    const sandbox = await start({ rateLimit: false, operatingLimit: { windowSeconds: 2, limitSeconds: 0.1 } });
    const client = new Bitrix24Client({
      webhookUrl: sandbox.info.webhookUrl,
      rateLimit: false,
      operatingLimit: { limitSeconds: 0.1, marginSeconds: 0 },
      retry: { retries: 0 },
    });
    for (let i = 0; i < 12; i += 1) await client.call('server.time');
    assert.equal(sandbox.stats.operatingLimited, 0);
  });

  test('without tracking, the portal blocks the method with 429 OPERATION_TIME_LIMIT', async () => {
    const sandbox = await start({ rateLimit: false, operatingLimit: { windowSeconds: 30, limitSeconds: 0.1 } });
    const client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false, operatingLimit: false, retry: { retries: 0 } });
    let error: unknown;
    for (let i = 0; i < 12 && !error; i += 1) await client.call('server.time').catch((e: unknown) => (error = e));
    assert.ok(error instanceof RateLimitError, String(error));
    assert.equal(error.status, 429);
    assert.equal(error.code, 'OPERATION_TIME_LIMIT');
    // Only that method is blocked.
    await client.call('user.current');
  });
});
