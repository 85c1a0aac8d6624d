// Every field of api-reference/user/user-fields.md: returned by default and when selected,
// written by user.add / user.update where user-add.md lists it, and usable in FILTER
// (user-get.md: "any parameter of user.add", dates in ISO 8601 or the portal's format).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { getJson, postJson, rows } from './http.js';

describe('bitrix24 sandbox: user fields', () => {
  let sb: Bitrix24Sandbox;
  let hook: string;
  before(async () => {
    sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
    hook = sb.info.webhookUrl;
  });
  after(() => sb.close());

  test('user.get returns TIMESTAMP_X, LAST_ACTIVITY_DATE and PERSONAL_WWW by default and when selected', async () => {
    const all = rows(await postJson(hook + 'user.get', { FILTER: { ID: 2 } }))[0]!;
    // The forms of the batch page's user.current answer: "24.08.2023 13:19:39", "2024-08-29 10:30:11".
    assert.match(String(all.TIMESTAMP_X), /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/);
    assert.match(String(all.LAST_ACTIVITY_DATE), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.equal(all.PERSONAL_WWW, '');
    const picked = rows(await postJson(hook + 'user.get', { FILTER: { ID: 2 }, select: ['TIMESTAMP_X', 'LAST_ACTIVITY_DATE', 'PERSONAL_WWW'] }))[0]!;
    assert.deepEqual(Object.keys(picked), ['TIMESTAMP_X', 'LAST_ACTIVITY_DATE', 'PERSONAL_WWW']);
    const me = (await getJson(hook + 'user.current')).body.result as Record<string, unknown>;
    assert.ok('TIMESTAMP_X' in me && 'LAST_ACTIVITY_DATE' in me);
  });

  test('an update moves TIMESTAMP_X; >TIMESTAMP_X then finds exactly the changed users (incremental sync)', async () => {
    const mark = new Date(Date.now() - 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    assert.deepEqual(rows(await postJson(hook + 'user.get', { FILTER: { '>TIMESTAMP_X': mark } })), [], 'nobody changed yet');
    assert.equal((await postJson(hook + 'user.update', { ID: 5, PERSONAL_WWW: 'https://example.ru' })).body.result, true);
    const changed = rows(await postJson(hook + 'user.get', { FILTER: { '>TIMESTAMP_X': mark } }));
    assert.deepEqual(changed.map((u) => u.ID), ['5']);
    assert.equal(changed[0]!.PERSONAL_WWW, 'https://example.ru');
    // The portal's own date format works as a filter value too.
    const portalForm = String(changed[0]!.TIMESTAMP_X);
    assert.deepEqual(rows(await postJson(hook + 'user.get', { FILTER: { '>=TIMESTAMP_X': portalForm } })).map((u) => u.ID), ['5']);
  });

  test('>LAST_ACTIVITY_DATE and <LAST_ACTIVITY_DATE split the users; sorting by it works', async () => {
    const users = rows(await postJson(hook + 'user.get', { select: ['ID', 'LAST_ACTIVITY_DATE'], sort: 'LAST_ACTIVITY_DATE', order: 'DESC' }));
    const dates = users.map((u) => String(u.LAST_ACTIVITY_DATE));
    assert.deepEqual(dates, [...dates].sort().reverse());
    const middle = dates[Math.floor(dates.length / 2)]!;
    const after = rows(await postJson(hook + 'user.get', { FILTER: { '>LAST_ACTIVITY_DATE': middle } }));
    const before = rows(await postJson(hook + 'user.get', { FILTER: { '<=LAST_ACTIVITY_DATE': middle } }));
    assert.ok(after.length > 0 && before.length > 0);
    assert.equal(after.length + before.length, users.length);
  });

  test('every writable field of user.fields is written, returned, selected and filtered', async () => {
    const described = (await getJson(hook + 'user.fields')).body.result as Record<string, string>;
    // user-fields.md, the answer's keys and titles as the page shows them.
    assert.equal(described.TIMESTAMP_X, 'TIMESTAMP_X');
    assert.equal(described.PERSONAL_WWW, 'Домашняя страничка');
    assert.equal(Object.keys(described).length, 62);
    const skip = new Set(['UF_DEPARTMENT', 'PERSONAL_GENDER', 'PERSONAL_BIRTHDAY', 'UF_EMPLOYMENT_DATE', 'PERSONAL_PHOTO', 'EMAIL']);
    const textFields = ['NAME', 'LAST_NAME', 'SECOND_NAME', 'PERSONAL_PROFESSION', 'PERSONAL_WWW', 'PERSONAL_ICQ', 'PERSONAL_PHONE', 'PERSONAL_FAX', 'PERSONAL_MOBILE', 'PERSONAL_PAGER', 'PERSONAL_STREET', 'PERSONAL_CITY', 'PERSONAL_STATE', 'PERSONAL_ZIP', 'PERSONAL_COUNTRY', 'PERSONAL_MAILBOX', 'PERSONAL_NOTES', 'WORK_PHONE', 'WORK_COMPANY', 'WORK_POSITION', 'WORK_DEPARTMENT', 'WORK_WWW', 'WORK_FAX', 'WORK_PAGER', 'WORK_STREET', 'WORK_MAILBOX', 'WORK_CITY', 'WORK_STATE', 'WORK_ZIP', 'WORK_COUNTRY', 'WORK_PROFILE', 'WORK_LOGO', 'WORK_NOTES', 'UF_SKYPE_LINK', 'UF_ZOOM', 'UF_INTERESTS', 'UF_SKILLS', 'UF_WEB_SITES', 'UF_XING', 'UF_LINKEDIN', 'UF_TWITTER', 'UF_SKYPE', 'UF_DISTRICT', 'UF_PHONE_INNER'].filter((f) => !skip.has(f));
    for (const field of textFields) assert.ok(field in described, field);
    const values = Object.fromEntries(textFields.map((f, i) => [f, `значение-${i}-${f.toLowerCase()}`]));
    assert.equal((await postJson(hook + 'user.update', { ID: 7, ...values })).body.result, true);
    const user = rows(await postJson(hook + 'user.get', { FILTER: { ID: 7 } }))[0]!;
    for (const field of textFields) {
      assert.equal(user[field], values[field], `${field} returned`);
      const selected = rows(await postJson(hook + 'user.get', { FILTER: { ID: 7 }, select: [field] }))[0]!;
      assert.deepEqual(selected, { [field]: values[field] }, `${field} selected`);
      const found = rows(await postJson(hook + 'user.get', { FILTER: { [`%${field}`]: values[field]!.slice(9) } }));
      assert.deepEqual(found.map((u) => u.ID), ['7'], `${field} filtered`);
    }
    const byDate = rows(await postJson(hook + 'user.get', { FILTER: { ID: 7, '>UF_EMPLOYMENT_DATE': '1990-01-01' } }));
    assert.deepEqual(byDate.map((u) => u.ID), ['7']);
  });

  test('a user left without any selected field is PHP\'s empty array', async () => {
    const r = await postJson(hook + 'user.get', { FILTER: { ID: 2 }, select: ['NO_SUCH_FIELD'] });
    assert.deepEqual(r.body.result, [[]]);
  });
});
