import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { getJson, postJson } from './http.js';

const sandboxes: Bitrix24Sandbox[] = [];
async function start(options: Parameters<typeof startBitrix24Sandbox>[0]): Promise<Bitrix24Sandbox> {
  const sb = await startBitrix24Sandbox(options);
  sandboxes.push(sb);
  return sb;
}

describe('bitrix24 sandbox: limits, delays and faults', () => {
  after(() => Promise.all(sandboxes.map((s) => s.close())));

  test('leaky bucket: a burst over the bucket gets 503 QUERY_LIMIT_EXCEEDED, no Retry-After', async () => {
    const sb = await start({ timeScale: 0, rateLimit: { bucketSize: 5, drainPerSecond: 0.01 }, seed: { deals: 1, leads: 1 } });
    const replies = await Promise.all(Array.from({ length: 8 }, () => getJson(sb.info.webhookUrl + 'server.time')));
    const statuses = replies.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 503, 503, 503]);
    const refused = replies.find((r) => r.status === 503)!;
    assert.deepEqual(refused.body, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
    assert.equal(refused.headers.get('retry-after'), null);
    assert.equal(sb.stats.rateLimited, 3);
    assert.equal(sb.stats.served, 5);
  });

  test('the bucket drains: paced requests pass', async () => {
    const sb = await start({ timeScale: 0, rateLimit: { bucketSize: 2, drainPerSecond: 50 }, seed: { deals: 1, leads: 1 } });
    for (let i = 0; i < 6; i += 1) {
      assert.equal((await getJson(sb.info.webhookUrl + 'server.time')).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  });

  test('operating time: a method over its limit answers 429 until operating_reset_at, others go on', async () => {
    const sb = await start({ timeScale: 0, rateLimit: false, operatingLimit: { windowSeconds: 3, limitSeconds: 0.022 }, seed: { deals: 2000, leads: 10 } });
    const hook = sb.info.webhookUrl;
    const first = await postJson(hook + 'crm.deal.list', { select: ['ID'] });
    assert.equal(first.status, 200);
    const time = first.body.time as { operating: number; operating_reset_at: number; processing: number };
    assert.ok(time.operating > 0.022, `one counted page of 2000 rows costs ${time.operating}`);
    const blocked = await postJson(hook + 'crm.deal.list', { select: ['ID'] });
    assert.equal(blocked.status, 429);
    // _includes/system-errors.md: 429, OPERATION_TIME_LIMIT, "Method is blocked due to operation time limit".
    assert.deepEqual(blocked.body, { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit' });
    assert.equal(blocked.headers.get('retry-after'), null);
    // Another method of the same webhook is not affected.
    assert.equal((await postJson(hook + 'crm.lead.list', { select: ['ID'] })).status, 200);
    // Inside a batch the blocked method fails alone.
    const batch = await postJson(hook + 'batch', { cmd: { d: 'crm.deal.list', l: 'crm.lead.list?start=-1' } });
    const b = batch.body.result as { result: Record<string, unknown>; result_error: Record<string, { error: string }> };
    assert.equal(b.result_error.d!.error, 'OPERATION_TIME_LIMIT');
    assert.ok('l' in b.result);
    assert.ok(sb.stats.operatingLimited >= 2);

    const wait = time.operating_reset_at * 1000 - Date.now() + 50;
    assert.ok(wait < 4000, 'reset within the window');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
    assert.equal((await postJson(hook + 'crm.deal.list', { select: ['ID'], start: -1 })).status, 200);
  });

  test('processing time is really waited, scaled by timeScale', async () => {
    const sb = await start({ timeScale: 2, rateLimit: false, seed: { deals: 1000, leads: 1 } });
    const r = await postJson(sb.info.webhookUrl + 'crm.deal.list', { select: ['ID'] });
    const time = r.body.time as { processing: number; duration: number; start: number; finish: number };
    assert.ok(time.processing > 0.02);
    assert.ok(time.duration >= time.processing * 2 - 0.005, `${time.duration} vs ${time.processing}`);
    assert.ok(Math.abs(time.finish - time.start - time.duration) < 1e-6);
  });

  test('faults: a malformed answer is cut-off JSON; admin API adds errors; reset reseeds', async () => {
    const sb = await start({ timeScale: 0, rateLimit: false, seed: { deals: 5, leads: 1 } });
    sb.faults.add({ kind: 'malformed', times: 1 });
    const res = await fetch(sb.info.webhookUrl + 'crm.deal.list');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const text = await res.text();
    assert.throws(() => JSON.parse(text));
    assert.equal((await getJson(sb.info.webhookUrl + 'crm.deal.list')).status, 200);

    const add = await postJson(`${sb.url}/_sandbox/faults`, { kind: 'error', status: 500, times: 1, match: 'crm.deal.get' });
    assert.equal(add.status, 200);
    assert.equal((await fetch(sb.info.webhookUrl + 'crm.deal.get?id=1')).status, 500);
    assert.equal((await getJson(sb.info.webhookUrl + 'crm.deal.get?id=1')).status, 200);

    await postJson(sb.info.webhookUrl + 'crm.deal.delete', { id: 1 });
    assert.equal((await getJson(sb.info.webhookUrl + 'crm.deal.get?id=1')).status, 400);
    assert.equal((await fetch(`${sb.url}/_sandbox/reset`, { method: 'POST' })).status, 200);
    assert.equal((await getJson(sb.info.webhookUrl + 'crm.deal.get?id=1')).status, 200);
  });
});
