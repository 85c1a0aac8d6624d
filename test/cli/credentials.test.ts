// Where connection values come from and which secrets get masked, without a process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceDefinition } from '../../src/core/catalogue.js';
import { configPath, readConfig, writeConfig } from '../../src/cli/config.js';
import { maskValue, resolveConnection, secretsOf } from '../../src/cli/credentials.js';
import { UsageError } from '../../src/cli/exit-codes.js';

const service = {
  id: 'bitrix24',
  connection: [
    { key: 'url', cli: 'url', env: 'UZEL_BITRIX24_URL', secret: true, description: { en: '', ru: '' } },
    { key: 'token', cli: 'token', env: 'UZEL_BITRIX24_TOKEN', secret: true, description: { en: '', ru: '' } },
  ],
} as unknown as ServiceDefinition;

test('option > environment > profile, key by key', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'uzel-cred-')), 'nested', 'config.json');
  writeConfig(file, { profiles: { p: { service: 'bitrix24', values: { url: 'https://from.profile/', token: 'profile-token' } } } });
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const env = { UZEL_BITRIX24_URL: 'https://from.env/' };
  assert.deepEqual(resolveConnection(service, {}, env, 'p', file).values, { url: 'https://from.env/', token: 'profile-token' });
  assert.deepEqual(resolveConnection(service, { url: 'https://from.option/' }, env, 'p', file).values, {
    url: 'https://from.option/',
    token: 'profile-token',
  });
  assert.throws(() => resolveConnection(service, {}, {}, undefined, file), UsageError);
  assert.throws(() => resolveConnection(service, {}, {}, 'missing', file), /no profile named "missing"/);
  writeConfig(file, { profiles: { other: { service: 'planfix', values: { token: 'x' } } } });
  assert.throws(() => resolveConnection(service, {}, {}, 'other', file), /is for planfix, not bitrix24/);
});

test('secrets: the webhook code out of the URL, tokens whole; the host stays readable', () => {
  const secrets = secretsOf(service, { url: 'https://portal.example/rest/1/abcdef123456/', token: 'tok.en.with.dots' });
  assert.deepEqual(secrets.sort(), ['abcdef123456', 'tok.en.with.dots'].sort());
  assert.equal(maskValue('https://portal.example/rest/1/abcdef123456/', true), 'https://portal.example/rest/1/***/');
  assert.equal(maskValue('secret-token', true), '***');
  assert.equal(maskValue('not-secret', false), 'not-secret');
});

test('config location: UZEL_CONFIG, then XDG_CONFIG_HOME, then ~/.config', () => {
  assert.equal(configPath({ UZEL_CONFIG: '/x/c.json' }), '/x/c.json');
  assert.equal(configPath({ XDG_CONFIG_HOME: '/xdg' }), join('/xdg', 'uzel', 'config.json'));
  assert.match(configPath({}), /\.config[\\/]uzel[\\/]config\.json$/);
  assert.deepEqual(readConfig('/nonexistent/uzel/config.json'), { profiles: {} });
});
