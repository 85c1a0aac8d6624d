import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDiadocSandbox, type DiadocSandbox } from '../../../src/sandbox/diadoc/index.js';
import { call, diadocAuth, login, oauthToken } from './helpers.js';

describe('diadoc sandbox: authentication', () => {
  let sb: DiadocSandbox;
  before(async () => {
    sb = await startDiadocSandbox({ seed: { employees: 20 } });
  });
  after(() => sb.close());

  test('the ready DiadocAuth token works, with or without a space after the comma, any pair order', async () => {
    const { clientId, token } = sb.info;
    for (const header of [
      `DiadocAuth ddauth_api_client_id=${clientId},ddauth_token=${token}`,
      `DiadocAuth ddauth_api_client_id=${clientId}, ddauth_token=${token}`,
      `diadocauth   ddauth_token=${token} ,  ddauth_api_client_id=${clientId}`,
      `DiadocAuth ddauth_api_client_id="${clientId}",ddauth_token="${token}"`,
    ]) {
      const res = await call(sb, '/V2/GetMyUser', { auth: header });
      assert.equal(res.status, 200, header);
      assert.equal(res.json().Login, sb.info.login);
    }
  });

  test('Authenticate by password returns a plain-text token for that user', async () => {
    const token = await login(sb, sb.info.userLogin, sb.info.userPassword);
    assert.ok(token.length > 20);
    const me = await call(sb, '/V2/GetMyUser', { auth: diadocAuth(sb, token) });
    assert.equal(me.status, 200);
    assert.equal(me.json().Login, sb.info.userLogin);
  });

  test('Authenticate rejects a wrong password, a wrong key, a missing type and a non-JSON body', async () => {
    const post = (auth: string, path: string, body: string, type = 'application/json') =>
      fetch(sb.url + path, { method: 'POST', headers: { authorization: auth, 'content-type': type }, body });
    const key = `DiadocAuth ddauth_api_client_id=${sb.info.clientId}`;
    const good = JSON.stringify({ login: sb.info.login, password: sb.info.password });
    const wrong = await post(key, '/V3/Authenticate?type=password', JSON.stringify({ login: sb.info.login, password: 'nope' }));
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('x-diadoc-errorcode'), 'Http.Auth');
    assert.ok(wrong.headers.get('www-authenticate'));
    assert.equal((await post('DiadocAuth ddauth_api_client_id=someone-else', '/V3/Authenticate?type=password', good)).status, 401);
    assert.equal((await post(key, '/V3/Authenticate', good)).status, 400);
    assert.equal((await post(key, '/V3/Authenticate?type=password', good, 'application/x-protobuf')).status, 400);
    assert.equal((await post(key, '/V3/Authenticate?type=certificate', good)).status, 400);
    const get = await fetch(`${sb.url}/V3/Authenticate?type=password`, { headers: { authorization: key } });
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
  });

  // http/Authenticate: "type … sid — auth.sid"; "pass auth.sid in the body with the header
  // Content-Type: text/plain"; the answer is the authorization token, as for a password.
  test('Authenticate by auth.sid (type=sid): the sid as a text/plain body answers a token for its user', async () => {
    const key = `DiadocAuth ddauth_api_client_id=${sb.info.clientId}`;
    const post = (body: string, type = 'text/plain', auth = key) =>
      fetch(`${sb.url}/V3/Authenticate?type=sid`, { method: 'POST', headers: { authorization: auth, 'content-type': type }, body });
    const res = await post(sb.info.authSid);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const token = await res.text();
    const me = await call(sb, '/V2/GetMyUser', { auth: diadocAuth(sb, token) });
    assert.equal(me.json().Login, sb.info.login);
    // The type's value is case-insensitive, like the other query values the service reads.
    assert.equal((await fetch(`${sb.url}/V3/Authenticate?type=SID`, { method: 'POST', headers: { authorization: key, 'content-type': 'text/plain; charset=utf-8' }, body: sb.info.authSid })).status, 200);
    // 400: a body that is not text/plain, an empty sid. 401: an unknown sid, a wrong developer key.
    assert.equal((await post(JSON.stringify({ sid: sb.info.authSid }), 'application/json')).status, 400);
    assert.equal((await post('')).status, 400);
    const unknown = await post('0123456789abcdef');
    assert.equal(unknown.status, 401);
    assert.equal(unknown.headers.get('x-diadoc-errorcode'), 'Http.Auth');
    assert.equal((await post(sb.info.authSid, 'text/plain', 'DiadocAuth ddauth_api_client_id=someone-else')).status, 401);
    // An unknown type is a 400 that names the documented ones.
    const other = await fetch(`${sb.url}/V3/Authenticate?type=kerberos`, { method: 'POST', headers: { authorization: key } });
    assert.equal(other.status, 400);
    assert.match(await other.text(), /password, certificate, sid/);
  });

  test('401 with WWW-Authenticate for a missing header, an unknown token, a wrong key, an unknown scheme', async () => {
    const cases: (string | null)[] = [
      null,
      diadocAuth(sb, 'not-a-token'),
      `DiadocAuth ddauth_api_client_id=wrong-key,ddauth_token=${sb.info.token}`,
      `DiadocAuth ddauth_token=${sb.info.token}`,
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      'Bearer not-a-token',
    ];
    for (const auth of cases) {
      const res = await call(sb, '/GetMyOrganizations', { auth });
      assert.equal(res.status, 401, String(auth));
      assert.equal(res.headers.get('x-diadoc-errorcode'), 'Http.Auth');
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; charset=utf-8/);
      assert.ok(res.headers.get('www-authenticate'), String(auth));
      assert.ok(/[а-я]/i.test(res.text), 'a Russian explanation');
    }
  });

  test('GetBox and GetOrganization need only the developer key', async () => {
    const keyOnly = `DiadocAuth ddauth_api_client_id=${sb.info.clientId}`;
    assert.equal((await call(sb, `/GetBox?boxId=${sb.info.boxId}`, { auth: keyOnly })).status, 200);
    assert.equal((await call(sb, `/GetOrganization?orgId=${sb.info.orgId}`, { auth: keyOnly })).status, 200);
    assert.equal((await call(sb, `/GetBox?boxId=${sb.info.boxId}`, { auth: 'DiadocAuth ddauth_api_client_id=x' })).status, 401);
    assert.equal((await call(sb, '/GetMyOrganizations', { auth: keyOnly })).status, 401);
  });

  test('OAuth: the ready access token works; refresh tokens rotate and a spent one fails', async () => {
    const { oauth } = sb.info;
    const me = await call(sb, '/V2/GetMyUser', { auth: `Bearer ${oauth.accessToken}` });
    assert.equal(me.status, 200);
    assert.equal(me.json().Login, sb.info.login);

    const first = await oauthToken(sb, { grant_type: 'refresh_token', client_id: oauth.clientId, client_secret: oauth.clientSecret, refresh_token: oauth.refreshToken });
    assert.equal(first.status, 200);
    assert.equal(first.body.token_type, 'Bearer');
    assert.equal(first.body.expires_in, 3600);
    assert.notEqual(first.body.refresh_token, oauth.refreshToken);
    assert.equal((await call(sb, '/V2/GetMyUser', { auth: `Bearer ${first.body.access_token}` })).status, 200);

    const again = await oauthToken(sb, { grant_type: 'refresh_token', client_id: oauth.clientId, client_secret: oauth.clientSecret, refresh_token: oauth.refreshToken });
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'invalid_grant');

    const second = await oauthToken(sb, { grant_type: 'refresh_token', client_id: oauth.clientId, client_secret: oauth.clientSecret, refresh_token: first.body.refresh_token });
    assert.equal(second.status, 200);

    const badClient = await oauthToken(sb, { grant_type: 'refresh_token', client_id: oauth.clientId, client_secret: 'wrong', refresh_token: second.body.refresh_token });
    assert.equal(badClient.status, 401);
    assert.equal(badClient.body.error, 'invalid_client');
    const badGrant = await oauthToken(sb, { grant_type: 'client_credentials', client_id: oauth.clientId, client_secret: oauth.clientSecret });
    assert.equal(badGrant.body.error, 'unsupported_grant_type');
  });

  test('OAuth password grant, with client credentials in HTTP Basic', async () => {
    const { oauth } = sb.info;
    const res = await fetch(oauth.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${oauth.clientId}:${oauth.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'password', username: sb.info.userLogin, password: sb.info.userPassword }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { access_token: string };
    const me = await call(sb, '/V2/GetMyUser', { auth: `Bearer ${body.access_token}` });
    assert.equal(me.json().Login, sb.info.userLogin);
    const wrong = await oauthToken(sb, { grant_type: 'password', username: sb.info.userLogin, password: 'x', client_id: oauth.clientId, client_secret: oauth.clientSecret });
    assert.equal(wrong.body.error, 'invalid_grant');
  });

  test('expireTokens(): DiadocAuth and bearer tokens answer 401; a refresh and a new login recover', async () => {
    const token = await login(sb, sb.info.login, sb.info.password);
    const refreshed = await oauthToken(sb, { grant_type: 'password', username: sb.info.login, password: sb.info.password, client_id: sb.info.oauth.clientId, client_secret: sb.info.oauth.clientSecret });
    sb.expireTokens();
    const expired = await call(sb, '/V2/GetMyUser', { auth: diadocAuth(sb, token) });
    assert.equal(expired.status, 401);
    assert.match(expired.text, /истёк/);
    const bearer = await call(sb, '/V2/GetMyUser', { auth: `Bearer ${refreshed.body.access_token}` });
    assert.equal(bearer.status, 401);
    assert.match(bearer.headers.get('www-authenticate') ?? '', /invalid_token/);

    const renewed = await oauthToken(sb, { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token, client_id: sb.info.oauth.clientId, client_secret: sb.info.oauth.clientSecret });
    assert.equal(renewed.status, 200);
    assert.equal((await call(sb, '/V2/GetMyUser', { auth: `Bearer ${renewed.body.access_token}` })).status, 200);
    const fresh = await login(sb, sb.info.login, sb.info.password);
    assert.equal((await call(sb, '/V2/GetMyUser', { auth: diadocAuth(sb, fresh) })).status, 200);
  });
});

describe('diadoc sandbox: configured token lifetimes', () => {
  let sb: DiadocSandbox;
  before(async () => {
    sb = await startDiadocSandbox({ seed: { employees: 0 }, tokenLifetimeSeconds: 0, accessTokenLifetimeSeconds: 0 });
  });
  after(() => sb.close());

  test('a zero lifetime makes new tokens expired at once, and expires_in reports it', async () => {
    const token = await login(sb, sb.info.login, sb.info.password);
    assert.equal((await call(sb, '/V2/GetMyUser', { auth: diadocAuth(sb, token) })).status, 401);
    const pair = await oauthToken(sb, { grant_type: 'password', username: sb.info.login, password: sb.info.password, client_id: sb.info.oauth.clientId, client_secret: sb.info.oauth.clientSecret });
    assert.equal(pair.body.expires_in, 0);
    assert.equal((await call(sb, '/V2/GetMyUser', { auth: `Bearer ${pair.body.access_token}` })).status, 401);
  });
});
