import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { XMLValidator } from 'fast-xml-parser';
import { startPlanfixSandbox, type PlanfixSandbox } from '../../../src/sandbox/planfix/index.js';
import { basic, call, obj, ok, requestXml } from './helpers.js';

describe('planfix sandbox: request limits', () => {
  // The docs ("REST API: Введение", "Введение" of the XML API): "1 запрос в секунду", and no
  // answer is documented for going over it; no code of "Коды ошибок XML API v1" means "too fast".
  // The sandbox refuses at the HTTP level (DEVIATIONS.md): 429, Retry-After, no <response>.
  test('the per-second limit answers HTTP 429 with Retry-After and no Planfix error code, per API key', async () => {
    const sb = await startPlanfixSandbox({ rateLimit: { perSecond: 2 }, seed: { tasks: 1, contacts: 1 } });
    try {
      const answers = await Promise.all([call(sb, 'user.get'), call(sb, 'user.get'), call(sb, 'user.get')]);
      const limited = answers.filter((a) => a.httpStatus === 429);
      assert.equal(limited.length, 1);
      assert.equal(limited[0]?.code, undefined, 'no code of the error table is reused');
      assert.doesNotMatch(limited[0]?.text ?? '', /<response|<code>/);
      assert.match(limited[0]?.headers.get('content-type') ?? '', /^text\/plain/);
      assert.equal(limited[0]?.headers.get('retry-after'), '1');
      assert.equal(answers.filter((a) => a.status === 'ok').length, 2);
      assert.equal(sb.stats.rateLimited, 1);
      // Another key has its own budget (and is then turned away as a wrong key).
      assert.equal((await call(sb, 'user.get', {}, { basic: basic('other-key', 'x') })).code, '0001');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      assert.equal((await call(sb, 'user.get')).status, 'ok');
    } finally {
      await sb.close();
    }
  });

  test('the daily limit answers 0007 when spent; X-RateLimit-Remaining counts down on every answer', async () => {
    const sb = await startPlanfixSandbox({ rateLimit: false, dailyLimit: 3, seed: { tasks: 1, contacts: 1 } });
    try {
      const remaining: (string | null)[] = [];
      for (let i = 0; i < 3; i++) {
        const answer = await call(sb, 'user.get');
        assert.equal(answer.status, 'ok');
        remaining.push(answer.headers.get('x-ratelimit-remaining'));
      }
      assert.deepEqual(remaining, ['2', '1', '0']);
      const spent = await call(sb, 'user.get');
      assert.equal(spent.code, '0007');
      assert.equal(spent.headers.get('x-ratelimit-remaining'), '0');
      // A reset through the admin API restores the quota.
      const reset = await fetch(`${sb.url}/_sandbox/reset`, { method: 'POST' });
      assert.equal(reset.status, 200);
      await reset.text();
      assert.equal((await call(sb, 'user.get')).status, 'ok');
    } finally {
      await sb.close();
    }
  });

  test('requests for another account do not spend the quota; with the daily limit off there is no header', async () => {
    const sb = await startPlanfixSandbox({ rateLimit: false, dailyLimit: 1, seed: { tasks: 1, contacts: 1 } });
    const unlimited = await startPlanfixSandbox({ rateLimit: false, dailyLimit: false, seed: { tasks: 1, contacts: 1 } });
    try {
      const xml = requestXml('user.get', { account: 'stranger' });
      const res = await fetch(sb.info.url, { method: 'POST', headers: { authorization: basic(sb.info.apiKey, sb.info.token) }, body: xml });
      assert.match(await res.text(), /<code>0004<\/code>/);
      assert.equal((await call(sb, 'user.get')).status, 'ok');
      const answer = await call(unlimited, 'user.get');
      assert.equal(answer.status, 'ok');
      assert.equal(answer.headers.get('x-ratelimit-remaining'), null);
    } finally {
      await sb.close();
      await unlimited.close();
    }
  });
});

describe('planfix sandbox: faults, reset and seed', () => {
  let sb: PlanfixSandbox;
  before(async () => {
    sb = await startPlanfixSandbox({ rateLimit: false, seed: { tasks: 40, contacts: 10, randomSeed: 7 } });
  });
  after(() => sb.close());

  test('a malformed fault sends truncated XML as application/xml, then the service answers again', async () => {
    sb.faults.add({ kind: 'malformed', times: 1 });
    const broken = await call(sb, 'user.get');
    assert.equal(broken.httpStatus, 200);
    assert.match(broken.headers.get('content-type') ?? '', /application\/xml/);
    assert.notEqual(XMLValidator.validate(broken.text), true);
    assert.equal((await call(sb, 'user.get')).status, 'ok');
  });

  test('faults set through the admin API: an HTTP 503 once', async () => {
    const added = await fetch(`${sb.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'error', status: 503, times: 1 }) });
    assert.equal(added.status, 200);
    await added.text();
    assert.equal((await call(sb, 'user.get')).httpStatus, 503);
    assert.equal((await call(sb, 'user.get')).status, 'ok');
  });

  test('reset returns to the seeded state and ends sessions', async () => {
    const before = sb.state.tasks.size;
    await ok(sb, 'task.add', { task: { title: 'Временная задача' } });
    const sid = String((await ok(sb, 'auth.login', { login: sb.info.login, password: sb.info.password }, { basic: basic(sb.info.apiKey, '') })).sid);
    assert.equal(sb.state.tasks.size, before + 1);
    const res = await fetch(`${sb.url}/_sandbox/reset`, { method: 'POST' });
    await res.text();
    assert.equal(sb.state.tasks.size, before);
    assert.equal((await call(sb, 'user.get', {}, { sid })).code, '0005');
  });

  test('the seed is deterministic for a randomSeed and differs for another', async () => {
    const same = await startPlanfixSandbox({ rateLimit: false, seed: { tasks: 40, contacts: 10, randomSeed: 7 } });
    const other = await startPlanfixSandbox({ rateLimit: false, seed: { tasks: 40, contacts: 10, randomSeed: 8 } });
    try {
      const titles = (s: PlanfixSandbox): string[] => [...s.state.tasks.values()].map((t) => `${t.title}|${t.status}|${t.workers.users.join(',')}`);
      assert.deepEqual(titles(same), titles(sb));
      assert.notDeepEqual(titles(other), titles(sb));
      assert.equal(sb.state.tasks.size, 42, '40 tasks and 2 templates');
      assert.equal(sb.state.contacts.size, 10);
      const statuses = new Set([...sb.state.tasks.values()].map((t) => t.status));
      assert.ok(statuses.size >= 4, 'tasks in several statuses');
      assert.ok([...sb.state.users.values()].some((u) => u.status === 'UNACTIVE'));
      const card = obj((await ok(sb, 'task.get', { task: { id: 10001 } })).task);
      assert.match(String(card.title), /[а-яё]/i);
    } finally {
      await same.close();
      await other.close();
    }
  });
});

describe('planfix sandbox: TLS', () => {
  let sb: PlanfixSandbox;
  before(async () => {
    sb = await startPlanfixSandbox({ tls: true, rateLimit: false, seed: { tasks: 5, contacts: 2 } });
  });
  after(() => sb.close());

  test('serves HTTPS with a certificate a child process trusts through NODE_EXTRA_CA_CERTS', async () => {
    assert.ok(sb.info.url.startsWith('https://'));
    assert.ok(sb.info.certPath);
    const script = `
      const res = await fetch(process.env.PF_URL, { method: 'POST', headers: { authorization: process.env.PF_AUTH, 'content-type': 'application/xml' }, body: process.env.PF_XML });
      process.stdout.write(res.status + ' ' + await res.text());
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        ...process.env,
        NODE_EXTRA_CA_CERTS: sb.info.certPath,
        PF_URL: sb.info.url,
        PF_AUTH: basic(sb.info.apiKey, sb.info.token),
        PF_XML: requestXml('user.get', { account: sb.info.account }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(exitCode, 0, err);
    assert.match(out, /^200 /);
    assert.match(out, /<response status="ok"><user><id>1<\/id>/);
  });
});
