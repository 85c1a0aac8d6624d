// Both auth modes against the sandbox: token (Basic apiKey:token) and login (auth.login → sid,
// one shared re-login on 0005), the auth error codes, and secrets kept out of errors and debug.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, AuthenticationError, ConfigurationError, ValidationError } from '../../../src/core/errors.js';
import { PlanfixClient, planfixService } from '../../../src/services/planfix/index.js';
import { loginClient, recorder, startSandbox, tokenClient, type Sandbox } from './helpers.js';

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox({ rateLimit: false, sidLifetimeSeconds: 3600 });
});
after(() => sandbox.close());

const codeOf = (code: string) => (e: unknown) => e instanceof AuthenticationError && e.code === code;

describe('token auth', () => {
  test('every request carries Basic apiKey:token and no sid', async () => {
    const seen: string[] = [];
    const client = tokenClient(sandbox, {
      fetch: (url, init) => {
        seen.push(String((init?.headers as Record<string, string>).authorization));
        return fetch(url, init);
      },
    });
    const me = (await client.getUser({})) as { user: { id: number } };
    assert.ok(me.user.id > 0);
    const expected = `Basic ${Buffer.from(`${sandbox.info.apiKey}:${sandbox.info.token}`).toString('base64')}`;
    assert.deepEqual(seen, [expected]);
    assert.equal(client.usesSession, false);
  });

  test('wrong API key 0001, unknown token 0012, unknown account 0004', async () => {
    const { info } = sandbox;
    const make = (over: Record<string, string>) =>
      new PlanfixClient({ url: info.url, account: info.account, apiKey: info.apiKey, token: info.token, rateLimit: false, ...over });
    await assert.rejects(make({ apiKey: 'f'.repeat(32) }).getUser({}), codeOf('0001'));
    await assert.rejects(make({ token: 'e'.repeat(32) }).getUser({}), codeOf('0012'));
    await assert.rejects(make({ account: 'no-such-account' }).getUser({}), codeOf('0004'));
  });
});

describe('login auth', () => {
  test('auth.login once, then the sid in every request with Basic apiKey: (empty password)', async () => {
    const rec = recorder();
    const client = loginClient(sandbox, { fetch: rec.fetch });
    await client.getUser({});
    await client.getUserGroupList({});
    assert.equal(rec.count('auth.login'), 1);
    assert.match(rec.bodies[0]!, /<login>[^<]+<\/login><password>/);
    assert.ok(rec.bodies.slice(1).every((b) => /<account>[^<]+<\/account><sid>[^<]+<\/sid>/.test(b)));
  });

  test('many calls at once share one auth.login', async () => {
    const rec = recorder();
    const client = loginClient(sandbox, { fetch: rec.fetch });
    const results = await Promise.all(Array.from({ length: 12 }, () => client.getUserGroupList({})));
    assert.equal(results.length, 12);
    assert.equal(rec.count('auth.login'), 1);
  });

  test('sessions expire under many concurrent calls: one re-login for all, every call repeated and answered', async () => {
    const rec = recorder();
    const client = loginClient(sandbox, { fetch: rec.fetch });
    await client.getUser({});
    sandbox.expireSessions();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? client.getUserGroupList({}) : client.getTaskList({ pageCurrent: 1, pageSize: 1 }))),
    );
    assert.equal(results.length, 10);
    assert.equal(rec.count('auth.login'), 2, 'the first login and exactly one re-login');
    // A write refused with 0005 was never carried out, so it is repeated too.
    sandbox.expireSessions();
    const added = (await client.addTask({ title: 'after expiry' })) as { task: { id: number } };
    assert.equal(rec.count('auth.login'), 3);
    assert.equal(rec.count('task.add'), 2);
    assert.ok(added.task.id > 0);
  });

  test('re-login happens once: a session that keeps expiring gives 0005', async () => {
    const short = await startSandbox({ rateLimit: false, sidLifetimeSeconds: 0 });
    try {
      const rec = recorder();
      const client = loginClient(short, { fetch: rec.fetch });
      await assert.rejects(client.getUser({}), codeOf('0005'));
      assert.equal(rec.count('auth.login'), 2);
      assert.equal(rec.count('user.get'), 2);
    } finally {
      await short.close();
    }
  });

  test('wrong password: 1001 from auth.login, not retried', async () => {
    const rec = recorder();
    const client = new PlanfixClient({
      url: sandbox.info.url,
      account: sandbox.info.account,
      apiKey: sandbox.info.apiKey,
      login: sandbox.info.login,
      password: 'not-the-password',
      rateLimit: false,
      fetch: rec.fetch,
    });
    await assert.rejects(client.getUser({}), (e: unknown) => codeOf('1001')(e) && (e as ApiError).method === 'auth.login');
    assert.equal(rec.bodies.length, 1);
  });
});

describe('secrets', () => {
  test('no key, token, password or sid in errors or debug output', async () => {
    const lines: string[] = [];
    const { info } = sandbox;
    const rec = recorder();
    const client = loginClient(sandbox, { signatureKey: info.signatureKey, onDebug: (l) => lines.push(l), fetch: rec.fetch });
    await client.getUser({});
    const error = await client.getTask({ task: 987654 }).catch((e: unknown) => e as ApiError);
    assert.ok(error instanceof ApiError);
    const sid = /<sid>([^<]+)<\/sid>/.exec(rec.bodies[1] ?? '')?.[1];
    assert.ok(sid, 'the sid as sent');
    const shown = [lines.join('\n'), String(error), error.stack ?? '', JSON.stringify(error)].join('\n');
    assert.ok(lines.some((l) => l.includes('auth.login')) && lines.some((l) => l.includes('task.get')));
    for (const secret of [info.apiKey, info.token, info.password, info.signatureKey, sid]) {
      if (secret) assert.ok(!shown.includes(secret), `a secret leaked: ${secret.slice(0, 3)}…`);
    }
    assert.match(lines.join('\n'), /<sid>\*\*\*<\/sid>/);
    assert.equal(client.redact(`x ${info.password} ${sid} y`), 'x *** *** y');
  });

  test('configuration checked before any request; plain http only for loopback', () => {
    assert.throws(() => new PlanfixClient({ account: 'a', apiKey: '', token: 't' }), ValidationError);
    assert.throws(() => new PlanfixClient({ account: 'a', apiKey: 'k', token: '' }), ValidationError);
    assert.throws(() => new PlanfixClient({ account: '', apiKey: 'k', token: 't' }), ValidationError);
    assert.throws(() => new PlanfixClient({ url: 'http://api.planfix.com/xml/', account: 'a', apiKey: 'k', token: 't' }), ConfigurationError);
    assert.equal(new PlanfixClient({ account: 'a', apiKey: 'k', token: 't' }).url, 'https://api.planfix.com/xml/');
  });
});

describe('the service definition', () => {
  test('connects with --token or --login/--password, from CLI-style values', async () => {
    const { info } = sandbox;
    const keys = planfixService.connection.map((c) => c.cli);
    assert.deepEqual(keys, ['url', 'account', 'apikey', 'token', 'login', 'password', 'signkey']);
    assert.ok(planfixService.connection.every((c) => c.env === `UZEL_PLANFIX_${c.key.toUpperCase()}`));
    assert.deepEqual(planfixService.connection.filter((c) => c.secret).map((c) => c.key), ['apikey', 'token', 'password', 'signkey']);
    const byToken = planfixService.connect({ url: info.url, account: info.account, apikey: info.apiKey, token: info.token });
    const byLogin = planfixService.connect({ url: info.url, account: info.account, apikey: info.apiKey, login: info.login, password: info.password, signkey: info.signatureKey });
    const entry = planfixService.methods.find((m) => m.remote === 'userGroup.getList')!;
    for (const client of [byToken, byLogin]) {
      const answer = (await client.invoke(entry, {})) as { userGroups: { userGroup: unknown[] } };
      assert.ok(answer.userGroups.userGroup.length > 0);
    }
    assert.throws(() => planfixService.connect({ account: info.account, apikey: info.apiKey }), ValidationError);
    assert.ok(tokenClient(sandbox) instanceof PlanfixClient);
  });
});
