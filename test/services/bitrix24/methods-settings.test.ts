// The settings section (server.time) through its typed function, against the sandbox.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { ValidationError } from '../../../src/core/errors.js';

let sandbox: Bitrix24Sandbox;
let client: Bitrix24Client;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, validateResults: true, rateLimit: false });
});
after(() => sandbox.close());

test('getServerTime answers the server\'s time as YYYY-MM-DDThh:mm:ss±hh:mm', async () => {
  const before = Date.now();
  const answer = await client.getServerTime();
  assert.match(answer.result, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
  // Seconds only: the server's time lies within the second before and after the call.
  const at = Date.parse(answer.result);
  assert.ok(at >= before - 1000 && at <= Date.now() + 1000, `${answer.result} is now`);
  assert.equal(typeof answer.time.duration, 'number');
});

test('getServerTime takes no parameters', async () => {
  const before = sandbox.stats.requests;
  await assert.rejects(client.getServerTime({ zone: 'UTC' } as never), (e: unknown) =>
    e instanceof ValidationError && e.issues.some((i) => i.path === 'zone'));
  assert.equal(sandbox.stats.requests, before);
});
