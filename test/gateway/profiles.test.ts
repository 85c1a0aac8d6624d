// Connections from profiles, as the CLI reads them: a profile named in the gateway's config, an
// OAuth token refreshed by the shared client and written back into the profile, and none of the
// old or new tokens in any answer or log line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../src/sandbox/bitrix24/index.js';
import { parseConfig } from '../../src/gateway/config.js';
import { hashKey, newKey } from '../../src/gateway/keys.js';
import { createGateway, type Gateway } from '../../src/gateway/server.js';
import { loadService, serviceNames } from '../../src/services/registry.js';
import { scratchDir } from '../cli/helpers.js';
import { infoSecrets, leaks } from './helpers.js';

let sandbox: Bitrix24Sandbox;
let gateway: Gateway;
let url: string;
let profiles: string;
const key = newKey();
const log: string[] = [];
const seen: string[] = [];

before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 3, leads: 1 } });
  profiles = join(scratchDir('gateway-profiles-'), 'config.json');
  const { info } = sandbox;
  writeFileSync(
    profiles,
    JSON.stringify({
      profiles: {
        portal: {
          service: 'bitrix24',
          values: { url: info.url, token: info.accessToken, refresh: info.refreshToken, clientid: info.clientId, clientsecret: info.clientSecret, tokenurl: info.oauthTokenUrl },
        },
      },
    }),
    { mode: 0o600 },
  );
  const services = await Promise.all(serviceNames.map(loadService));
  const config = parseConfig({ keys: [{ name: 'site', hash: hashKey(key) }], connections: { bitrix24: { profile: 'portal' } } });
  // A webhook in the environment too: the profile named in the config wins, whole.
  const env = { UZEL_CONFIG: profiles, UZEL_BITRIX24_URL: 'https://elsewhere.example/rest/1/abcdefgh/' };
  gateway = await createGateway({ config, services, env, log: (line) => log.push(line) });
  url = await gateway.listen(0);
});
after(async () => {
  await gateway?.close();
  await sandbox?.close();
});

async function call(path: string, body: unknown): Promise<{ status: number; body: { result: { ID: string } } }> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  seen.push(text);
  return { status: response.status, body: JSON.parse(text) };
}

test('the profile named in the config is used, not the environment', async () => {
  const answer = await call('/v1/bitrix24/get-deal', { dealId: 1 });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.result.ID, '1');
  assert.ok(log.some((line) => line.includes('bitrix24: connected from profile \\"portal\\"')), log.join(''));
});

test('an expired token is refreshed once by the shared client and written back into the profile', async () => {
  const first = sandbox.info.refreshToken;
  sandbox.expireAccessTokens();
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => call('/v1/bitrix24/get-deal', { dealId: 1 + (i % 3) })));
  assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
  assert.equal(sandbox.stats.refreshes, 1, 'ten callers, one refresh');
  const stored = (JSON.parse(readFileSync(profiles, 'utf8')) as { profiles: { portal: { values: Record<string, string> } } }).profiles.portal.values;
  assert.notEqual(stored.refresh, first, 'the rotated refresh token is kept');
  const secrets = [...infoSecrets(sandbox.info as unknown as Record<string, unknown>), stored.token!, stored.refresh!, key];
  assert.deepEqual(leaks(seen.join('\n') + log.join(''), secrets), []);
});

test('a profile that does not exist stops the start, naming it', async () => {
  const services = await Promise.all(serviceNames.map(loadService));
  const config = parseConfig({ connections: { bitrix24: { profile: 'nowhere' } } });
  await assert.rejects(createGateway({ config, services, env: { UZEL_CONFIG: profiles }, log: () => {} }), /nowhere/);
});

test('a profile listed under another service stops the start, naming both', async () => {
  const services = await Promise.all(serviceNames.map(loadService));
  const config = parseConfig({ connections: { planfix: { profile: 'portal' } } });
  await assert.rejects(createGateway({ config, services, env: { UZEL_CONFIG: profiles }, log: () => {} }), /connections\.planfix\.profile names "portal", a profile for "bitrix24"/);
});

test('UZEL_PROFILE speaks for its own service only: the others still connect from their variables', async () => {
  const services = await Promise.all(serviceNames.map(loadService));
  const lines: string[] = [];
  // UZEL_PROFILE names the Bitrix24 profile; Planfix has its own variables, Diadoc nothing.
  const env = { UZEL_CONFIG: profiles, UZEL_PROFILE: 'portal', UZEL_PLANFIX_ACCOUNT: 'acme', UZEL_PLANFIX_APIKEY: 'k'.repeat(32), UZEL_PLANFIX_TOKEN: 't'.repeat(32) };
  const other = await createGateway({ config: parseConfig({}), services, env, log: (line) => lines.push(line) });
  try {
    const text = lines.join('');
    assert.match(text, /bitrix24: connected from profile \\"portal\\"/);
    assert.match(text, /planfix: connected from the environment/);
    assert.match(text, /diadoc: not connected/);
  } finally {
    await other.close();
  }
});
