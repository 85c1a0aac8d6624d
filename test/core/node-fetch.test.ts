// The CLI's transport (core/node-fetch.ts) under core/http.ts's send(): the same answers and the
// same failures as with Node's fetch, against real local servers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeFetch } from '../../src/core/node-fetch.js';
import { send } from '../../src/core/http.js';
import { ConnectionError, TimeoutError } from '../../src/core/errors.js';

let server: Server;
let base: string;
const seen: { method?: string; url?: string; headers: Record<string, unknown>; body: string }[] = [];

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2_000);
      if (req.url === '/cut') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('part');
        return void setTimeout(() => res.destroy(), 20);
      }
      if (req.url === '/moved') {
        res.writeHead(302, { location: '/elsewhere' });
        return void res.end();
      }
      res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ echoed: body, ok: 'Привет' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('a POST: method, headers and a UTF-8 body go out; status, headers and text come back', async () => {
  const body = JSON.stringify({ NAME: 'Иван' });
  const answer = await send({ method: 'POST', url: `${base}/rest/x`, headers: { 'Content-Type': 'application/json' }, body, timeoutMs: 5_000 }, nodeFetch);
  assert.equal(answer.status, 201);
  assert.equal(answer.headers['content-type'], 'application/json; charset=utf-8');
  assert.deepEqual(JSON.parse(answer.text), { echoed: body, ok: 'Привет' });
  const request = seen.at(-1)!;
  assert.equal(request.method, 'POST');
  assert.equal(request.url, '/rest/x');
  assert.equal(request.headers['content-type'], 'application/json');
  assert.equal(request.headers['content-length'], String(Buffer.byteLength(body)));
  assert.equal(request.body, body);
});

test('a redirect is returned as it is, not followed', async () => {
  const answer = await send({ method: 'GET', url: `${base}/moved`, timeoutMs: 5_000 }, nodeFetch);
  assert.equal(answer.status, 302);
  assert.equal(answer.headers.location, '/elsewhere');
});

test('no answer within the time is a TimeoutError', async () => {
  await assert.rejects(send({ method: 'GET', url: `${base}/slow`, timeoutMs: 100 }, nodeFetch), TimeoutError);
});

test('an answer cut before its end is a ConnectionError, not a short text', async () => {
  await assert.rejects(send({ method: 'GET', url: `${base}/cut`, timeoutMs: 5_000 }, nodeFetch), (error) => {
    assert.ok(error instanceof ConnectionError, String(error));
    assert.match(error.message, /broke while reading the answer/);
    return true;
  });
});

test('a refused connection is a ConnectionError that says the request never arrived', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  await assert.rejects(send({ method: 'GET', url: `http://127.0.0.1:${port}/`, timeoutMs: 5_000 }, nodeFetch), (error) => {
    assert.ok(error instanceof ConnectionError, String(error));
    assert.match(error.message, /ECONNREFUSED/);
    assert.equal(error.reachedServer, 'no');
    return true;
  });
});

test('only http and https are spoken', async () => {
  await assert.rejects(nodeFetch('ftp://127.0.0.1/', { method: 'GET' }), /unsupported protocol ftp:/);
});

test('a streamed body whose request is aborted while its next chunk is read is closed at once', async () => {
  let closed = false;
  async function* slow(): AsyncGenerator<Uint8Array> {
    try {
      yield Buffer.from('first');
      await new Promise((r) => setTimeout(r, 500));
      yield Buffer.from('second');
      await new Promise((r) => setTimeout(r, 5_000));
      yield Buffer.from('never');
    } finally {
      closed = true;
    }
  }
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('stopped by the caller')), 200);
  // Node's fetch as the transport: stream bodies go through node:http with the socket's backpressure.
  await assert.rejects(send({ method: 'POST', url: `${base}/upload`, body: slow(), timeoutMs: 10_000, signal: controller.signal }, fetch), /stopped by the caller/);
  await new Promise((r) => setTimeout(r, 1_000));
  assert.ok(closed, 'the source was closed after the chunk it was reading, not left waiting');
});
