import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { authorizeUrl, type Bitrix24Tokens } from '../../../src/services/bitrix24/auth.js';
import { ApiError, AuthenticationError, ConfigurationError, PermissionError } from '../../../src/core/errors.js';

let sandbox: Bitrix24Sandbox;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false });
});
after(() => sandbox.close());

const fast = { rateLimit: false as const, retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 } };

describe('webhook', () => {
  test('calls a method and hands back the whole answer with its time block', async () => {
    const client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, ...fast });
    const answer = await client.call<string>('server.time');
    assert.equal(typeof answer.result, 'string');
    assert.equal(typeof answer.time.start, 'number');
    assert.equal(typeof answer.time.duration, 'number');
    assert.match(answer.time.date_start, /^\d{4}-\d{2}-\d{2}T/);
  });

  test('a wrong webhook code is an AuthenticationError without the code in it', async () => {
    const wrong = sandbox.info.webhookUrl.replace(/\/rest\/(\d+)\/[^/]+\//, '/rest/$1/wrongcode123/');
    const client = new Bitrix24Client({ webhookUrl: wrong, ...fast });
    const error = await client.call('server.time').then(() => assert.fail('must fail'), (e: unknown) => e);
    assert.ok(error instanceof AuthenticationError, String(error));
    assert.equal(error.status, 401);
    assert.ok(error.code.length > 0);
    for (const text of [error.message, String(error), error.stack ?? '', JSON.stringify(error)]) {
      assert.ok(!text.includes('wrongcode123'), `secret leaked: ${text}`);
    }
  });

  test('refuses a malformed webhook URL and plain http to a non-loopback host before any request', () => {
    assert.throws(() => new Bitrix24Client({ webhookUrl: 'https://portal.example.ru/rest/' }), ConfigurationError);
    assert.throws(
      () => new Bitrix24Client({ webhookUrl: 'http://portal.example.ru/rest/1/abcdef/' }),
      (e: unknown) => e instanceof ConfigurationError && /https/.test(e.message) && !e.message.includes('abcdef'),
    );
  });

  test('debug lines never show the webhook code', async () => {
    const lines: string[] = [];
    const client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, ...fast, onDebug: (l) => lines.push(l) });
    await client.call('server.time');
    const code = /\/rest\/\d+\/([^/]+)\//.exec(sandbox.info.webhookUrl)![1]!;
    assert.ok(lines.length >= 2);
    assert.ok(lines.every((l) => !l.includes(code)), lines.join('\n'));
  });
});

describe('OAuth', () => {
  const app = () => ({ clientId: sandbox.info.clientId, clientSecret: sandbox.info.clientSecret, tokenUrl: sandbox.info.oauthTokenUrl });

  async function freshTokens(): Promise<Bitrix24Tokens> {
    // The sandbox's consent page hands out an authorization code, as the portal does after login.
    const consent = await fetch(`${sandbox.url}/oauth/authorize/?client_id=${sandbox.info.clientId}&state=t`);
    const { code } = (await consent.json()) as { code: string };
    return Bitrix24Client.getTokens(app(), code);
  }

  test('portal address + access token (a bare host, as oint accepts it)', async () => {
    const tokens = await freshTokens();
    const client = new Bitrix24Client({ portal: sandbox.info.portal, accessToken: tokens.accessToken, ...fast });
    const answer = await client.call<Record<string, unknown>>('user.current');
    assert.equal(String(answer.result.ID), String(tokens.userId ?? 1));
  });

  test('an expired token is refreshed once, the call repeated, and the rotated tokens handed over', async () => {
    const tokens = await freshTokens();
    const received: Bitrix24Tokens[] = [];
    const client = new Bitrix24Client({
      portal: sandbox.url,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      app: app(),
      onTokens: (t) => {
        received.push(t);
      },
      ...fast,
    });
    await client.call('server.time');
    sandbox.expireAccessTokens();
    await client.call('server.time');
    assert.equal(received.length, 1);
    assert.notEqual(received[0]!.refreshToken, tokens.refreshToken, 'the refresh token rotates');
    assert.notEqual(received[0]!.accessToken, tokens.accessToken);
  });

  test('many concurrent calls that all see an expired token share ONE refresh', async () => {
    const tokens = await freshTokens();
    let refreshes = 0;
    const client = new Bitrix24Client({
      portal: sandbox.url,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      app: app(),
      onTokens: () => {
        refreshes += 1;
      },
      ...fast,
    });
    sandbox.expireAccessTokens();
    const before = sandbox.stats.refreshes;
    const answers = await Promise.all(Array.from({ length: 40 }, () => client.call('server.time')));
    assert.equal(answers.length, 40);
    assert.equal(refreshes, 1);
    assert.equal(sandbox.stats.refreshes - before, 1, 'the portal saw one refresh');
  });

  test('without refresh data an expired token is an AuthenticationError naming expired_token', async () => {
    const tokens = await freshTokens();
    const client = new Bitrix24Client({ portal: sandbox.url, accessToken: tokens.accessToken, ...fast });
    sandbox.expireAccessTokens();
    await assert.rejects(client.call('server.time'), (e: unknown) => e instanceof AuthenticationError && e.code === 'expired_token' && !e.message.includes(tokens.accessToken));
  });

  test('a spent refresh token is refused by the OAuth server', async () => {
    const tokens = await freshTokens();
    const client = new Bitrix24Client({ portal: sandbox.url, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, app: app(), ...fast });
    await client.refreshTokens();
    const stale = new Bitrix24Client({ portal: sandbox.url, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, app: app(), ...fast });
    const error = await stale.refreshTokens().then(() => assert.fail('must fail'), (e: unknown) => e);
    assert.ok(error instanceof AuthenticationError, String(error));
    assert.equal(error.code, 'invalid_grant');
    assert.ok(!String(error).includes(tokens.refreshToken));
    assert.ok(!String(error).includes(sandbox.info.clientSecret));
  });

  test('the authorize link', () => {
    const link = authorizeUrl('b24-ar17wx.bitrix24.by', 'local.abc', 'xyz');
    assert.equal(link, 'https://b24-ar17wx.bitrix24.by/oauth/authorize/?client_id=local.abc&response_type=code&state=xyz');
  });
});

describe('the token endpoint: a refresh that cannot succeed is an AuthenticationError', () => {
  const app = (over: Partial<{ clientSecret: string }> = {}) => ({
    clientId: sandbox.info.clientId,
    clientSecret: over.clientSecret ?? sandbox.info.clientSecret,
    tokenUrl: sandbox.info.oauthTokenUrl,
  });
  async function code(): Promise<string> {
    const consent = await fetch(`${sandbox.url}/oauth/authorize/?client_id=${sandbox.info.clientId}&state=t`);
    return ((await consent.json()) as { code: string }).code;
  }
  function masked(error: unknown, ...secrets: string[]): void {
    const texts = [String(error), (error as Error).stack ?? '', JSON.stringify(error)];
    for (const secret of secrets) for (const text of texts) assert.ok(!text.includes(secret), `secret leaked: ${text}`);
  }

  test('two workers share one refresh token: the one that refreshes second gets invalid_grant, and is told to authorize again', async () => {
    const tokens = await Bitrix24Client.getTokens(app(), await code());
    const options = { portal: sandbox.url, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, app: app(), ...fast };
    const first = new Bitrix24Client(options);
    const second = new Bitrix24Client(options);
    sandbox.expireAccessTokens();
    await first.call('server.time'); // refreshes: the shared refresh token is now spent
    const error = await second.call('server.time').then(() => assert.fail('must fail'), (e: unknown) => e);
    assert.ok(error instanceof AuthenticationError, String(error));
    assert.equal(error.code, 'invalid_grant');
    assert.equal(error.status, 400);
    assert.match(error.message, /authorize the application again/);
    assert.match(error.hint!.ru, /авторизовать приложение/);
    masked(error, tokens.refreshToken, tokens.accessToken, sandbox.info.clientSecret);
  });

  test('a revoked (unknown) refresh token, a reused authorization code: invalid_grant', async () => {
    const stranger = new Bitrix24Client({ portal: sandbox.url, accessToken: 'a'.repeat(32), refreshToken: 'f'.repeat(32), app: app(), ...fast });
    await assert.rejects(stranger.refreshTokens(), (e: unknown) => e instanceof AuthenticationError && e.code === 'invalid_grant');
    const once = await code();
    await Bitrix24Client.getTokens(app(), once);
    const error = await Bitrix24Client.getTokens(app(), once).then(() => assert.fail('must fail'), (e: unknown) => e);
    assert.ok(error instanceof AuthenticationError && error.code === 'invalid_grant', String(error));
    masked(error, once, sandbox.info.clientSecret);
  });

  test('a wrong client secret: invalid_client', async () => {
    const wrong = 'wrong-secret-0123456789';
    const error = await Bitrix24Client.getTokens(app({ clientSecret: wrong }), await code()).then(() => assert.fail('must fail'), (e: unknown) => e);
    assert.ok(error instanceof AuthenticationError, String(error));
    assert.equal(error.code, 'invalid_client');
    masked(error, wrong);
  });

  test('the application removed from the portal: invalid_client, for the refresh after the expiry too', async () => {
    const own = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false });
    try {
      const ownApp = { clientId: own.info.clientId, clientSecret: own.info.clientSecret, tokenUrl: own.info.oauthTokenUrl };
      const client = new Bitrix24Client({ portal: own.url, accessToken: own.info.accessToken, refreshToken: own.info.refreshToken, app: ownApp, ...fast });
      await client.call('server.time');
      own.uninstallApp();
      const error = await client.call('server.time').then(() => assert.fail('must fail'), (e: unknown) => e);
      assert.ok(error instanceof AuthenticationError, String(error));
      // The access token is dead (invalid_token); the refresh it triggers is refused too.
      await assert.rejects(client.refreshTokens(), (e: unknown) => e instanceof AuthenticationError && e.code === 'invalid_client' && /not installed/.test(e.message));
    } finally {
      await own.close();
    }
  });

  test('every documented error of the token endpoint has its class', async () => {
    const answers: [string, number, typeof ApiError][] = [
      ['invalid_grant', 400, AuthenticationError],
      ['invalid_client', 401, AuthenticationError],
      ['PAYMENT_REQUIRED', 402, AuthenticationError],
      ['expired_token', 401, AuthenticationError],
      ['invalid_scope', 400, PermissionError],
      ['insufficient_scope', 403, PermissionError],
      ['invalid_request', 400, ApiError],
    ];
    for (const [error, status, kind] of answers) {
      const body = JSON.stringify({ error, error_description: `${error} answer` });
      const failure = await Bitrix24Client.getTokens({ clientId: 'local.x', clientSecret: 'secret-xyz-123456', tokenUrl: 'https://oauth.example.ru/oauth/token/' }, 'code-abc-123456', {
        fetch: async () => new Response(body, { status, headers: { 'content-type': 'application/json' } }),
      }).then(() => assert.fail('must fail'), (e: unknown) => e);
      assert.ok(failure instanceof kind, `${error}: ${String(failure)}`);
      assert.equal((failure as ApiError).code, error);
      if (kind === ApiError) assert.ok(!(failure instanceof AuthenticationError), error);
      masked(failure, 'secret-xyz-123456', 'code-abc-123456');
    }
  });
});
