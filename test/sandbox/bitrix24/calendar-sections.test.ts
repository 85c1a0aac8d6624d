// calendar.section.get: ACCESS is a JSON object of access codes and task IDs, as the docs'
// example shows, never an empty {} (a PHP portal could only send an empty one as []).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { postJson, rows } from './http.js';

describe('bitrix24 sandbox: calendar section access', () => {
  let sb: Bitrix24Sandbox;
  let hook: string;
  before(async () => {
    sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 0, leads: 0 } });
    hook = sb.info.webhookUrl;
  });
  after(() => sb.close());

  test('a user calendar: full access for its owner, busy time for all employees', async () => {
    const res = await fetch(hook + 'calendar.section.get', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"user","ownerId":3}' });
    const text = await res.text();
    assert.match(text, /"ACCESS":\{"G2":13,"U3":19\}/);
    assert.doesNotMatch(text, /"ACCESS":(\{\}|\[\])/);
  });

  test('a section added through the API gets the same defaults; company calendars name their creator', async () => {
    const added = await postJson(hook + 'calendar.section.add', { type: 'user', ownerId: 2, name: 'Проекты' });
    assert.equal(added.status, 200);
    const section = rows(await postJson(hook + 'calendar.section.get', { type: 'user', ownerId: 2 })).find((s) => s.ID === String(added.body.result))!;
    assert.deepEqual(section.ACCESS, { G2: 13, U2: 19 });

    const company = rows(await postJson(hook + 'calendar.section.get', { type: 'company_calendar', ownerId: 0 }));
    assert.ok(company.length > 0);
    for (const s of company) assert.deepEqual(s.ACCESS, { G2: 13, [`U${String(s.CREATED_BY)}`]: 19 });
  });
});
