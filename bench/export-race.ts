// The export race: Uzel and the other JS clients read every deal of one Bitrix24 sandbox over
// HTTPS with the portal's default limits (burst 50, 2 requests/s, 480 s of operating time per 10
// minutes, the calibrated cost model), each through its own documented way of reading a whole
// list, in turns (interleaved rounds), each in a process of its own. Between turns the sandbox is
// reset (its data reseeded the same, its bucket and operating time emptied), so every client
// meets a fresh portal. Prints a Markdown table: time, rows/s, rows missing or duplicated,
// requests, refusals (503 + 429), peak memory, time / bound and peer / Uzel.
//
//   npx tsx bench/export-race.ts [--sizes=100000,250000] [--rounds=1] [--budget=60] [--quick]
//
// --quick: sizes 20,000 and 50,000. --budget: seconds a peer may run; one still running then is
// stopped and its time extrapolated from the rows the sandbox served it (marked ~).
// The bound: the batches of 50 slices × 50 rows the list needs, the burst sent at once and the
// rest at the drain rate, plus one batch's modelled processing.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../src/sandbox/bitrix24/index.js';
import { modelledSeconds } from '../src/sandbox/bitrix24/limits.js';

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = process.argv.includes('--quick');
const sizes = (flag('sizes') ?? (quick ? '20000,50000' : '100000,250000')).split(',').map(Number);
const rounds = Number(flag('rounds') ?? 1);
const budget = Number(flag('budget') ?? 60);
const contestants = ['uzel', 'b24jssdk', '2bad'] as const;
const limits = { bucketSize: 50, drainPerSecond: 2 };

interface Outcome {
  rows: number;
  missing: number;
  duplicated: number;
  seconds: number;
  peakMb: number;
  stopped?: boolean;
  error?: string;
}

function bound(rows: number): number {
  const batches = Math.ceil(rows / 2500);
  const batchSeconds = 50 * modelledSeconds(50, 0, 4);
  return Math.max(0, batches - limits.bucketSize) / limits.drainPerSecond + batchSeconds;
}

function resetSandbox(sb: Bitrix24Sandbox): Promise<void> {
  const ca = readFileSync(sb.info.certPath!);
  return new Promise((resolve, reject) => {
    const req = request(`${sb.url}/_sandbox/reset`, { method: 'POST', ca }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`reset: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

function runWorker(name: string, sb: Bitrix24Sandbox, rows: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/export-race-worker.ts', name, sb.info.webhookUrl, String(rows), String(budget)], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: sb.info.certPath },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as Outcome);
      } catch {
        reject(new Error(`${name}: no result (${out.slice(0, 200)})`));
      }
    });
  });
}

const python = spawnSync('python3', ['-c', 'import fast_bitrix24'], { encoding: 'utf8' });
if (python.status !== 0) {
  console.log('fast_bitrix24: skipped (Python with the fast_bitrix24 package is not available here; it is not on this machine\'s package index)');
}

const table: string[] = [];
for (const rows of sizes) {
  const sb = await startBitrix24Sandbox({ tls: true, rateLimit: limits, seed: { deals: rows, leads: 10 } });
  const b = bound(rows);
  const results = new Map<string, { outcome: Outcome; requests: number; refused: number; served: number }[]>();
  for (let round = 0; round < rounds; round += 1) {
    const order = contestants.map((_, i) => contestants[(i + round) % contestants.length]!);
    for (const name of order) {
      await resetSandbox(sb);
      const before = { requests: sb.stats.requests, refused: sb.stats.rateLimited + sb.stats.operatingLimited, blocked: sb.stats.operatingLimited, pages: sb.stats.byMethod['crm.deal.list'] ?? 0 };
      const outcome = await runWorker(name, sb, rows);
      // A peer's own error text may not name the cause; the portal's refusals do.
      if (outcome.error && sb.stats.operatingLimited > before.blocked) outcome.error = 'OPERATION_TIME_LIMIT';
      const entry = {
        outcome,
        requests: sb.stats.requests - before.requests,
        refused: sb.stats.rateLimited + sb.stats.operatingLimited - before.refused,
        served: ((sb.stats.byMethod['crm.deal.list'] ?? 0) - before.pages) * 50,
      };
      results.set(name, [...(results.get(name) ?? []), entry]);
      console.error(`${rows} rows, round ${round + 1}: ${name} ${outcome.error ?? (outcome.stopped ? 'stopped' : 'done')} in ${outcome.seconds.toFixed(2)} s`);
    }
  }
  await sb.close();
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const timeOf = (name: string) => {
    const runs = results.get(name)!;
    const finished = runs.filter((r) => !r.outcome.stopped && !r.outcome.error);
    if (finished.length > 0) return { seconds: median(finished.map((r) => r.outcome.seconds)), approx: false };
    const stopped = runs.filter((r) => r.outcome.stopped && r.served > 0);
    if (stopped.length > 0) return { seconds: median(stopped.map((r) => (r.outcome.seconds * rows) / Math.min(rows, r.served))), approx: true };
    return undefined;
  };
  const uzel = timeOf('uzel');
  table.push(`| ${rows.toLocaleString('en')} deals | time | rows/s | missing | duplicated | requests | refused | peak memory | time / bound | peer / Uzel |`, '|---|---|---|---|---|---|---|---|---|---|');
  table.push(`| bound (burst ${limits.bucketSize}, ${limits.drainPerSecond}/s, one batch ${(50 * modelledSeconds(50, 0, 4)).toFixed(1)} s) | ${b.toFixed(2)} s | ${Math.round(rows / b)} | – | – | ${Math.ceil(rows / 2500)} | 0 | – | 1.00 | – |`);
  for (const name of contestants) {
    const runs = results.get(name)!;
    const last = runs[runs.length - 1]!;
    const t = timeOf(name);
    const label = { uzel: 'Uzel `export()`', b24jssdk: '`@bitrix24/b24jssdk` fetchList', '2bad': '`@2bad/bitrix` deals.list' }[name];
    const failed = runs.find((r) => r.outcome.error)?.outcome.error;
    const time = t ? `${t.approx ? '~' : ''}${t.seconds.toFixed(t.seconds < 100 ? 2 : 0)} s` : `fails: ${failed}`;
    const complete = !last.outcome.stopped && !last.outcome.error;
    table.push(
      `| ${label}${rounds > 1 ? ` (median of ${rounds})` : ''} | ${time} | ${t ? Math.round(rows / t.seconds) : '–'} | ${complete ? last.outcome.missing : '–'} | ${complete ? last.outcome.duplicated : '–'} | ${last.requests}${complete ? '' : ' (so far)'} | ${last.refused} | ${Math.round(last.outcome.peakMb)} MB | ${t ? `${t.approx ? '~' : ''}${(t.seconds / b).toFixed(2)}` : '–'} | ${t && uzel ? `${t.approx ? '~' : ''}${(t.seconds / uzel.seconds).toFixed(1)}` : '–'} |`,
    );
  }
  table.push('');
}
console.log(`\nBitrix24 sandbox over HTTPS, default limits, crm.deal.list select ID, TITLE, STAGE_ID, OPPORTUNITY; ${rounds} round(s), interleaved; peers stopped after ${budget} s are extrapolated (~)\n`);
console.log(table.join('\n'));
