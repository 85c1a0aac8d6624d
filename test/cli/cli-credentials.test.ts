// End-to-end: where credentials come from (options, environment, profiles), their precedence,
// the profile file's mode and masking, and `uzel sandbox`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
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

    // the environment wins over the profile: a bad webhook in the environment fails the call
    const envWins = await runUzel([...call, '--profile', 'work'], { ...env, UZEL_BITRIX24_URL: badWebhook });
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
