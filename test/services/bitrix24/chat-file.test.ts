// Sending files to a chat with real bytes: a Drive file by ID (im.disk.file.commit), and a local
// file through the portal's flow — the chat's folder (im.disk.folder.get), the upload address
// (disk.folder.uploadfile), the streamed multipart upload, the commit — checked by SHA-256 of what
// the sandbox's Drive holds. The size limit is checked before any request; a portal's web server
// refusing a body as too large (HTTP 413, as nginx does) is reported as such.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { ApiError, ValidationError } from '../../../src/core/errors.js';
import { scratchDir } from '../../cli/helpers.js';
import { userToken } from '../../sandbox/bitrix24/http.js';

let sandbox: Bitrix24Sandbox;
let client: Bitrix24Client;
const dir = scratchDir('chat-files-');
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, validateResults: true, rateLimit: false });
});
after(() => sandbox.close());
beforeEach(() => sandbox.state.reset());

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const salesChat = () => [...sandbox.state.messenger.chats.values()].find((c) => c.title === 'Отдел продаж')!;

/** The bytes the sandbox's Drive holds for a file. */
function stored(fileId: number): Buffer {
  return readFileSync(sandbox.state.drive.pathOf(fileId));
}

function sentFile(result: { FILES: Record<string, { id: number; name: string; size: number }>; MESSAGE_ID: number }) {
  const files = Object.values(result.FILES);
  assert.equal(files.length, 1);
  return files[0]!;
}

test('a local file by its path: uploaded into the chat\'s folder and sent, byte for byte', async () => {
  const bytes = randomBytes(3 * 1024 * 1024 + 17);
  const path = join(dir, 'Отчёт за ноябрь.bin');
  writeFileSync(path, bytes);
  const chat = salesChat();
  const answer = await client.sendFile({ chatId: chat.id, file: path, description: 'Отчёт за ноябрь 📊' });
  const file = sentFile(answer.result);
  assert.equal(file.name, 'Отчёт за ноябрь.bin');
  assert.equal(file.size, bytes.length);
  assert.equal(sha256(stored(file.id)), sha256(bytes));
  const folder = (await client.getChatFilesFolder({ chatId: chat.id })).result.ID;
  assert.equal(sandbox.state.drive.object(file.id)!.PARENT_ID, folder, 'in the chat\'s own folder');
  const message = sandbox.state.messenger.messages.get(answer.result.MESSAGE_ID)!;
  assert.deepEqual([message.text, message.files], ['Отчёт за ноябрь 📊', [file.id]]);
  // The other members see it in the history.
  const asHead = new Bitrix24Client({ portal: sandbox.url, accessToken: await userToken(sandbox, 2), rateLimit: false });
  const seen = (await asHead.getChatMessages({ dialogId: `chat${chat.id}` })).result;
  assert.deepEqual(seen.files.map((f) => f.id), [file.id]);
  // Its download link serves the same bytes.
  const downloaded = await fetch(String(seen.files[0]!.urlDownload));
  assert.equal(downloaded.status, 200);
  assert.equal(sha256(new Uint8Array(await downloaded.arrayBuffer())), sha256(bytes));
});

test('bytes and a stream of unknown length, with a name; the name of a path can be changed', async () => {
  const chat = salesChat();
  const bytes = new Uint8Array(randomBytes(100_000));
  const fromBytes = sentFile((await client.sendFile({ chatId: chat.id, file: bytes, fileName: 'данные.bin' })).result);
  assert.equal(sha256(stored(fromBytes.id)), sha256(bytes));

  const chunks = Array.from({ length: 20 }, () => randomBytes(64 * 1024 + 3));
  const whole = Buffer.concat(chunks);
  const fromStream = sentFile((await client.sendFile({ chatId: chat.id, file: Readable.from(chunks), fileName: 'выгрузка.csv' })).result);
  assert.equal(fromStream.name, 'выгрузка.csv');
  assert.equal(sha256(stored(fromStream.id)), sha256(whole));

  const renamed = sentFile((await client.sendFile({ chatId: chat.id, file: 'test/data/chat-picture.png', fileName: 'План склада.png' })).result);
  assert.equal(renamed.name, 'План склада.png');
  assert.deepEqual((renamed as unknown as { image: unknown }).image, { height: 32, width: 48 }, 'an image\'s size, read from its bytes');
  assert.equal(sha256(stored(renamed.id)), sha256(readFileSync('test/data/chat-picture.png')));
  await assert.rejects(client.sendFile({ chatId: chat.id, file: Readable.from([Buffer.from('x')]) }), (e: unknown) => e instanceof ValidationError && e.issues[0]!.path === 'fileName');
});

test('a Drive file by its ID (oint\'s --fileid) is committed as it is, copied into the chat\'s folder', async () => {
  const bytes = Buffer.from('Договор поставки № 16\nСумма: 240 000 ₽\n', 'utf8');
  const drive = sandbox.state.drive;
  const original = drive.putFile(drive.userStorage(1).ROOT_OBJECT_ID, 'Договор № 16.txt', bytes, 1);
  const file = sentFile((await client.sendFile({ chatId: salesChat().id, fileId: original.ID, description: 'Договор на подпись' })).result);
  assert.notEqual(file.id, original.ID);
  assert.equal(sha256(stored(file.id)), sha256(bytes));
  await assert.rejects(client.sendFile({ chatId: salesChat().id, fileId: 999_999 }), (e: unknown) => e instanceof ApiError && e.code === 'SAVE_ERROR');
});

test('the size limit is checked before any request; a stream that outgrows it stops and leaves nothing', async () => {
  const small = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false, uploadMaxBytes: 64 * 1024 });
  const path = join(dir, 'big.bin');
  writeFileSync(path, randomBytes(64 * 1024 + 1));
  const before = sandbox.stats.requests;
  await assert.rejects(small.sendFile({ chatId: salesChat().id, file: path }), (e: unknown) => e instanceof ValidationError && /at most 0\.1 MB/.test(e.message) && e.issues[0]!.path === 'file');
  assert.equal(sandbox.stats.requests, before, 'no request was made');

  const folder = sandbox.state.drive.folderForChat(salesChat().id, 1);
  const growing = Readable.from(Array.from({ length: 8 }, () => randomBytes(16 * 1024)));
  await assert.rejects(small.sendFile({ chatId: salesChat().id, file: growing, fileName: 'поток.bin' }), (e: unknown) => e instanceof ValidationError && e.issues[0]!.path === 'file');
  // Give the sandbox a moment to see the broken upload; nothing of it is kept.
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(sandbox.state.drive.children(folder.ID).filter((o) => o.NAME === 'поток.bin'), []);
  assert.equal([...sandbox.state.messenger.messages.values()].some((m) => m.files.length > 0), false, 'no message was sent');
});

/**
 * A web server in front of the portal with a body limit, as a cloud portal's nginx has one
 * (client_max_body_size): bodies over it answer 413 with nginx's HTML page, the rest pass through.
 */
function frontWithLimit(target: URL, limit: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      res.writeHead(413, { 'content-type': 'text/html' });
      res.end('<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n');
      return;
    }
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('a portal refusing the body as too large (HTTP 413) is an ApiError that says so, the address masked', async () => {
  const front = await frontWithLimit(new URL(sandbox.url), 256 * 1024);
  try {
    const port = (front.address() as { port: number }).port;
    // The sandbox names its own address in uploadUrl; the front answers on another port, so the
    // upload goes to the sandbox itself unless it is pointed through the front.
    const hookPath = new URL(sandbox.info.webhookUrl).pathname;
    const viaFront = new Bitrix24Client({
      webhookUrl: `http://127.0.0.1:${port}${hookPath}`,
      rateLimit: false,
      fetch: (url, init) => fetch(String(url).replace(new URL(sandbox.url).host, `127.0.0.1:${port}`), init),
    });
    const path = join(dir, 'large.bin');
    writeFileSync(path, randomBytes(512 * 1024));
    const error = await viaFront.sendFile({ chatId: salesChat().id, file: path }).catch((e: unknown) => e);
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.status, 413);
    assert.equal(error.code, 'REQUEST_ENTITY_TOO_LARGE');
    assert.match(error.message, /too large/);
    const webhookCode = hookPath.split('/').at(-2)!;
    assert.doesNotMatch(error.message, new RegExp(webhookCode));
    // A file under the limit goes through the same front.
    const fine = sentFile((await viaFront.sendFile({ chatId: salesChat().id, file: 'test/data/chat-picture.png' })).result);
    assert.equal(sha256(stored(fine.id)), sha256(readFileSync('test/data/chat-picture.png')));
  } finally {
    front.close();
  }
});
