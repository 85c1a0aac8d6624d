// How long one `uzel` command takes from spawn to exit, against a local sandbox that answers at
// once (timeScale 0), so that the figure is the CLI's own: Node's boot, loading one service,
// parsing, one request, printing. Prints figures; asserts nothing.
// Run: npm run build && node --import tsx bench/cli-startup.ts [runs]
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startBitrix24Sandbox } from '../src/sandbox/bitrix24/index.js';

const runs = Number(process.argv[2] ?? 30);
const bin = join(process.cwd(), 'bin', 'uzel.js');

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

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms (${samples.length} runs)`;
}

const sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false });
try {
  const event = sandbox.state.events.all().find((e) => e.IS_MEETING && e.attendees.some((a) => a.id === 1));
  const cases: [string, string[]][] = [
    ['node -e 0 (Node boot alone)', ['-e', '0']],
    ['uzel --version', [bin, '--version']],
    ['uzel bitrix24 get-user-participation-status (one call)', [bin, 'bitrix24', 'get-user-participation-status', '--url', sandbox.info.webhookUrl, '--event', String(event?.ID ?? 1)]],
    ['uzel bitrix24 ПолучитьСтатусУчастияПользователя (oint name)', [bin, 'bitrix24', 'ПолучитьСтатусУчастияПользователя', '--url', sandbox.info.webhookUrl, '--event', String(event?.ID ?? 1)]],
  ];
  for (const [label, args] of cases) {
    await time(args); // warm the file cache
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) samples.push(await time(args));
    console.log(`${label.padEnd(62)} ${stats(samples)}`);
  }
} finally {
  await sandbox.close();
}
