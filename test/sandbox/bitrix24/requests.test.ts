// How the portal reads a request and answers it, whatever the method: the body by its
// Content-Type, the .xml suffix, scopes, and the basic methods every caller has.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { getJson, postJson, type Reply } from './http.js';

async function post(url: string, body: string | FormData, contentType?: string): Promise<Reply> {
  const res = await fetch(url, { method: 'POST', ...(contentType ? { headers: { 'content-type': contentType } } : {}), body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

describe('bitrix24 sandbox: reading requests (settings/how-to-call-rest-api/general-principles.md)', () => {
  let sb: Bitrix24Sandbox;
  let hook: string;
  before(async () => {
    sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 3, leads: 1 } });
    hook = sb.info.webhookUrl;
  });
  after(() => sb.close());

  const fields = JSON.stringify({ fields: { TITLE: 'Сделка из JSON' } });

  test('a JSON body is JSON only with Content-Type application/json (charset allowed)', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON']) {
      const r = await post(hook + 'crm.deal.add', fields, type);
      assert.equal(r.status, 200, type);
      assert.equal(sb.state.deals.get(Number(r.body.result))?.TITLE, 'Сделка из JSON');
    }
  });

  test('the same JSON text as text/plain or with no type reads as form data: no parameters, as on a portal', async () => {
    // fetch() with a string body sends text/plain;charset=UTF-8 — the common bug.
    const plain = await fetch(hook + 'crm.deal.add', { method: 'POST', body: fields });
    assert.match(plain.headers.get('content-type') ?? '', /json/);
    const cases: Reply[] = [
      { status: plain.status, body: (await plain.json()) as Record<string, unknown>, headers: plain.headers },
      await post(hook + 'crm.deal.add', fields, 'text/plain'),
      await post(hook + 'crm.deal.add', fields, 'application/octet-stream'),
    ];
    for (const r of cases) {
      // crm-deal-add.md: fields missing → "Parameter 'fields' must be array."
      assert.equal(r.status, 400);
      assert.deepEqual(r.body, { error: '', error_description: "Parameter 'fields' must be array." });
    }
    // A form body under text/plain still reads as form data.
    const form = await post(hook + 'crm.deal.add', 'fields[TITLE]=Форма', 'text/plain');
    assert.equal(form.status, 200);
  });

  test('a JSON array body gives the arguments by position, as the task.elapseditem.getlist page sends them', async () => {
    // task-elapsed-item-get-list.md, cURL: -d '[{"ID": "desc"},{">=CREATED_DATE": "2024-02-16"}]'; the
    // older task.* methods read their arguments by position, so a list body is their natural form.
    const added = await post(hook + 'task.elapseditem.add', JSON.stringify([1, { SECONDS: 600, COMMENT_TEXT: 'По позициям' }]), 'application/json');
    assert.equal(added.status, 200, JSON.stringify(added.body));
    const listed = await post(hook + 'task.elapseditem.getlist', JSON.stringify([1, { ID: 'desc' }]), 'application/json');
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    const rows = listed.body.result as { ID: string; COMMENT_TEXT: string }[];
    assert.equal(rows[0]!.ID, String(added.body.result));
    assert.equal(rows[0]!.COMMENT_TEXT, 'По позициям');
    // A JSON scalar is still no set of parameters.
    const scalar = await post(hook + 'crm.deal.add', '5', 'application/json');
    assert.deepEqual([scalar.status, scalar.body.error], [400, 'INVALID_REQUEST']);
  });

  test('multipart/form-data bodies are parsed, bracketed names nested ("every method accepts them")', async () => {
    const data = new FormData();
    data.append('fields[TITLE]', 'Сделка из multipart');
    data.append('fields[OPPORTUNITY]', '1500.5');
    data.append('fields[CONTACT_IDS][]', '3');
    const added = await post(hook + 'crm.deal.add', data);
    assert.equal(added.status, 200, JSON.stringify(added.body));
    const deal = (await getJson(hook + `crm.deal.get?id=${String(added.body.result)}`)).body.result as Record<string, unknown>;
    assert.equal(deal.TITLE, 'Сделка из multipart');
    assert.equal(deal.OPPORTUNITY, '1500.50');
    assert.equal(deal.CONTACT_ID, '3');

    const list = new FormData();
    list.append('filter[>=ID]', '2');
    list.append('select[]', 'ID');
    const listed = await post(hook + 'crm.deal.list', list);
    assert.deepEqual((listed.body.result as { ID: string }[]).map((d) => d.ID).slice(0, 2), ['2', '3']);

    const batch = new FormData();
    batch.append('cmd[a]', 'user.current');
    batch.append('cmd[b]', 'crm.deal.get?id=1');
    const b = await post(hook + 'batch', batch);
    assert.deepEqual(Object.keys((b.body.result as { result: object }).result), ['a', 'b']);
  });

  test('a .xml suffix answers the same data as XML under <response>, errors too', async () => {
    const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false });
    const ok = await fetch(hook + 'user.current.xml');
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('content-type') ?? '', /^text\/xml/);
    const text = await ok.text();
    assert.match(text, /^<\?xml version="1.0"/);
    const doc = parser.parse(text) as { response: { result: Record<string, unknown>; time: Record<string, unknown> } };
    assert.equal(doc.response.result.ID, '1');
    assert.equal(doc.response.result.ACTIVE, '1', 'true prints as PHP prints it');
    assert.ok('duration' in doc.response.time);

    // The docs' own example: batch.xml returns the same data.
    const batch = await fetch(hook + 'batch.xml', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cmd: { get_user: 'user.current' } }) });
    const b = parser.parse(await batch.text()) as { response: { result: { result: { get_user: { ID: string } } } } };
    assert.equal(b.response.result.result.get_user.ID, '1');

    const bad = await fetch(hook + 'crm.deal.get.xml?id=999999');
    assert.equal(bad.status, 400);
    const e = parser.parse(await bad.text()) as { response: { error: string; error_description: string } };
    assert.equal(e.response.error_description, 'Not found');
  });
});

describe('bitrix24 sandbox: scopes (_includes/system-errors.md, api-reference/common/system/scope.md)', () => {
  let sb: Bitrix24Sandbox;
  let hook: string;
  before(async () => {
    sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 2, leads: 1 }, scope: { webhook: ['crm', 'user_brief'], app: 'calendar' } });
    hook = sb.info.webhookUrl;
  });
  after(() => sb.close());

  test('a method outside the webhook scopes answers 403 insufficient_scope with the documented text', async () => {
    for (const method of ['calendar.section.get?type=user', 'department.get', 'im.department.get?ID[]=1', 'user.add?EMAIL=a@b.ru&UF_DEPARTMENT[]=1']) {
      const r = await getJson(hook + method);
      assert.equal(r.status, 403, method);
      assert.deepEqual(r.body, { error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the webhook token' });
    }
    assert.equal((await getJson(hook + 'crm.deal.list')).status, 200);
    // Basic methods need no scope.
    for (const method of ['server.time', 'profile', 'scope', 'methods']) assert.equal((await getJson(hook + method)).status, 200, method);
  });

  test('inside a batch the refused command carries an empty description (the batch page example)', async () => {
    const r = await postJson(hook + 'batch', { halt: 0, cmd: { deals: 'crm.deal.list', deps: 'department.get' } });
    const b = r.body.result as { result: object; result_error: Record<string, unknown> };
    assert.deepEqual(Object.keys(b.result), ['deals']);
    assert.deepEqual(b.result_error.deps, { error: 'insufficient_scope', error_description: '' });
  });

  test('scope lists what the caller holds, full=true everything; methods follows the scopes', async () => {
    assert.deepEqual((await getJson(hook + 'scope')).body.result, ['crm', 'user_brief']);
    const full = (await getJson(hook + 'scope?full=true')).body.result as string[];
    assert.ok(['calendar', 'crm', 'department', 'im', 'user'].every((s) => full.includes(s)));
    const mine = (await getJson(hook + 'methods')).body.result as string[];
    assert.ok(mine.includes('crm.deal.list') && mine.includes('user.get') && mine.includes('batch'));
    assert.ok(!mine.includes('calendar.event.add') && !mine.includes('user.add'));
    const all = (await getJson(hook + 'methods?full=true')).body.result as string[];
    assert.ok(all.includes('calendar.event.add') && all.includes('user.add'));
    assert.deepEqual((await getJson(hook + 'methods?scope=department')).body.result, ['department.add', 'department.delete', 'department.get', 'department.update']);
    const common = (await getJson(hook + 'methods?scope=')).body.result as string[];
    assert.deepEqual(common, ['app.info', 'batch', 'methods', 'profile', 'scope', 'server.time']);
  });

  test('user_brief shows only its fields (api-reference/user/user-scope.md)', async () => {
    const me = (await getJson(hook + 'user.current')).body.result as Record<string, unknown>;
    assert.ok('NAME' in me && 'TIMESTAMP_X' in me && 'UF_DEPARTMENT' in me);
    for (const hidden of ['EMAIL', 'PERSONAL_MOBILE', 'WORK_PHONE', 'LAST_LOGIN', 'USER_TYPE']) assert.ok(!(hidden in me), hidden);
  });

  test('the application has its own scopes; the token endpoint reports them; setScope changes them', async () => {
    const token = sb.info.accessToken;
    assert.equal((await getJson(`${sb.url}/rest/calendar.section.get?type=user&auth=${token}`)).status, 200);
    assert.equal((await getJson(`${sb.url}/rest/crm.deal.list?auth=${token}`)).status, 403);
    const refreshed = await getJson(
      `${sb.info.oauthTokenUrl}?grant_type=refresh_token&client_id=${sb.info.clientId}&client_secret=${sb.info.clientSecret}&refresh_token=${sb.info.refreshToken}`,
    );
    assert.equal(refreshed.body.scope, 'calendar');
    sb.setScope({ webhook: 'crm,department' });
    assert.equal((await getJson(hook + 'department.get')).status, 200);
    assert.equal((await getJson(hook + 'user.current')).status, 403);
    assert.throws(() => sb.setScope({ app: ['crm', 'tasks'] }), /unknown scope tasks/);
  });

  test('the admin API reads and sets the scopes, for a sandbox started from the command line', async () => {
    const scopeUrl = `${sb.url}/_sandbox/scope`;
    const set = await postJson(scopeUrl, { webhook: ['user_brief'], app: 'crm,calendar' });
    assert.equal(set.status, 200);
    assert.deepEqual(set.body, { webhook: ['user_brief'], app: ['crm', 'calendar'] });
    assert.deepEqual((await getJson(scopeUrl)).body, set.body);
    assert.equal((await getJson(hook + 'crm.deal.list')).status, 403);
    assert.equal((await getJson(hook + 'user.current')).status, 200);
    assert.equal((await getJson(`${sb.url}/rest/crm.deal.list?auth=${sb.info.accessToken}`)).status, 200);
    // Only the side named changes; a typo changes nothing and is named.
    assert.deepEqual((await postJson(scopeUrl, { app: [] })).body, { webhook: ['user_brief'], app: [] });
    const typo = await postJson(scopeUrl, { webhook: 'crm,tasks' });
    assert.equal(typo.status, 400);
    assert.match(String(typo.body.error), /unknown scope tasks/);
    for (const bad of [[], 'crm', { webhook: 5 }, { hook: ['crm'] }]) {
      const r = await postJson(scopeUrl, bad);
      assert.equal(r.status, 400, JSON.stringify(bad));
      assert.match(String(r.body.error), /webhook.*app/);
    }
    assert.deepEqual((await getJson(scopeUrl)).body, { webhook: ['user_brief'], app: [] });
    sb.setScope({ webhook: 'crm,user_brief', app: 'calendar' });
  });
});

describe('bitrix24 sandbox: basic methods (api-reference/common/…)', () => {
  let sb: Bitrix24Sandbox;
  before(async () => {
    sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
  });
  after(() => sb.close());

  test('app.info: an application gets its data; a webhook the page\'s ACCESS_DENIED (system/app-info.md)', async () => {
    const r = await getJson(`${sb.url}/rest/app.info?auth=${sb.info.accessToken}`);
    assert.equal(r.status, 200);
    const info = r.body.result as Record<string, unknown>;
    assert.deepEqual(Object.keys(info), ['ID', 'CODE', 'VERSION', 'STATUS', 'INSTALLED', 'PAYMENT_EXPIRED', 'DAYS', 'LANGUAGE_ID', 'LICENSE', 'LICENSE_TYPE', 'LICENSE_FAMILY']);
    assert.equal(info.CODE, sb.info.clientId);
    assert.equal(typeof info.ID, 'number');
    assert.equal(info.INSTALLED, true);
    const hook = await getJson(sb.info.webhookUrl + 'app.info');
    assert.equal(hook.status, 400);
    assert.deepEqual(hook.body, { error: 'ACCESS_DENIED', error_description: 'Access denied! Application context required' });
  });

  test('profile: the basics of the caller; an inactive one gets an empty result (users/profile.md)', async () => {
    const r = (await getJson(sb.info.webhookUrl + 'profile')).body.result as Record<string, unknown>;
    assert.deepEqual(Object.keys(r), ['ID', 'ADMIN', 'NAME', 'LAST_NAME', 'PERSONAL_GENDER', 'TIME_ZONE']);
    assert.equal(r.ID, '1');
    assert.equal(r.ADMIN, true);
    sb.state.users.get(1)!.ACTIVE = false;
    try {
      assert.deepEqual((await getJson(sb.info.webhookUrl + 'profile')).body.result, []);
    } finally {
      sb.state.users.get(1)!.ACTIVE = true;
    }
  });

  test('the docs\' first batch example runs: user.current, department.get, app.info', async () => {
    const r = await postJson(`${sb.url}/rest/batch`, { halt: 0, cmd: { get_user: 'user.current', get_departments: 'department.get', get_app: 'app.info' }, auth: sb.info.accessToken });
    const b = r.body.result as { result: Record<string, unknown>; result_error: unknown };
    assert.deepEqual(Object.keys(b.result), ['get_user', 'get_departments', 'get_app']);
    assert.deepEqual(b.result_error, []);
  });
});
