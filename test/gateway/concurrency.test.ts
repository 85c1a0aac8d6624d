// 200 callers at once on one portal: the gateway's one shared client keeps the portal's bucket,
// so every caller gets its answer and the sandbox refuses none (no 503 QUERY_LIMIT_EXCEEDED).
// The same 200 requests sent straight to the portal, each on its own, are refused in part: the
// limit is real, and holding it is the gateway's doing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, type Setup } from './helpers.js';

const callers = 200;
// The portal's bucket, small enough that 200 calls overflow it, quick enough to drain in seconds.
const bucket = { bucketSize: 20, drainPerSecond: 20 };

let s: Setup;
before(async () => {
  s = await setup({
    keys: { busy: { rateLimit: { perMinute: 60_000, burst: 1000 } } },
    bitrix24: { rateLimit: bucket, seed: { deals: 60, leads: 1 } },
    bitrix24RateLimit: { capacity: bucket.bucketSize, drainPerSecond: bucket.drainPerSecond },
    only: ['bitrix24'],
  });
});
after(() => s.close());

test(`${callers} concurrent callers through the gateway: all answered, 0 refused by the portal`, async (t) => {
  const before = { ...s.bitrix24.stats };
  const answers = await Promise.all(
    Array.from({ length: callers }, (_, i) => s.call('/v1/bitrix24/get-deal', { dealId: 1 + (i % 60) }, 'busy')),
  );
  const statuses = answers.map((a) => a.status);
  const ok = statuses.filter((status) => status === 200).length;
  const refusedBySandbox = s.bitrix24.stats.rateLimited - before.rateLimited;
  t.diagnostic(`concurrent callers held: ${ok} of ${callers}; requests refused by the sandbox: ${refusedBySandbox}`);
  assert.deepEqual([...new Set(statuses)], [200]);
  for (const [i, answer] of answers.entries()) assert.equal(Number(answer.body.result.ID), 1 + (i % 60));
  assert.equal(refusedBySandbox, 0);
  assert.equal(s.bitrix24.stats.served - before.served, callers, 'each caller cost the portal exactly one call');
});

test(`the same ${callers} requests straight to the portal, each on its own: the portal refuses some`, async (t) => {
  // Let the bucket drain first, so both runs start from the same level.
  await new Promise((resolve) => setTimeout(resolve, (bucket.bucketSize / bucket.drainPerSecond) * 1000 + 200));
  const before = s.bitrix24.stats.rateLimited;
  const hook = s.bitrix24.info.webhookUrl;
  const statuses = await Promise.all(
    Array.from({ length: callers }, async (_, i) => (await fetch(`${hook}crm.deal.get.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 1 + (i % 60) }) })).status),
  );
  const refused = s.bitrix24.stats.rateLimited - before;
  t.diagnostic(`without the gateway: ${refused} of ${callers} refused with 503`);
  assert.ok(refused > 0 && statuses.includes(503));
});
