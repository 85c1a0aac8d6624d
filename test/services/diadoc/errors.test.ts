import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startDiadocSandbox, type DiadocSandbox } from '../../../src/sandbox/diadoc/index.js';
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  InvalidResponseError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../../../src/core/errors.js';
import { DiadocClient, type DiadocDeprecation } from '../../../src/services/diadoc/index.js';
import { Recorder, clientFor, quickRetry } from './helpers.js';

const statuses = (rec: Recorder, path: string) => rec.exchanges.filter((e) => e.path === path).map((e) => e.status);

/** A fetch that adds headers to the sandbox's answers (what a real service sends and the sandbox does not). */
const withHeaders = (inner: Recorder['fetch'], path: string, extra: Record<string, string>) => async (input: string, init: RequestInit) => {
  const response = await inner(input, init);
  if (new URL(input).pathname !== path) return response;
  const headers = new Headers(response.headers);
  for (const [k, v] of Object.entries(extra)) headers.set(k, v);
  return new Response(await response.text(), { status: response.status, headers });
};

describe('diadoc client: errors, retries and faults', () => {
  let sb: DiadocSandbox;
  let admin: DiadocClient;
  let rec: Recorder;
  let boxId: string;
  let userId: string;
  before(async () => {
    sb = await startDiadocSandbox({ seed: { employees: 5 } });
    rec = new Recorder();
    admin = clientFor(sb, 'token', { fetch: rec.fetch });
    boxId = sb.info.boxId;
    userId = sb.info.employeeUserId;
  });
  after(() => sb.close());

  test('400: a request the service cannot read (no userId) — the Russian text as description, the code from X-Diadoc-ErrorCode', async () => {
    await assert.rejects(admin.request('GET', '/GetEmployee', { query: { boxId } }), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.status, 400);
      assert.equal(e.code, e.headers['x-diadoc-errorcode']);
      assert.ok(e.code.length > 0);
      assert.match(e.description, /[а-я]/);
      assert.match(e.hint!.en, /malformed/);
      assert.ok(e.message.includes(e.description));
      return true;
    });
  });

  test('401 comes with WWW-Authenticate and is an AuthenticationError', async () => {
    const client = new DiadocClient({ url: sb.url, clientId: sb.info.clientId, token: 'not-a-real-token-at-all', retry: quickRetry });
    await assert.rejects(client.getMyUser(), (e: unknown) => e instanceof AuthenticationError && e.status === 401 && Boolean(e.headers['www-authenticate']));
  });

  test('402: the subscription ended — explained in English and Russian', async () => {
    await assert.rejects(admin.getEmployees({ boxId: sb.directory.expiredBoxId }), (e: unknown) => {
      assert.ok(e instanceof PermissionError);
      assert.equal(e.status, 402);
      assert.match(e.hint!.en, /subscription has ended/);
      assert.match(e.hint!.ru, /закончилась подписка/);
      assert.match(e.message, /subscription has ended/);
      return true;
    });
  });

  test('403: a box the user has no access to — explained', async () => {
    await assert.rejects(admin.getEmployees({ boxId: sb.directory.foreignBoxId }), (e: unknown) => {
      assert.ok(e instanceof PermissionError);
      assert.equal(e.status, 403);
      assert.match(e.hint!.en, /no access to the box/);
      assert.match(e.hint!.ru, /нет доступа к ящику/);
      return true;
    });
  });

  test('404: no such employee — a NotFoundError, not retried', async () => {
    rec.clear();
    await assert.rejects(admin.getEmployee({ boxId, userId: '00000000-0000-0000-0000-000000000001' }), NotFoundError);
    assert.deepEqual(statuses(rec, '/GetEmployee'), [404]);
  });

  test('405: the wrong HTTP method', async () => {
    await assert.rejects(admin.request('POST', '/GetEmployee', { query: { boxId, userId } }), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.status, 405);
      assert.match(e.hint!.en, /wrong HTTP method/);
      return true;
    });
  });

  test('409: the employee already exists', async () => {
    await assert.rejects(admin.createEmployee({ boxId, email: sb.info.userLogin, documentAccessLevel: 'AllDocuments' }), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.status, 409);
      assert.match(e.hint!.ru, /уже/);
      return true;
    });
  });

  test('a 500 on a read is retried until it succeeds', async () => {
    rec.clear();
    sb.faults.add({ kind: 'error', times: 2, match: '/GetEmployee?' });
    const employee = await admin.getEmployee({ boxId, userId });
    assert.equal(employee.User.UserId, userId);
    assert.deepEqual(statuses(rec, '/GetEmployee'), [500, 500, 200]);
  });

  test('a 500 on a write is not repeated (it may have been carried out)', async () => {
    rec.clear();
    sb.faults.add({ kind: 'error', times: 1, match: '/UpdateEmployee' });
    await assert.rejects(admin.updateEmployee({ boxId, userId, position: 'Кассир' }), ServerError);
    assert.deepEqual(statuses(rec, '/UpdateEmployee'), [500]);
    sb.faults.clear();
  });

  test('reads give up after the retries with the last real error', async () => {
    rec.clear();
    sb.faults.add({ kind: 'error', times: 10, status: 503, match: '/GetBox' });
    await assert.rejects(admin.getBox({ boxId }), (e: unknown) => e instanceof RateLimitError && e.status === 503);
    assert.equal(statuses(rec, '/GetBox').length, 1 + quickRetry.retries);
    sb.faults.clear();
  });

  test('an HTML page from the front proxy: its title as the description; a read is retried, a write is not', async () => {
    rec.clear();
    sb.faults.add({ kind: 'html', status: 502, times: 1, match: '/GetMyEmployee' });
    assert.equal((await admin.getMyEmployee({ boxId })).User.Login, sb.info.login);
    assert.deepEqual(statuses(rec, '/GetMyEmployee'), [502, 200]);
    sb.faults.add({ kind: 'html', status: 502, times: 1, match: '/UpdateSubscriptions' });
    await assert.rejects(admin.updateSubscriptions({ boxId, userId, subscriptions: { News: true } }), (e: unknown) => {
      assert.ok(e instanceof ServerError);
      assert.equal(e.description, 'HTML page: 502 Bad Gateway');
      return true;
    });
  });

  test('a dropped connection: a read is retried, a write is not (it may have arrived)', async () => {
    rec.clear();
    sb.faults.add({ kind: 'drop', times: 1, match: '/GetSubscriptions' });
    assert.ok((await admin.getSubscriptions({ boxId, userId })).Subscriptions.length > 0);
    assert.deepEqual(statuses(rec, '/GetSubscriptions'), [0, 200]);
    sb.faults.add({ kind: 'drop', times: 1, match: '/UpdateSubscriptions' });
    await assert.rejects(admin.updateSubscriptions({ boxId, userId, subscriptions: { News: false } }), (e: unknown) => {
      assert.ok(e instanceof ConnectionError);
      assert.equal(e.reachedServer, 'maybe');
      return true;
    });
    assert.deepEqual(statuses(rec, '/UpdateSubscriptions'), [0]);
  });

  test('a write that certainly never arrived (connection refused) is retried', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = new Recorder();
    const client = new DiadocClient({ url: `http://127.0.0.1:${port}`, clientId: sb.info.clientId, token: sb.info.token, fetch: r.fetch, retry: quickRetry });
    await assert.rejects(client.deleteEmployee({ boxId, userId }), (e: unknown) => e instanceof ConnectionError && e.reachedServer === 'no');
    assert.equal(r.exchanges.length, 1 + quickRetry.retries);
  });

  test('a broken JSON answer is an InvalidResponseError; a read is retried past it', async () => {
    rec.clear();
    sb.faults.add({ kind: 'malformed', times: 1, match: '/GetEmployees' });
    assert.ok((await admin.getEmployees({ boxId })).Employees.length > 0);
    assert.deepEqual(statuses(rec, '/GetEmployees'), [200, 200]);
    sb.faults.add({ kind: 'malformed', times: 10, match: '/GetEmployees' });
    await assert.rejects(admin.getEmployees({ boxId }), (e: unknown) => e instanceof InvalidResponseError && e.service === 'diadoc');
    sb.faults.clear();
  });

  test('a slow answer times out; a read is tried again', async () => {
    const r = new Recorder();
    const client = clientFor(sb, 'token', { fetch: r.fetch, timeoutMs: 150 });
    sb.faults.add({ kind: 'slow', delayMs: 600, times: 1, match: '/V2/GetMyUser' });
    assert.equal((await client.getMyUser()).Login, sb.info.login);
    assert.deepEqual(statuses(r, '/V2/GetMyUser'), [0, 200]);
    sb.faults.add({ kind: 'slow', delayMs: 600, times: 1, match: '/UpdateEmployee' });
    await assert.rejects(client.updateEmployee({ boxId, userId, position: 'Кассир' }), TimeoutError);
    sb.faults.clear();
  });

  test('Retry-After is surfaced; a long one is left to the caller, a short one is waited', async () => {
    const r = new Recorder();
    const long = clientFor(sb, 'token', { fetch: withHeaders(r.fetch, '/GetBox', { 'retry-after': '120' }) });
    sb.faults.add({ kind: 'error', status: 429, times: 1, match: '/GetBox' });
    await assert.rejects(long.getBox({ boxId }), (e: unknown) => e instanceof RateLimitError && e.retryAfter === 120);
    assert.equal(r.exchanges.length, 1);
    const short = clientFor(sb, 'token', { fetch: withHeaders(r.fetch, '/GetBox', { 'retry-after': '0' }) });
    sb.faults.add({ kind: 'error', status: 429, times: 1, match: '/GetBox' });
    assert.equal((await short.getBox({ boxId })).BoxIdGuid, boxId);
    assert.deepEqual(statuses(r, '/GetBox'), [429, 429, 200]);
  });

  test('Sunset: a deprecated method is reported once, with its date and link; the answer is still returned', async () => {
    const r = new Recorder();
    const notices: DiadocDeprecation[] = [];
    const lines: string[] = [];
    const client = clientFor(sb, 'token', {
      fetch: withHeaders(r.fetch, '/V2/GetMyUser', {
        sunset: 'Wed, 11 Nov 2026 11:11:11 GMT',
        link: '<https://developer.kontur.ru/doc/diadoc-api/howtostart/deprecationPolicy.html>;rel="sunset"',
      }),
      onDeprecation: (n) => notices.push(n),
      onDebug: (l) => lines.push(l),
    });
    assert.equal((await client.getMyUser()).Login, sb.info.login);
    await client.getMyUser();
    assert.equal(notices.length, 1);
    assert.equal(notices[0]!.method, 'V2/GetMyUser');
    assert.equal(notices[0]!.date!.toISOString(), '2026-11-11T11:11:11.000Z');
    assert.match(notices[0]!.link!, /deprecationPolicy/);
    assert.equal(lines.filter((l) => l.includes('Sunset')).length, 2);
    // Errors carry the header too.
    const failing = clientFor(sb, 'token', { fetch: withHeaders(r.fetch, '/GetEmployee', { sunset: 'Wed, 11 Nov 2026 11:11:11 GMT' }), onDeprecation: () => undefined });
    await assert.rejects(failing.getEmployee({ boxId, userId: '00000000-0000-0000-0000-000000000001' }), (e: unknown) => e instanceof NotFoundError && e.headers.sunset === 'Wed, 11 Nov 2026 11:11:11 GMT');
  });

  test('plain http:// is refused for anything but loopback', () => {
    assert.throws(() => new DiadocClient({ url: 'http://diadoc-api.kontur.ru', clientId: 'k', token: 't' }), /https/);
    assert.equal(new DiadocClient({ clientId: 'k', token: 't' }).baseUrl, 'https://diadoc-api.kontur.ru');
    assert.equal(new DiadocClient({ url: 'https://diadoc-api-staging.kontur.ru/', clientId: 'k', token: 't' }).baseUrl, 'https://diadoc-api-staging.kontur.ru');
  });
});
