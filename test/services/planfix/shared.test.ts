// Several processes, one Planfix account: clients with their own Redis connections (standing for
// processes) share the account's pace and the login session through a real redis-server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimitError } from '../../../src/core/errors.js';
import { startRedisServer, type RedisServer } from '../../helpers/redis-server.js';
import { loginClient, recorder, startSandbox, tokenClient, type Sandbox } from './helpers.js';
import type { PlanfixClient } from '../../../src/services/planfix/index.js';

let redis: RedisServer;
const sandboxes: Sandbox[] = [];
const clients: PlanfixClient[] = [];
before(async () => {
  redis = await startRedisServer();
});
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(sandboxes.map((s) => s.close()));
  await redis.stop();
});

async function sandbox(options: Parameters<typeof startSandbox>[0]) {
  const s = await startSandbox(options);
  sandboxes.push(s);
  return s;
}

describe('the login session', () => {
  test('four processes log in once between them, and once again when the session expires', async () => {
    const portal = await sandbox({ rateLimit: false });
    const sent = recorder();
    const four = Array.from({ length: 4 }, () => loginClient(portal, { fetch: sent.fetch, shared: { redis: redis.url, prefix: 'pf1:' } }));
    clients.push(...four);
    await Promise.all(four.flatMap((c) => [c.getUserGroupList({}), c.getUserGroupList({})]));
    assert.equal(sent.count('auth.login'), 1);
    portal.expireSessions();
    await Promise.all(four.map((c) => c.getUserGroupList({})));
    assert.equal(sent.count('auth.login'), 2, 'one new login for all after the expiry');
  });

  test('without shared, each process logs in on its own', async () => {
    const portal = await sandbox({ rateLimit: false });
    const sent = recorder();
    const four = Array.from({ length: 4 }, () => loginClient(portal, { fetch: sent.fetch }));
    clients.push(...four);
    await Promise.all(four.map((c) => c.getUserGroupList({})));
    assert.equal(sent.count('auth.login'), 4);
  });
});

describe('the account\'s pace', () => {
  async function refusals(shared: boolean): Promise<number> {
    const portal = await sandbox({ rateLimit: { perSecond: 5 } });
    const three = Array.from({ length: 3 }, () =>
      tokenClient(portal, { rateLimit: { capacity: 1, drainPerSecond: 4 }, retry: { retries: 0 }, ...(shared ? { shared: { redis: redis.url, prefix: 'pf2:' } } : {}) }),
    );
    clients.push(...three);
    const outcomes = await Promise.allSettled(three.flatMap((c) => Array.from({ length: 4 }, () => c.getUserGroupList({}))));
    const refused = outcomes.filter((o) => o.status === 'rejected');
    assert.ok(refused.every((o) => (o as PromiseRejectedResult).reason instanceof RateLimitError), String((refused[0] as PromiseRejectedResult | undefined)?.reason));
    await new Promise((r) => setTimeout(r, 1100));
    return refused.length;
  }

  test('three processes keep one pace between them: none refused; each on its own pace is refused', { timeout: 30_000 }, async () => {
    assert.equal(await refusals(true), 0);
    assert.ok((await refusals(false)) > 0);
  });
});
