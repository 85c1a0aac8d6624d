// End-to-end: a write's answer is never lost. --out is checked before any request and written
// atomically; when it fails after the request, the answer goes to stdout and the exit code is 5.
// A batch names each failed command on stderr; an empty batch is a usage error.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../src/sandbox/bitrix24/index.js';
import { spawn } from 'node:child_process';
import { bin, isolatedEnv, runUzel, shown } from './helpers.js';

let sandbox: Bitrix24Sandbox;
let webhook: string;
let code: string;
const work = mkdtempSync(join(tmpdir(), 'uzel-cli-out-'));
const addDeal = () => ['bitrix24', 'add-deal', '--url', webhook, '--fields', '{"TITLE":"Поставка"}'];

before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 60, leads: 5 } });
  webhook = sandbox.info.webhookUrl;
  code = webhook.split('/').at(-2)!;
});
after(() => sandbox.close());

/** Runs a command and tells how many requests and deals it cost the portal. */
async function measured(args: string[]) {
  const requests = sandbox.stats.requests;
  const deals = sandbox.state.deals.size;
  const r = await runUzel(args);
  return { ...r, requests: sandbox.stats.requests - requests, newDeals: sandbox.state.deals.size - deals };
}

const noTempFiles = (dir: string) => assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);

describe('--out is checked before any request', () => {
  const bad: [string, () => string, RegExp][] = [
    ['a folder that does not exist', () => join(work, 'no-such-dir', 'x.json'), /folder ".*no-such-dir" does not exist/],
    ['a relative path under a missing folder', () => 'no-such-dir/x.json', /folder "no-such-dir" does not exist/],
    ['a folder', () => work, /is a folder/],
    ['a path through a file', () => join(writeFile('plain.txt', 'x'), 'x.json'), /not a folder/],
    ['an empty name', () => '', /give a file name/],
  ];
  for (const [what, path, message] of bad) {
    test(`add-deal --out <${what}>: exit 2, nothing sent, no deal created`, async () => {
      const r = await measured([...addDeal(), '--out', path()]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /nothing was sent/);
      assert.doesNotMatch(r.stderr, /ENOENT|ENOTDIR|EISDIR|at .*\.js/);
      assert.equal(r.requests, 0);
      assert.equal(r.newDeals, 0);
      assert.equal(r.stdout, '');
    });
  }

  test('the same check for --all, call and batch', async () => {
    for (const args of [
      ['bitrix24', 'get-deals', '--url', webhook, '--all'],
      ['bitrix24', 'call', 'crm.deal.add', '--params', '{"fields":{"TITLE":"x"}}', '--url', webhook],
      ['bitrix24', 'batch', '--commands', '{"a":"crm.deal.add?fields[TITLE]=x"}', '--url', webhook],
    ]) {
      const r = await measured([...args, '--out', 'no-such-dir/x.json']);
      assert.equal(r.code, 2, `${args[1]}: ${r.stderr}`);
      assert.equal(r.requests, 0, args[1]);
      assert.equal(r.newDeals, 0, args[1]);
    }
  });
});

function writeFile(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

describe('--out is written atomically', () => {
  test('a good --out gets the answer, no temp file stays', async () => {
    const dir = mkdtempSync(join(work, 'ok-'));
    const r = await measured([...addDeal(), '--out', join(dir, 'deal.json')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.newDeals, 1);
    assert.equal(typeof JSON.parse(readFileSync(join(dir, 'deal.json'), 'utf8')).result, 'number');
    noTempFiles(dir);
  });

  test('a failed request leaves an existing file as it was and no temp file', async () => {
    const dir = mkdtempSync(join(work, 'keep-'));
    const file = join(dir, 'deal.json');
    writeFileSync(file, 'previous answer\n');
    const r = await runUzel(['bitrix24', 'get-deal', '--url', webhook, '--deal', '999999', '--out', file]);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(readFileSync(file, 'utf8'), 'previous answer\n');
    noTempFiles(dir);
  });

  test('--all --out: every row, and an existing file replaced whole', async () => {
    const dir = mkdtempSync(join(work, 'all-'));
    const file = join(dir, 'deals.ndjson');
    writeFileSync(file, 'old\n');
    const r = await runUzel(['bitrix24', 'get-deals', '--url', webhook, '--all', '--out', file]);
    assert.equal(r.code, 0, r.stderr);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines.length, sandbox.state.deals.size);
    assert.ok(!lines.includes('old'));
    noTempFiles(dir);
  });
});

describe('--out through a link writes where the link points, never replaces the link', () => {
  test('a link to a file: the link stays, the file it points to gets the answer', async () => {
    const dir = mkdtempSync(join(work, 'link-'));
    const real = join(dir, 'real.json');
    writeFileSync(real, 'old');
    const link = join(dir, 'answer.json');
    symlinkSync(real, link);
    const r = await runUzel([...addDeal(), '--out', link]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link was replaced by a file');
    assert.equal(typeof JSON.parse(readFileSync(real, 'utf8')).result, 'number');
    noTempFiles(dir);
  });

  // /dev/stdout is such a link (to /proc/self/fd/1); a test must not touch the real one, so it
  // uses a link of its own to the same place, with stdout appended to a log as `>> log` does.
  test('a link to an open descriptor (as /dev/stdout is): written in place, after what the log holds', { skip: !existsSync('/proc/self/fd/1') }, async () => {
    const dir = mkdtempSync(join(work, 'fd-'));
    const link = join(dir, 'stdout');
    symlinkSync('/proc/self/fd/1', link);
    const log = join(dir, 'log.txt');
    writeFileSync(log, 'earlier\n');
    const fd = openSync(log, 'a');
    const child = spawn(process.execPath, [bin, ...addDeal(), '--out', link, '--compact'], { env: isolatedEnv(), stdio: ['ignore', fd, 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    closeSync(fd);
    assert.equal(code, 0, stderr);
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link was replaced by a file');
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'earlier');
    assert.equal(typeof JSON.parse(lines[1]!).result, 'number');
    noTempFiles(dir);
  });
});

describe('when --out fails after the request, the answer is shown and the exit code is 5', () => {
  // /dev/full takes the open and refuses every write (ENOSPC): a write failing after the check.
  const full = '/dev/full';
  test('add-deal: the deal exists once, its ID is on stdout, stderr says the file was not written', { skip: !existsSync(full) }, async () => {
    const r = await measured([...addDeal(), '--out', full]);
    assert.equal(r.code, 5, r.stderr);
    assert.equal(r.newDeals, 1);
    const id = JSON.parse(r.stdout).result as number;
    assert.ok(sandbox.state.deals.get(id), 'the ID shown is the deal created');
    assert.match(r.stderr, /crm\.deal\.add was carried out, but its answer was NOT written to "\/dev\/full" \(no space left on the device\)/);
    assert.match(r.stderr, /Do not repeat/);
    assert.doesNotMatch(r.stderr, /ENOSPC|--debug/);
  });

  test('call and batch (writes) show their answers the same way', { skip: !existsSync(full) }, async () => {
    const call = await measured(['bitrix24', 'call', 'crm.deal.add', '--params', '{"fields":{"TITLE":"x"}}', '--url', webhook, '--out', full]);
    assert.equal(call.code, 5, call.stderr);
    assert.equal(typeof JSON.parse(call.stdout).result, 'number');
    const batch = await measured(['bitrix24', 'batch', '--commands', '{"a":"crm.deal.add?fields[TITLE]=x"}', '--url', webhook, '--out', full]);
    assert.equal(batch.code, 5, batch.stderr);
    assert.equal(typeof JSON.parse(batch.stdout).result.a, 'number');
    assert.equal(call.newDeals + batch.newDeals, 2);
  });

  test('--all: a clear error, exit 5, no raw errno', { skip: !existsSync(full) }, async () => {
    const r = await runUzel(['bitrix24', 'get-deals', '--url', webhook, '--all', '--out', full]);
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /could not be written to "\/dev\/full" \(no space left on the device\)/);
    assert.doesNotMatch(r.stderr, /ENOSPC/);
  });
});

describe('batch', () => {
  test('each failed command is named on stderr with its code and description; exit 3', async () => {
    const r = await runUzel([
      'bitrix24',
      'batch',
      '--url',
      webhook,
      '--commands',
      '{"me":"user.current","lost":"crm.deal.get?id=999999","typo":"crm.deal.gett"}',
    ]);
    assert.equal(r.code, 3, r.stderr);
    const answer = JSON.parse(r.stdout) as { result: Record<string, unknown> };
    assert.ok(answer.result.me);
    assert.match(r.stderr, /batch command "lost" failed: \(empty code\): Not found/);
    assert.match(r.stderr, /batch command "typo" failed: ERROR_METHOD_NOT_FOUND: /);
    assert.doesNotMatch(r.stderr, /"me" failed/);
    assert.ok(!shown(r).includes(code));
  });

  test('--halt: the commands not run are named too', async () => {
    const r = await runUzel(['bitrix24', 'batch', '--halt', '--url', webhook, '--commands', '[{"method":"crm.deal.gett"},"user.current"]']);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /batch command "0" failed: ERROR_METHOD_NOT_FOUND/);
    assert.match(r.stderr, /not run \(--halt stopped at the first failure\): "1"/);
  });

  for (const empty of ['{}', '[]']) {
    test(`an empty batch ${empty} is a usage error before any request`, async () => {
      const r = await measured(['bitrix24', 'batch', '--url', webhook, '--commands', empty]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /--commands holds no command/);
      assert.equal(r.requests, 0);
      assert.equal(r.stdout, '');
    });
  }

  test('an empty batch file too', async () => {
    mkdirSync(join(work, 'b'), { recursive: true });
    const file = join(work, 'b', 'empty.json');
    writeFileSync(file, '{}');
    const r = await measured(['bitrix24', 'batch', '--url', webhook, '--commands', `@${file}`]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.requests, 0);
  });
});

describe('an interrupted command leaves no temp file', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`${signal} while the request is on its way: the target untouched, no temp file, ended by the signal`, async () => {
      const dir = mkdtempSync(join(work, 'signal-'));
      const file = join(dir, 'deals.ndjson');
      writeFileSync(file, 'old\n');
      sandbox.faults.add({ kind: 'slow', delayMs: 5000, times: 1, match: 'crm.deal.list' });
      const child = spawn(process.execPath, [bin, 'bitrix24', 'get-deals', '--url', webhook, '--all', '--out', file], {
        env: isolatedEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)));
      // the temp file exists once the target was opened, before the request
      for (let i = 0; i < 100 && !readdirSync(dir).some((f) => f.endsWith('.tmp')); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(readdirSync(dir).some((f) => f.endsWith('.tmp')), 'the temp file was opened before the request');
      child.kill(signal);
      assert.equal(await ended, signal);
      sandbox.faults.clear();
      noTempFiles(dir);
      assert.equal(readFileSync(file, 'utf8'), 'old\n');
    });
  }
});
