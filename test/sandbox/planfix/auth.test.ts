import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPlanfixSandbox, type PlanfixSandbox } from '../../../src/sandbox/planfix/index.js';
import { basic, call, obj, ok, postRaw, requestXml, tokenOf } from './helpers.js';

describe('planfix sandbox: envelope and authentication', () => {
  let sb: PlanfixSandbox;
  before(async () => {
    sb = await startPlanfixSandbox({ rateLimit: false, seed: { tasks: 20, contacts: 8 } });
  });
  after(() => sb.close());

  const login = async (loginName = sb.info.login, password = sb.info.password): Promise<string> => {
    const body = await ok(sb, 'auth.login', { login: loginName, password }, { basic: basic(sb.info.apiKey, '') });
    assert.match(String(body.sid), /^[0-9a-f]{32}$/);
    return String(body.sid);
  };

  test('info describes the XML endpoint and the credentials', () => {
    assert.equal(sb.info.service, 'planfix');
    assert.equal(sb.info.url, `${sb.url}/xml/`);
    for (const key of ['account', 'apiKey', 'token', 'login', 'password', 'signatureKey'] as const) {
      assert.ok(sb.info[key].length > 0, key);
    }
  });

  test('token mode: Basic apiKey:token on every request, no sid', async () => {
    const answer = await call(sb, 'user.get');
    assert.equal(answer.status, 'ok');
    assert.equal(answer.httpStatus, 200);
    assert.match(answer.headers.get('content-type') ?? '', /application\/xml/);
    assert.equal(obj(answer.body.user).login, sb.info.login);
    // Another employee's token acts as that employee.
    const petrov = await ok(sb, 'user.get', {}, { token: tokenOf(sb, 'petrov') });
    assert.equal(obj(petrov.user).login, 'petrov');
  });

  test('login mode: auth.login gives a sid, later requests carry it with an empty Basic password', async () => {
    const sid = await login();
    const body = await ok(sb, 'user.get', {}, { sid });
    assert.equal(obj(body.user).login, sb.info.login);
    const other = await login('petrov', 'petrov#2026');
    assert.notEqual(other, sid);
    assert.equal(obj((await ok(sb, 'user.get', {}, { sid: other })).user).login, 'petrov');
  });

  test('expireSessions() ends sessions: 0005, and a fresh login works again', async () => {
    const sid = await login();
    sb.expireSessions();
    const answer = await call(sb, 'user.get', {}, { sid });
    assert.equal(answer.status, 'error');
    assert.equal(answer.code, '0005');
    const fresh = await login();
    assert.equal((await call(sb, 'user.get', {}, { sid: fresh })).status, 'ok');
  });

  test('a sid expires after sidLifetimeSeconds', async () => {
    const short = await startPlanfixSandbox({ rateLimit: false, sidLifetimeSeconds: 0.2, seed: { tasks: 1, contacts: 1 } });
    try {
      const body = await ok(short, 'auth.login', { login: short.info.login, password: short.info.password }, { basic: basic(short.info.apiKey, '') });
      const sid = String(body.sid);
      assert.equal((await call(short, 'user.get', {}, { sid })).status, 'ok');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal((await call(short, 'user.get', {}, { sid })).code, '0005');
    } finally {
      await short.close();
    }
  });

  test('an unknown sid answers 0005, no sid and no token 0012', async () => {
    assert.equal((await call(sb, 'user.get', {}, { sid: '0123456789abcdef0123456789abcdef' })).code, '0005');
    assert.equal((await call(sb, 'user.get', {}, { basic: basic(sb.info.apiKey, '') })).code, '0012');
  });

  test('a token that does not exist answers 0012', async () => {
    assert.equal((await call(sb, 'user.get', {}, { token: 'ffffffffffffffffffffffffffffffff' })).code, '0012');
  });

  test('a wrong API key answers 0001, and so does a request without Basic auth', async () => {
    assert.equal((await call(sb, 'user.get', {}, { basic: basic('not-the-key', sb.info.token) })).code, '0001');
    assert.equal((await call(sb, 'user.get', {}, 'none')).code, '0001');
  });

  test('account is always required: unknown or missing account answers 0004', async () => {
    const wrong = await postRaw(sb, requestXml('user.get', { account: 'someone-else' }), basic(sb.info.apiKey, sb.info.token));
    assert.equal(wrong.code, '0004');
    const missing = await postRaw(sb, requestXml('user.get', {}), basic(sb.info.apiKey, sb.info.token));
    assert.equal(missing.code, '0004');
  });

  test('auth.login: wrong password or unknown login 1001, inactive employee 0014, missing password 0009', async () => {
    const noKey = { basic: basic(sb.info.apiKey, '') };
    assert.equal((await call(sb, 'auth.login', { login: sb.info.login, password: 'wrong' }, noKey)).code, '1001');
    assert.equal((await call(sb, 'auth.login', { login: 'nobody', password: 'x' }, noKey)).code, '1001');
    assert.equal((await call(sb, 'auth.login', { login: 'volkov', password: 'volkov#2026' }, noKey)).code, '0014');
    assert.equal((await call(sb, 'auth.login', { login: sb.info.login }, noKey)).code, '0009');
  });

  test('the token of an inactive employee answers 0014', async () => {
    assert.equal((await call(sb, 'user.get', {}, { token: tokenOf(sb, 'volkov') })).code, '0014');
  });

  // "Коды ошибок XML API v1": <response status="error"><code></code></response>, code a
  // string(4) that may start with zero — and nothing else in the answer.
  test('error answers are exactly the documented format: the code, with its leading zeros, and nothing else', async () => {
    const answer = await call(sb, 'no.suchFunction');
    assert.equal(answer.httpStatus, 200);
    assert.equal(answer.text, '<?xml version="1.0" encoding="UTF-8"?><response status="error"><code>0008</code></response>');
    const other = await call(sb, 'task.get', { task: { id: 'x' } });
    assert.equal(other.text, '<?xml version="1.0" encoding="UTF-8"?><response status="error"><code>0015</code></response>');
    // The sandbox's own explanation is kept apart, for debugging.
    assert.deepEqual(sb.stats.lastErrors.at(-1), { method: 'task.get', code: '0015', detail: 'Invalid parameter value: id must be an integer' });
  });

  test('malformed XML and a root other than <request> answer 0003', async () => {
    const auth = basic(sb.info.apiKey, sb.info.token);
    assert.equal((await postRaw(sb, '<request method="user.get"><account>x</account>', auth)).code, '0003');
    assert.equal((await postRaw(sb, 'not xml at all', auth)).code, '0003');
    assert.equal((await postRaw(sb, '', auth)).code, '0003');
    assert.equal((await postRaw(sb, `<query method="user.get"><account>${sb.info.account}</account></query>`, auth)).code, '0003');
  });

  test('only POST is accepted, and only at /xml/', async () => {
    const get = await fetch(sb.info.url);
    assert.equal(get.status, 405);
    assert.match(await get.text(), /<code>0003<\/code>/);
    const elsewhere = await fetch(`${sb.url}/api/`, { method: 'POST', body: '<request/>' });
    assert.equal(elsewhere.status, 404);
    await elsewhere.text();
  });

  test('<silent>1</silent> is accepted and counted; a silent that is not 0/1 answers 0015', async () => {
    const before = sb.stats.silent;
    assert.equal((await call(sb, 'user.get', { silent: 1 })).status, 'ok');
    assert.equal(sb.stats.silent, before + 1);
    assert.equal((await call(sb, 'user.get', { silent: 'yes' })).code, '0015');
  });

  test('stats count requests by method and errors by code', async () => {
    const before = sb.stats.byMethod['user.get'] ?? 0;
    const errorsBefore = sb.stats.errors['0008'] ?? 0;
    await call(sb, 'user.get');
    await call(sb, 'bogus.method');
    assert.equal(sb.stats.byMethod['user.get'], before + 1);
    assert.equal(sb.stats.errors['0008'], errorsBefore + 1);
  });
});
