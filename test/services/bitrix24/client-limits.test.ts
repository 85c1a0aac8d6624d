import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { RateLimitError } from '../../../src/core/errors.js';
import { OperatingTracker } from '../../../src/services/bitrix24/operating.js';

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

describe('waiting out OPERATION_TIME_LIMIT', () => {
  // The scenario scaled down 100 times: a 600 s window becomes 6 s, "resets in 240 s"
  // becomes 2.4 s. The client is not told the portal's budget (it keeps the real 480 s), so it
  // meets the 429s and must wait for the reset the portal's answers announced.
  const window = 6;

  async function exhausted(limitSeconds: number) {
    const sandbox = await start({ rateLimit: false, operatingLimit: { windowSeconds: window, limitSeconds }, seed: { deals: 2000, leads: 10 } });
    const client = new Bitrix24Client({
      webhookUrl: sandbox.info.webhookUrl,
      rateLimit: false,
      operatingLimit: { windowSeconds: window },
      retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 20 },
    });
    const params = { select: ['ID', 'TITLE'], start: 0 };
    const first = await client.call('crm.deal.list', params);
    const cost = first.time.processing;
    let used = first.time.operating!;
    const filledAt = Date.now();
    // Fill the window to just under the limit, as a long-running program would have.
    while (used + cost < limitSeconds - cost) used = (await client.call('crm.deal.list', params)).time.operating!;
    const resetAt = first.time.operating_reset_at! * 1000;
    return { sandbox, client, params, cost, filledAt, resetAt };
  }

  test('twelve concurrent list calls meet the limit: none fails, each waits for the announced reset', { timeout: 40_000 }, async () => {
    const { sandbox, client, params, resetAt } = await exhausted(1);
    // Start the twelve when the window resets in 2.4 s.
    await new Promise((r) => setTimeout(r, Math.max(0, resetAt - 2400 - Date.now())));
    const refusedBefore = sandbox.stats.operatingLimited;
    const started = Date.now();
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, () => client.call('crm.deal.list', params)));
    const failures = outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason));
    assert.deepEqual(failures, []);
    const refused = sandbox.stats.operatingLimited - refusedBefore;
    assert.ok(refused > 0, 'the portal did refuse some (the scenario is real)');
    // At most one refusal per call (the ones already in flight) and a probe's worth of slack,
    // where the old client made 32.
    assert.ok(refused <= 13, `the portal refused ${refused} requests`);
    // The refused ones waited for the reset instead of hammering the portal before it.
    assert.ok(Date.now() >= resetAt - 50, 'some calls waited until the reset');
    assert.ok(Date.now() - started < 2400 + 3000, 'and no longer than about a slot after it');
  });

  test('refused writes are repeated after the reset, and each runs once', { timeout: 40_000 }, async () => {
    const sandbox = await start({ rateLimit: false, operatingLimit: { windowSeconds: 3, limitSeconds: 0.1 } });
    const client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false, operatingLimit: { windowSeconds: 3 } });
    const before = sandbox.state.deals.size;
    const writes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => client.call<number>('crm.deal.add', { fields: { TITLE: `После сброса ${i}` } })),
    );
    assert.ok(sandbox.stats.operatingLimited > 0, 'the portal refused some writes');
    assert.equal(new Set(writes.map((w) => w.result)).size, 12);
    assert.equal(sandbox.state.deals.size - before, 12, 'each deal created exactly once');
  });

  test('past the caller\'s deadline the call fails at once, saying when the method is free again', { timeout: 40_000 }, async () => {
    const { sandbox, client, params, cost } = await exhausted(0.5);
    // Over the limit now: the next call is refused and the reset lies seconds ahead.
    let refusal: unknown;
    while (!refusal) await client.call('crm.deal.list', params, { timeoutMs: 100 }).catch((e: unknown) => (refusal = e));
    assert.ok(cost > 0);
    for (const options of [{ timeoutMs: 200 }, { signal: AbortSignal.timeout(200) }]) {
      const requests = sandbox.stats.requests;
      const started = Date.now();
      const error = await client.call('crm.deal.list', params, options).then(() => assert.fail('must fail'), (e: unknown) => e);
      assert.ok(error instanceof RateLimitError, String(error));
      assert.equal(error.code, 'OPERATION_TIME_LIMIT');
      assert.match(error.message, /until \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
      assert.ok(error.retryAfter !== undefined && error.retryAfter >= 1 && error.retryAfter <= window + 1, `retryAfter ${error.retryAfter}`);
      assert.ok(Date.now() - started < 1500, 'no waiting past the deadline');
      assert.ok(sandbox.stats.requests - requests <= 1, 'and no hammering');
    }
    // Without a deadline the same call just waits and succeeds.
    const answer = await client.call('crm.deal.list', params);
    assert.ok(Array.isArray(answer.result));
  });

  test('batch commands refused for their operating time are sent again once the method is free', { timeout: 40_000 }, async () => {
    const { sandbox, client, params } = await exhausted(0.5);
    const refusedBefore = sandbox.stats.operatingLimited;
    const out = await client.batch(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`q${i}`, { method: 'crm.deal.list', params }])));
    assert.deepEqual(out.errors, {});
    assert.equal(Object.keys(out.result).length, 8);
    for (const rows of Object.values(out.result)) assert.equal((rows as unknown[]).length, 50);
    assert.ok(sandbox.stats.operatingLimited > refusedBefore, 'some commands were refused on the way');
  });
});

test('a refused batch command that another command of the same request referred to is reported failed, not sent again behind its back', { timeout: 40_000 }, async () => {
  // Another program on the same webhook spent crm.deal.list's time: this client does not know.
  const sandbox = await start({ rateLimit: false, operatingLimit: { windowSeconds: 4, limitSeconds: 0.5 }, seed: { deals: 600 } });
  const other = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false, operatingLimit: false, retry: { retries: 0 } });
  let spent = false;
  while (!spent) await other.call('crm.deal.list', { select: ['ID', 'TITLE'], start: 0 }).catch(() => (spent = true));
  const client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false, operatingLimit: { windowSeconds: 4 } });
  const out = await client.batch({
    deal: { method: 'crm.deal.list', params: { filter: { ID: 7 }, select: ['ID'] } },
    // Runs in the same request, with $result[deal] empty: the portal refused `deal`.
    departments: { method: 'department.get', params: { ID: '$result[deal][0][ID]' } },
    alone: { method: 'crm.deal.list', params: { filter: { ID: 8 }, select: ['ID'] } },
  });
  assert.ok(out.errors.deal instanceof RateLimitError, String(out.errors.deal));
  assert.equal(out.errors.deal.code, 'OPERATION_TIME_LIMIT');
  assert.ok(!('deal' in out.result), 'the result the referring command did not see is not reported');
  assert.deepEqual(out.result.departments, []);
  // A refused command nobody referred to is still sent again once the method is free.
  assert.deepEqual(out.result.alone, [{ ID: '8' }]);
});

describe('the operating-time tracker', () => {
  const limit = { limitSeconds: 480, marginSeconds: 5, windowSeconds: 600 };
  const time = (operating: number, resetAt: number) => ({ operating, operating_reset_at: resetAt });

  test('after a 429 the method waits for the known reset; a later known reset is never shortened', () => {
    const t = new OperatingTracker(limit);
    const now = 1_800_000_000_000;
    t.record('crm.deal.list', time(100, now / 1000 + 240));
    assert.equal(t.delayFor('crm.deal.list', now), 0, 'under the limit: no wait');
    assert.equal(t.refused('crm.deal.list', now), now + 240_000);
    assert.equal(t.delayFor('crm.deal.list', now), 240_000);
    // An answer that left before the refusal arrives late with an earlier reset: the block stays.
    t.record('crm.deal.list', time(470, now / 1000 + 100));
    assert.equal(t.delayFor('CRM.DEAL.LIST', now), 240_000);
    // Other methods are not touched.
    assert.equal(t.delayFor('crm.lead.list', now), 0);
  });

  test('after a block, one request probes the window while the others wait for its answer', async () => {
    const t = new OperatingTracker(limit);
    assert.equal(t.claimProbe('crm.deal.list'), undefined, 'no probe without a refusal');
    t.refused('crm.deal.list');
    const release = t.claimProbe('crm.deal.list');
    assert.ok(release);
    assert.equal(t.claimProbe('crm.deal.list'), undefined, 'one probe at a time');
    const waiting = t.probeInFlight('crm.deal.list');
    assert.ok(waiting);
    release();
    await waiting;
    assert.equal(t.probeInFlight('crm.deal.list'), undefined);
    t.record('crm.deal.list', time(10, Date.now() / 1000 + 60));
    assert.equal(t.claimProbe('crm.deal.list'), undefined, 'an answer ends the need to probe');
  });

  test('a refusal with no reset ahead waits one slot of the window; near the limit it waits before sending', () => {
    const t = new OperatingTracker(limit);
    const now = 1_800_000_000_000;
    assert.equal(t.refused('user.get', now), now + 60_000);
    t.record('crm.lead.list', time(476, now / 1000 + 30));
    assert.equal(t.delayFor('crm.lead.list', now), 30_000);
    t.record('crm.lead.list', time(476, now / 1000 - 1));
    assert.equal(t.delayFor('crm.lead.list', now), 0, 'a reset in the past is no reason to wait');
    t.record('crm.lead.list', { start: 1, finish: 2, duration: 1, processing: 1, date_start: '', date_finish: '' });
    assert.equal(t.delayFor('crm.lead.list', now), 0, 'a block without the operating fields changes nothing');
  });
});
