import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { postForm, postJson } from './http.js';

type BatchResult = { result: unknown; result_error: unknown; result_total: unknown; result_next: unknown; result_time: unknown };

describe('bitrix24 sandbox: batch', () => {
  let sb: Bitrix24Sandbox;
  let hook: string;
  before(async () => {
    sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 120, leads: 10 } });
    hook = sb.info.webhookUrl;
  });
  after(() => sb.close());

  test('named commands, $result references to a field and to a list row', async () => {
    const r = await postJson(hook + 'batch', {
      halt: 0,
      cmd: {
        me: 'user.current',
        dep: 'department.get?ID=$result[me][UF_DEPARTMENT][0]',
        deals: 'crm.deal.list?filter[>ID]=100&select[]=ID&select[]=TITLE',
        one: 'crm.deal.get?id=$result[deals][0][ID]',
      },
    });
    assert.equal(r.status, 200);
    const b = r.body.result as BatchResult;
    const results = b.result as Record<string, unknown>;
    assert.equal((results.me as Record<string, unknown>).ID, '1');
    assert.equal(((results.dep as Record<string, unknown>[])[0]!).ID, '1');
    assert.equal((results.one as Record<string, unknown>).ID, '101');
    assert.deepEqual(b.result_error, []);
    assert.deepEqual(b.result_total, { dep: 1, deals: 20 });
    assert.deepEqual(b.result_next, []);
    const times = b.result_time as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(times), ['me', 'dep', 'deals', 'one']);
    assert.ok('processing' in times.me!);
    assert.ok(!('operating' in (r.body.time as object)), 'the outer batch is not counted in operating time');
  });

  test('an array of commands answers lists; totals and next per command', async () => {
    const r = await postJson(hook + 'batch', { cmd: ['server.time', 'crm.deal.list?start=0&select[]=ID', 'crm.deal.list?start=100&select[]=ID'] });
    const b = r.body.result as BatchResult;
    assert.ok(Array.isArray(b.result));
    assert.equal((b.result as unknown[]).length, 3);
    assert.deepEqual(b.result_total, { 1: 120, 2: 120 });
    assert.deepEqual(b.result_next, { 1: 50 });
  });

  test('form-encoded batch with encoded commands', async () => {
    const form = `halt=0&cmd[a]=${encodeURIComponent('crm.deal.list?filter[>=ID]=118&select[]=ID')}&cmd[b]=${encodeURIComponent('crm.deal.get?id=$result[a][1][ID]')}`;
    const r = await postForm(hook + 'batch.json', form);
    const results = (r.body.result as BatchResult).result as Record<string, unknown>;
    assert.deepEqual((results.a as Record<string, unknown>[]).map((d) => d.ID), ['118', '119', '120']);
    assert.equal((results.b as Record<string, unknown>).ID, '119');
  });

  test('halt=0 runs on after errors, halt=1 stops at the first', async () => {
    const cmd = { ok1: 'server.time', bad: 'crm.deal.get?id=999999', nope: 'no.such.method', nested: 'batch?cmd[x]=server.time', ok2: 'user.current' };
    const goOn = (await postJson(hook + 'batch', { halt: 0, cmd })).body.result as BatchResult;
    assert.deepEqual(Object.keys(goOn.result as object), ['ok1', 'ok2']);
    const errors = goOn.result_error as Record<string, Record<string, string>>;
    assert.deepEqual(errors.bad, { error: '', error_description: 'Not found' });
    assert.equal(errors.nope!.error, 'ERROR_METHOD_NOT_FOUND');
    assert.equal(errors.nested!.error, 'ERROR_BATCH_METHOD_NOT_ALLOWED');

    const stop = (await postJson(hook + 'batch', { halt: 1, cmd })).body.result as BatchResult;
    assert.deepEqual(Object.keys(stop.result as object), ['ok1']);
    assert.deepEqual(Object.keys(stop.result_error as object), ['bad']);
  });

  // settings/how-to-call-rest-api/batch.md: "При превышении подзапросы сверх лимита завершаются
  // ошибкой ERROR_BATCH_LENGTH_EXCEEDED"; the batch itself never fails as a whole (HTTP 200).
  test('more than 50 commands: HTTP 200, the first 50 run, each one past 50 fails alone', async () => {
    const cmd = Object.fromEntries(Array.from({ length: 53 }, (_, i) => [`c${i}`, i === 50 ? 'crm.deal.add?fields[TITLE]=late' : 'server.time']));
    const before = sb.state.deals.size;
    const r = await postJson(hook + 'batch', { cmd });
    assert.equal(r.status, 200);
    const b = r.body.result as BatchResult;
    assert.deepEqual(Object.keys(b.result as object), Object.keys(cmd).slice(0, 50));
    const errors = b.result_error as Record<string, unknown>;
    assert.deepEqual(Object.keys(errors), ['c50', 'c51', 'c52']);
    for (const e of Object.values(errors)) assert.deepEqual(e, { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' });
    assert.equal(sb.state.deals.size, before, 'a command past 50 does not run');

    // A list of commands the same; with halt=1 the first refused one stops the rest.
    const list = await postJson(hook + 'batch', { halt: 1, cmd: Array.from({ length: 52 }, () => 'server.time') });
    const lb = list.body.result as BatchResult;
    assert.equal(list.status, 200);
    assert.equal((lb.result as unknown[]).length, 50);
    assert.deepEqual(Object.keys(lb.result_error as object), ['50']);
  });

  test('an empty batch answers empty sections as []', async () => {
    const r = await postJson(hook + 'batch', { cmd: {} });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.result, { result: [], result_error: [], result_total: [], result_next: [], result_time: [] });
  });

  test('a batch counts once against the leaky bucket', async () => {
    // A bucket of 5 that hardly drains: a batch of 50 commands takes one place, four calls the rest.
    const small = await startBitrix24Sandbox({ timeScale: 0, rateLimit: { bucketSize: 5, drainPerSecond: 0.001 }, seed: { deals: 1, leads: 1 } });
    try {
      const r = await postJson(small.info.webhookUrl + 'batch', { cmd: Array.from({ length: 50 }, () => 'server.time') });
      assert.equal(r.status, 200);
      assert.equal(Object.keys((r.body.result as BatchResult).result as object).length, 50);
      for (let i = 0; i < 4; i += 1) assert.equal((await postJson(small.info.webhookUrl + 'server.time', {})).status, 200);
      assert.equal((await postJson(small.info.webhookUrl + 'server.time', {})).status, 503);
    } finally {
      await small.close();
    }
  });
});
