// Several processes signing in to Diadoc with one login: clients with their own Redis connections
// (standing for processes) share the token through a real redis-server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDiadocSandbox, type DiadocSandbox } from '../../../src/sandbox/diadoc/index.js';
import type { DiadocClient } from '../../../src/services/diadoc/index.js';
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
