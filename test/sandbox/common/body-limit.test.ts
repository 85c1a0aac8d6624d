// An oversized request body gets each service's own answer (its status and error format) — never a
// reset connection — whether it announces its length or streams it in chunks; a body of exactly
// the limit is still taken; the connection stays usable afterwards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { maxRequestBytes as bitrix24Max, startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { maxRequestBytes as planfixMax, startPlanfixSandbox, type PlanfixSandbox } from '../../../src/sandbox/planfix/index.js';
import { maxRequestBytes as diadocMax, startDiadocSandbox, type DiadocSandbox } from '../../../src/sandbox/diadoc/index.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  reusedSocket: boolean;
}

/** A body of exactly `size` bytes: `head`, filler, `tail`. */
function padded(head: string, tail: string, size: number): Buffer {
  const body = Buffer.alloc(size, 0x61); // 'a'
  body.write(head, 0);
  body.write(tail, size - Buffer.byteLength(tail));
  return body;
}

/** POSTs `body` with a Content-Length, or in 1 MiB chunks without one (`chunked`). */
function post(url: string, body: Buffer, headers: Record<string, string>, options: { chunked?: boolean; agent?: Agent } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent: options.agent }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, reusedSocket: req.reusedSocket }));
    });
    req.on('error', reject);
    if (!options.chunked) {
      req.setHeader('content-length', body.length);
      req.end(body);
      return;
    }
    const step = 1024 * 1024;
    let at = 0;
    const pump = (): void => {
      while (at < body.length) {
        const more = req.write(body.subarray(at, (at += step)));
        if (!more) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('sandboxes: an oversized request body', () => {
  let b24: Bitrix24Sandbox;
  let planfix: PlanfixSandbox;
  let diadoc: DiadocSandbox;
  before(async () => {
    [b24, planfix, diadoc] = await Promise.all([
      startBitrix24Sandbox({ timeScale: 0, seed: { deals: 1, leads: 1 } }),
      startPlanfixSandbox({ rateLimit: false, seed: { tasks: 1, contacts: 1 } }),
      startDiadocSandbox({ seed: { employees: 1 } }),
    ]);
  });
  after(async () => {
    await Promise.all([b24.close(), planfix.close(), diadoc.close()]);
  });

  const json = { 'content-type': 'application/json' };

  test('Bitrix24: HTTP 400 INVALID_REQUEST in the portal JSON error form, with and without Content-Length', async () => {
    for (const chunked of [false, true]) {
      const reply = await post(`${b24.info.webhookUrl}server.time`, padded('{"pad":"', '"}', bitrix24Max + 1), json, { chunked });
      assert.equal(reply.status, 400, `chunked: ${chunked}`);
      assert.match(String(reply.headers['content-type']), /^application\/json/);
      assert.deepEqual(JSON.parse(reply.text), { error: 'INVALID_REQUEST', error_description: `Request body is larger than ${bitrix24Max} bytes` });
    }
    // Exactly the limit is an ordinary request.
    const atLimit = await post(`${b24.info.webhookUrl}server.time`, padded('{"pad":"', '"}', bitrix24Max), json);
    assert.equal(atLimit.status, 200, atLimit.text.slice(0, 200));
    assert.equal(typeof JSON.parse(atLimit.text).result, 'string');
  });

  test('Planfix: HTTP 200 with error 0003 in the XML error form', async () => {
    const xml = { 'content-type': 'application/xml' };
    const head = `<?xml version="1.0" encoding="UTF-8"?><request method="user.get"><account>${planfix.info.account}</account><!--`;
    for (const chunked of [false, true]) {
      const reply = await post(`${planfix.url}/xml/`, padded(head, '--></request>', planfixMax + 1), xml, { chunked });
      assert.equal(reply.status, 200);
      assert.match(String(reply.headers['content-type']), /^application\/xml/);
      // Exactly the documented error form, no other element (Коды ошибок XML API v1); the detail
      // goes to the sandbox's own record, as for every other error.
      assert.match(reply.text, /<response status="error"><code>0003<\/code><\/response>$/);
      assert.deepEqual(planfix.stats.lastErrors.at(-1), { method: '', code: '0003', detail: `XML parse error: the request is larger than ${planfixMax} bytes` });
    }
    // Exactly the limit is read as a request (here refused for its missing API key, 0001).
    const atLimit = await post(`${planfix.url}/xml/`, padded(head, '--></request>', planfixMax), xml);
    assert.match(atLimit.text, /<code>0001<\/code>/);
  });

  test('Diadoc: HTTP 400 text/plain with X-Diadoc-ErrorCode Http.BadRequest', async () => {
    const headers = { ...json, accept: 'application/json', authorization: `DiadocAuth ddauth_api_client_id=${diadoc.info.clientId},ddauth_token=${diadoc.info.token}` };
    const path = `${diadoc.url}/CreateEmployee?boxId=${diadoc.info.boxId}`;
    for (const chunked of [false, true]) {
      const reply = await post(path, padded('{"Pad":"', '"}', diadocMax + 1), headers, { chunked });
      assert.equal(reply.status, 400);
      assert.match(String(reply.headers['content-type']), /^text\/plain/);
      assert.equal(reply.headers['x-diadoc-errorcode'], 'Http.BadRequest');
      assert.match(reply.text, /Размер запроса превышает 70 МБ/);
    }
    const atLimit = await post(path, padded('{"Pad":"', '"}', diadocMax), headers);
    assert.doesNotMatch(atLimit.text, /Размер запроса/);
  });

  test('the connection stays open for the next request; the admin API answers 413 JSON', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = await post(`${b24.url}/_sandbox/faults`, Buffer.alloc(bitrix24Max + 1, 0x20), json, { agent });
      assert.equal(big.status, 413);
      assert.match(JSON.parse(big.text).error, /larger than/);
      const next = await post(`${b24.info.webhookUrl}server.time`, Buffer.from('{}'), json, { agent });
      assert.equal(next.status, 200);
      assert.equal(next.reusedSocket, true);
    } finally {
      agent.destroy();
    }
  });
});
