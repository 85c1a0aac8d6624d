// `npx uzel serve` as users run it: the built binary in a child process, a sandbox in this one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../src/sandbox/bitrix24/index.js';
import { hashKey } from '../../src/gateway/keys.js';
import { bin, isolatedEnv, runUzel, scratchDir } from '../cli/helpers.js';
import { infoSecrets, leaks } from './helpers.js';

let sandbox: Bitrix24Sandbox;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 5, leads: 1 } });
});
after(() => sandbox.close());

/** Starts `uzel serve`, resolves once it prints its address. */
function serve(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; stdout: () => string; stderr: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [bin, 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /^Uzel gateway: (http:\/\/\S+)/m.exec(stdout);
      if (match && /\n/.test(stdout.slice(match.index))) resolve({ child, url: match[1]!, stdout: () => stdout, stderr: () => stderr, exit });
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    void exit.then((code) => reject(new Error(`uzel serve ended (${code}): ${stderr}`)));
  });
}

test('--help says how to start it, in both languages', async () => {
  const result = await runUzel(['serve', '--help']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^npx uzel serve \[--port N\]/);
  assert.match(result.stdout, /Запускает HTTP-шлюз/);
});

test('--new-key prints a key and the config line with its hash, nothing else on stdout', async () => {
  const result = await runUzel(['serve', '--new-key', 'site']);
  assert.equal(result.code, 0, result.stderr);
  const [key, line, rest] = result.stdout.split('\n');
  assert.match(key!, /^uzel_[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(JSON.parse(line!), { name: 'site', hash: hashKey(key!) });
  assert.equal(rest, '');
  assert.match(result.stderr, /not stored anywhere/);
});

test('a bad config is refused before starting, naming the setting (exit 2)', async () => {
  const dir = scratchDir('gateway-');
  const file = join(dir, 'gateway.json');
  writeFileSync(file, JSON.stringify({ keys: [{ name: 'site', hash: 'plain-text-key', write: 'yes' }] }));
  const result = await runUzel(['serve', '--config', file]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /keys\.0\.hash: expected "sha256:"/);
  assert.match(result.stderr, /keys\.0\.write/);
  assert.doesNotMatch(result.stderr, /plain-text-key|at .*\.js/);
  const port = await runUzel(['serve', '--port', 'eighty']);
  assert.equal(port.code, 2);
  assert.match(port.stderr, /--port: expected a port number/);
});

test('with a config: answers calls with the configured key, logs JSON lines to its file, stops on SIGTERM', async () => {
  const dir = scratchDir('gateway-');
  const key = 'uzel_' + 'k'.repeat(43);
  const log = join(dir, 'requests.log');
  const file = join(dir, 'gateway.json');
  writeFileSync(file, JSON.stringify({ keys: [{ name: 'site', hash: hashKey(key) }], log }));
  const env = isolatedEnv({ UZEL_BITRIX24_URL: sandbox.info.webhookUrl });
  const running = await serve(['--port', '0', '--config', file], env);
  try {
    const health = await fetch(`${running.url}/health`);
    assert.equal(health.status, 200);
    const ready = (await (await fetch(`${running.url}/ready`)).json()) as { ready: boolean; services: Record<string, string> };
    assert.deepEqual(ready, { ready: true, services: { bitrix24: 'connected', planfix: 'not connected', diadoc: 'not connected' } });
    const before = sandbox.stats.requests;
    const answer = await fetch(`${running.url}/v1/bitrix24/get-deal`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{"dealId": 1}' });
    assert.equal(answer.status, 200);
    assert.equal(((await answer.json()) as { result: { ID: string } }).result.ID, '1');
    assert.equal(sandbox.stats.requests, before + 1);
    const planfix = await fetch(`${running.url}/v1/planfix/get-project-list`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
    assert.equal(planfix.status, 503);
    assert.match(await planfix.text(), /planfix is not connected on this gateway/);
    assert.doesNotMatch(running.stdout(), /Key for this run/, 'configured keys: no run key');
  } finally {
    running.child.kill('SIGTERM');
  }
  assert.equal(await running.exit, 0);
  const lines = readFileSync(log, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(lines.some((l) => l.route === 'bitrix24/get-deal' && l.status === 200 && l.key === 'site'));
  assert.ok(lines.some((l) => l.route === 'planfix/get-project-list' && l.status === 503));
  const secrets = [...infoSecrets(sandbox.info as unknown as Record<string, unknown>), key];
  assert.deepEqual(leaks(readFileSync(log, 'utf8') + running.stdout() + running.stderr(), secrets), []);
});

test('without a config: a read-only key for this run is printed, and works', async () => {
  const env = isolatedEnv({ UZEL_BITRIX24_URL: sandbox.info.webhookUrl });
  const running = await serve(['--port', '0'], env);
  try {
    await new Promise<void>((resolve) => {
      const check = () => (/Key for this run.*: (uzel_\S+)/.test(running.stdout()) ? resolve() : setTimeout(check, 20));
      check();
    });
    const key = /Key for this run.*: (uzel_\S+)/.exec(running.stdout())![1]!;
    const call = (path: string, body: string) => fetch(`${running.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
    assert.equal((await call('/v1/bitrix24/get-deal', '{"dealId": 2}')).status, 200);
    assert.equal((await call('/v1/bitrix24/delete-deal', '{"dealId": 2}')).status, 403);
    // The log goes to stderr, as JSON lines after the start-up notes.
    assert.match(running.stderr(), /"path":"\/v1\/bitrix24\/get-deal","status":200,/);
  } finally {
    running.child.kill('SIGTERM');
  }
  assert.equal(await running.exit, 0);
});

test("the READMEs' gateway config is a config the gateway takes", async () => {
  const { parseConfig } = await import('../../src/gateway/config.js');
  for (const file of ['README.md', 'README.ru.md']) {
    const text = readFileSync(file, 'utf8');
    const section = text.slice(text.search(/^## HTTP/m));
    const json = /```json\n([\s\S]*?)```/.exec(section)![1]!.replaceAll('sha256:…', hashKey('example'));
    const config = parseConfig(JSON.parse(json), file);
    assert.deepEqual(config.handlers.map((h) => h.method), ['bitrix24/get-deals'], file);
    // Its handler's fixed arguments are valid for the method (checked when the gateway starts).
    const { createGateway } = await import('../../src/gateway/server.js');
    const { loadService, serviceNames } = await import('../../src/services/registry.js');
    const services = await Promise.all(serviceNames.map(loadService));
    const gateway = await createGateway({ config: { ...config, connections: {} }, services, env: {}, log: () => {} });
    assert.ok(gateway.routes.some((r) => r.path === '/v1/handlers/new-deals'));
    await gateway.close();
  }
});
