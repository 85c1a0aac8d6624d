// user.get and user.search return only the fields `select` names (user.get docs: masks `*` and
// `UF_*`, unknown names skipped without an error).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { getJson, postForm, postJson, rows } from './http.js';

describe('bitrix24 sandbox: select in user.get and user.search', () => {
  let sb: Bitrix24Sandbox;
  let hook: string;
  before(async () => {
    sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 0, leads: 0 } });
    hook = sb.info.webhookUrl;
  });
  after(() => sb.close());

  test('only the listed fields come back, by JSON, form and query string', async () => {
    const json = await postJson(hook + 'user.get', { FILTER: { ID: 5 }, select: ['ID', 'NAME'] });
    assert.equal(json.status, 200);
    assert.deepEqual(rows(json).map((u) => Object.keys(u)), [['ID', 'NAME']]);
    assert.equal(rows(json)[0]!.ID, '5');
    assert.equal(rows(json)[0]!.NAME, sb.state.users.get(5)!.NAME);

    const form = await postForm(hook + 'user.get', 'FILTER[ID]=5&select[0]=NAME&select[1]=ID');
    assert.deepEqual(form.body.result, json.body.result);
    const query = await getJson(hook + 'user.get?FILTER[ID]=5&select[]=name&select[]=id');
    assert.deepEqual(query.body.result, json.body.result, 'field names are not case-sensitive');
  });

  test('a value without an operator is the whole value; a prefix search needs =% (user-get.md operator list, DEVIATIONS.md)', async () => {
    const name = sb.state.users.get(5)!.NAME;
    const prefix = name.slice(0, 2);
    const ids = async (filter: Record<string, unknown>) => rows(await postJson(hook + 'user.get', { filter, select: ['ID'] })).map((u) => u.ID);
    const named = await ids({ NAME: name.toUpperCase() });
    assert.ok(named.includes('5'), 'letter case aside, the whole name matches');
    assert.deepEqual(await ids({ NAME: `${prefix}%` }), [], 'the % of a value without an operator is a plain character');
    const starting = sb.state.users.all().filter((u) => u.NAME.toLowerCase().startsWith(prefix.toLowerCase())).map((u) => String(u.ID));
    assert.deepEqual(await ids({ '=%NAME': `${prefix}%` }), starting);
    assert.deepEqual(await ids({ '%=NAME': `${prefix}%` }), starting);
  });

  test('ID comes only when asked for; unknown names are skipped without an error', async () => {
    const noId = await postJson(hook + 'user.get', { FILTER: { '@ID': [2, 3] }, select: ['LAST_NAME', 'NO_SUCH_FIELD'] });
    assert.equal(noId.status, 200);
    assert.deepEqual(rows(noId).map((u) => Object.keys(u)), [['LAST_NAME'], ['LAST_NAME']]);
  });

  test('masks: * gives everything, UF_* the custom fields; no select gives everything', async () => {
    const plain = rows(await postJson(hook + 'user.get', { FILTER: { ID: 3 } }))[0]!;
    const star = rows(await postJson(hook + 'user.get', { FILTER: { ID: 3 }, select: ['*'] }))[0]!;
    assert.deepEqual(star, plain);
    assert.ok(Object.keys(plain).length > 10);

    const custom = rows(await postJson(hook + 'user.get', { FILTER: { ID: 3 }, select: ['ID', 'UF_*'] }))[0]!;
    const expected = ['ID', ...Object.keys(plain).filter((k) => k.startsWith('UF_'))];
    assert.deepEqual(Object.keys(custom).sort(), expected.sort());
    assert.ok(expected.includes('UF_DEPARTMENT'));
  });

  test('user.search honours select too; paging is unchanged', async () => {
    const found = await postJson(hook + 'user.search', { FILTER: { USER_TYPE: 'employee' }, select: ['ID', 'WORK_POSITION'] });
    assert.equal(found.status, 200);
    assert.ok(rows(found).length > 0);
    for (const u of rows(found)) assert.deepEqual(Object.keys(u), ['ID', 'WORK_POSITION']);
    assert.equal(found.body.total, sb.state.users.all().filter((u) => u.USER_TYPE === 'employee').length);
  });
});
