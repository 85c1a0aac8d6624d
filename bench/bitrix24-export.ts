// Full export of crm.deal.list against the Bitrix24 sandbox with its DEFAULT limits (burst 50,
// 2 requests/s, 480 s of operating time per 10 minutes, the modelled processing and counting
// times), comparing the ways a client can read a big list. Prints figures; asserts nothing.
//
//   npx tsx bench/bitrix24-export.ts [rows=100000] [--all]
//
// --all also runs the slow strategies on the full row count (by default they read a sample
// and their time for the whole list is extrapolated, since counting pages take minutes).
import { startBitrix24Sandbox } from '../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../src/services/bitrix24/client.js';

const rows = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100_000);
const all = process.argv.includes('--all');

const sandbox = await startBitrix24Sandbox({ seed: { deals: rows, leads: 10 } });
const client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl });
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;

function report(name: string, read: number, seconds: number, extra = ''): void {
  console.log(`${name.padEnd(44)} ${String(read).padStart(8)} rows ${seconds.toFixed(1).padStart(7)} s ${String(Math.round(read / seconds)).padStart(7)} rows/s ${extra}`);
}

async function measure(name: string, run: () => Promise<number>): Promise<void> {
  const requests = sandbox.stats.requests;
  const refused = sandbox.stats.rateLimited + sandbox.stats.operatingLimited;
  const started = performance.now();
  const read = await run();
  const seconds = (performance.now() - started) / 1000;
  report(name, read, seconds, `requests ${sandbox.stats.requests - requests}, refused ${sandbox.stats.rateLimited + sandbox.stats.operatingLimited - refused}`);
}

console.log(`Bitrix24 sandbox, default limits, ${rows} deals, select ID+TITLE+STAGE_ID+OPPORTUNITY`);
const select = ['ID', 'TITLE', 'STAGE_ID', 'OPPORTUNITY'];

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().heapUsed);
}, 50);
await measure('export(): ID slices, start=-1, batches', async () => {
  let n = 0;
  const seen = new Set<number>();
  for await (const row of client.export<{ ID: string }>('crm.deal.list', { select })) {
    n += 1;
    seen.add(Number(row.ID));
  }
  if (seen.size !== n || n !== rows) console.log(`  !! read ${n}, distinct ${seen.size}, expected ${rows}`);
  return n;
});
clearInterval(sampler);
console.log(`  heap peak during export (includes the ${rows}-entry check set and the sandbox's data): ${mb(peak)}`);
await measure('export(), order ID DESC: the same, from the top', async () => {
  let n = 0;
  let previous = Number.POSITIVE_INFINITY;
  let ordered = true;
  for await (const row of client.export<{ ID: string }>('crm.deal.list', { select, order: { ID: 'DESC' } })) {
    n += 1;
    if (Number(row.ID) >= previous) ordered = false;
    previous = Number(row.ID);
  }
  if (!ordered || n !== rows) console.log(`  !! read ${n} (expected ${rows}), descending: ${ordered}`);
  return n;
});

const sample = all ? rows : Math.min(rows, 2_500);
await measure(`list(): start offsets, counting every page${all ? '' : ` (${sample} rows)`}`, async () => {
  let n = 0;
  for await (const _ of client.list('crm.deal.list', { select, order: { ID: 'ASC' } })) if (++n >= sample) break;
  return n;
});
await measure(`keyset: >ID, start=-1, one page at a time${all ? '' : ` (${sample} rows)`}`, async () => {
  let n = 0;
  let last = 0;
  for (;;) {
    const page = await client.call<{ ID: string }[]>('crm.deal.list', { select, order: { ID: 'ASC' }, filter: { '>ID': last }, start: -1 });
    n += page.result.length;
    if (page.result.length < 50 || n >= sample) break;
    last = Number(page.result[page.result.length - 1]!.ID);
  }
  return n;
});
await sandbox.close();
