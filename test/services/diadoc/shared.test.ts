// Several processes signing in to Diadoc with one login, or with one OAuth application's rotating
// tokens: clients with their own Redis connections (standing for processes) share them through a
// real redis-server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDiadocSandbox, type DiadocSandbox } from '../../../src/sandbox/diadoc/index.js';
import type { DiadocClient, DiadocTokens } from '../../../src/services/diadoc/index.js';
import { AuthenticationError } from '../../../src/core/errors.js';
import { startRedisServer, type RedisServer } from '../../helpers/redis-server.js';
import { Recorder, clientFor } from './helpers.js';

let redis: RedisServer;
let sb: DiadocSandbox;
before(async () => {
  redis = await startRedisServer();
  sb = await startDiadocSandbox({ seed: { employees: 3 } });
});
after(async () => {
  await sb.close();
  await redis.stop();
});

async function fourProcesses(shared: boolean, run: (clients: DiadocClient[], rec: Recorder) => Promise<void>): Promise<void> {
  const rec = new Recorder();
  const clients = Array.from({ length: 4 }, () =>
    clientFor(sb, 'password', { fetch: rec.fetch, ...(shared ? { shared: { redis: redis.url, prefix: 'dd:' } } : {}) }),
  );
  try {
    await run(clients, rec);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

test('four processes with one login authenticate once, and once again when the token expires', async () => {
  await fourProcesses(true, async (clients, rec) => {
    await Promise.all(clients.flatMap((c) => [c.getMyUser(), c.getMyUser()]));
    assert.equal(rec.count('/V3/Authenticate'), 1);
    sb.expireTokens();
    await Promise.all(clients.map((c) => c.getMyEmployee({ boxId: sb.info.boxId })));
    assert.equal(rec.count('/V3/Authenticate'), 2, 'one new token for all');
  });
});

test('without shared, each process authenticates on its own', async () => {
  await fourProcesses(false, async (clients, rec) => {
    await Promise.all(clients.map((c) => c.getMyUser()));
    assert.equal(rec.count('/V3/Authenticate'), 4);
  });
});

async function fourBearerProcesses(
  shared: { redis: string; prefix: string } | undefined,
  run: (clients: DiadocClient[], local: DiadocSandbox, rec: Recorder, received: DiadocTokens[]) => Promise<void>,
): Promise<void> {
  const local = await startDiadocSandbox({ seed: { employees: 3 } });
  const rec = new Recorder();
  const received: DiadocTokens[] = [];
  const clients = Array.from({ length: 4 }, () =>
    clientFor(local, 'bearer', { fetch: rec.fetch, bearer: { onTokens: (t) => void received.push(t) }, ...(shared ? { shared } : {}) }),
  );
  try {
    await run(clients, local, rec, received);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await local.close();
  }
}

test('four processes with one OAuth application refresh its rotating token once, and onTokens hears it once', async () => {
  await fourBearerProcesses({ redis: redis.url, prefix: 'dd-bearer:' }, async (clients, local, rec, received) => {
    await Promise.all(clients.map((c) => c.getMyUser()));
    for (let round = 1; round <= 2; round++) {
      // Every access token dies; each process finds out from its own 401.
      local.expireTokens();
      await Promise.all(clients.flatMap((c) => [c.getMyUser(), c.getMyUser()]));
      assert.equal(rec.count('/connect/token'), round, `round ${round}: one refresh for all four`);
      assert.equal(received.length, round, `round ${round}: the rotated tokens reported once`);
    }
  });
});

test('without shared, processes holding one refresh token lock each other out (the fault shared mode removes)', async () => {
  await fourBearerProcesses(undefined, async (clients, local) => {
    await Promise.all(clients.map((c) => c.getMyUser()));
    local.expireTokens();
    const outcomes = await Promise.allSettled(clients.map((c) => c.getMyUser()));
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    assert.equal(refused.length, 3, 'the first refresh rotates the token; the other three present a spent one');
    for (const o of refused) assert.ok(o.reason instanceof AuthenticationError && o.reason.code === 'invalid_grant');
  });
});
