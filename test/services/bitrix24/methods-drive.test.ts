// The Drive sections (disk.storage.*, disk.folder.*, disk.file.*) through their typed functions,
// against the sandbox, results checked against their schemas; byte-exact round trips both ways.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { bitrix24Catalogue } from '../../../src/services/bitrix24/catalogue.js';
import { ApiError, ValidationError } from '../../../src/core/errors.js';

let sandbox: Bitrix24Sandbox;
let client: Bitrix24Client;
let dir: string;
const debug: string[] = [];
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, validateResults: true, rateLimit: false, onDebug: (l) => debug.push(l) });
  dir = mkdtempSync(join(tmpdir(), 'uzel-drive-test-'));
});
after(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A file of `size` pseudo-random bytes, written in slices. */
function makeFile(name: string, size: number): string {
  const path = join(dir, name);
  const slice = 4 * 1024 * 1024;
  writeFileSync(path, '');
  for (let at = 0; at < size; at += slice) writeFileSync(path, randomBytes(Math.min(slice, size - at)), { flag: 'a' });
  return path;
}

test('storages: list, one, children, a folder in the root, rename', async () => {
  const list = await client.getStorages({ filter: { ENTITY_TYPE: 'common' } });
  assert.deepEqual(list.result.map((s) => s.NAME), ['Общий диск']);
  const shared = await client.getStorage({ storageId: 1 });
  assert.equal(shared.result.ENTITY_TYPE, 'common');
  const children = await client.getStorageChildren({ storageId: 1 });
  assert.deepEqual(children.result.map((c) => c.NAME), ['Договоры', 'Счета', 'Регламенты']);
  const added = await client.addStorageFolder({ storageId: 1, title: 'Акты' });
  assert.equal(added.result.NAME, 'Акты');
  const renamed = await client.renameStorage({ storageId: 1, title: 'Документы компании' });
  assert.equal(renamed.result.NAME, 'Документы компании');
  const all: unknown[] = [];
  for await (const s of client.iterate(bitrix24Catalogue.getStorages, {})) all.push(s);
  assert.ok(all.length >= 30, 'every storage, page after page');
});

test('the application\'s own storage needs an OAuth application', async () => {
  await assert.rejects(client.getAppStorage(), (e: unknown) => e instanceof ApiError && e.code === 'ACCESS_DENIED');
  const app = new Bitrix24Client({ portal: sandbox.url, accessToken: sandbox.info.accessToken, rateLimit: false });
  const own = await app.getAppStorage();
  assert.equal(own.result.ENTITY_TYPE, 'restapp');
});

test('folders: get, children with a filter, subfolder, copy, move, rename, trash, restore, link, delete', async () => {
  const contracts = await client.getFolder({ folderId: 2 });
  assert.equal(contracts.result.NAME, 'Договоры');
  const sub = await client.addSubfolder({ folderId: 2, title: 'Ноябрь' });
  const onlyFolders = await client.getFolderChildren({ folderId: 2, filter: { TYPE: 'folder' } });
  assert.deepEqual(onlyFolders.result.map((c) => c.NAME), ['2026', 'Ноябрь']);
  const copy = await client.copyFolder({ folderId: 5, targetId: 3 });
  assert.equal(copy.result.NAME, '2026');
  const copied = await client.getFolderChildren({ folderId: Number(copy.result.ID) });
  assert.equal(copied.result.length, 2, 'the copy holds both contracts');
  const moved = await client.moveFolder({ folderId: Number(sub.result.ID), targetId: 3 });
  assert.equal(String(moved.result.PARENT_ID), '3');
  await client.renameFolder({ folderId: Number(sub.result.ID), title: 'Декабрь' });
  const trashed = await client.trashFolder({ folderId: Number(sub.result.ID) });
  assert.equal(Number(trashed.result.DELETED_TYPE), 3);
  const restored = await client.restoreFolder({ folderId: Number(sub.result.ID) });
  assert.equal(Number(restored.result.DELETED_TYPE), 0);
  const link = await client.getFolderExternalLink({ folderId: 2 });
  assert.match(link.result, /\/~[\w-]+$/);
  assert.equal((await client.deleteFolder({ folderId: Number(copy.result.ID) })).result, true);
  await assert.rejects(client.getFolder({ folderId: Number(copy.result.ID) }), (e: unknown) => e instanceof ApiError && e.code === 'ERROR_NOT_FOUND');
});

test('the filter structure of a folder\'s children comes from disk.folder.getfields', async () => {
  const typed = await client.getFolderFilterStructure();
  assert.equal(typed.result.NAME, 'string');
  assert.equal(typed.result.CREATE_TIME, 'datetime');
  assert.ok(!('CREATED_BY' in typed.result), 'not a filter field');
  const empty = await client.getFolderFilterStructure({ empty: true });
  assert.equal(empty.result.NAME, '');
});

test('files: get, rename, copy, move, trash, restore, link, delete', async () => {
  const file = await client.getFile({ fileId: 6 });
  assert.equal(file.result.NAME, 'Договор поставки № 14.txt');
  const copy = await client.copyFile({ fileId: 6, folderId: 3 });
  const renamed = await client.renameFile({ fileId: Number(copy.result.ID), title: 'Копия договора.txt' });
  assert.equal(renamed.result.NAME, 'Копия договора.txt');
  const moved = await client.moveFile({ fileId: Number(copy.result.ID), folderId: 4 });
  assert.equal(String(moved.result.PARENT_ID), '4');
  assert.equal(Number((await client.trashFile({ fileId: Number(copy.result.ID) })).result.DELETED_TYPE), 3);
  assert.equal(Number((await client.restoreFile({ fileId: Number(copy.result.ID) })).result.DELETED_TYPE), 0);
  const link = await client.getFileExternalLink({ fileId: Number(copy.result.ID) });
  assert.equal(await (await fetch(link.result)).text(), readFileSync(sandbox.state.drive.pathOf(6), 'utf8'));
  assert.equal((await client.deleteFile({ fileId: Number(copy.result.ID) })).result, true);
});

test('a small file goes in the request; its bytes come back the same', async () => {
  const path = makeFile('small.bin', 100_000);
  debug.length = 0;
  const up = await client.uploadFileToFolder({ folderId: 2, title: 'Спецификация.bin', file: path });
  assert.ok(debug.some((l) => l.includes('go in the request (base64)')));
  assert.ok(!debug.some((l) => l.includes('upload.json')));
  assert.equal(up.result.SIZE, '100000');
  const out = join(dir, 'small.out');
  const down = await client.downloadFile({ fileId: Number(up.result.ID) }, { to: out });
  assert.equal(down.download!.bytes, 100_000);
  assert.equal(await sha256File(out), await sha256File(path));
  assert.equal(down.download!.sha256, await sha256File(path));
  // Bytes from memory, into the storage's root.
  const bytes = Buffer.from('Протокол разногласий\n');
  const fromMemory = await client.uploadFileToStorage({ storageId: 1, title: 'Протокол.txt', file: bytes });
  assert.equal(fromMemory.result.SIZE, String(bytes.length));
});

test('a 50 MB file goes through the upload address, streamed; download resumes nothing and matches', async () => {
  const size = 50 * 1024 * 1024 + 13;
  const path = makeFile('large.bin', size);
  debug.length = 0;
  const up = await client.uploadFileToFolder({ folderId: 2, title: 'Выгрузка.bin', file: path });
  assert.ok(debug.some((l) => /POST .*upload\.json.*streamed/.test(l)), debug.join('\n'));
  assert.ok(!debug.some((l) => l.includes(sandbox.info.accessToken)), 'links are masked in debug lines');
  assert.equal(up.result.SIZE, String(size));
  assert.equal(await sha256File(sandbox.state.drive.pathOf(Number(up.result.ID))), await sha256File(path));
  const out = join(dir, 'large.out');
  const down = await client.downloadFile({ fileId: Number(up.result.ID) }, { to: out });
  assert.equal(down.download!.bytes, size);
  assert.equal(await sha256File(out), await sha256File(path));
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.part')), [], 'no temp file left');
});

test('name conflicts: refused, or numbered with unique', async () => {
  const path = makeFile('dup.txt', 10);
  await client.uploadFileToFolder({ folderId: 3, title: 'Дубль.txt', file: path });
  await assert.rejects(client.uploadFileToFolder({ folderId: 3, title: 'Дубль.txt', file: path }), (e: unknown) => e instanceof ApiError && e.code === 'DISK_OBJ_22000');
  const numbered = await client.uploadFileToFolder({ folderId: 3, title: 'Дубль.txt', file: path, unique: true });
  assert.equal(numbered.result.NAME, 'Дубль (1).txt');
  // The same through the two-step upload.
  const large = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false, inlineUploadBytes: 4 });
  await assert.rejects(large.uploadFileToFolder({ folderId: 3, title: 'Дубль.txt', file: path }), (e: unknown) => e instanceof ApiError && e.code === 'DISK_OBJ_22000');
  const twoStep = await large.uploadFileToFolder({ folderId: 3, title: 'Дубль.txt', file: path, unique: true });
  assert.equal(twoStep.result.NAME, 'Дубль (2).txt');
});

test('a download into a stream leaves it open; a download that breaks mid-file resumes with Range', async () => {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  await client.downloadFile({ fileId: 8 }, { to: sink });
  assert.equal(sink.writableEnded, false);
  assert.match(Buffer.concat(chunks).toString('utf8'), /Вентилятор канальный/);

  // A fetch that cuts the first answer after 1000 bytes, as a dropped connection would.
  let cut = false;
  const flaky = new Bitrix24Client({
    webhookUrl: sandbox.info.webhookUrl,
    rateLimit: false,
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      if (cut || !url.includes('download.json')) return response;
      cut = true;
      const reader = response.body!.getReader();
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await reader.read();
          if (next.done || sent >= 1000) {
            controller.error(Object.assign(new TypeError('terminated'), { cause: { code: 'ECONNRESET' } }));
            return;
          }
          const piece = next.value.subarray(0, 1000 - sent);
          sent += piece.length;
          controller.enqueue(piece);
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    },
  });
  const path = makeFile('flaky.bin', 300_000);
  const up = await client.uploadFileToFolder({ folderId: 3, title: 'Нестабильный.bin', file: path });
  const out = join(dir, 'flaky.out');
  const down = await flaky.downloadFile({ fileId: Number(up.result.ID) }, { to: out });
  assert.equal(down.download!.resumed, 1);
  assert.equal(await sha256File(out), await sha256File(path));
});

test('bad input is refused before any request, naming the parameter', async () => {
  await assert.rejects(client.uploadFileToFolder({ folderId: 2, title: 'x', file: join(dir, 'missing.pdf') }), (e: unknown) => {
    assert.ok(e instanceof ValidationError);
    assert.match(e.message, /file.*no such file/);
    return true;
  });
  await assert.rejects(client.downloadFile({ fileId: 8 }), (e: unknown) => e instanceof ValidationError && /options\.to/.test(e.message));
  await assert.rejects(client.getFile({ fileId: 0 }), (e: unknown) => e instanceof ValidationError && /fileId/.test(e.message));
});

test('the key of a download link the portal made is learnt as a secret; an auth= in text a user wrote is not', async () => {
  const learnt: string[] = [];
  // Answers as a portal writes them: PHP escapes slashes; a deal's comment holds a user's link.
  const answers = [
    '{"result":{"ID":"6","DOWNLOAD_URL":"https:\\/\\/b24.example\\/rest\\/download.json?auth=key0123456789&token=disk%7Cx"},"time":{}}',
    '{"result":{"COMMENTS":"see https://example.com/page?auth=Contract1234&x=1"},"time":{}}',
  ];
  const fake = new Bitrix24Client({
    webhookUrl: 'https://b24.example/rest/1/abcdefgh12345678/',
    rateLimit: false,
    onSecrets: (values) => learnt.push(...values),
    fetch: async () => new Response(answers.shift(), { status: 200, headers: { 'content-type': 'application/json' } }),
  });
  await fake.call('disk.file.get', { id: 6 });
  await fake.call('crm.deal.get', { id: 1 });
  assert.deepEqual(learnt, ['key0123456789']);
});

/** A file (and a text field after it) POSTed to a fresh upload address as a stream of unknown length. */
async function postStreamed(c: Bitrix24Client, name: string, file: Buffer[], note?: Buffer): Promise<Response> {
  const target = (await c.call('disk.folder.uploadfile', { id: 2, data: { NAME: name } })).result as { uploadUrl: string; field: string };
  const boundary = 'uzeltestboundary';
  async function* body(): AsyncGenerator<Uint8Array> {
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${target.field}"; filename="${name}"\r\n\r\n`);
    yield* file;
    if (note) yield Buffer.concat([Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\n`), note]);
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return fetch(target.uploadUrl, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: ReadableStream.from(body()),
    duplex: 'half',
  } as RequestInit);
}

test('a body over the upload address\'s limit is refused with 413 and nothing is kept, its length declared or not', async () => {
  const small = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, uploadMaxBytes: 1024 * 1024, seed: { deals: 1, leads: 1 } });
  try {
    const names = () => small.state.drive.children(2).map((o) => o.NAME);
    const before = names();
    // Through the client: the length is declared, and the front refuses before reading the body.
    const c = new Bitrix24Client({ webhookUrl: small.info.webhookUrl, rateLimit: false, inlineUploadBytes: 64 * 1024 });
    const path = makeFile('over.bin', 2 * 1024 * 1024);
    const error = await c.uploadFileToFolder({ folderId: 2, title: 'Большой.bin', file: path }).catch((e: unknown) => e);
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.status, 413);
    assert.equal(error.code, 'REQUEST_ENTITY_TOO_LARGE');
    // Streamed without a length: counted as it comes, refused at the end of the body.
    const streamed = await postStreamed(c, 'Поток.bin', [randomBytes(2400 * 1024)]);
    assert.equal(streamed.status, 413);
    assert.equal(((await streamed.json()) as { error: string }).error, 'REQUEST_ENTITY_TOO_LARGE');
    assert.deepEqual(names(), before, 'no file kept');
    // The file part within the limit, a later field over it: still nothing kept.
    const tail = await postStreamed(c, 'Хвост.bin', [randomBytes(500 * 1024)], Buffer.from('x'.repeat(800 * 1024)));
    assert.equal(tail.status, 413);
    await tail.text();
    assert.deepEqual(names(), before, 'no file kept when a later part overflows');
    // Under the limit the same address takes the file.
    const fine = await c.uploadFileToFolder({ folderId: 2, title: 'Малый.bin', file: makeFile('under.bin', 512 * 1024) });
    assert.equal(fine.result.SIZE, String(512 * 1024));
  } finally {
    await small.close();
  }
});
