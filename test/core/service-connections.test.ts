// The connections of a server front end (MCP server, gateway): one per served service, each from
// one source — a profile named for it, its own variables, or UZEL_PROFILE when it is for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../../src/core/errors.js';
import { writeProfiles } from '../../src/core/profiles.js';
import { resolveServiceConnections } from '../../src/core/service-connections.js';
import { loadService } from '../../src/services/registry.js';

const file = join(mkdtempSync(join(tmpdir(), 'uzel-served-')), 'config.json');
writeProfiles(file, {
  profiles: {
    crm: { service: 'bitrix24', values: { url: 'https://crm.example.ru/rest/1/abcdef123456/' } },
    crm2: { service: 'bitrix24', values: { url: 'https://other.example.ru/rest/1/zyxwvu987654/' } },
    tasks: { service: 'planfix', values: { account: 'acme', apikey: 'key-123456', token: 'tok-123456' } },
  },
});

test('a profile per service, variables for another, none for the third', async () => {
  const services = await Promise.all((['bitrix24', 'planfix', 'diadoc'] as const).map(loadService));
  const env = { UZEL_DIADOC_CLIENTID: 'client-1', UZEL_DIADOC_TOKEN: 'diadoc-token-1' };
  const { connected, missing } = resolveServiceConnections({ services, profiles: ['crm'], env, profilesFile: file });
  assert.deepEqual(connected.map((c) => [c.service.id, c.connection.source.kind]), [['bitrix24', 'profile'], ['diadoc', 'environment']]);
  assert.deepEqual(connected[0]!.connection.secrets, ['abcdef123456'], 'the webhook code, not the host');
  assert.ok(connected[1]!.connection.secrets.includes('diadoc-token-1'));
  assert.deepEqual(missing.map((m) => m.service.id), ['planfix']);
  assert.match(missing[0]!.how, /UZEL_PLANFIX_\* variables \(e\.g\. UZEL_PLANFIX_URL\), or a profile of planfix/);
});

test('UZEL_PROFILE speaks for its own service only', async () => {
  const services = await Promise.all((['bitrix24', 'planfix'] as const).map(loadService));
  const env = { UZEL_PROFILE: 'tasks', UZEL_BITRIX24_URL: 'https://env.example.ru/rest/1/qwerty123456/' };
  const { connected } = resolveServiceConnections({ services, profiles: [], env, profilesFile: file });
  assert.deepEqual(connected.map((c) => [c.service.id, c.connection.source.kind]), [['bitrix24', 'environment'], ['planfix', 'profile']]);
});

test('two profiles for one service, or a profile of a service not served, are refused', async () => {
  const services = [await loadService('bitrix24')];
  assert.throws(() => resolveServiceConnections({ services, profiles: ['crm', 'crm2'], env: {}, profilesFile: file }), (e: unknown) =>
    e instanceof ConfigurationError && /"crm" and "crm2" are both for bitrix24/.test(e.message));
  assert.throws(() => resolveServiceConnections({ services, profiles: ['tasks'], env: {}, profilesFile: file }), (e: unknown) =>
    e instanceof ConfigurationError && /"tasks" is for "planfix", which is not served here/.test(e.message));
});

test('a UZEL_PROFILE that cannot be used speaks for no service: the others connect from their variables, the rest say why', async () => {
  const services = await Promise.all((['bitrix24', 'planfix'] as const).map(loadService));
  const env = { UZEL_PROFILE: 'gone', UZEL_BITRIX24_URL: 'https://env.example.ru/rest/1/qwerty123456/' };
  const { connected, missing } = resolveServiceConnections({ services, profiles: [], env, profilesFile: file });
  assert.deepEqual(connected.map((c) => [c.service.id, c.connection.source.kind]), [['bitrix24', 'environment']]);
  assert.deepEqual(missing.map((m) => m.service.id), ['planfix']);
  assert.match(missing[0]!.how, /UZEL_PROFILE names a profile that cannot be used: .*"gone"/);
});
