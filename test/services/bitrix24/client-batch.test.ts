import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { encodeQuery, normalizeParams } from '../../../src/services/bitrix24/encode.js';
import { ValidationError } from '../../../src/core/errors.js';

let sandbox: Bitrix24Sandbox;
let client: Bitrix24Client;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 300, leads: 50 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false });
});
after(() => sandbox.close());

test('parameters are encoded as PHP http_build_query does, after one normalisation', () => {
  const wire = normalizeParams({ filter: { '>=ID': 5, '%TITLE': 'a&b' }, select: ['ID', 'TITLE'], start: -1 });
  assert.equal(decodeURIComponent(encodeQuery(wire)), 'filter[>=ID]=5&filter[%TITLE]=a&b&select[0]=ID&select[1]=TITLE&start=-1');
  assert.match(encodeQuery(normalizeParams({ filter: { '>=ID': 5 } })), /^filter%5B%3E%3DID%5D=5$/);
  // A reference travels encoded; the portal substitutes after decoding (the batch page's HTTP example).
  assert.equal(decodeURIComponent(encodeQuery({ id: '$result[deal][ID]' })), 'id=$result[deal][ID]');
});

test('more than 50 commands are split into batches, every result kept by name', async () => {
  const ids = sandbox.state.deals.size;
  assert.ok(ids >= 120);
  const commands = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`d${i}`, { method: 'crm.deal.get', params: { id: i + 1 } }]));
  const before = sandbox.stats.batches;
  const out = await client.batch(commands);
  assert.equal(sandbox.stats.batches - before, 3);
  assert.equal(Object.keys(out.result).length, 120);
  assert.equal(String((out.result.d119 as { ID: unknown }).ID), '120');
  assert.deepEqual(out.errors, {});
  assert.ok(out.time.d0 && typeof out.time.d0.duration === 'number');
});

test('references to earlier results work inside one request and across requests', async () => {
  const commands: Record<string, { method: string; params: Record<string, unknown> }> = {
    created: { method: 'crm.deal.add', params: { fields: { TITLE: 'Поставка «Ромашка» & Co' } } },
    sameRequest: { method: 'crm.deal.get', params: { id: '$result[created]' } },
  };
  for (let i = 0; i < 60; i += 1) commands[`filler${i}`] = { method: 'server.time', params: {} };
  commands.nextRequest = { method: 'crm.deal.get', params: { id: '$result[created]' } };
  commands.titleLookup = { method: 'crm.deal.list', params: { filter: { TITLE: '$result[sameRequest][TITLE]' }, select: ['ID', 'TITLE'] } };
  const out = await client.batch(commands);
  assert.deepEqual(out.errors, {});
  const id = out.result.created;
  assert.equal(String((out.result.sameRequest as { ID: unknown }).ID), String(id));
  assert.equal((out.result.sameRequest as { TITLE: string }).TITLE, 'Поставка «Ромашка» & Co');
  assert.equal(String((out.result.nextRequest as { ID: unknown }).ID), String(id));
  const found = out.result.titleLookup as { ID: unknown }[];
  assert.equal(found.length, 1);
  assert.equal(String(found[0]!.ID), String(id));
});

test('halt stops at the first error; per-command errors carry the code and description', async () => {
  const out = await client.batch(
    [
      { method: 'server.time' },
      { method: 'crm.deal.get', params: { id: 99999999 } },
      { method: 'server.time' },
    ],
    { halt: true },
  );
  assert.ok(out.result['0']);
  assert.ok(out.errors['1']);
  assert.match(out.errors['1']!.message, /crm\.deal\.get/);
  assert.ok(!('2' in out.result));
  assert.deepEqual(out.skipped, ['2']);
});

test('without halt, the commands after a failure still run', async () => {
  const out = await client.batch(['server.time', 'crm.deal.get?id=99999999', 'server.time']);
  assert.ok(out.errors['1']);
  assert.ok(out.result['2']);
});

test('bad commands are refused before any request', async () => {
  const before = sandbox.stats.requests;
  await assert.rejects(client.batch({ a: { method: 'batch' } }), ValidationError);
  await assert.rejects(client.batch({ a: { method: 'crm.deal.get; drop' } }), ValidationError);
  assert.equal(sandbox.stats.requests, before);
});

test('a reference to a list resolves to the same value whichever request its command falls in', async () => {
  const user = [...sandbox.state.users.rows.values()].find((u) => u.UF_DEPARTMENT.length >= 2)!;
  assert.ok(user, 'a user in two departments');
  const u = { method: 'user.get', params: { ID: user.ID } };
  const d = { method: 'department.get', params: { ID: '$result[u][0][UF_DEPARTMENT]' } };
  const pad49 = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`pad${i}`, { method: 'server.time' }]));
  const batchesBefore = sandbox.stats.batches;
  const together = await client.batch({ u, d });
  const apart = await client.batch({ u, ...pad49, d });
  assert.equal(sandbox.stats.batches - batchesBefore, 3, 'the second batch was split in two');
  const departments = (out: { result: Record<string, unknown> }) => (out.result.d as { ID: unknown }[]).map((r) => Number(r.ID)).sort((a, b) => a - b);
  const expected = [...user.UF_DEPARTMENT].sort((a, b) => a - b);
  assert.deepEqual(departments(together), expected);
  assert.deepEqual(departments(apart), expected);
  // A single value, an element of the list, and a value missing from the result.
  const more = await client.batch({
    u,
    ...pad49,
    first: { method: 'department.get', params: { ID: '$result[u][0][UF_DEPARTMENT][1]' } },
    none: { method: 'department.get', params: { ID: '$result[u][0][NO_SUCH_FIELD]', NAME: 'нет такого' } },
  });
  assert.deepEqual((more.result.first as { ID: unknown }[]).map((r) => Number(r.ID)), [user.UF_DEPARTMENT[1]]);
  assert.deepEqual(more.result.none, []);
});

test('references to lists of objects, and inside longer text, resolve alike across requests', async () => {
  const pad = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`pad${i}`, { method: 'server.time' }]));
  const event = {
    type: 'user',
    ownerId: 1,
    from: '2026-12-01 10:00',
    to: '2026-12-01 11:00',
  };
  const run = async (padding: number) => {
    const out = await client.batch({
      src: { method: 'calendar.event.add', params: { ...event, name: 'Планёрка & отчёт #1', remind: [{ type: 'min', count: 15 }, { type: 'hour', count: 2 }] } },
      e: { method: 'calendar.event.getbyid', params: { id: '$result[src]' } },
      ...pad(padding),
      copy: { method: 'calendar.event.add', params: { ...event, name: 'Копия: $result[e][NAME] ($result[e][ID])', remind: '$result[e][REMIND]' } },
      check: { method: 'calendar.event.getbyid', params: { id: '$result[copy]' } },
    });
    assert.deepEqual(out.errors, {});
    return out;
  };
  const together = await run(0);
  const apart = await run(49);
  for (const out of [together, apart]) {
    const source = out.result.e as { ID: unknown; NAME: string; REMIND: unknown };
    const copy = out.result.check as { NAME: string; REMIND: unknown };
    assert.deepEqual(copy.REMIND, [{ type: 'min', count: 15 }, { type: 'hour', count: 2 }]);
    assert.deepEqual(copy.REMIND, source.REMIND);
    assert.equal(copy.NAME, `Копия: Планёрка & отчёт #1 (${String(source.ID)})`);
  }
});

test('a reference across requests to an empty list is not sent as "no condition": that command fails, named', async () => {
  const someone = sandbox.state.users.all().find((user) => user.ID !== 1 && user.UF_DEPARTMENT.length === 1)!;
  const lonely = sandbox.state.users.put({ ...someone, UF_DEPARTMENT: [] });
  const u = { method: 'user.get', params: { ID: lonely.ID } };
  const pad49 = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`pad${i}`, { method: 'server.time' }]));
  const d = { method: 'department.get', params: { ID: '$result[u][0][UF_DEPARTMENT]' } };
  const out = await client.batch({ u, ...pad49, d, after: { method: 'server.time' } });
  const error = out.errors.d;
  assert.ok(error instanceof ValidationError, String(error));
  assert.match(error.message, /commands\.d\.ID/);
  assert.ok(!('d' in out.result));
  assert.ok(out.result.after, 'the others still ran');
  const halted = await client.batch({ u, ...pad49, d, after: { method: 'server.time' } }, { halt: true });
  assert.ok(halted.errors.d instanceof ValidationError);
  assert.deepEqual(halted.skipped, ['after']);
});
