// The CLI's whole-list export to a file: `uzel bitrix24 get-deals --all --out FILE` against a
// Bitrix24 sandbox over HTTPS with the portal's default limits (burst 50, 2 requests/s, the
// calibrated cost model). Prints, per size, the rows written, the time and the CLI process's
// peak memory (its maximum resident set, read from /proc by polling), beside the bound.
//   npm run build && npx tsx bench/cli-export.ts [--sizes=100000,250000]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBitrix24Sandbox } from '../src/sandbox/bitrix24/index.js';

const sizes = (process.argv.find((a) => a.startsWith('--sizes='))?.split('=')[1] ?? '100000,250000').split(',').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'uzel-cli-export-'));

/** The peak resident set of a process, from its /proc status (VmHWM), in MB. */
function peakMb(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

console.log('| rows | time | rows/s | peak memory (CLI process) | bound | time / bound |');
console.log('|---|---|---|---|---|---|');
for (const rows of sizes) {
  const sb = await startBitrix24Sandbox({ tls: true, rateLimit: { bucketSize: 50, drainPerSecond: 2 }, seed: { deals: rows, leads: 10 } });
  const out = join(dir, `deals-${rows}.ndjson`);
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['bin/uzel.js', 'bitrix24', 'get-deals', '--url', sb.info.webhookUrl, '--all', '--out', out, '--select', '["ID","TITLE","STAGE_ID","OPPORTUNITY"]'],
    { env: { ...process.env, NODE_EXTRA_CA_CERTS: sb.info.certPath }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  let peak = 0;
  const poll = setInterval(() => (peak = Math.max(peak, peakMb(child.pid!))), 50);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(poll);
  const seconds = (performance.now() - started) / 1000;
  await sb.close();
  const written = readFileSync(out, 'utf8').split('\n').filter(Boolean).length;
  rmSync(out, { force: true });
  // 2,500 rows a batch; the burst (49 after the client's reserve) at once, the rest at the drain.
  const batches = Math.ceil(rows / 2500);
  const bound = Math.max(0, batches - 50) / 2 + 2.0;
  if (code !== 0 || written !== rows) console.log(`(exit ${code}, ${written} rows written)`);
  console.log(`| ${rows.toLocaleString('en')} | ${seconds.toFixed(2)} s | ${Math.round(rows / seconds)} | ${peak.toFixed(0)} MB | ${bound.toFixed(2)} s | ${(seconds / bound).toFixed(2)} |`);
}
rmSync(dir, { recursive: true, force: true });
