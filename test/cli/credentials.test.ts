// Where connection values come from and which secrets get masked, without a process: one source
// per connection, taken whole (src/core/connection.ts, shared by every front end).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceDefinition } from '../../src/core/catalogue.js';
import { describeSource, maskValue, resolveConnection, secretsOf, type ConnectionRequest } from '../../src/core/connection.js';
import { ConfigurationError } from '../../src/core/errors.js';
import { checkProfile, findProfile, profilesPath, readProfiles, updateProfile, writeProfiles } from '../../src/core/profiles.js';

const service = {
  id: 'bitrix24',
  connection: [
    { key: 'url', cli: 'url', env: 'UZEL_BITRIX24_URL', secret: true, description: { en: '', ru: '' } },
    { key: 'token', cli: 'token', env: 'UZEL_BITRIX24_TOKEN', secret: true, description: { en: '', ru: '' } },
  ],
  stored: [{ key: 'refresh', cli: 'refresh', secret: true, description: { en: '', ru: '' } }],
} as unknown as ServiceDefinition;

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'uzel-cred-')), 'nested', 'config.json');

function setup() {
  const file = tempFile();
  writeProfiles(file, {
    profiles: {
      p: { service: 'bitrix24', values: { url: 'https://from.profile/', token: 'profile-token', refresh: 'profile-refresh' } },
      other: { service: 'planfix', values: { token: 'x' } },
    },
  });
  return file;
}

const request = (file: string, over: Partial<ConnectionRequest>): ConnectionRequest => ({ options: {}, env: {}, profilesFile: file, ...over });

describe('one source per connection, taken whole', () => {
  test('options win whole: an environment token never joins a --url (the webhook case)', () => {
    const file = setup();
    const env = { UZEL_BITRIX24_TOKEN: 'env-token', UZEL_BITRIX24_URL: 'https://from.env/' };
    const c = resolveConnection(service, request(file, { options: { url: 'https://portal/rest/1/code123456/' }, env }));
    assert.deepEqual(c.values, { url: 'https://portal/rest/1/code123456/' });
    assert.equal(c.source.kind, 'options');
    assert.deepEqual(c.ignored, ['the environment (UZEL_BITRIX24_URL, UZEL_BITRIX24_TOKEN)']);
    assert.equal(c.save, undefined, 'values from options cannot be written back');
  });

  test('options win whole over UZEL_PROFILE too', () => {
    const file = setup();
    const c = resolveConnection(service, request(file, { options: { token: 't-opt' }, env: { UZEL_PROFILE: 'p' } }));
    assert.deepEqual(c.values, { token: 't-opt' });
  });

  test('the environment wins whole over UZEL_PROFILE: no profile token joins an environment URL', () => {
    const file = setup();
    const c = resolveConnection(service, request(file, { env: { UZEL_BITRIX24_URL: 'https://from.env/', UZEL_PROFILE: 'p' } }));
    assert.deepEqual(c.values, { url: 'https://from.env/' });
    assert.equal(c.source.kind, 'environment');
    assert.deepEqual(c.ignored, ['profile "p" named by UZEL_PROFILE']);
  });

  test('a profile named as an option wins whole over the environment', () => {
    const file = setup();
    const c = resolveConnection(service, request(file, { profile: 'p', env: { UZEL_BITRIX24_TOKEN: 'env-token' } }));
    assert.deepEqual(c.values, { url: 'https://from.profile/', token: 'profile-token', refresh: 'profile-refresh' });
    assert.equal(describeSource(c.source), `profile "p" in ${file}`);
    assert.deepEqual(c.ignored, ['the environment (UZEL_BITRIX24_TOKEN)']);
    assert.ok(c.save, 'a profile can take rotated tokens');
  });

  test('UZEL_PROFILE alone names the profile', () => {
    const file = setup();
    const c = resolveConnection(service, request(file, { env: { UZEL_PROFILE: 'p' } }));
    assert.equal(c.values.token, 'profile-token');
    assert.match(describeSource(c.source), /named by UZEL_PROFILE/);
  });

  test('options and --profile together are refused, not mixed', () => {
    const file = setup();
    assert.throws(() => resolveConnection(service, request(file, { options: { url: 'https://x/' }, profile: 'p' })), /either a profile or connection options \(--url\), not both/);
  });

  test('stored-only settings never come from options or the environment', () => {
    const file = setup();
    const c = resolveConnection(service, request(file, { options: { url: 'https://x/', refresh: 'r' } as Record<string, string>, env: { UZEL_BITRIX24_REFRESH: 'r' } }));
    assert.deepEqual(c.values, { url: 'https://x/' });
  });

  test('nothing anywhere, an unknown profile, a profile of another service: ConfigurationError', () => {
    const file = setup();
    assert.throws(() => resolveConnection(service, request(file, {})), (e) => e instanceof ConfigurationError && /no credentials for bitrix24/.test(e.message));
    assert.throws(() => resolveConnection(service, request(file, { profile: 'missing' })), /no profile named "missing"/);
    assert.throws(() => resolveConnection(service, request(file, { profile: 'other' })), /is for "planfix", not bitrix24/);
  });

  test('rotated values are written back into the profile alone, atomically, mode 0600', () => {
    const file = setup();
    const c = resolveConnection(service, request(file, { profile: 'p' }));
    c.save!({ token: 'new-token', refresh: 'new-refresh' });
    const after = readProfiles(file).profiles;
    assert.deepEqual(after.p!.values, { url: 'https://from.profile/', token: 'new-token', refresh: 'new-refresh' });
    assert.deepEqual(after.other, { service: 'planfix', values: { token: 'x' } });
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });
});

describe('the profiles file is checked', () => {
  const bad: [string, unknown, RegExp][] = [
    ['"url": 123', { service: 'bitrix24', values: { url: 123 } }, /profile "p" in .*: "url" must be text \(a JSON string\), not a number/],
    ['"token": null', { service: 'bitrix24', values: { token: null } }, /"token" must be text .*not null/],
    ['"token": {…}', { service: 'bitrix24', values: { token: { a: 1 } } }, /"token" must be text .*not an object/],
    ['values a list', { service: 'bitrix24', values: ['x'] }, /"values" must be an object of text settings, not a list/],
    ['no service', { values: {} }, /"service" must be a service name/],
    ['a profile that is text', 'https://x/', /must be an object \{"service", "values"\}, not a string/],
  ];
  for (const [what, profile, message] of bad) {
    test(`${what}: a ConfigurationError naming the profile and the key`, () => {
      const file = tempFile();
      writeProfiles(file, { profiles: { p: profile } } as never);
      assert.throws(() => findProfile(file, 'p'), (e) => e instanceof ConfigurationError && message.test(e.message));
      assert.throws(() => resolveConnection(service, request(file, { profile: 'p' })), ConfigurationError);
      assert.throws(() => checkProfile('p', profile, file), ConfigurationError);
    });
  }

  test('a file that is not an object of profiles is refused, never overwritten silently', () => {
    for (const text of ['[]', '{"profiles": []}', '{"profiles": "x"}', '7', '{oops']) {
      const file = tempFile();
      writeProfiles(file, { profiles: {} });
      writeFileSync(file, text);
      assert.throws(() => readProfiles(file), ConfigurationError, text);
      assert.throws(() => updateProfile(file, 'p', { token: 't' }, 'bitrix24'), ConfigurationError, text);
      assert.equal(readFileSync(file, 'utf8'), text);
    }
  });

  test('a missing file has no profiles; updateProfile creates one for a service', () => {
    const file = tempFile();
    assert.deepEqual(readProfiles(file), { profiles: {} });
    assert.throws(() => updateProfile(file, 'p', { token: 't' }), /no profile named "p"/);
    updateProfile(file, 'p', { token: 't' }, 'bitrix24');
    assert.deepEqual(findProfile(file, 'p'), { service: 'bitrix24', values: { token: 't' } });
    assert.throws(() => updateProfile(file, 'p', { token: 't' }, 'planfix'), /is for "bitrix24", not planfix/);
  });
});

test('secrets: the webhook code out of the URL, tokens whole, stored settings too; the host stays readable', () => {
  const secrets = secretsOf(service, { url: 'https://portal.example/rest/1/abcdef123456/', token: 'tok.en.with.dots', refresh: 'refresh-secret' });
  assert.deepEqual(secrets.sort(), ['abcdef123456', 'refresh-secret', 'tok.en.with.dots'].sort());
  assert.equal(maskValue('https://portal.example/rest/1/abcdef123456/', true), 'https://portal.example/rest/1/***/');
  assert.equal(maskValue('secret-token', true), '***');
  assert.equal(maskValue('not-secret', false), 'not-secret');
  // A plain portal address holds no secret: shown whole, bare or with its scheme.
  assert.equal(maskValue('https://your.bitrix24.ru', true, 'url'), 'https://your.bitrix24.ru');
  assert.equal(maskValue('your.bitrix24.ru', true, 'url'), 'your.bitrix24.ru');
  assert.equal(maskValue('your.bitrix24.ru/rest/1/abcdef123456/', true, 'url'), 'your.bitrix24.ru/rest/1/***/');
  // A secret setting that is not an address is hidden whole.
  assert.equal(maskValue('your.bitrix24.ru', true, 'token'), '***');
});

test('config location: UZEL_CONFIG, then XDG_CONFIG_HOME, then ~/.config', () => {
  assert.equal(profilesPath({ UZEL_CONFIG: '/x/c.json' }), '/x/c.json');
  assert.equal(profilesPath({ XDG_CONFIG_HOME: '/xdg' }), join('/xdg', 'uzel', 'config.json'));
  assert.match(profilesPath({}), /\.config[\\/]uzel[\\/]config\.json$/);
  assert.deepEqual(readProfiles('/nonexistent/uzel/config.json'), { profiles: {} });
});
