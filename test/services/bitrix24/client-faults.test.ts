import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { ConnectionError, InvalidResponseError, TimeoutError } from '../../../src/core/errors.js';

let sandbox: Bitrix24Sandbox;
let client: Bitrix24Client;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 10, leads: 10 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false, retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 20 } });
});
afterEach(() => sandbox.faults.clear());
after(() => sandbox.close());

test('a read is retried through 5xx answers and dropped connections', async () => {
  sandbox.faults.add({ kind: 'error', status: 502, times: 1 });
  sandbox.faults.add({ kind: 'drop', times: 1 });
  sandbox.faults.add({ kind: 'html', times: 1 });
  const answer = await client.call('crm.deal.get', { id: 1 });
  assert.equal(String((answer.result as { ID: unknown }).ID), '1');
});

test('a write is not repeated after a failure that may have reached the portal', async () => {
  const before = sandbox.state.deals.size;
  sandbox.faults.add({ kind: 'error', status: 500, times: 1, match: 'crm.deal.add' });
  await assert.rejects(client.call('crm.deal.add', { fields: { TITLE: 'x' } }), (e: unknown) => e instanceof InvalidResponseError && e.status === 500);
  sandbox.faults.add({ kind: 'html', status: 503, times: 1, match: 'crm.deal.add' });
  await assert.rejects(client.call('crm.deal.add', { fields: { TITLE: 'x' } }), (e: unknown) => e instanceof InvalidResponseError && e.status === 503);
  sandbox.faults.add({ kind: 'drop', times: 1, match: 'crm.deal.add' });
  await assert.rejects(client.call('crm.deal.add', { fields: { TITLE: 'x' } }), (e: unknown) => e instanceof ConnectionError && e.reachedServer === 'maybe');
  assert.equal(sandbox.state.deals.size, before, 'the faults answered before the portal ran anything, and nothing was repeated');
});

test('a malformed body and an HTML page are InvalidResponseErrors, after the read\'s retries', async () => {
  sandbox.faults.add({ kind: 'malformed', times: 10 });
  await assert.rejects(client.call('server.time'), (e: unknown) => e instanceof InvalidResponseError && e.status === 200 && /not JSON/.test(e.message));
  sandbox.faults.clear();
  sandbox.faults.add({ kind: 'html', status: 502, times: 10 });
  await assert.rejects(client.call('server.time'), (e: unknown) => e instanceof InvalidResponseError && e.status === 502 && /HTML/.test(e.message));
});

test('a slow answer past the timeout is a TimeoutError', async () => {
  sandbox.faults.add({ kind: 'slow', delayMs: 500, times: 10 });
  const impatient = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false, timeoutMs: 100, retry: { retries: 0 } });
  await assert.rejects(impatient.call('server.time'), TimeoutError);
});

test('nobody listening: a ConnectionError that says the request never arrived', async () => {
  const { createServer } = await import('node:net');
  const probe = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  const dead = new Bitrix24Client({ webhookUrl: `http://127.0.0.1:${port}/rest/1/abcdef/`, rateLimit: false, retry: { retries: 0 } });
  await assert.rejects(dead.call('server.time'), (e: unknown) => e instanceof ConnectionError && e.reachedServer === 'no' && !e.message.includes('abcdef'));
});

test('over TLS, with the sandbox certificate trusted the way Node users do it', async () => {
  const secure = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, tls: true, seed: { deals: 1, leads: 1 } });
  try {
    assert.match(secure.info.webhookUrl, /^https:/);
    const script = `import('${new URL('../../../src/services/bitrix24/client.ts', import.meta.url).href}').then(async ({ Bitrix24Client }) => {
      const c = new Bitrix24Client({ webhookUrl: process.env.HOOK, rateLimit: false });
      const a = await c.call('server.time');
      console.log(typeof a.result);
    })`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', script], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: secure.info.certPath, HOOK: secure.info.webhookUrl },
    });
    assert.equal(stdout.trim(), 'string');
  } finally {
    await secure.close();
  }
});
