// The sandbox's cost model against the published figures it is calibrated to (limits.ts,
// DEVIATIONS.md "The cost model"). Each fact is checked by reading lists as the published clients
// read them, against a sandbox that answers at once (timeScale 0): the modelled seconds are in
// every answer's time block, so nothing here depends on the machine's speed.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { costModel, countingSeconds, modelledSeconds } from '../../../src/sandbox/bitrix24/limits.js';
import { postJson, postForm } from './http.js';

interface BatchBody {
  result: {
    result: Record<string, Record<string, unknown>[]>;
    result_error: Record<string, { error: string }> | unknown[];
    result_time: Record<string, { processing: number }> | unknown[];
  };
}

const sandboxes: Bitrix24Sandbox[] = [];
async function start(options: Parameters<typeof startBitrix24Sandbox>[0]): Promise<Bitrix24Sandbox> {
  const sb = await startBitrix24Sandbox(options);
  sandboxes.push(sb);
  return sb;
}

const query = (parts: Record<string, string | number>) => Object.entries(parts).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
const selectQuery = (fields: string[]) => Object.fromEntries(fields.map((f, i) => [`select[${i}]`, f]));

/**
 * fast_bitrix24's get_all(): one counted page for `total`, then every other offset page
 * (start=50, 100, …) packed 50 to a batch, the batches sent in parallel.
 */
async function offsetExport(sb: Bitrix24Sandbox, method: string, select: string[]) {
  const hook = sb.info.webhookUrl;
  const first = await postJson(hook + method, { select });
  assert.equal(first.status, 200);
  const total = first.body.total as number;
  const firstSeconds = (first.body.time as { processing: number }).processing;
  const starts: number[] = [];
  for (let s = 50; s < total; s += 50) starts.push(s);
  const batches: number[][] = [];
  for (let i = 0; i < starts.length; i += 50) batches.push(starts.slice(i, i + 50));
  const answers = await Promise.all(
    batches.map((group) => {
      const cmd = Object.fromEntries(group.map((s) => [`p${s}`, `${method}?${query({ ...selectQuery(select), start: s })}`]));
      return postJson(hook + 'batch', { cmd });
    }),
  );
  const ids: number[] = (first.body.result as { ID: string }[]).map((r) => Number(r.ID));
  let refused = 0;
  let slowestBatch = 0;
  for (const answer of answers) {
    const body = answer.body as unknown as BatchBody;
    refused += Object.values(body.result.result_error).filter((e) => (e as { error: string }).error === 'OPERATION_TIME_LIMIT').length;
    for (const rows of Object.values(body.result.result)) ids.push(...rows.map((r) => Number(r.ID)));
    slowestBatch = Math.max(slowestBatch, Object.values(body.result.result_time).reduce((sum: number, t) => sum + (t as { processing: number }).processing, 0));
  }
  return { total, ids, refused, modelledWall: firstSeconds + slowestBatch };
}

/** Operating seconds a method has used, by its next answer's time block. */
async function operatingOf(sb: Bitrix24Sandbox, method: string): Promise<number> {
  const r = await postJson(sb.info.webhookUrl + method, { select: ['ID'], start: -1, filter: { '<ID': 1 } });
  return (r.body.time as { operating: number }).operating;
}

/** The operating seconds fast_bitrix24's whole read of `rows` rows adds up to, by the model. */
function offsetReadSeconds(rows: number, fields: number): number {
  let sum = 0;
  for (let start = 0; start < rows; start += 50) sum += modelledSeconds(Math.min(50, rows - start), rows, fields);
  return sum;
}

describe('bitrix24 sandbox: the cost model holds the published figures', () => {
  after(() => Promise.all(sandboxes.map((s) => s.close())));

  test('fact 1: fast_bitrix24 speed test, 41,537 leads in counted offset pages: 2.3-2.6 s, far from the operating limit', async () => {
    const sb = await start({ timeScale: 0, seed: { deals: 0, leads: 41_537 } });
    // Its select: ID and STAGE_ID, a field leads do not have (they have STATUS_ID).
    const run = await offsetExport(sb, 'crm.lead.list', ['ID', 'STAGE_ID']);
    assert.equal(run.total, 41_537);
    assert.equal(run.ids.length, 41_537);
    assert.equal(new Set(run.ids).size, 41_537);
    assert.equal(run.refused, 0);
    assert.equal(sb.stats.rateLimited + sb.stats.operatingLimited, 0, 'the 17 batches fit in the burst of 50');
    // The first page, then the batches in parallel: the slowest batch is the wall time.
    assert.ok(run.modelledWall >= 2.3 && run.modelledWall <= 2.6, `modelled wall time ${run.modelledWall.toFixed(2)} s`);
    const used = await operatingOf(sb, 'crm.lead.list');
    assert.ok(used < 100, `operating time used: ${used.toFixed(1)} s of 480`);
  });

  test('fact 2: reading a whole list in counted pages crosses 480 s at 70,000-300,000 rows, whatever the select', () => {
    const threshold = (fields: number) => {
      let rows = 10_000;
      while (offsetReadSeconds(rows, fields) <= 480) rows += 1_000;
      return rows;
    };
    // ID alone; the benchmark's four fields; every deal field (44); every lead field (51).
    for (const fields of [1, 4, 44, 51]) {
      const at = threshold(fields);
      assert.ok(at >= 70_000 && at <= 300_000, `${fields} field(s): the operating limit at ${at} rows`);
    }
    assert.ok(offsetReadSeconds(41_537, 1) < 480);
  });

  test('fact 2, on the wire: 125,000 deals in counted pages meet OPERATION_TIME_LIMIT', async () => {
    const sb = await start({ timeScale: 0, rateLimit: false, seed: { deals: 125_000, leads: 0 } });
    const run = await offsetExport(sb, 'crm.deal.list', ['ID', 'TITLE', 'STAGE_ID', 'OPPORTUNITY']);
    assert.ok(run.refused > 0, 'some pages refused');
    assert.ok(run.ids.length < 125_000, `${run.ids.length} rows read before the block`);
    assert.equal(sb.stats.operatingLimited, run.refused);
  });

  test('fact 3: start=-1 with ID bounds skips counting: a page costs the same on any size of list, and the whole list reads within the limit', async () => {
    const small = await start({ timeScale: 0, rateLimit: false, seed: { deals: 1_000, leads: 0 } });
    const large = await start({ timeScale: 0, rateLimit: false, seed: { deals: 125_000, leads: 0 } });
    const select = ['ID', 'TITLE', 'STAGE_ID', 'OPPORTUNITY'];
    const page = async (sb: Bitrix24Sandbox, start: number) => {
      const r = await postJson(sb.info.webhookUrl + 'crm.deal.list', { select, start, filter: { '>ID': 100 }, order: { ID: 'ASC' } });
      return (r.body.time as { processing: number }).processing;
    };
    assert.equal(await page(small, -1), await page(large, -1));
    assert.equal(await page(large, -1), costModel.base + costModel.perField * 4 * 50);
    assert.ok((await page(large, 0)) > (await page(large, -1)) + countingSeconds(100_000), 'a counted page pays for the count');

    // The whole list in ID slices of 50 (start=-1), 50 slices to a batch, sent in parallel.
    const cmds: string[] = [];
    for (let lo = 1; lo <= 125_000; lo += 50) {
      cmds.push(`crm.deal.list?${query({ ...selectQuery(select), start: -1, 'filter[>=ID]': lo, 'filter[<ID]': lo + 50, 'order[ID]': 'ASC' })}`);
    }
    const batches: string[][] = [];
    for (let i = 0; i < cmds.length; i += 50) batches.push(cmds.slice(i, i + 50));
    const answers = await Promise.all(batches.map((group) => postForm(large.info.webhookUrl + 'batch', group.map((c, i) => `cmd[s${i}]=${encodeURIComponent(c)}`).join('&'))));
    const ids = new Set<number>();
    for (const answer of answers) {
      for (const rows of Object.values((answer.body as unknown as BatchBody).result.result)) for (const r of rows) ids.add(Number(r.ID));
    }
    assert.equal(ids.size, 125_000);
    assert.equal(large.stats.operatingLimited, 0);
    const used = await operatingOf(large, 'crm.deal.list');
    // 2,500 pages at 0.04 s: 100 s, where the counted read needed more than 480.
    assert.ok(used < 480 && used > 90, `operating time used: ${used.toFixed(1)} s`);
  });
});
