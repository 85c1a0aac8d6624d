// A large file up to the Drive and back through the CLI, against a local sandbox that answers at
// once: the client process's peak memory (maxRSS, read in that process as it exits) and the
// throughput each way, with the round trip checked by SHA-256. Prints figures; asserts nothing.
// Run: npm run build && node --import tsx bench/drive-transfer.ts [megabytes, default 1024]
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBitrix24Sandbox } from '../src/sandbox/bitrix24/index.js';

const megabytes = Number(process.argv[2] ?? 1024);
const bin = join(process.cwd(), 'bin', 'uzel.js');
const dir = mkdtempSync(join(tmpdir(), 'uzel-bench-drive-'));

// Loaded into the CLI process: writes its peak resident memory to a file as it exits.
const hook = join(dir, 'peak-rss.cjs');
writeFileSync(hook, "process.on('exit', () => require('node:fs').writeFileSync(process.env.UZEL_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");

interface Run {
  seconds: number;
  peakMb: number;
  stdout: string;
}

function uzel(args: string[]): Promise<Run> {
  const rssFile = join(dir, `rss-${Date.now()}`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', hook, bin, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, UZEL_BENCH_RSS_FILE: rssFile, UZEL_CONFIG: join(dir, 'config.json') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`exit ${code}: ${stderr}`));
      // maxRSS is in kilobytes.
      resolve({ seconds, peakMb: Number(readFileSync(rssFile, 'utf8')) / 1024, stdout });
    });
  });
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A file of random bytes, written 4 MiB at a time. */
async function makeFile(path: string, bytes: number): Promise<void> {
  const handle = await open(path, 'w');
  try {
    for (let at = 0; at < bytes; at += 4 << 20) await handle.write(randomBytes(Math.min(4 << 20, bytes - at)));
  } finally {
    await handle.close();
  }
}

const sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false });
try {
  const size = megabytes * 1024 * 1024;
  const source = join(dir, 'source.bin');
  const back = join(dir, 'back.bin');
  await makeFile(source, size);
  const url = sandbox.info.webhookUrl;
  const mb = size / 1024 / 1024;

  const up = await uzel(['bitrix24', 'ЗагрузитьФайлВКаталог', '--url', url, '--title', 'Большая выгрузка.bin', '--file', source, '--folderid', '2']);
  const id = String((JSON.parse(up.stdout) as { result: { ID: string | number } }).result.ID);
  const down = await uzel(['bitrix24', 'СкачатьФайл', '--url', url, '--fileid', id, '--out', back]);

  const same = statSync(back).size === size && (await sha256(source)) === (await sha256(back));
  console.log(`file: ${mb.toFixed(0)} MiB; round trip byte-exact (sha256): ${same ? 'yes' : 'NO'}`);
  console.log(`upload   (uploadUrl, streamed): ${up.seconds.toFixed(1)} s, ${(mb / up.seconds).toFixed(0)} MiB/s, client peak RSS ${up.peakMb.toFixed(0)} MiB`);
  console.log(`download (--out, atomic):       ${down.seconds.toFixed(1)} s, ${(mb / down.seconds).toFixed(0)} MiB/s, client peak RSS ${down.peakMb.toFixed(0)} MiB`);
  console.log('(times are whole CLI runs, Node boot included; the sandbox runs in this process)');
} finally {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
}
