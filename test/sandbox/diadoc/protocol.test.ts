import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startDiadocSandbox, type DiadocSandbox } from '../../../src/sandbox/diadoc/index.js';
import { parseJson, stringifyJson } from '../../../src/sandbox/diadoc/json.js';
import { ticksFromUnixMs, unixMsFromTicks } from '../../../src/sandbox/diadoc/ticks.js';
import { generateCertificate } from '../../../src/sandbox/common/tls.js';
import { call } from './helpers.js';

describe('diadoc sandbox: exact JSON numbers', () => {
  test('ticks past 2^53 survive a round trip exactly; small numbers stay numbers', () => {
    const text = '{"CreationTimestamp":{"Ticks":638780603013048865},"Count":5,"Ratio":0.5,"Neg":-9007199254740993,"S":"\\u0416\\n"}';
    const value = parseJson(text) as Record<string, unknown>;
    assert.deepEqual(value.CreationTimestamp, { Ticks: 638780603013048865n });
    assert.equal(value.Count, 5);
    assert.equal(value.Ratio, 0.5);
    assert.equal(value.Neg, -9007199254740993n);
    assert.equal(value.S, 'Ж\n');
    assert.equal(stringifyJson(value), text.replace('\\u0416', 'Ж'));
    assert.notEqual(JSON.stringify(JSON.parse(text)), text, 'plain JSON would have rounded the ticks');
    for (const bad of ['{"a":1,}', '{"a" 1}', '[1 2]', '"open', '{}x', '01']) assert.throws(() => parseJson(bad), bad);
  });

  test('ticks convert to the documented date', () => {
    assert.equal(new Date(unixMsFromTicks(638780603013048865n)).toISOString(), '2025-03-20T09:38:21.304Z');
    assert.equal(ticksFromUnixMs(0), 621355968000000000n);
  });
});

describe('diadoc sandbox: errors, formats, faults', () => {
  let sb: DiadocSandbox;
  before(async () => {
    sb = await startDiadocSandbox({ seed: { employees: 10 } });
  });
  after(() => sb.close());

  const employee = () => `/GetEmployee?boxId=${sb.info.boxId}&userId=${sb.info.employeeUserId}`;

  test('no Accept: application/json → 406 text/plain with X-Diadoc-ErrorCode (the service would send protobuf)', async () => {
    for (const accept of [null, '*/*', 'application/x-protobuf']) {
      const res = await call(sb, employee(), { accept });
      assert.equal(res.status, 406, String(accept));
      assert.equal(res.headers.get('x-diadoc-errorcode'), 'Http.NotAcceptable');
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; charset=utf-8/);
      assert.match(res.text, /Accept: application\/json/);
    }
  });

  test('405 with Allow for the wrong HTTP method; 404 for an unknown path; paths are case-insensitive', async () => {
    const wrong = await call(sb, `/CreateEmployee?boxId=${sb.info.boxId}`);
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'POST');
    assert.equal(wrong.headers.get('x-diadoc-errorcode'), 'Http.MethodNotAllowed');
    assert.equal((await call(sb, employee(), { method: 'POST' })).status, 405);
    const unknown = await call(sb, '/GetEverything');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers.get('x-diadoc-errorcode'), 'Http.NotFound');
    assert.equal((await call(sb, employee().replace('/GetEmployee', '/getemployee'))).status, 200);
  });

  test('402 for the box whose API subscription ended, 403 for a box without access, 404 for an unknown box', async () => {
    const expired = await call(sb, `/GetMyEmployee?boxId=${sb.directory.expiredBoxId}`);
    assert.equal(expired.status, 402);
    assert.equal(expired.headers.get('x-diadoc-errorcode'), 'Http.PaymentRequired');
    assert.match(expired.text, /подписка/);
    assert.equal((await call(sb, `/GetEmployees?boxId=${sb.directory.expiredBoxId}`)).status, 402);
    const foreign = await call(sb, `/GetEmployees?boxId=${sb.directory.foreignBoxId}`);
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get('x-diadoc-errorcode'), 'Http.Forbidden');
    assert.equal((await call(sb, '/GetMyEmployee?boxId=11111111-2222-4333-8444-555555555555')).status, 404);
    assert.equal((await call(sb, '/GetMyEmployee?boxId=garbage')).status, 400);
    assert.equal((await call(sb, '/GetMyEmployee')).status, 400);
  });

  // proto/Box: BoxIdGuid "is to be passed to methods as the boxId parameter", and BoxId (the
  // <hex>@diadoc.ru form) "is used when calling many API methods to name the box" — the docs'
  // quick start takes org.Boxes.First().BoxId. Both forms name the box; nothing else does.
  test('boxId in either documented form: the GUID (BoxIdGuid) and <hex>@diadoc.ru (BoxId); anything else is a 400', async () => {
    const legacy = `${sb.info.boxId.replace(/-/g, '')}@diadoc.ru`;
    for (const form of [sb.info.boxId, sb.info.boxId.toUpperCase(), legacy, legacy.toUpperCase()]) {
      const res = await call(sb, `/GetMyEmployee?boxId=${encodeURIComponent(form)}`);
      assert.equal(res.status, 200, form);
    }
    const notBoxIds = [
      '../../V2/GetMyUser',
      `${sb.info.boxId} `,
      ` ${sb.info.boxId}`,
      `{${sb.info.boxId}}`,
      sb.info.boxId.replace(/-/g, ''),
      `${sb.info.boxId}@diadoc.ru`,
      `${sb.info.boxId.replace(/-/g, '')}@example.ru`,
      'random text',
    ];
    for (const bad of notBoxIds) {
      const res = await call(sb, `/GetMyEmployee?boxId=${encodeURIComponent(bad)}`);
      assert.equal(res.status, 400, bad);
      assert.equal(res.headers.get('x-diadoc-errorcode'), 'Http.BadRequest');
      assert.match(res.text, /BoxIdGuid.*BoxId/);
    }
    assert.equal((await call(sb, '/GetMyEmployee?boxId=')).status, 400);
  });

  test('CreateEmployee by certificate takes the names from the X.509 subject', async () => {
    const { cert } = await generateCertificate('127.0.0.1');
    const der = Buffer.from(cert.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const body = {
      Credentials: { Certificate: { Content: der.toString('base64'), Email: 'cert.holder@example.ru' } },
      CanBeInvitedForChat: false,
      Permissions: { UserDepartmentId: '00000000-0000-0000-0000-000000000000', IsAdministrator: false, DocumentAccessLevel: 'DepartmentOnly' },
    };
    const res = await call(sb, `/CreateEmployee?boxId=${sb.info.boxId}`, { body });
    assert.equal(res.status, 200, res.text);
    const created = res.json();
    assert.equal(created.User.Login, 'cert.holder@example.ru');
    assert.deepEqual(created.User.FullName, { LastName: 'uzel', FirstName: 'sandbox' });
    assert.equal((await call(sb, `/CreateEmployee?boxId=${sb.info.boxId}`, { body })).status, 409);
    const garbage = { ...body, Credentials: { Certificate: { Content: Buffer.from('not a certificate').toString('base64') } } };
    assert.equal((await call(sb, `/CreateEmployee?boxId=${sb.info.boxId}`, { body: garbage })).status, 400);
  });

  test('faults: malformed answers truncated JSON; error gives 500; the admin API lists and clears', async () => {
    sb.faults.add({ kind: 'malformed', times: 1, match: 'GetEmployee' });
    const broken = await call(sb, employee());
    assert.equal(broken.status, 200);
    assert.match(broken.headers.get('content-type') ?? '', /application\/json/);
    assert.throws(() => JSON.parse(broken.text));
    assert.equal((await call(sb, employee())).status, 200, 'only once');

    const added = await fetch(`${sb.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'error', status: 500, times: 1 }) });
    assert.equal(added.status, 200);
    assert.equal((await call(sb, '/V2/GetMyUser')).status, 500);
    assert.equal((await call(sb, '/V2/GetMyUser')).status, 200);

    sb.faults.add({ kind: 'drop', times: 1, match: 'GetMyOrganizations' });
    await assert.rejects(call(sb, '/GetMyOrganizations'));
    await fetch(`${sb.url}/_sandbox/faults`, { method: 'DELETE' });
    assert.equal((await call(sb, '/GetMyOrganizations')).status, 200);
  });

  test('an internal failure answers 500 text/plain with Http.InternalServerError', async () => {
    // Break the state on purpose: an employee whose user record is gone cannot be written out.
    sb.state.users.delete(sb.info.employeeUserId);
    const res = await call(sb, employee());
    assert.equal(res.status, 500);
    assert.equal(res.headers.get('x-diadoc-errorcode'), 'Http.InternalServerError');
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; charset=utf-8/);
    await fetch(`${sb.url}/_sandbox/reset`, { method: 'POST' });
    assert.equal((await call(sb, employee())).status, 200);
  });

  test('reset brings back the seeded data and keeps the ready tokens working', async () => {
    const path = `/DeleteEmployee?boxId=${sb.info.boxId}&userId=${sb.info.employeeUserId}`;
    assert.equal((await call(sb, path, { method: 'POST' })).status, 200);
    assert.equal((await call(sb, employee())).status, 404);
    sb.expireTokens();
    const reset = await fetch(`${sb.url}/_sandbox/reset`, { method: 'POST' });
    assert.equal(reset.status, 200);
    assert.equal((await call(sb, employee())).status, 200);
    assert.ok(sb.stats.requests > 0);
    assert.ok((sb.stats.byMethod.GetEmployee ?? 0) > 0);
  });
});

describe('diadoc sandbox: deterministic seed', () => {
  test('the same seed gives the same data; another seed gives other data', async () => {
    const a = await startDiadocSandbox({ seed: { employees: 30, randomSeed: 7 } });
    const b = await startDiadocSandbox({ seed: { employees: 30, randomSeed: 7 } });
    const c = await startDiadocSandbox({ seed: { employees: 30, randomSeed: 8 } });
    try {
      const page = async (sb: DiadocSandbox) => (await call(sb, `/GetEmployees?boxId=${sb.info.boxId}&count=50`)).text;
      assert.equal(a.info.boxId, b.info.boxId);
      assert.equal(await page(a), await page(b));
      assert.notEqual(a.info.boxId, c.info.boxId);
      const names = JSON.parse(await page(a)).Employees.map((e: { User: { FullName: { LastName: string } } }) => e.User.FullName.LastName);
      assert.ok(names.every((n: string) => /^[А-ЯЁ][а-яё]+$/.test(n)), 'Russian surnames');
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});

describe('diadoc sandbox: TLS', () => {
  let sb: DiadocSandbox;
  before(async () => {
    sb = await startDiadocSandbox({ tls: true, seed: { employees: 5 } });
  });
  after(() => sb.close());

  test('a separate Node process trusting the certificate calls the API over HTTPS', async () => {
    assert.ok(sb.url.startsWith('https://'));
    assert.ok(sb.info.certPath);
    const script = `
      const res = await fetch(process.env.TARGET, { headers: { accept: 'application/json', authorization: process.env.AUTH } });
      process.stdout.write(res.status + ' ' + await res.text());
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        ...process.env,
        NODE_EXTRA_CA_CERTS: sb.info.certPath,
        TARGET: `${sb.url}/GetEmployee?boxId=${sb.info.boxId}&userId=${sb.info.employeeUserId}`,
        AUTH: `Bearer ${sb.info.oauth.accessToken}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, err);
    assert.match(out, /^200 \{"User":\{"UserId":"6dc8c481-7cec-4675-8fd3-711cbe752eaa"/);
    assert.ok(out.includes('"Ticks":638780603013048865}'));
  });
});
