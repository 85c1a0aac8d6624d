// End-to-end against the Bitrix24 sandbox's OAuth endpoints: oint's ПолучитьТокен / ОбновитьТокен
// as get-token / refresh-token. A profile holds the application; the tokens are stored there
// (0600), refreshed when they expire and written back; a token is printed only on --show-tokens.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../src/sandbox/bitrix24/index.js';
import { isolatedEnv, runUzel, shown, type RunResult } from './helpers.js';

let sandbox: Bitrix24Sandbox;

before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 3, leads: 3 } });
});
after(() => sandbox.close());

/** An authorization code, as the portal's consent page gives it (the sandbox answers the page as JSON). */
async function authorizationCode(): Promise<string> {
  const response = await fetch(`${sandbox.url}/oauth/authorize/?client_id=${encodeURIComponent(sandbox.info.clientId)}&state=s1`);
  return ((await response.json()) as { code: string }).code;
}

type Values = Record<string, string>;
const profileValues = (file: string, name: string): Values => (JSON.parse(readFileSync(file, 'utf8')) as { profiles: Record<string, { values: Values }> }).profiles[name]!.values;

/** Every secret this portal knows, plus those given. */
function assertNoSecret(r: RunResult, extra: string[] = []): void {
  const secrets = [sandbox.info.clientSecret, sandbox.info.accessToken, sandbox.info.refreshToken, ...extra];
  for (const secret of secrets) assert.ok(!shown(r).includes(secret), `a secret leaked: ${shown(r).slice(0, 300)}`);
}

/** A profile with the application only, as `uzel profile add` writes it. */
async function appProfile(env: NodeJS.ProcessEnv, name = 'app'): Promise<void> {
  const add = await runUzel(
    ['profile', 'add', name, 'bitrix24', '--url', sandbox.info.portal, '--clientid', sandbox.info.clientId, '--clientsecret', sandbox.info.clientSecret, '--tokenurl', sandbox.info.oauthTokenUrl],
    env,
  );
  assert.equal(add.code, 0, add.stderr);
  assertNoSecret(add);
}

const serverTime = ['bitrix24', 'get-server-time'];

describe('get-token (ПолучитьТокен) into a profile', () => {
  test('the code becomes tokens stored in the profile (0600); nothing secret is printed; later commands use them', async () => {
    const env = isolatedEnv();
    await appProfile(env);
    const before = await runUzel([...serverTime, '--profile', 'app'], env);
    assert.equal(before.code, 2, 'no token yet');
    assert.match(before.stderr, /no access token yet: .*get-token/);

    const code = await authorizationCode();
    const r = await runUzel(['bitrix24', 'get-token', '--profile', 'app', '--code', code], env);
    assert.equal(r.code, 0, r.stderr);
    const values = profileValues(env.UZEL_CONFIG!, 'app');
    assert.match(values.token!, /^[0-9a-f]{32}$/);
    assert.match(values.refresh!, /^[0-9a-f]{32}$/);
    assert.ok(Number(values.expires) > Date.now() / 1000);
    assert.equal(values.url, sandbox.url);
    assert.equal(statSync(env.UZEL_CONFIG!).mode & 0o777, 0o600);
    assertNoSecret(r, [values.token!, values.refresh!, code]);
    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(summary.profile, 'app');
    assert.equal(summary.portal, sandbox.url);
    assert.match(String(summary.expires), /^\d{4}-\d\d-\d\dT/);
    assert.match(r.stderr, /tokens stored in profile "app"/);

    const list = await runUzel(['profile', 'list'], env);
    assert.match(list.stdout, /^app\tbitrix24\t.*clientsecret=\*\*\* .*token=\*\*\* refresh=\*\*\*/m);
    assertNoSecret(list, [values.token!, values.refresh!]);

    const used = await runUzel([...serverTime, '--profile', 'app'], env);
    assert.equal(used.code, 0, used.stderr);
    assertNoSecret(used, [values.token!, values.refresh!]);
    // a spent code is the portal's refusal, exit 3, nothing stored
    const again = await runUzel(['bitrix24', 'ПолучитьТокен', '--profile', 'app', '--code', code], env);
    assert.equal(again.code, 3, again.stderr);
    assert.match(again.stderr, /invalid_grant/);
    assert.equal(profileValues(env.UZEL_CONFIG!, 'app').token, values.token);
    assertNoSecret(again, [code]);
  });

  test('an expired token is refreshed by the next command and the rotated tokens are written back', async () => {
    const env = isolatedEnv();
    await appProfile(env);
    const got = await runUzel(['bitrix24', 'get-token', '--profile', 'app', '--code', await authorizationCode()], env);
    assert.equal(got.code, 0, got.stderr);
    const first = profileValues(env.UZEL_CONFIG!, 'app');
    sandbox.expireAccessTokens();
    const refreshes = sandbox.stats.refreshes;

    const r = await runUzel([...serverTime, '--profile', 'app', '--debug'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sandbox.stats.refreshes, refreshes + 1);
    const second = profileValues(env.UZEL_CONFIG!, 'app');
    assert.notEqual(second.token, first.token);
    assert.notEqual(second.refresh, first.refresh);
    assert.equal(second.clientsecret, sandbox.info.clientSecret, 'the rest of the profile stays');
    assert.equal(statSync(env.UZEL_CONFIG!).mode & 0o777, 0o600);
    assert.match(r.stderr, /debug: stored the new token, refresh, expires in profile "app"/);
    assertNoSecret(r, [first.token!, first.refresh!, second.token!, second.refresh!]);

    // the stored refresh token is the live one: the next refresh works from it
    const now = await runUzel(['bitrix24', 'refresh-token', '--profile', 'app'], env);
    assert.equal(now.code, 0, now.stderr);
    assert.notEqual(profileValues(env.UZEL_CONFIG!, 'app').refresh, second.refresh);
    assertNoSecret(now, [second.refresh!]);
  });

  test('UZEL_PROFILE names the profile as well', async () => {
    const env = isolatedEnv();
    await appProfile(env, 'viaenv');
    const r = await runUzel(['bitrix24', 'get-token', '--code', await authorizationCode()], { ...env, UZEL_PROFILE: 'viaenv' });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(profileValues(env.UZEL_CONFIG!, 'viaenv').token);
  });
});

describe('the oint command lines, printing only on request', () => {
  test('ПолучитьТокен -c -l -d with --show-tokens prints the tokens; ОбновитьТокен -c -l -r refreshes them', async () => {
    const env = isolatedEnv();
    const app = ['-c', sandbox.info.clientId, '-l', sandbox.info.clientSecret, '--tokenurl', sandbox.info.oauthTokenUrl];
    const r = await runUzel(['bitrix24', 'ПолучитьТокен', ...app, '-d', await authorizationCode(), '--show-tokens'], env);
    assert.equal(r.code, 0, r.stderr);
    const tokens = JSON.parse(r.stdout) as { accessToken: string; refreshToken: string };
    assert.match(tokens.accessToken, /^[0-9a-f]{32}$/);
    const refreshed = await runUzel(['bitrix24', 'ОбновитьТокен', ...app, '-r', tokens.refreshToken, '--show-tokens'], env);
    assert.equal(refreshed.code, 0, refreshed.stderr);
    assert.notEqual((JSON.parse(refreshed.stdout) as { accessToken: string }).accessToken, tokens.accessToken);
    assert.ok(!refreshed.stderr.includes(tokens.refreshToken));
  });

  test('without --profile or --show-tokens: a usage error before any request, the code not spent', async () => {
    const code = await authorizationCode();
    const exchanges = sandbox.stats.codeExchanges;
    const r = await runUzel(['bitrix24', 'get-token', '-c', sandbox.info.clientId, '-l', sandbox.info.clientSecret, '-d', code, '--tokenurl', sandbox.info.oauthTokenUrl]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /say where the tokens go: --profile NAME .* --show-tokens/);
    assert.equal(sandbox.stats.codeExchanges, exchanges);
    assertNoSecret(r, [code]);
  });

  test('the application is never half from the options and half from the profile', async () => {
    const env = isolatedEnv();
    await appProfile(env);
    const exchanges = sandbox.stats.codeExchanges;
    const r = await runUzel(['bitrix24', 'get-token', '--profile', 'app', '--clientid', sandbox.info.clientId, '--code', await authorizationCode()], env);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /missing --clientsecret \(the application is taken whole from the command line/);
    assert.equal(sandbox.stats.codeExchanges, exchanges);
  });

  test('a profiles file that cannot be written is refused before the code is spent', async () => {
    const env = isolatedEnv();
    const blocker = join(dirname(env.UZEL_CONFIG!), 'a-file');
    writeFileSync(blocker, 'x');
    const exchanges = sandbox.stats.codeExchanges;
    const code = await authorizationCode();
    const app = ['-c', sandbox.info.clientId, '-l', sandbox.info.clientSecret, '--tokenurl', sandbox.info.oauthTokenUrl];
    const r = await runUzel(['bitrix24', 'get-token', ...app, '-d', code, '--profile', 'p'], { ...env, UZEL_CONFIG: join(blocker, 'config.json') });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /config file/);
    assert.equal(sandbox.stats.codeExchanges, exchanges);
    assertNoSecret(r, [code]);
  });

  test('a profile of another service is refused before the code is spent', async () => {
    const env = isolatedEnv();
    await runUzel(['profile', 'add', 'pf', 'planfix', '--account', 'a', '--apikey', 'k1234567', '--token', 't1234567'], env);
    const exchanges = sandbox.stats.codeExchanges;
    const r = await runUzel(['bitrix24', 'get-token', '--profile', 'pf', '--code', await authorizationCode()], env);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /profile "pf" is for "planfix", not bitrix24/);
    assert.equal(sandbox.stats.codeExchanges, exchanges);
  });
});
