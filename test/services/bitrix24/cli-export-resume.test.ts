// `npx uzel bitrix24 get-deals --all --out FILE --resume STATE`: a real CLI process is killed
// (SIGKILL, no chance to tidy up) in the middle of an export; a second run with the same STATE
// finishes it. The file then holds every deal exactly once, in ID order.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { bin, isolatedEnv, runUzel, scratchDir } from '../../cli/helpers.js';

let sandbox: Bitrix24Sandbox | undefined;
after(() => sandbox?.close());

const deals = 150_000;

test('an export killed mid-way resumes from its state file: nothing lost, nothing repeated', async () => {
  // The portal's own limits; a batch takes a tenth of its modelled 2 s. The burst takes 49
  // batches at once, the other 12 go at the bucket's 2 a second: the kill lands in that part.
  sandbox = await startBitrix24Sandbox({ timeScale: 0.1, seed: { deals, leads: 1 } });
  const dir = scratchDir('resume-');
  const out = join(dir, 'deals.ndjson');
  const state = join(dir, 'deals.state.json');
  const args = ['bitrix24', 'get-deals', '--url', sandbox.info.webhookUrl, '--select', '["ID","TITLE"]', '--all', '--out', out, '--resume', state];
  const env = isolatedEnv();

  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let rowsAtKill = 0;
  for (let i = 0; i < 2_000 && child.exitCode === null; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (!existsSync(state)) continue;
    const saved = JSON.parse(readFileSync(state, 'utf8')) as { checkpoint: { rows: number } };
    if (saved.checkpoint.rows > 0) {
      rowsAtKill = saved.checkpoint.rows;
      child.kill('SIGKILL');
      break;
    }
  }
  assert.equal(await exited, 'SIGKILL', `the first run was killed (stderr: ${stderr})`);
  assert.ok(rowsAtKill > 0 && rowsAtKill < deals, `killed after ${rowsAtKill} rows`);
  assert.ok(existsSync(state), 'the state file is left for the next run');

  const second = await runUzel(args, env);
  assert.equal(second.code, 0, second.stderr);
  assert.ok(!existsSync(state), 'the state file goes when the export is complete');
  const ids = readFileSync(out, 'utf8').trimEnd().split('\n').map((line) => Number((JSON.parse(line) as { ID: string }).ID));
  assert.equal(ids.length, deals, 'every row once');
  for (let i = 0; i < ids.length; i += 1) assert.equal(ids[i], i + 1);
  // (The second process starts with an empty bucket of its own while the portal's is still full
  // from the first: its first batches may meet 503s, which it retries; rows are unaffected.)
});

test('--resume is refused without --all and --out, and for a state file of another command', async () => {
  sandbox ??= await startBitrix24Sandbox({ timeScale: 0, seed: { deals: 10, leads: 1 } });
  const dir = scratchDir('resume-');
  const out = join(dir, 'd.ndjson');
  const state = join(dir, 's.json');
  const hook = sandbox.info.webhookUrl;
  const noOut = await runUzel(['bitrix24', 'get-deals', '--url', hook, '--all', '--resume', state]);
  assert.equal(noOut.code, 2);
  assert.match(noOut.stderr, /--resume works with --all and --out/);
  const done = await runUzel(['bitrix24', 'get-leads', '--url', hook, '--all', '--out', out, '--resume', state]);
  assert.equal(done.code, 0, done.stderr);
  // A state left by another command is not taken for this one.
  const { writeFileSync } = await import('node:fs');
  writeFileSync(state, JSON.stringify({ uzel: 'export-checkpoint', command: 'bitrix24 get-leads', out, outputBytes: 0, checkpoint: {} }));
  const other = await runUzel(['bitrix24', 'get-deals', '--url', hook, '--all', '--out', out, '--resume', state]);
  assert.equal(other.code, 2);
  assert.match(other.stderr, /--resume .*it is the state of "bitrix24 get-leads"/);
});
