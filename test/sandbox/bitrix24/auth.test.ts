import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { getJson, postForm, postJson } from './http.js';

describe('bitrix24 sandbox: addresses and authentication', () => {
  let sb: Bitrix24Sandbox;
  before(async () => {
    sb = await startBitrix24Sandbox({ timeScale: 0, seed: { deals: 20, leads: 20 } });
  });
  after(() => sb.close());

  test('info describes the portal', () => {
    assert.equal(sb.info.service, 'bitrix24');
    assert.ok(sb.info.webhookUrl.startsWith(`${sb.url}/rest/1/`));
    assert.ok(sb.info.webhookUrl.endsWith('/'));
    assert.equal(sb.info.oauthTokenUrl, `${sb.url}/oauth/token/`);
    assert.equal(sb.info.portal, new URL(sb.url).host);
  });

  test('webhook call, with and without .json', async () => {
    for (const method of ['server.time', 'server.time.json', 'SERVER.TIME']) {
      const r = await getJson(sb.info.webhookUrl + method);
      assert.equal(r.status, 200);
      assert.match(String(r.body.result), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
      const time = r.body.time as Record<string, unknown>;
      for (const key of ['start', 'finish', 'duration', 'processing', 'date_start', 'date_finish', 'operating_reset_at', 'operating']) {
        assert.ok(key in time, `time.${key}`);
      }
      assert.match(String(time.date_start), /\+00:00$/);
    }
  });

  test('a wrong webhook code, another user, no token, an unknown token', async () => {
    const bad = await getJson(`${sb.url}/rest/1/wrongcode/server.time`);
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error, 'NO_AUTH_FOUND');
    const code = sb.info.webhookUrl.split('/').at(-2);
    const other = await getJson(`${sb.url}/rest/2/${code}/server.time`);
    assert.equal(other.status, 403);
    assert.equal(other.body.error, 'INVALID_CREDENTIALS');
    const none = await getJson(`${sb.url}/rest/server.time`);
    assert.equal(none.status, 401);
    assert.equal(none.body.error, 'NO_AUTH_FOUND');
    // The system errors table: NO_AUTH_FOUND is "a wrong access token or webhook code"; it lists
    // no invalid_token (_includes/system-errors.md).
    const unknown = await getJson(`${sb.url}/rest/server.time?auth=nosuchtoken`);
    assert.equal(unknown.status, 401);
    assert.deepEqual(unknown.body, { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' });
    const unknownInBody = await postJson(`${sb.url}/rest/user.current`, { auth: 'nosuchtoken' });
    assert.deepEqual([unknownInBody.status, unknownInBody.body.error], [401, 'NO_AUTH_FOUND']);
  });

  test('unknown method: 404 ERROR_METHOD_NOT_FOUND', async () => {
    const r = await getJson(sb.info.webhookUrl + 'crm.nothing.here');
    assert.equal(r.status, 404);
    assert.equal(r.body.error, 'ERROR_METHOD_NOT_FOUND');
  });

  test('OAuth: token in auth (query, JSON, form), expiry, refresh rotation, spent refresh token', async () => {
    const viaQuery = await getJson(`${sb.url}/rest/user.current?auth=${sb.info.accessToken}`);
    assert.equal(viaQuery.status, 200);
    assert.equal((viaQuery.body.result as Record<string, unknown>).ID, '1');
    assert.equal((await postJson(`${sb.url}/rest/server.time.json`, { auth: sb.info.accessToken })).status, 200);
    assert.equal((await postForm(`${sb.url}/rest/server.time`, `auth=${sb.info.accessToken}`)).status, 200);

    sb.expireAccessTokens();
    const expired = await getJson(`${sb.url}/rest/server.time?auth=${sb.info.accessToken}`);
    assert.equal(expired.status, 401);
    // The system errors table's text, word for word (_includes/system-errors.md).
    assert.deepEqual(expired.body, { error: 'expired_token', error_description: 'The access token provided has expired' });

    const refreshUrl = (token: string): string =>
      `${sb.info.oauthTokenUrl}?grant_type=refresh_token&client_id=${sb.info.clientId}&client_secret=${sb.info.clientSecret}&refresh_token=${token}`;
    const refreshed = await getJson(refreshUrl(sb.info.refreshToken));
    assert.equal(refreshed.status, 200);
    for (const key of ['access_token', 'refresh_token', 'expires', 'expires_in', 'client_endpoint', 'server_endpoint', 'member_id', 'scope', 'status', 'user_id']) {
      assert.ok(key in refreshed.body, key);
    }
    assert.equal(refreshed.body.expires_in, 3600);
    assert.equal(refreshed.body.client_endpoint, `${sb.url}/rest/`);
    assert.notEqual(refreshed.body.refresh_token, sb.info.refreshToken);
    assert.equal(sb.stats.refreshes, 1);
    const again = await getJson(`${sb.url}/rest/server.time?auth=${String(refreshed.body.access_token)}`);
    assert.equal(again.status, 200);

    // The old refresh token was spent by the rotation.
    const spent = await getJson(refreshUrl(sb.info.refreshToken));
    assert.equal(spent.status, 400);
    assert.equal(spent.body.error, 'invalid_grant');
    // The new one works once, by POST form too.
    const second = await postForm(
      sb.info.oauthTokenUrl,
      `grant_type=refresh_token&client_id=${sb.info.clientId}&client_secret=${sb.info.clientSecret}&refresh_token=${String(refreshed.body.refresh_token)}`,
    );
    assert.equal(second.status, 200);
    const badClient = await getJson(`${sb.info.oauthTokenUrl}?grant_type=refresh_token&client_id=x&client_secret=y&refresh_token=${String(second.body.refresh_token)}`);
    assert.equal(badClient.status, 401);
    assert.equal(badClient.body.error, 'invalid_client');
  });

  test('authorization code: authorize, exchange once, act as that user', async () => {
    const auth = await getJson(`${sb.url}/oauth/authorize/?client_id=${sb.info.clientId}&state=xyz&user_id=3`);
    assert.equal(auth.status, 200);
    assert.equal(auth.body.state, 'xyz');
    const code = String(auth.body.code);
    const exchange = (): Promise<Awaited<ReturnType<typeof getJson>>> =>
      getJson(`${sb.info.oauthTokenUrl}?grant_type=authorization_code&client_id=${sb.info.clientId}&client_secret=${sb.info.clientSecret}&code=${code}`);
    const tokens = await exchange();
    assert.equal(tokens.status, 200);
    assert.equal(tokens.body.user_id, 3);
    const me = await getJson(`${sb.url}/rest/user.current?auth=${String(tokens.body.access_token)}`);
    assert.equal((me.body.result as Record<string, unknown>).ID, '3');
    const reused = await exchange();
    assert.equal(reused.status, 400);
    assert.equal(reused.body.error, 'invalid_grant');

    const redirect = await fetch(`${sb.url}/oauth/authorize/?client_id=${sb.info.clientId}&state=s1&redirect_uri=${encodeURIComponent('http://127.0.0.1:9/cb')}`, { redirect: 'manual' });
    assert.equal(redirect.status, 302);
    const location = new URL(redirect.headers.get('location')!);
    assert.equal(location.searchParams.get('state'), 's1');
    assert.ok(location.searchParams.get('code'));
  });

  test('access token lifetime is configurable', async () => {
    const short = await startBitrix24Sandbox({ timeScale: 0, accessTokenLifetimeSeconds: 120, seed: { deals: 1, leads: 1 } });
    try {
      const r = await getJson(
        `${short.info.oauthTokenUrl}?grant_type=refresh_token&client_id=${short.info.clientId}&client_secret=${short.info.clientSecret}&refresh_token=${short.info.refreshToken}`,
      );
      assert.equal(r.body.expires_in, 120);
      assert.ok(Math.abs(Number(r.body.expires) - (Date.now() / 1000 + 120)) < 5);
    } finally {
      await short.close();
    }
  });
});

describe('bitrix24 sandbox over TLS', () => {
  let sb: Bitrix24Sandbox;
  before(async () => {
    sb = await startBitrix24Sandbox({ tls: true, timeScale: 0, seed: { deals: 1, leads: 1 } });
  });
  after(() => sb.close());

  test('a child process trusting the certificate calls the webhook', async () => {
    assert.ok(sb.url.startsWith('https://'));
    assert.ok(sb.info.certPath);
    const script = `fetch(${JSON.stringify(sb.info.webhookUrl + 'server.time')}).then(async (r) => { console.log(r.status, JSON.stringify(await r.json())); })`;
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, NODE_EXTRA_CA_CERTS: sb.info.certPath } });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    assert.match(output, /^200 \{"result":"/);
  });
});
