import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { ValidationError } from '../../../src/core/errors.js';

let sandbox: Bitrix24Sandbox;
let client: Bitrix24Client;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 20_000, leads: 120 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false, retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 } });
});
after(() => sandbox.close());

test('list() walks start/next pages and reports total', async () => {
  const pages = [];
  for await (const page of client.list('crm.lead.list', { select: ['ID', 'TITLE'], order: { ID: 'ASC' } }).pages()) pages.push(page);
  assert.equal(pages.length, Math.ceil(sandbox.state.leads.size / 50));
  assert.equal(pages[0]!.total, sandbox.state.leads.size);
  const ids = pages.flatMap((p) => p.items.map((r) => Number((r as { ID: string }).ID)));
  assert.equal(new Set(ids).size, sandbox.state.leads.size);
});

test('export reads every row once, in constant batches, while rows are added and deleted', async () => {
  const expectedCount = sandbox.state.deals.size;
  const maxBefore = sandbox.state.deals.maxId;
  const deleted = new Set<number>();
  const added: number[] = [];
  const seen = new Map<number, number>();
  let mutated = false;
  const batchesBefore = sandbox.stats.batches;
  let previous = 0;
  for await (const row of client.export<{ ID: string; TITLE: string }>('crm.deal.list', { select: ['ID', 'TITLE'] }, {
    onProgress: (read) => {
      if (mutated || read < 2000) return;
      mutated = true;
      // Delete rows ahead of and behind the reader, add rows past the end.
      for (const id of [3, 5, 7, maxBefore - 1, maxBefore - 3, Math.floor(maxBefore / 2)]) {
        if (sandbox.state.deals.delete(id)) deleted.add(id);
      }
      for (let i = 0; i < 75; i += 1) added.push(sandbox.state.deals.add({ TITLE: `Новая сделка ${i}` }, 1, Date.now() / 1000));
    },
  })) {
    const id = Number(row.ID);
    assert.ok(id > previous, `rows in ID order: ${id} after ${previous}`);
    previous = id;
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  assert.ok(mutated, 'the rows changed during the export');
  const duplicates = [...seen].filter(([, n]) => n > 1);
  assert.deepEqual(duplicates, [], 'no row read twice');
  // Every row that existed throughout is there.
  let missing = 0;
  for (let id = 1; id <= maxBefore; id += 1) if (sandbox.state.deals.get(id) && !seen.has(id)) missing += 1;
  assert.equal(missing, 0, 'no row lost');
  assert.ok(seen.size >= expectedCount - deleted.size, `read ${seen.size}, expected at least ${expectedCount - deleted.size}`);
  // Rows added past the range during the export are picked up at the end.
  for (const id of added) assert.ok(seen.has(id), `added row ${id} read`);
  // 20 000 rows in slices of 50 rows, 50 slices a batch: about 8 batches, not 400 requests.
  assert.ok(sandbox.stats.batches - batchesBefore <= 20, `batches: ${sandbox.stats.batches - batchesBefore}`);
});

test('export refuses an ID bound in the filter (it slices by ID itself)', async () => {
  const rows = client.export('crm.deal.list', { filter: { '>ID': 5 } });
  await assert.rejects(async () => {
    for await (const _ of rows) break;
  }, ValidationError);
});

test('export of an empty selection ends at once', async () => {
  const rows = [];
  for await (const row of client.export('crm.deal.list', { filter: { TITLE: 'нет такой сделки' } })) rows.push(row);
  assert.equal(rows.length, 0);
});

test('list() refuses start=-1, which gives no next page to follow', () => {
  assert.throws(() => client.list('crm.deal.list', { start: -1 }), (e: unknown) => e instanceof ValidationError && e.issues[0]!.path === 'start');
});

test('export honours order by ID descending: every row once, from the top down', async () => {
  const expected: number[] = [];
  for (let id = sandbox.state.deals.maxId; id >= 1; id -= 1) if (sandbox.state.deals.get(id)) expected.push(id);
  for (const order of [{ ID: 'DESC' }, { id: 'desc' }]) {
    const got: number[] = [];
    for await (const row of client.export<{ ID: string }>('crm.deal.list', { select: ['ID'], order })) got.push(Number(row.ID));
    assert.equal(got.length, expected.length);
    assert.deepEqual(got, expected);
  }
  // With a filter, against what list() pages (JSON, counting) return in the same order.
  const params = { filter: { '>OPPORTUNITY': 2_500_000, STAGE_ID: 'WON' }, select: ['ID', 'OPPORTUNITY'], order: { ID: 'DESC' } };
  const listed: string[] = [];
  for await (const row of client.list<{ ID: string }>('crm.deal.list', params)) listed.push(row.ID);
  const exported: string[] = [];
  for await (const row of client.export<{ ID: string }>('crm.deal.list', params)) exported.push(String(row.ID));
  assert.ok(listed.length > 50);
  assert.deepEqual(exported, listed);
});

test('export refuses what it would otherwise override, naming the parameter, before any request', async () => {
  const refusals: [Record<string, unknown>, RegExp][] = [
    [{ order: { TITLE: 'ASC' } }, /^order$/],
    [{ order: { ID: 'DESC', TITLE: 'ASC' } }, /^order$/],
    [{ order: { ID: 'SIDEWAYS' } }, /^order$/],
    [{ ORDER: { DATE_CREATE: 'DESC' } }, /^order$/],
    [{ start: 0 }, /^start$/],
    [{ START: 100 }, /^START$/],
    [{ start: -1 }, /^start$/],
    [{ filter: { '>=ID': 5 } }, /^filter\.>=ID$/],
    [{ filter: { '<id': 500 } }, /^filter\.<id$/],
    [{ filter: { '@ID': [1, 2] } }, /^filter\.@ID$/],
    [{ filter: { '!ID': 3 } }, /^filter\.!ID$/],
    [{ FILTER: { '>ID': 5 } }, /^FILTER\.>ID$/],
    // A top-level logic would join the slices' ID bounds into the OR (crm.item.list reads it).
    [{ filter: { logic: 'OR', STAGE_ID: 'NEW', '%TITLE': 'сайт' } }, /^filter\.logic$/],
    [{ FILTER: { LOGIC: 'OR', '0': { STAGE_ID: 'NEW' } } }, /^FILTER\.LOGIC$/],
    // Batch commands carry the slices: there the portal would read this text as a reference.
    [{ filter: { TITLE: '$result[s0][0][ID]' } }, /^filter\.TITLE$/],
    [{ filter: { '@STAGE_ID': ['NEW', 'цена $result[first]'] } }, /^filter\.@STAGE_ID\.1$/],
  ];
  const before = sandbox.stats.requests;
  for (const [params, path] of refusals) {
    await assert.rejects(
      async () => {
        for await (const _ of client.export('crm.deal.list', params)) break;
      },
      (e: unknown) => e instanceof ValidationError && e.issues.length === 1 && path.test(e.issues[0]!.path) && e.method === 'crm.deal.list',
      JSON.stringify(params),
    );
  }
  assert.equal(sandbox.stats.requests, before);
});

test('export keeps a plain ID condition (it does not collide with the slices)', async () => {
  const got: number[] = [];
  for await (const row of client.export<{ ID: string }>('crm.deal.list', { filter: { ID: [3, 7, 11] }, select: ['ID'] })) got.push(Number(row.ID));
  assert.deepEqual(got, [3, 7, 11].filter((id) => sandbox.state.deals.get(id)));
});

test('rows or an ID field the answers do not have is an error naming the option, never a silently short list', async () => {
  const misread: [string, () => AsyncIterable<unknown>, RegExp][] = [
    ['export rows', () => client.export('crm.deal.list', { select: ['ID'] }, { rows: 'items' }), /^rows$/],
    ['export idField', () => client.export('crm.deal.list', { select: ['ID'] }, { idField: 'id' }), /^idField$/],
    ['list rows', () => client.list('crm.lead.list', { select: ['ID'] }, { rows: 'items' }), /^rows$/],
  ];
  for (const [name, run, path] of misread) {
    await assert.rejects(
      async () => {
        for await (const _ of run()) break;
      },
      (e: unknown) => e instanceof ValidationError && path.test(e.issues[0]!.path) && e.method === (name === 'list rows' ? 'crm.lead.list' : 'crm.deal.list'),
      name,
    );
  }
});
