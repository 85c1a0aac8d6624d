import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDiadocSandbox, type DiadocSandbox } from '../../../src/sandbox/diadoc/index.js';
import { AuthenticationError, ConfigurationError } from '../../../src/core/errors.js';
import { DiadocClient, diadocService, type DiadocTokens } from '../../../src/services/diadoc/index.js';
import { Recorder, clientFor, quickRetry, secretsOf } from './helpers.js';

const many = 25;

describe('diadoc client: authentication', () => {
  let sb: DiadocSandbox;
  before(async () => {
    sb = await startDiadocSandbox({ seed: { employees: 5 } });
  });
  after(() => sb.close());

  test('a given token is sent as DiadocAuth ddauth_api_client_id=…,ddauth_token=… with Accept: application/json', async () => {
    const rec = new Recorder();
    const client = clientFor(sb, 'token', { fetch: rec.fetch });
    const me = await client.getMyUser();
    assert.equal(me.Login, sb.info.login);
    const sent = rec.exchanges[0]!;
    assert.equal(sent.headers.authorization, `DiadocAuth ddauth_api_client_id=${sb.info.clientId},ddauth_token=${sb.info.token}`);
    assert.equal(sent.headers.accept, 'application/json');
    assert.equal(sent.headers['content-type'], undefined);
  });

  test('a given token that expired is final: one request, an AuthenticationError that explains', async () => {
    const local = await startDiadocSandbox({ seed: { employees: 1 } });
    try {
      const rec = new Recorder();
      const client = clientFor(local, 'token', { fetch: rec.fetch });
      await client.getMyUser();
      local.expireTokens();
      await assert.rejects(client.getMyUser(), (e: unknown) => {
        assert.ok(e instanceof AuthenticationError);
        assert.equal(e.status, 401);
        assert.equal(e.code, 'Http.Auth');
        assert.match(e.hint!.ru, /токен/);
        assert.ok(e.headers['www-authenticate']);
        return true;
      });
      assert.equal(rec.count('/V2/GetMyUser'), 2);
    } finally {
      await local.close();
    }
  });

  test('login and password: one Authenticate for a burst of first calls, JSON body, token cached', async () => {
    const rec = new Recorder();
    const client = clientFor(sb, 'password', { fetch: rec.fetch });
    const results = await Promise.all(Array.from({ length: many }, () => client.getMyUser()));
    assert.ok(results.every((r) => r.Login === sb.info.login));
    assert.equal(rec.count('/V3/Authenticate'), 1);
    const auth = rec.exchanges.find((e) => e.path === '/V3/Authenticate')!;
    assert.equal(auth.method, 'POST');
    assert.equal(new URL(auth.url).searchParams.get('type'), 'password');
    assert.equal(auth.headers.authorization, `DiadocAuth ddauth_api_client_id=${sb.info.clientId}`);
    assert.match(auth.headers['content-type']!, /^application\/json/);
    assert.deepEqual(JSON.parse(auth.body!), { login: sb.info.login, password: sb.info.password });
    await client.getMyOrganizations();
    assert.equal(rec.count('/V3/Authenticate'), 1);
  });

  test('login and password: after expiry, many concurrent calls share ONE new Authenticate and all succeed', async () => {
    const local = await startDiadocSandbox({ seed: { employees: 3 } });
    try {
      const rec = new Recorder();
      const client = clientFor(local, 'password', { fetch: rec.fetch });
      await client.getMyUser();
      local.expireTokens();
      const results = await Promise.all(Array.from({ length: many }, () => client.getMyEmployee({ boxId: local.info.boxId })));
      assert.equal(results.length, many);
      assert.equal(rec.count('/V3/Authenticate'), 2);
      assert.equal(rec.exchanges.filter((e) => e.path === '/GetMyEmployee' && e.status === 401).length, many);
      // And a wrong password is an AuthenticationError from Authenticate, not a loop.
      const bad = new DiadocClient({ url: local.url, clientId: local.info.clientId, login: local.info.login, password: 'wrong-password', fetch: rec.fetch });
      rec.clear();
      await assert.rejects(bad.getMyUser(), (e: unknown) => e instanceof AuthenticationError && e.method === 'Authenticate' && e.status === 401);
      assert.equal(rec.count('/V3/Authenticate'), 1);
      assert.equal(rec.count('/V2/GetMyUser'), 0);
    } finally {
      await local.close();
    }
  });

  test('an unknown developer key is refused with the hint', async () => {
    const client = new DiadocClient({ url: sb.url, clientId: 'unknown-developer-key', login: sb.info.login, password: sb.info.password });
    await assert.rejects(client.getMyUser(), (e: unknown) => e instanceof AuthenticationError && /ddauth_api_client_id/.test(e.message));
  });

  test('DiadocClient.authenticate returns a token that works as a given token', async () => {
    const token = await DiadocClient.authenticate({ url: sb.url, clientId: sb.info.clientId, login: sb.info.userLogin, password: sb.info.userPassword });
    const client = new DiadocClient({ url: sb.url, clientId: sb.info.clientId, token });
    assert.equal((await client.getMyUser()).Login, sb.info.userLogin);
  });

  test('bearer: Authorization: Bearer <access token>, no developer key needed', async () => {
    const rec = new Recorder();
    const client = new DiadocClient({ url: sb.url, bearer: sb.info.oauth.accessToken, fetch: rec.fetch });
    assert.equal((await client.getMyUser()).Login, sb.info.login);
    assert.equal(rec.exchanges[0]!.headers.authorization, `Bearer ${sb.info.oauth.accessToken}`);
  });

  test('bearer: after expiry, concurrent calls share ONE refresh; the rotated refresh token goes to onTokens', async () => {
    const local = await startDiadocSandbox({ seed: { employees: 3 } });
    try {
      const rec = new Recorder();
      const received: DiadocTokens[] = [];
      const client = clientFor(local, 'bearer', { fetch: rec.fetch, bearer: { onTokens: (t) => void received.push(t) } });
      await client.getMyUser();
      local.expireTokens();
      const results = await Promise.all(Array.from({ length: many }, () => client.getMyUser()));
      assert.equal(results.length, many);
      assert.equal(rec.count('/connect/token'), 1);
      assert.equal(received.length, 1);
      const tokens = received[0]!;
      assert.notEqual(tokens.accessToken, local.info.oauth.accessToken);
      assert.ok(tokens.refreshToken && tokens.refreshToken !== local.info.oauth.refreshToken, 'the refresh token rotated');
      assert.ok(tokens.expiresIn! > 0 && tokens.expiresAt instanceof Date);
      const refresh = new URLSearchParams(rec.exchanges.find((e) => e.path === '/connect/token')!.body);
      assert.equal(refresh.get('grant_type'), 'refresh_token');
      assert.equal(refresh.get('refresh_token'), local.info.oauth.refreshToken);
      assert.equal(refresh.get('client_id'), local.info.oauth.clientId);
      assert.equal(refresh.get('client_secret'), local.info.oauth.clientSecret);
      // The spent refresh token no longer works: a client still holding it is told so.
      local.expireTokens();
      const stale = clientFor(local, 'bearer');
      await assert.rejects(stale.getMyUser(), (e: unknown) => {
        assert.ok(e instanceof AuthenticationError);
        assert.equal(e.method, 'connect/token');
        assert.equal(e.code, 'invalid_grant');
        return true;
      });
      assert.ok(!secretsOf(local).some((s) => String(stale).includes(s)));
    } finally {
      await local.close();
    }
  });

  test('bearer: expires_in is honoured — the token is refreshed shortly before expiry, without a 401', async () => {
    const local = await startDiadocSandbox({ seed: { employees: 1 }, accessTokenLifetimeSeconds: 1 });
    try {
      const rec = new Recorder();
      const received: DiadocTokens[] = [];
      // Told that the given token expires now: refreshed before the first call.
      const client = clientFor(local, 'bearer', { fetch: rec.fetch, bearer: { expiresIn: 0, onTokens: (t) => void received.push(t) } });
      await client.getMyUser();
      assert.deepEqual(rec.exchanges.map((e) => `${e.path} ${e.status}`), ['/connect/token 200', '/V2/GetMyUser 200']);
      assert.equal(received[0]!.expiresIn, 1);
      // The new token lives 1 s; the client refreshes it in the last quarter of its life.
      await new Promise((resolve) => setTimeout(resolve, 800));
      await client.getMyUser();
      assert.deepEqual(rec.exchanges.slice(2).map((e) => `${e.path} ${e.status}`), ['/connect/token 200', '/V2/GetMyUser 200']);
      assert.equal(rec.exchanges.filter((e) => e.status === 401).length, 0);
    } finally {
      await local.close();
    }
  });

  test('bearer without a refresh token: a 401 is final', async () => {
    const local = await startDiadocSandbox({ seed: { employees: 1 } });
    try {
      const rec = new Recorder();
      const client = new DiadocClient({ url: local.url, bearer: local.info.oauth.accessToken, fetch: rec.fetch, retry: quickRetry });
      local.expireTokens();
      await assert.rejects(client.getMyUser(), AuthenticationError);
      assert.equal(rec.exchanges.length, 1);
    } finally {
      await local.close();
    }
  });

  test('no secret reaches debug lines or error messages', async () => {
    const rec = new Recorder();
    const lines: string[] = [];
    const clients = [
      clientFor(sb, 'token', { fetch: rec.fetch, onDebug: (l) => lines.push(l) }),
      clientFor(sb, 'password', { fetch: rec.fetch, onDebug: (l) => lines.push(l) }),
      clientFor(sb, 'bearer', { fetch: rec.fetch, onDebug: (l) => lines.push(l), bearer: { expiresIn: 0 } }),
    ];
    const errors: string[] = [];
    for (const client of clients) {
      await client.getMyUser();
      await client.updateSubscriptions({ boxId: sb.info.boxId, userId: sb.info.employeeUserId, subscriptions: { News: true } });
      try {
        await client.getEmployee({ boxId: sb.info.boxId, userId: '00000000-0000-0000-0000-000000000001' });
      } catch (e) {
        errors.push(String(e), (e as Error).stack ?? '', JSON.stringify(e));
      }
    }
    assert.ok(lines.some((l) => l.includes('/GetEmployee')), 'debug lines were written');
    assert.equal(errors.length, 9);
    const secrets = [...secretsOf(sb), ...rec.issuedSecrets()];
    assert.ok(secrets.length > secretsOf(sb).length, 'new tokens were issued and are checked too');
    for (const text of [...lines, ...errors]) {
      for (const secret of secrets) assert.ok(!text.includes(secret), `a secret leaked into: ${text.slice(0, 120)}`);
    }
  });

  test('the service definition: connection options and the modes they select', async () => {
    const keys = diadocService.connection.map((c) => `${c.cli}:${c.env}:${c.secret}`);
    assert.deepEqual(keys, [
      'url:UZEL_DIADOC_URL:false',
      'clientid:UZEL_DIADOC_CLIENTID:true',
      'token:UZEL_DIADOC_TOKEN:true',
      'login:UZEL_DIADOC_LOGIN:false',
      'password:UZEL_DIADOC_PASSWORD:true',
      'bearer:UZEL_DIADOC_BEARER:true',
    ]);
    const { url, clientId, login, password, token, oauth, boxId, employeeUserId } = sb.info;
    const getEmployee = diadocService.methods.find((m) => m.name === 'getEmployee')!;
    for (const values of [
      { url, clientid: clientId, token },
      { url, clientid: clientId, login, password },
      { url, bearer: oauth.accessToken },
    ]) {
      const client = diadocService.connect(values);
      const answer = (await client.invoke(getEmployee, { boxId, userId: employeeUserId })) as { User: { UserId: string } };
      assert.equal(answer.User.UserId, employeeUserId);
    }
    assert.throws(() => diadocService.connect({ url, token }), ConfigurationError);
    assert.throws(() => diadocService.connect({ url, clientid: clientId, login }), ConfigurationError);
    assert.throws(() => diadocService.connect({ url: 'http://diadoc.example.com', bearer: 'x' }), ConfigurationError);
  });
});
