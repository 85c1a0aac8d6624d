import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { authorizeUrl, type Bitrix24Tokens } from '../../../src/services/bitrix24/auth.js';
import { AuthenticationError, ConfigurationError } from '../../../src/core/errors.js';

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
    assert.ok(error instanceof Error);
    assert.ok(!String(error).includes(tokens.refreshToken));
    assert.ok(!String(error).includes(sandbox.info.clientSecret));
  });

  test('the authorize link', () => {
    const link = authorizeUrl('b24-ar17wx.bitrix24.by', 'local.abc', 'xyz');
    assert.equal(link, 'https://b24-ar17wx.bitrix24.by/oauth/authorize/?client_id=local.abc&response_type=code&state=xyz');
  });
});
