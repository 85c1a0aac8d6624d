// The Drive from the command line: oint's command lines (Russian names, oint's options and short
// forms) and the English ones, uploads both ways, downloads to --out (atomic) and to stdout, with
// byte-exact round trips checked by SHA-256.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../src/sandbox/bitrix24/index.js';
import { isolatedEnv, run, runUzel, scratchDir, bin } from './helpers.js';

let sandbox: Bitrix24Sandbox;
let webhook: string;
let dir: string;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
  webhook = sandbox.info.webhookUrl;
  dir = scratchDir('drive-');
});
after(() => sandbox.close());

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function makeFile(name: string, size: number): string {
  const path = join(dir, name);
  writeFileSync(path, '');
  for (let at = 0; at < size; at += 4 << 20) writeFileSync(path, randomBytes(Math.min(4 << 20, size - at)), { flag: 'a' });
  return path;
}

const json = (text: string) => JSON.parse(text) as { result: Record<string, unknown> & { ID: string | number }; download?: { bytes: number; sha256: string } };

describe('Drive commands', { concurrency: false }, () => {
  test('oint\'s command lines run unchanged: storages, a folder, its children', async () => {
    const list = await runUzel(['bitrix24', 'ПолучитьСписокХранилищ', '--url', webhook]);
    assert.equal(list.code, 0, list.stderr);
    assert.ok((JSON.parse(list.stdout).result as unknown[]).length >= 30);
    const made = await runUzel(['bitrix24', 'СоздатьКаталогВХранилище', '-u', webhook, '-s', '1', '-t', 'Акты']);
    assert.equal(made.code, 0, made.stderr);
    const folder = json(made.stdout).result;
    const sub = await runUzel(['bitrix24', 'СоздатьПодкаталог', '-u', webhook, '-f', String(folder.ID), '-t', 'Ноябрь']);
    assert.equal(sub.code, 0, sub.stderr);
    const children = await runUzel(['bitrix24', 'ПолучитьДочерниеЭлементыКаталога', '-u', webhook, '-f', String(folder.ID), '-l', '{"TYPE":"folder"}']);
    assert.deepEqual((JSON.parse(children.stdout).result as { NAME: string }[]).map((c) => c.NAME), ['Ноябрь']);
    const copied = await runUzel(['bitrix24', 'СкопироватьКаталог', '-u', webhook, '-f', String(json(sub.stdout).result.ID), '--tagetid', '3']);
    assert.equal(copied.code, 0, copied.stderr);
    const structure = await runUzel(['bitrix24', 'ПолучитьСтруктуруФильтраКаталога', '-u', webhook, '-e']);
    assert.equal(JSON.parse(structure.stdout).result.NAME, '');
  });

  test('a small upload by the Russian name, a download by the English one to --out', async () => {
    const path = makeFile('small.bin', 200_000);
    const up = await runUzel(['bitrix24', 'ЗагрузитьФайлВКаталог', '--url', webhook, '--title', 'Счёт.bin', '--file', path, '--folderid', '2']);
    assert.equal(up.code, 0, up.stderr);
    const id = String(json(up.stdout).result.ID);
    const out = join(dir, 'small.out');
    const down = await runUzel(['bitrix24', 'download-file', '--url', webhook, '--fileid', id, '--out', out]);
    assert.equal(down.code, 0, down.stderr);
    assert.equal(await sha256File(out), await sha256File(path));
    assert.equal(json(down.stdout).download!.sha256, await sha256File(path));
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.')), [], 'no temp file is left');
  });

  test('a download to stdout carries the bytes alone', async () => {
    const r = await run(process.execPath, [bin, 'bitrix24', 'СкачатьФайл', '--url', webhook, '--fileid', '8'], isolatedEnv());
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(sandbox.state.drive.pathOf(8), 'utf8'));
    assert.match(r.stderr, /bytes written to stdout \(sha256 [0-9a-f]{64}\)/);
  });

  test('a 50 MB file: upload into a storage through uploadUrl and back, byte for byte', async () => {
    const path = makeFile('large.bin', 50 * 1024 * 1024 + 1);
    const up = await runUzel(['bitrix24', 'upload-file-to-storage', '-u', webhook, '-t', 'Выгрузка.bin', '-f', path, '-s', '1', '--debug']);
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stderr, /upload\.json\?auth=\*\*\*&token=\*\*\* \(52428801 bytes, multipart, streamed\)/);
    const id = String(json(up.stdout).result.ID);
    assert.equal(await sha256File(sandbox.state.drive.pathOf(Number(id))), await sha256File(path));
    const out = join(dir, 'large.out');
    const down = await runUzel(['bitrix24', 'СкачатьФайл', '-u', webhook, '-f', id, '--out', out]);
    assert.equal(down.code, 0, down.stderr);
    assert.equal(await sha256File(out), await sha256File(path));
  });

  test('an OAuth caller\'s token inside DOWNLOAD_URL is masked in the output', async () => {
    const r = await runUzel(['bitrix24', 'ПолучитьИнформациюОФайле', '--url', sandbox.info.portal, '--token', sandbox.info.accessToken, '-f', '6']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes(sandbox.info.accessToken));
    assert.match(String(JSON.parse(r.stdout).result.DOWNLOAD_URL), /auth=\*\*\*&/);
  });

  test('a webhook caller\'s key inside DOWNLOAD_URL is masked in the output and the debug lines too', async () => {
    // The key is derived from the webhook's code, not the code itself: the client learns it from
    // the answer and masks it from then on.
    const r = await runUzel(['bitrix24', 'ПолучитьИнформациюОФайле', '-u', webhook, '-f', '6', '--debug']);
    assert.equal(r.code, 0, r.stderr);
    const link = String(JSON.parse(r.stdout).result.DOWNLOAD_URL);
    assert.match(link, /\/rest\/download\.json\?auth=\*\*\*&token=/);
    // The same call straight to the sandbox shows what the key is.
    const raw = await (await fetch(`${webhook}disk.file.get.json?id=6`)).text();
    const key = /auth=([^&"]+)/.exec(raw)![1]!;
    assert.ok(key.length >= 8);
    assert.ok(!r.stdout.includes(key) && !r.stderr.includes(key), 'the key is nowhere in the output');
  });

  test('rows of a whole list read with --all are masked too (a folder\'s files carry DOWNLOAD_URL)', async () => {
    const info = await runUzel(['bitrix24', 'get-file', '-u', webhook, '-f', '6']);
    assert.equal(info.code, 0, info.stderr);
    const parent = String(JSON.parse(info.stdout).result.PARENT_ID);
    const raw = await (await fetch(`${webhook}disk.file.get.json?id=6`)).text();
    const key = /auth=([^&"]+)/.exec(raw)![1]!;
    const all = await runUzel(['bitrix24', 'get-folder-children', '-u', webhook, '-f', parent, '--all']);
    assert.equal(all.code, 0, all.stderr);
    const rows = all.stdout.trim().split('\n').map((line) => JSON.parse(line) as { TYPE: string; DOWNLOAD_URL?: string });
    assert.ok(rows.some((r) => r.TYPE === 'file' && /auth=\*\*\*&/.test(r.DOWNLOAD_URL ?? '')), all.stdout.slice(0, 300));
    assert.ok(!all.stdout.includes(key));
  });

  test('mistakes are named by option before any request', async () => {
    const before = sandbox.stats.requests;
    const missing = await runUzel(['bitrix24', 'ЗагрузитьФайлВКаталог', '-u', webhook, '-t', 'x', '-f', join(dir, 'nope.pdf'), '-l', '2']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--file: no such file/);
    const noFolder = await runUzel(['bitrix24', 'download-file', '-u', webhook, '--fileid', '8', '--out', join(dir, 'no-such-folder', 'x')]);
    assert.notEqual(noFolder.code, 0);
    assert.match(noFolder.stderr, /--out .*does not exist/);
    assert.equal(sandbox.stats.requests, before, 'nothing was sent');
    const gone = await runUzel(['bitrix24', 'ПолучитьИнформациюОФайле', '-u', webhook, '-f', '999999']);
    assert.equal(gone.code, 3);
    assert.match(gone.stderr, /ERROR_NOT_FOUND/);
  });
});
