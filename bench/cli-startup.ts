// How long one `uzel` command takes from spawn to exit, against a local sandbox that answers at
// once (timeScale 0), so that the figure is the CLI's own: Node's boot, loading one service,
// parsing, one request, printing. Prints median, p90 and min of each, and the median's ratio to
// Node's own boot; asserts nothing.
// Run: npm run build && node --import tsx bench/cli-startup.ts [runs]
// (UZEL_BIN=<another checkout>/bin/uzel.js measures another build the same way, for a before/after.)
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startBitrix24Sandbox } from '../src/sandbox/bitrix24/index.js';

const runs = Number(process.argv[2] ?? 30);
const bin = process.env.UZEL_BIN ?? join(process.cwd(), 'bin', 'uzel.js');

function time(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`exit ${code}: ${stderr}`))));
  });
}

const at = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

function stats(samples: number[], base: number): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = at(sorted, 0.5);
  return `median ${median.toFixed(0)} ms (${(median / base).toFixed(2)}×), p90 ${at(sorted, 0.9).toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms`;
}

const sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false });
try {
  const event = sandbox.state.events.all().find((e) => e.IS_MEETING && e.attendees.some((a) => a.id === 1));
  const cases: [string, string[]][] = [
    ['node -e 0 (Node boot alone)', ['-e', '0']],
    ['uzel --version', [bin, '--version']],
    ['uzel bitrix24 get-user-participation-status (one call)', [bin, 'bitrix24', 'get-user-participation-status', '--url', sandbox.info.webhookUrl, '--event', String(event?.ID ?? 1)]],
    ['uzel bitrix24 ПолучитьСтатусУчастияПользователя (oint name)', [bin, 'bitrix24', 'ПолучитьСтатусУчастияПользователя', '--url', sandbox.info.webhookUrl, '--event', String(event?.ID ?? 1)]],
    ['uzel --help (the services and their methods)', [bin, '--help']],
  ];
  // Rounds interleave the cases, so that a load that comes and goes on the machine falls on all alike.
  for (const [, args] of cases) await time(args); // warm the file cache
  const samples = cases.map((): number[] => []);
  for (let i = 0; i < runs; i++) for (const [n, [, args]] of cases.entries()) samples[n]!.push(await time(args));
  const base = at([...samples[0]!].sort((a, b) => a - b), 0.5);
  console.log(`${runs} runs each; × is the median against node -e 0's`);
  for (const [n, [label]] of cases.entries()) console.log(`${label.padEnd(62)} ${stats(samples[n]!, base)}`);
} finally {
  await sandbox.close();
}
