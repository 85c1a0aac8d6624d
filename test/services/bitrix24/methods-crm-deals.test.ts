// The deals section (crm.deal.*) through its typed functions, against the sandbox, with every
// result checked against its schema.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { bitrix24Catalogue } from '../../../src/services/bitrix24/catalogue.js';
import { ApiError, ValidationError } from '../../../src/core/errors.js';

let sandbox: Bitrix24Sandbox;
let client: Bitrix24Client;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 120, leads: 1 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, validateResults: true, rateLimit: false });
});
after(() => sandbox.close());

const ids = (rows: { ID: string }[]): number[] => rows.map((r) => Number(r.ID));

test('getDealFields describes the deal fields', async () => {
  const { result } = await client.getDealFields();
  assert.equal(result.ID?.isReadOnly, true);
  assert.equal(result.TITLE?.type, 'string');
  assert.equal(result.STAGE_ID?.type, 'crm_status');
  assert.equal(result.STAGE_ID?.statusType, 'DEAL_STAGE');
  assert.equal(result.OPPORTUNITY?.type, 'double');
});

test('getDeals pages by 50 with start/next/total; offset -1 skips counting; the walker reads all', async () => {
  const first = await client.getDeals({ order: { ID: 'ASC' } });
  assert.equal(first.result.length, 50);
  assert.equal(first.next, 50);
  assert.equal(first.total, 120);
  const last = await client.getDeals({ order: { ID: 'ASC' }, offset: 100 });
  assert.equal(last.result.length, 20);
  assert.equal(last.next, undefined);
  assert.deepEqual(ids(last.result), Array.from({ length: 20 }, (_, i) => 101 + i));
  const uncounted = await client.getDeals({ offset: '-1', filter: { '>ID': 110 } });
  assert.equal(uncounted.total, undefined);
  assert.deepEqual(ids(uncounted.result), Array.from({ length: 10 }, (_, i) => 111 + i));

  const walked: { ID: string }[] = [];
  for await (const row of client.iterate(bitrix24Catalogue.getDeals, { select: ['ID'] })) walked.push(row as { ID: string });
  assert.equal(walked.length, 120);
  assert.equal(new Set(ids(walked)).size, 120);
});

test('getDeals filters with prefixes, selects fields and orders', async () => {
  const won = await client.getDeals({ filter: { STAGE_ID: 'WON' } });
  assert.ok(won.result.length > 0);
  assert.ok(won.result.every((d) => d.STAGE_ID === 'WON' && d.STAGE_SEMANTIC_ID === 'S' && d.CLOSED === 'Y'));

  const big = await client.getDeals({ filter: { '>=OPPORTUNITY': 2_000_000 }, select: ['ID', 'TITLE', 'OPPORTUNITY'], order: { OPPORTUNITY: 'desc' } });
  assert.ok(big.result.length > 0);
  for (const deal of big.result) {
    assert.deepEqual(Object.keys(deal).sort(), ['ID', 'OPPORTUNITY', 'TITLE']);
    assert.ok(Number(deal.OPPORTUNITY) >= 2_000_000);
  }
  const amounts = big.result.map((d) => Number(d.OPPORTUNITY));
  assert.deepEqual(amounts, [...amounts].sort((a, b) => b - a));

  const some = await client.getDeals({ filter: { '@ID': [3, 5, 7] }, order: { ID: 'DESC' } });
  assert.deepEqual(ids(some.result), [7, 5, 3]);
});

test('addDeal, updateDeal and deleteDeal change what getDeal shows', async () => {
  const added = await client.addDeal({
    fields: { TITLE: 'Поставка оборудования — ООО «Вектор»', STAGE_ID: 'NEW', OPPORTUNITY: 250000, CURRENCY_ID: 'RUB', ASSIGNED_BY_ID: 2, COMMENTS: 'Срочно' },
    params: { REGISTER_SONET_EVENT: false },
  });
  assert.equal(typeof added.result, 'number');
  const dealId = added.result;

  const created = (await client.getDeal({ dealId })).result;
  assert.equal(created.ID, String(dealId), 'CRM ids come back as strings');
  assert.equal(created.TITLE, 'Поставка оборудования — ООО «Вектор»');
  assert.equal(created.STAGE_ID, 'NEW');
  assert.equal(Number(created.OPPORTUNITY), 250000);
  assert.equal(created.CURRENCY_ID, 'RUB');
  assert.equal(created.ASSIGNED_BY_ID, '2');
  assert.equal(created.CREATED_BY_ID, '1', 'created by the webhook\'s user');
  assert.equal(created.CLOSED, 'N');

  assert.equal((await client.updateDeal({ dealId: String(dealId), fields: { STAGE_ID: 'WON', OPPORTUNITY: '300000.50' } })).result, true);
  const changed = (await client.getDeal({ dealId })).result;
  assert.equal(changed.STAGE_ID, 'WON');
  assert.equal(Number(changed.OPPORTUNITY), 300000.5);
  assert.equal(changed.STAGE_SEMANTIC_ID, 'S');
  assert.equal(changed.COMMENTS, 'Срочно', 'fields not sent stay');

  assert.equal((await client.deleteDeal({ dealId })).result, true);
  await assert.rejects(client.getDeal({ dealId }), (e: unknown) =>
    e instanceof ApiError && e.status === 400 && e.code === '' && /Not found/.test(e.description));
  await assert.rejects(client.deleteDeal({ dealId }), (e: unknown) => e instanceof ApiError && e.status === 400);
});

test('wrong or missing parameters are refused before any request, naming the parameter', async () => {
  const before = sandbox.stats.requests;
  const rejects = (call: () => Promise<unknown>, path: string) =>
    assert.rejects(call(), (e: unknown) => e instanceof ValidationError && e.issues.some((i) => i.path === path));
  await rejects(() => client.getDeal({} as never), 'dealId');
  await rejects(() => client.getDeal({ dealId: 'первая' as never }), 'dealId');
  await rejects(() => client.deleteDeal({ dealId: 0 }), 'dealId');
  await rejects(() => client.addDeal({} as never), 'fields');
  await rejects(() => client.addDeal({ fields: { OPPORTUNITY: 'много' as never } }), 'fields.OPPORTUNITY');
  await rejects(() => client.updateDeal({ dealId: 1 } as never), 'fields');
  await rejects(() => client.getDeals({ order: { ID: 'UP' as never } }), 'order.ID');
  await rejects(() => client.getDeals({ select: [] }), 'select');
  await rejects(() => client.getDeals({ offset: 'next' as never }), 'offset');
  await rejects(() => client.getDeals({ start: 50 } as never), 'start');
  assert.equal(sandbox.stats.requests, before, 'nothing reached the portal');
});
