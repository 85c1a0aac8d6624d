// End-to-end: where credentials come from (options, environment, profiles), their precedence,
// the profile file's mode and masking, and `uzel sandbox`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../src/sandbox/bitrix24/index.js';
import { bin, isolatedEnv, runUzel, shown } from './helpers.js';

let sandbox: Bitrix24Sandbox;
let webhook: string;
let code: string;
let badWebhook: string;

before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 5, leads: 5 } });
  webhook = sandbox.info.webhookUrl;
  code = webhook.split('/').at(-2)!;
  badWebhook = webhook.replace(code, 'ffffffffffffffff');
});
after(() => sandbox.close());

const call = ['bitrix24', 'get-departments-info', '--ids', '1'];

describe('environment variables', () => {
  test('UZEL_BITRIX24_URL (webhook)', async () => {
    const r = await runUzel(call, isolatedEnv({ UZEL_BITRIX24_URL: webhook }));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).result[0].id, 1);
  });

  test('UZEL_BITRIX24_URL and UZEL_BITRIX24_TOKEN (OAuth)', async () => {
    const r = await runUzel(call, isolatedEnv({ UZEL_BITRIX24_URL: sandbox.info.portal, UZEL_BITRIX24_TOKEN: sandbox.info.accessToken }));
    assert.equal(r.code, 0, r.stderr);
  });

  test('an option wins over the environment', async () => {
    const r = await runUzel([...call, '--url', webhook], isolatedEnv({ UZEL_BITRIX24_URL: badWebhook }));
    assert.equal(r.code, 0, r.stderr);
  });
});

describe('a connection comes whole from one source', () => {
  const otherToken = 'token-of-another-portal-0123456789';

  test('--url <webhook> with UZEL_BITRIX24_TOKEN set: the webhook is used, the token stays home', async () => {
    const r = await runUzel([...call, '--url', webhook], isolatedEnv({ UZEL_BITRIX24_TOKEN: otherToken }));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).result[0].id, 1);
  });

  test('--token with UZEL_BITRIX24_URL set: no address, so a clear error naming the source, nothing sent', async () => {
    const before = sandbox.stats.requests;
    const r = await runUzel([...call, '--token', sandbox.info.accessToken], isolatedEnv({ UZEL_BITRIX24_URL: sandbox.info.portal }));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /bitrix24 connection from the command line \(--token\): /);
    // What to do next: the address goes with the token, in the same source.
    assert.match(r.stderr, /give the portal's address \(--url your\.bitrix24\.ru on the command line, portal in the library\)/);
    assert.equal(sandbox.stats.requests, before);
    assert.ok(!shown(r).includes(sandbox.info.accessToken));
  });

  test('--debug says which source was used and which were not, without a secret', async () => {
    const env = isolatedEnv({ UZEL_BITRIX24_TOKEN: otherToken, UZEL_BITRIX24_URL: badWebhook });
    const r = await runUzel([...call, '--url', webhook, '--debug'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /debug: bitrix24 connection from the command line \(--url\); not used: the environment \(UZEL_BITRIX24_URL, UZEL_BITRIX24_TOKEN\)/);
    for (const secret of [code, otherToken, 'ffffffffffffffff']) assert.ok(!shown(r).includes(secret), secret);

    const fromEnv = await runUzel([...call, '--debug'], isolatedEnv({ UZEL_BITRIX24_URL: webhook }));
    assert.match(fromEnv.stderr, /debug: bitrix24 connection from the environment \(UZEL_BITRIX24_URL\)/);
    assert.ok(!shown(fromEnv).includes(code));
  });

  test('connection options and --profile together: exit 2, nothing sent', async () => {
    const env = isolatedEnv();
    await runUzel(['profile', 'add', 'work', 'bitrix24', '--url', webhook], env);
    const before = sandbox.stats.requests;
    const r = await runUzel([...call, '--profile', 'work', '--token', 'x1234567'], env);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /either a profile or connection options \(--token\), not both/);
    assert.equal(sandbox.stats.requests, before);
  });

  test('a profile with "url": 123 is a configuration error (exit 2) naming the profile and the key', async () => {
    const env = isolatedEnv();
    writeFileSync(env.UZEL_CONFIG!, JSON.stringify({ profiles: { bad: { service: 'bitrix24', values: { url: 123 } } } }));
    const r = await runUzel([...call, '--profile', 'bad'], env);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /profile "bad" in .*config\.json: "url" must be text \(a JSON string\), not a number/);
    assert.doesNotMatch(r.stderr, /TypeError|trim|--debug/);
    // the same through UZEL_PROFILE, and for every kind of service
    const commands: Record<string, string[]> = { planfix: ['get-task', '--task', '1'], diadoc: ['get-my-employee', '--box', '7bade7d0-8f84-4ddf-b73f-6d1d3f7cf04f'] };
    for (const [service, command] of Object.entries(commands)) {
      writeFileSync(env.UZEL_CONFIG!, JSON.stringify({ profiles: { bad: { service, values: { url: 123, token: 5 } } } }));
      const other = await runUzel([service, ...command], { ...env, UZEL_PROFILE: 'bad' });
      assert.equal(other.code, 2, other.stderr);
      assert.match(other.stderr, /must be text/);
    }
  });
});

describe('profiles', () => {
  test('add, list (masked), use, precedence, remove', async () => {
    const env = isolatedEnv();
    const file = env.UZEL_CONFIG!;
    const add = await runUzel(['profile', 'add', 'work', 'bitrix24', '--url', webhook], env);
    assert.equal(add.code, 0, add.stderr);
    assert.ok(!shown(add).includes(code), 'add does not echo the secret');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).profiles.work.values.url, webhook);

    const addOauth = await runUzel(['profile', 'add', 'app', 'bitrix24', '--url', sandbox.info.portal, '--token', sandbox.info.accessToken], env);
    assert.equal(addOauth.code, 0, addOauth.stderr);

    const list = await runUzel(['profile', 'list'], env);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^work\tbitrix24\turl=http:\/\/127\.0\.0\.1:\d+\/rest\/1\/\*\*\*\/$/m);
    assert.match(list.stdout, /^app\tbitrix24\t.*token=\*\*\*/m);
    assert.ok(!list.stdout.includes(code) && !list.stdout.includes(sandbox.info.accessToken));

    const used = await runUzel([...call, '--profile', 'work'], env);
    assert.equal(used.code, 0, used.stderr);
    const usedOauth = await runUzel([...call], { ...env, UZEL_PROFILE: 'app' });
    assert.equal(usedOauth.code, 0, usedOauth.stderr);

    // a profile named on the command line wins whole over the environment
    const profileWins = await runUzel([...call, '--profile', 'work'], { ...env, UZEL_BITRIX24_URL: badWebhook });
    assert.equal(profileWins.code, 0, profileWins.stderr);
    // the environment's connection wins whole over UZEL_PROFILE: a bad webhook there fails the call
    const envWins = await runUzel([...call], { ...env, UZEL_PROFILE: 'work', UZEL_BITRIX24_URL: badWebhook });
    assert.equal(envWins.code, 3);
    assert.match(envWins.stderr, /NO_AUTH_FOUND/);
    assert.ok(!shown(envWins).includes('ffffffffffffffff'));

    const missing = await runUzel([...call, '--profile', 'nope'], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no profile named "nope"/);

    const remove = await runUzel(['profile', 'remove', 'work'], env);
    assert.equal(remove.code, 0, remove.stderr);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).profiles.work, undefined);
    const after = await runUzel([...call, '--profile', 'work'], env);
    assert.equal(after.code, 2);
  });

  test('profile add refuses a command line without values', async () => {
    const env = isolatedEnv();
    const r = await runUzel(['profile', 'add', 'x', 'bitrix24'], env);
    assert.equal(r.code, 2);
    assert.ok(!existsSync(env.UZEL_CONFIG!));
  });
});

describe('uzel sandbox', () => {
  test('--json prints one line with what a client needs; stops on SIGTERM with exit 0', async () => {
    const child = spawn(process.execPath, [bin, 'sandbox', 'bitrix24', '--json'], { env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
      });
      child.on('error', reject);
      child.on('close', () => reject(new Error(`exited before printing: ${stdout}`)));
    });
    const info = JSON.parse(line) as { service: string; webhookUrl: string };
    assert.equal(info.service, 'bitrix24');
    // the printed sandbox answers the CLI
    const r = await runUzel(['bitrix24', 'get-server-time', '--url', info.webhookUrl]);
    assert.equal(r.code, 0, r.stderr);
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
  });

  test('an unknown sandbox is a usage error', async () => {
    const r = await runUzel(['sandbox', 'amocrm']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown sandbox "amocrm"/);
  });
});
