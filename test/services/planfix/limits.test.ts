// Limits and faults against the sandbox: the client's pace keeps the one-per-second rule (scaled
// up for speed), refusals for pace are waited out, the daily quota (0007) and
// X-RateLimit-Remaining reach the caller, and failures are retried only where that is safe.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConnectionError,
  InvalidResponseError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../../../src/core/errors.js';
import { planfixRateLimit } from '../../../src/services/planfix/index.js';
import { recorder, startSandbox, tokenClient, type Sandbox } from './helpers.js';

describe('pace', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ rateLimit: { perSecond: 10 } });
  });
  after(() => sandbox.close());

  test('the default is the documented one request per second', () => {
    assert.deepEqual(planfixRateLimit, { capacity: 1, drainPerSecond: 1 });
  });

  test('unthrottled bursts are refused by the service (HTTP 429) as RateLimitError', async () => {
    const client = tokenClient(sandbox, { rateLimit: false, retry: { retries: 0 } });
    const results = await Promise.allSettled(Array.from({ length: 15 }, () => client.getUserGroupList({})));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as unknown);
    assert.ok(refused.length > 0, 'some were refused');
    assert.ok(refused.every((e) => e instanceof RateLimitError && e.status === 429 && /one request per second/.test(e.hint?.en ?? '')));
    // No Planfix code comes with the refusal; the wait the service asked for does.
    assert.ok(refused.every((e) => e instanceof RateLimitError && e.code === '' && e.retryAfter === 1));
    await new Promise((resolve) => setTimeout(resolve, 1100));
  });

  test('the wait a 429 asks for (Retry-After) is honoured before the request is repeated', async () => {
    const sent: number[] = [];
    const client = tokenClient(sandbox, {
      rateLimit: false,
      retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 2 },
      fetch: (input, init) => {
        sent.push(performance.now());
        if (sent.length === 1) return Promise.resolve(new Response('slow down', { status: 429, headers: { 'retry-after': '1', 'content-type': 'text/plain' } }));
        return fetch(input, init);
      },
    });
    await client.getUserGroupList({});
    assert.equal(sent.length, 2);
    assert.ok(sent[1]! - sent[0]! >= 950, `waited ${Math.round(sent[1]! - sent[0]!)} ms`);
  });

  test('with the client\'s limiter the same burst goes through without one refusal', async () => {
    const rec = recorder();
    const client = tokenClient(sandbox, { rateLimit: { capacity: 1, drainPerSecond: 8 }, retry: { retries: 0 }, fetch: rec.fetch });
    const results = await Promise.all(Array.from({ length: 12 }, () => client.getUserGroupList({})));
    assert.equal(results.length, 12);
    assert.equal(rec.bodies.length, 12, 'nothing had to be repeated');
    await new Promise((resolve) => setTimeout(resolve, 1100));
  });

  test('a refusal for pace is waited out and repeated, even for a write', async () => {
    const rec = recorder();
    const client = tokenClient(sandbox, { rateLimit: false, retry: { retries: 8, baseDelayMs: 100, maxDelayMs: 400 }, fetch: rec.fetch });
    const added = await Promise.all(Array.from({ length: 14 }, (_, i) => client.addTask({ title: `burst ${i}` }) as Promise<{ task: { id: number } }>));
    assert.equal(new Set(added.map((a) => a.task.id)).size, 14);
    assert.ok(rec.bodies.length > 14, 'some were refused and sent again');
  });
});

describe('the daily quota', () => {
  test('X-RateLimit-Remaining surfaced; 0007 when spent, not retried', async () => {
    const sandbox = await startSandbox({ rateLimit: false, dailyLimit: 3 });
    try {
      const rec = recorder();
      const client = tokenClient(sandbox, { fetch: rec.fetch });
      const seen: (number | undefined)[] = [];
      for (let i = 0; i < 3; i += 1) {
        await client.getUserGroupList({});
        seen.push(client.rateLimitRemaining);
      }
      assert.deepEqual(seen, [2, 1, 0]);
      await assert.rejects(
        client.getUserGroupList({}),
        (e: unknown) => e instanceof RateLimitError && e.code === '0007' && /daily/.test(e.hint?.en ?? '') && /суточный/.test(e.hint?.ru ?? ''),
      );
      assert.equal(rec.bodies.length, 4, 'no retry of a spent daily quota');
    } finally {
      await sandbox.close();
    }
  });
});

describe('faults: retried only where safe', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox({ rateLimit: false });
  });
  after(() => sandbox.close());

  for (const kind of ['error', 'drop', 'malformed', 'html', 'slow'] as const) {
    test(`${kind}: a read is repeated and succeeds`, async () => {
      const rec = recorder();
      const client = tokenClient(sandbox, { fetch: rec.fetch, timeoutMs: 300 });
      sandbox.faults.add({ kind, times: 1 });
      const groups = (await client.getUserGroupList({})) as { userGroups: { userGroup: unknown[] } };
      assert.ok(groups.userGroups.userGroup.length > 0);
      assert.equal(rec.bodies.length, 2);
    });
  }

  const expected = {
    error: ServerError,
    drop: ConnectionError,
    malformed: InvalidResponseError,
    html: ServerError,
    slow: TimeoutError,
  } as const;
  for (const kind of ['error', 'drop', 'malformed', 'html', 'slow'] as const) {
    test(`${kind}: a write that may have arrived is not repeated`, async () => {
      const rec = recorder();
      const client = tokenClient(sandbox, { fetch: rec.fetch, timeoutMs: 300 });
      sandbox.faults.add({ kind, times: 1 });
      await assert.rejects(client.addTask({ title: `fault ${kind}` }), expected[kind]);
      assert.equal(rec.count('task.add'), 1);
    });
  }

  test('a write whose connection was refused (never arrived) is repeated', async () => {
    let calls = 0;
    const client = tokenClient(sandbox, {
      fetch: (url, init) => {
        calls += 1;
        if (calls === 1) return Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
        return fetch(url, init);
      },
    });
    const added = (await client.addTask({ title: 'after a refused connection' })) as { task: { id: number } };
    assert.ok(added.task.id > 0);
    assert.equal(calls, 2);
  });
});
