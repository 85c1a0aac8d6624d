// export() at the portal's bound: batches in flight follow the client's bucket (a fresh client
// spends its whole burst, a busy one what is left), a list too large for the method's operating
// time paces itself without a 429, and a checkpoint after every batch resumes with no row lost or
// repeated. Asserted by requests, refusals and rows, never by seconds.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client, type Bitrix24ClientOptions } from '../../../src/services/bitrix24/client.js';
import type { ExportCheckpoint } from '../../../src/services/bitrix24/export.js';
import { ValidationError } from '../../../src/core/errors.js';

const sandboxes: Bitrix24Sandbox[] = [];
after(() => Promise.all(sandboxes.map((s) => s.close())));
async function start(options: Parameters<typeof startBitrix24Sandbox>[0]): Promise<Bitrix24Sandbox> {
  const sb = await startBitrix24Sandbox(options);
  sandboxes.push(sb);
  return sb;
}

/** A client whose batch requests are counted while in flight (sent, answer not yet in). */
function countingClient(sb: Bitrix24Sandbox, options: Partial<Bitrix24ClientOptions> = {}) {
  const seen = { inFlight: 0, peak: 0, batches: 0, commands: [] as number[] };
  const client = new Bitrix24Client({
    webhookUrl: sb.info.webhookUrl,
    ...options,
    fetch: async (url, init) => {
      if (!url.includes('/batch')) return fetch(url, init);
      seen.batches += 1;
      seen.commands.push(Object.keys((JSON.parse(String(init.body)) as { cmd: object }).cmd).length);
      seen.inFlight += 1;
      seen.peak = Math.max(seen.peak, seen.inFlight);
      try {
        return await fetch(url, init);
      } finally {
        seen.inFlight -= 1;
      }
    },
  } as Bitrix24ClientOptions);
  return { client, seen };
}

const select = ['ID', 'TITLE', 'STAGE_ID', 'OPPORTUNITY'];

async function readAll(client: Bitrix24Client, options: Parameters<Bitrix24Client['export']>[2] = {}): Promise<number[]> {
  const ids: number[] = [];
  for await (const row of client.export<{ ID: string }>('crm.deal.list', { select }, options)) ids.push(Number(row.ID));
  return ids;
}

function assertEveryRowOnce(ids: number[], count: number): void {
  assert.equal(ids.length, count);
  assert.equal(new Set(ids).size, count, 'no row twice');
  for (let i = 1; i < ids.length; i += 1) assert.ok(ids[i]! > ids[i - 1]!, 'ID order');
}

test('a fresh client spends its whole burst: the slices of a 50,000-row export spread over every request it allows, all at once, none refused', async () => {
  // Portal limits and processing times as on a real portal (a batch of 21 slices: 0.84 s).
  const sb = await start({ timeScale: 1, seed: { deals: 50_000, leads: 1 } });
  const { client, seen } = countingClient(sb);
  const ids = await readAll(client);
  assertEveryRowOnce(ids, 50_000);
  // The range probe (2 commands) takes one of the client's 49 units (one of the portal's 50 is
  // kept in reserve); the 1,000 slices of 50 rows go as 48 batches of at most 21 (49 when the
  // bucket drained one more unit while they left), not 20 of 50, so each is processed in about
  // 21 commands' time; then one keyset page for rows added since.
  assert.equal(seen.commands[0], 2);
  const slices = seen.commands.slice(1);
  assert.ok(slices.length === 48 || slices.length === 49, JSON.stringify(seen.commands));
  assert.equal(slices.reduce((a, b) => a + b, 0), 1000);
  assert.equal(Math.max(...slices), 21);
  // All at once (a loaded machine may send the last few after the first have answered).
  assert.ok(seen.peak >= slices.length - 8, `peak batches in flight: ${seen.peak} of ${slices.length}`);
  assert.equal(sb.stats.rateLimited + sb.stats.operatingLimited, 0);
  assert.equal(sb.stats.requests, 2 + slices.length);
});

test('without a bucket to keep to, batches stay full: 50 slices each', async () => {
  const sb = await start({ timeScale: 0, rateLimit: false, seed: { deals: 10_000, leads: 1 } });
  const { client, seen } = countingClient(sb, { rateLimit: false });
  assertEveryRowOnce(await readAll(client), 10_000);
  assert.deepEqual(seen.commands, [2, 50, 50, 50, 50]);
});

test('a sparse list is sliced by the density the range probe saw: few slices read twice, none empty in the first wave', async () => {
  // Every tenth ID is left: the probe's two pages of 50 IDs span about 500 IDs each.
  const sb = await start({ timeScale: 0, rateLimit: false, seed: { deals: 20_000, leads: 1 } });
  const client = new Bitrix24Client({ webhookUrl: sb.info.webhookUrl, rateLimit: false });
  const doomed = Array.from({ length: 20_000 }, (_, i) => i + 1).filter((id) => id % 10 !== 0);
  for (let i = 0; i < doomed.length; i += 50) {
    await client.batch(doomed.slice(i, i + 50).map((id) => ({ method: 'crm.deal.delete', params: { id } })));
  }
  const { client: counted, seen } = countingClient(sb, { rateLimit: false });
  const ids = await readAll(counted);
  assert.deepEqual(ids, Array.from({ length: 2_000 }, (_, i) => (i + 1) * 10));
  // 2,000 rows at density 0.1: slices of about 450 IDs (45 rows), all in one batch after the
  // probe; cut 50 IDs wide, as before the probe told the density, they would need 400.
  assert.equal(seen.commands.length, 2, JSON.stringify(seen.commands));
  assert.ok(seen.commands[1]! >= 44 && seen.commands[1]! <= 47, JSON.stringify(seen.commands));
});

test('a busy client spends what is left of the bucket, and is never refused', async () => {
  // 100,000 rows: 40 batches, all at once for a fresh client (see above).
  const sb = await start({ timeScale: 0.1, seed: { deals: 100_000, leads: 1 } });
  const { client, seen } = countingClient(sb);
  await Promise.all(Array.from({ length: 35 }, () => client.call('server.time')));
  const ids = await readAll(client);
  assertEveryRowOnce(ids, 100_000);
  // 49 units (one kept in reserve) less the 35 taken leave about 14, too few for the 40 batches:
  // the drain decides the end, and the export keeps only as many in flight as keep the drain
  // busy until then (40 × 2.5 s / (13.5 s + 2.5 s) ≈ 7, by the modelled times), not all 14: a
  // batch sent sooner would only hold its rows in memory longer.
  assert.ok(seen.peak >= 3 && seen.peak <= 12, `peak batches in flight: ${seen.peak}`);
  assert.equal(sb.stats.rateLimited + sb.stats.operatingLimited, 0);
});

test('a list over the method\'s operating budget paces itself from the time blocks: no 429, every row once', async () => {
  // Scaled: 5,000 rows need 100 pages × 0.04 s = 4 s of operating time against 2.4 s per 3 s
  // window, as a million rows need 800 s against 480 s per 10 minutes.
  const operatingLimit = { windowSeconds: 3, limitSeconds: 2.4 };
  const sb = await start({ timeScale: 0, rateLimit: false, operatingLimit, seed: { deals: 5_000, leads: 1 } });
  const client = new Bitrix24Client({ webhookUrl: sb.info.webhookUrl, rateLimit: false, operatingLimit: { ...operatingLimit, marginSeconds: 0.1 } });
  const ids = await readAll(client, { commandsPerBatch: 5 });
  assertEveryRowOnce(ids, 5_000);
  assert.equal(sb.stats.operatingLimited, 0, 'no OPERATION_TIME_LIMIT');
  assert.ok(sb.stats.processingSeconds > operatingLimit.limitSeconds * 1.5, `the export needed ${sb.stats.processingSeconds.toFixed(1)} s of operating time`);
});

test('resuming from a checkpoint loses and repeats nothing, in either order', async () => {
  const sb = await start({ timeScale: 0, rateLimit: false, seed: { deals: 12_345, leads: 1 } });
  const client = new Bitrix24Client({ webhookUrl: sb.info.webhookUrl, rateLimit: false });
  for (const order of ['ASC', 'DESC'] as const) {
    const params = { select, order: { ID: order } };
    // A first run stops (as a crash would) after its third checkpoint: only rows handed over
    // before a checkpoint count, as a caller persisting both would keep them.
    const kept: number[] = [];
    let since: number[] = [];
    let saved: ExportCheckpoint | undefined;
    let checkpoints = 0;
    for await (const row of client.export<{ ID: string }>('crm.deal.list', params, {
      batchesInFlight: 2,
      commandsPerBatch: 10,
      onCheckpoint: (cp) => {
        kept.push(...since);
        since = [];
        saved = JSON.parse(JSON.stringify(cp)) as ExportCheckpoint;
        checkpoints += 1;
      },
    })) {
      since.push(Number(row.ID));
      if (checkpoints === 3) break;
    }
    assert.ok(saved && kept.length > 0 && kept.length < 12_345, `${kept.length} rows before the crash`);
    assert.equal(saved.rows, kept.length);
    const rest: number[] = [];
    for await (const row of client.export<{ ID: string }>('crm.deal.list', params, { resume: saved })) rest.push(Number(row.ID));
    const all = [...kept, ...rest];
    const expected = Array.from({ length: 12_345 }, (_, i) => i + 1);
    assert.deepEqual(all, order === 'ASC' ? expected : expected.reverse(), `${order}: every row once, in order`);
  }
});

test('a checkpoint of another selection is refused before any request, naming resume', async () => {
  const sb = await start({ timeScale: 0, rateLimit: false, seed: { deals: 200, leads: 1 } });
  const client = new Bitrix24Client({ webhookUrl: sb.info.webhookUrl, rateLimit: false });
  let saved: ExportCheckpoint | undefined;
  for await (const _ of client.export('crm.deal.list', { select }, { onCheckpoint: (cp) => void (saved = cp) }));
  assert.ok(saved);
  const before = sb.stats.requests;
  for (const [params, resume] of [
    [{ select: ['ID'] }, saved],
    [{ select }, { ...saved, pending: [[5, 'x']] }],
    [{ select }, { hello: 1 }],
  ] as const) {
    await assert.rejects(
      async () => {
        for await (const _ of client.export('crm.deal.list', params, { resume: resume as ExportCheckpoint }));
      },
      (error: unknown) => error instanceof ValidationError && error.issues[0]!.path === 'resume',
    );
  }
  assert.equal(sb.stats.requests, before);
});

test('an abort reaches an export that waits for the operating budget at once, not when the window frees', async () => {
  // 5,000 rows need 4 s of operating time against 1 s per 30 s window: the export soon waits.
  const operatingLimit = { windowSeconds: 30, limitSeconds: 1 };
  const sb = await start({ timeScale: 0, rateLimit: false, operatingLimit, seed: { deals: 5_000, leads: 1 } });
  const client = new Bitrix24Client({ webhookUrl: sb.info.webhookUrl, rateLimit: false, operatingLimit: { ...operatingLimit, marginSeconds: 0.1 } });
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(new Error('stopped by the caller')), 300);
  await assert.rejects(readAll(client, { commandsPerBatch: 5, signal: controller.signal }), /stopped by the caller/);
  assert.ok(Date.now() - started < 10_000, `the abort took ${Date.now() - started} ms`);
  assert.equal(sb.stats.operatingLimited, 0);
});

test('a checkpoint whose slice width is not a positive number is refused as damaged', async () => {
  const sb = await start({ timeScale: 0, rateLimit: false, seed: { deals: 100, leads: 1 } });
  const client = new Bitrix24Client({ webhookUrl: sb.info.webhookUrl, rateLimit: false });
  let saved: ExportCheckpoint | undefined;
  await readAll(client, { onCheckpoint: (cp) => void (saved ??= cp) });
  assert.ok(saved);
  await assert.rejects(readAll(client, { resume: { ...saved, width: 0 } }), (e: unknown) => e instanceof ValidationError && e.issues[0]!.path === 'resume' && /damaged/.test(e.message));
});
