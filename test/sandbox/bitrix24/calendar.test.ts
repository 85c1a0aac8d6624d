import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { getJson, postForm, postJson, rows } from './http.js';

describe('bitrix24 sandbox: calendar', () => {
  let sb: Bitrix24Sandbox;
  let hook: string;
  before(async () => {
    sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
    hook = sb.info.webhookUrl;
  });
  after(() => sb.close());

  test('event add, getbyid, get, update, delete', async () => {
    const added = await postJson(hook + 'calendar.event.add', {
      type: 'user', ownerId: 1, name: 'Встреча с клиентом', description: 'Обсуждение договора',
      from: '2030-05-14 10:00:00', to: '2030-05-14 11:00:00', timezone_from: 'Europe/Moscow',
      is_meeting: 'Y', attendees: [1, 3, 4], color: '%239cbe1c', remind: [{ type: 'min', count: 20 }], crm_fields: ['D_1'],
    });
    assert.equal(added.status, 200);
    const id = Number(added.body.result);
    assert.ok(id > 0);

    const event = (await getJson(hook + `calendar.event.getbyid?id=${id}`)).body.result as Record<string, unknown>;
    assert.equal(event.NAME, 'Встреча с клиентом');
    assert.equal(event.DATE_FROM, '14.05.2030 10:00:00');
    assert.equal(event.DATE_FROM_TS_UTC, String(Date.UTC(2030, 4, 14, 7) / 1000));
    assert.equal(event.COLOR, '#9cbe1c');
    assert.equal(event.IS_MEETING, true);
    assert.equal(event.MEETING_STATUS, 'H');
    assert.equal(event.MEETING_HOST, '1');
    // Each attendee's entryId is their own entry: the organiser's event, the attendees' copies.
    const list = event.ATTENDEE_LIST as { id: number; entryId: string; status: string }[];
    assert.deepEqual(list.map((a) => [a.id, a.status]), [[1, 'H'], [3, 'Q'], [4, 'Q']]);
    assert.equal(list[0]!.entryId, String(id));
    assert.ok(list.slice(1).every((a) => a.entryId !== String(id)));
    assert.deepEqual(event.UF_CRM_CAL_EVENT, ['D_1']);
    assert.deepEqual(event.REMIND, [{ type: 'min', count: 20 }]);

    // The attendee sees their own copy, linked to the organiser's event by PARENT_ID (see the
    // meeting-copies test below).
    const ofUser3 = await postJson(hook + 'calendar.event.get', { type: 'user', ownerId: 3, from: '2030-05-14', to: '2030-05-14' });
    assert.deepEqual(rows(ofUser3).map((e) => e.PARENT_ID), [String(id)]);

    const updated = await postJson(hook + 'calendar.event.update', { id, type: 'user', ownerId: 1, name: 'Встреча перенесена', from: '2030-05-15T12:00:00+03:00', to: '2030-05-15T13:00:00+03:00' });
    assert.equal(updated.body.result, id);
    const moved = (await getJson(hook + `calendar.event.getbyid?id=${id}`)).body.result as Record<string, unknown>;
    assert.equal(moved.NAME, 'Встреча перенесена');
    assert.equal(moved.DATE_FROM, '15.05.2030 12:00:00');
    assert.equal((moved.ATTENDEE_LIST as unknown[]).length, 3, 'attendees kept when is_meeting is not passed');

    assert.equal((await postJson(hook + 'calendar.event.delete', { id })).body.result, true);
    // calendar-event-get-by-id.md documents no error for an unknown ID: there is no event.
    const gone = await getJson(hook + `calendar.event.getbyid?id=${id}`);
    assert.equal(gone.status, 200);
    assert.equal(gone.body.result, null);
    assert.deepEqual(rows(await postJson(hook + 'calendar.event.get', { type: 'user', ownerId: 3, from: '2030-05-14', to: '2030-05-14' })), [], 'copies go with the meeting');
  });

  test('event add: required parameters answer 400 with an empty code', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ownerId: 1, name: 'x', from: '2030-01-01', to: '2030-01-01' }, 'type'],
      [{ type: 'user', name: 'x', from: '2030-01-01', to: '2030-01-01' }, 'ownerId'],
      [{ type: 'user', ownerId: 1, from: '2030-01-01', to: '2030-01-01' }, 'name'],
      [{ type: 'user', ownerId: 1, name: 'x', to: '2030-01-01' }, 'from'],
      [{ type: 'user', ownerId: 1, name: 'x', from: '2030-01-01' }, 'to'],
    ];
    for (const [payload, param] of cases) {
      const r = await postJson(hook + 'calendar.event.add', payload);
      assert.equal(r.status, 400, param);
      assert.equal(r.body.error, '');
      assert.equal(r.body.error_description, `Не задан обязательный параметр "${param}" для метода "calendar.event.add"`);
    }
    const badSection = await postJson(hook + 'calendar.event.add', { type: 'user', ownerId: 1, name: 'x', from: '2030-01-01', to: '2030-01-01', section: 99999 });
    assert.equal(badSection.status, 400);
  });

  test('all-day events and get.nearest', async () => {
    const allDay = await postJson(hook + 'calendar.event.add', { type: 'user', ownerId: 1, name: 'Отпуск', from: '2030-07-01', to: '2030-07-03', skip_time: 'Y', accessibility: 'absent' });
    const event = (await getJson(hook + `calendar.event.getbyid?id=${String(allDay.body.result)}`)).body.result as Record<string, unknown>;
    assert.equal(event.DT_SKIP_TIME, 'Y');
    assert.equal(event.DATE_FROM, '01.07.2030');
    assert.equal(event.DT_LENGTH, 3 * 86_400);
    const soon = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const near = await postJson(hook + 'calendar.event.add', { type: 'user', ownerId: 1, name: 'Скоро', from: `${soon} 12:00:00`, to: `${soon} 13:00:00` });
    const nearest = await postJson(hook + 'calendar.event.get.nearest', { days: 5, maxEventsCount: 100 });
    const ids = rows(nearest).map((e) => e.ID);
    assert.ok(ids.includes(String(near.body.result)));
    assert.ok(!ids.includes(String(allDay.body.result)));
    const starts = rows(nearest).map((e) => Number(e.DATE_FROM_TS_UTC));
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
  });

  test('sections: get, add, update, delete', async () => {
    const mine = await getJson(hook + 'calendar.section.get?type=user&ownerId=1');
    assert.ok(rows(mine).length >= 1);
    const first = rows(mine)[0]!;
    for (const key of ['ID', 'NAME', 'COLOR', 'TEXT_COLOR', 'EXPORT', 'CAL_TYPE', 'OWNER_ID', 'CREATED_BY', 'DATE_CREATE', 'PERM']) assert.ok(key in first, key);
    const company = await getJson(hook + 'calendar.section.get?type=company_calendar&ownerId=0');
    assert.ok(rows(company).some((s) => s.NAME === 'Календарь компании'));

    const added = await postForm(hook + 'calendar.section.add', 'type=user&ownerId=1&name=%D0%9F%D1%80%D0%BE%D0%B5%D0%BA%D1%82%D1%8B&color=%239cbeee&export[ALLOW]=false');
    const id = Number(added.body.result);
    assert.ok(id > 0);
    const updated = await postJson(hook + 'calendar.section.update', { type: 'user', ownerId: 1, id, name: 'Проекты 2030' });
    assert.equal(updated.body.result, id);
    const now = rows(await getJson(hook + 'calendar.section.get?type=user&ownerId=1')).find((s) => s.ID === String(id))!;
    assert.equal(now.NAME, 'Проекты 2030');
    assert.equal(now.COLOR, '#9cbeee');
    // calendar-section-get.md: EXPORT carries ALLOW only.
    assert.deepEqual(now.EXPORT, { ALLOW: false });
    assert.equal((await postJson(hook + 'calendar.section.delete', { type: 'user', ownerId: 1, id })).body.result, true);
    const again = await postJson(hook + 'calendar.section.delete', { type: 'user', ownerId: 1, id });
    assert.equal(again.status, 400);
    const noType = await getJson(hook + 'calendar.section.get');
    assert.equal(noType.body.error_description, 'Не задан обязательный параметр "type" для метода "calendar.section.get"');
  });

  test('settings and user settings', async () => {
    const settings = (await getJson(hook + 'calendar.settings.get')).body.result as Record<string, unknown>;
    assert.deepEqual(settings.week_holidays, ['SA', 'SU']);
    assert.equal(settings.week_start, 'MO');
    const user = (await getJson(hook + 'calendar.user.settings.get')).body.result as Record<string, unknown>;
    assert.equal(user.timezoneName, 'Europe/Moscow');
    assert.equal(user.timezoneOffsetUTC, 10800);
    assert.equal(user.view, 'month');
    const set = await postJson(hook + 'calendar.user.settings.set', { settings: { view: 'week', showDeclined: true } });
    assert.equal(set.body.result, true);
    const after = (await getJson(hook + 'calendar.user.settings.get')).body.result as Record<string, unknown>;
    assert.equal(after.view, 'week');
    assert.equal(after.showDeclined, true);
    const missing = await postJson(hook + 'calendar.user.settings.set', {});
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error, '');
  });
});

describe('bitrix24 sandbox: departments and users', () => {
  let sb: Bitrix24Sandbox;
  let hook: string;
  before(async () => {
    sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1, users: 60 } });
    hook = sb.info.webhookUrl;
  });
  after(() => sb.close());

  test('department.get, add, update, delete', async () => {
    const all = await getJson(hook + 'department.get');
    assert.equal(all.body.total, 10);
    const root = rows(all)[0]!;
    assert.deepEqual(Object.keys(root).sort(), ['ID', 'NAME', 'SORT', 'UF_HEAD']);
    const sales = await getJson(hook + 'department.get?PARENT=2');
    assert.deepEqual(rows(sales).map((d) => d.NAME), ['Московский филиал', 'Санкт-Петербургский филиал']);

    const added = await postJson(hook + 'department.add', { NAME: 'Отдел закупок', PARENT: 1, UF_HEAD: 5 });
    const id = Number(added.body.result);
    assert.equal(id, 11);
    assert.equal((await postJson(hook + 'department.update', { ID: id, NAME: 'Служба закупок' })).body.result, true);
    const got = rows(await getJson(hook + `department.get?ID=${id}`))[0]!;
    assert.deepEqual(got, { ID: '11', NAME: 'Служба закупок', SORT: 500, PARENT: '1', UF_HEAD: '5' });
    assert.equal((await postJson(hook + 'department.delete', { ID: id })).body.result, true);
    const missing = await postJson(hook + 'department.delete', { ID: id });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body, { error: 'ERROR_CORE', error_description: 'Department not found' });
    const noName = await postJson(hook + 'department.add', { PARENT: 1 });
    assert.equal(noName.body.error, 'ERROR_CORE');
  });

  test('user.get with FILTER prefixes, ACTIVE and UF_DEPARTMENT; paging', async () => {
    const all = await getJson(hook + 'user.get');
    assert.equal(all.body.total, 60);
    assert.equal(all.body.next, 50);
    assert.equal(rows(all).length, 50);
    const user = rows(all)[0]!;
    assert.equal(user.ID, '1');
    assert.equal(typeof user.ACTIVE, 'boolean');
    assert.ok(Array.isArray(user.UF_DEPARTMENT));

    const above = await postJson(hook + 'user.get', { FILTER: { '>ID': 55 } });
    assert.deepEqual(rows(above).map((u) => u.ID), ['56', '57', '58', '59', '60']);
    const some = await postJson(hook + 'user.get', { FILTER: { '@ID': [2, 4, 6] } });
    assert.deepEqual(rows(some).map((u) => u.ID), ['2', '4', '6']);
    const inSales = await postJson(hook + 'user.get', { FILTER: { UF_DEPARTMENT: 2 } });
    assert.ok(rows(inSales).length > 0);
    for (const u of rows(inSales)) assert.ok((u.UF_DEPARTMENT as number[]).includes(2));
    const first = rows(all)[3]!;
    const like = await postJson(hook + 'user.get', { FILTER: { '%LAST_NAME': String(first.LAST_NAME).slice(1, 4) } });
    assert.ok(rows(like).some((u) => u.ID === first.ID));

    sb.state.users.get(10)!.ACTIVE = false;
    const active = await postJson(hook + 'user.get', { FILTER: { ACTIVE: true }, start: -1 });
    assert.ok(!rows(active).some((u) => u.ID === '10'));
    assert.ok(!('total' in active.body));
    const byForm = await postForm(hook + 'user.get', 'FILTER[ACTIVE]=N');
    assert.ok(rows(byForm).some((u) => u.ID === '10'));
    const desc = await postJson(hook + 'user.get', { sort: 'ID', order: 'DESC' });
    assert.equal(rows(desc)[0]!.ID, '60');
  });

  test('user.current, user.search, user.add, user.update, user.fields', async () => {
    const me = (await getJson(hook + 'user.current')).body.result as Record<string, unknown>;
    assert.equal(me.ID, '1');
    const director = sb.state.users.get(1)!;
    const found = await postJson(hook + 'user.search', { FILTER: { FIND: director.LAST_NAME } });
    assert.ok(rows(found).some((u) => u.ID === '1'));
    const byPosition = await postJson(hook + 'user.search', { FILTER: { WORK_POSITION: 'Генеральный' } });
    assert.deepEqual(rows(byPosition).map((u) => u.ID), ['1']);

    const added = await postJson(hook + 'user.add', { EMAIL: 'new.person@example.ru', NAME: 'Глеб', LAST_NAME: 'Новиков', UF_DEPARTMENT: [3], WORK_POSITION: 'Бухгалтер' });
    const id = Number(added.body.result);
    assert.equal(id, 61);
    const dup = await postJson(hook + 'user.add', { EMAIL: 'new.person@example.ru', UF_DEPARTMENT: [3] });
    assert.equal(dup.body.error, 'ERROR_ARGUMENT');
    const wrong = await postJson(hook + 'user.add', { EMAIL: 'not-an-email', UF_DEPARTMENT: [3] });
    assert.deepEqual(wrong.body, { error: 'ERROR_ARGUMENT', error_description: 'wrong_email', argument: '' });

    assert.equal((await postJson(hook + 'user.update', { ID: id, ACTIVE: 'N', WORK_POSITION: 'Главный бухгалтер' })).body.result, true);
    const got = rows(await getJson(hook + `user.get?ID=${id}`))[0]!;
    assert.equal(got.ACTIVE, false);
    assert.equal(got.WORK_POSITION, 'Главный бухгалтер');
    assert.deepEqual(got.UF_DEPARTMENT, [3]);
    const nobody = await postJson(hook + 'user.update', { ID: 9999, NAME: 'x' });
    assert.deepEqual(nobody.body, { error: 'ERROR_CORE', error_description: 'access_denied' });

    const fields = (await getJson(hook + 'user.fields')).body.result as Record<string, string>;
    assert.ok('UF_DEPARTMENT' in fields && 'EMAIL' in fields);
  });

  test('im.department.employees.get, managers.get, colleagues.list', async () => {
    const employees = await postJson(hook + 'im.department.employees.get', { ID: [2, 3] });
    const byDep = employees.body.result as Record<string, number[]>;
    assert.deepEqual(Object.keys(byDep).sort(), ['2', '3']);
    for (const id of byDep['3']!) assert.ok(sb.state.users.get(id)!.UF_DEPARTMENT.includes(3));
    const withData = await getJson(hook + 'im.department.employees.get?ID[]=3&USER_DATA=Y');
    const people = (withData.body.result as Record<string, Record<string, unknown>[]>)['3']!;
    assert.ok(people.length > 0 && typeof people[0]!.first_name === 'string');

    const managers = await postJson(hook + 'im.department.managers.get', { ID: [7] });
    assert.deepEqual(managers.body.result, { 7: [sb.state.departments.get(7)!.UF_HEAD] });
    const empty = await postJson(hook + 'im.department.managers.get', {});
    assert.deepEqual(empty.body, { error: 'ID_EMPTY', error_description: "Department ID can't be empty" });

    // The director heads the root: every active employee is a colleague.
    const page = await postJson(hook + 'im.department.colleagues.list', { LIMIT: 50 });
    const expected = sb.state.users.all().filter((u) => u.ID !== 1 && u.ACTIVE).length;
    assert.equal(page.body.total, expected);
    assert.equal((page.body.result as number[]).length, Math.min(50, expected));
    if (expected > 50) assert.equal(page.body.next, 50);
    const capped = await postJson(hook + 'im.department.colleagues.list', { LIMIT: 500, OFFSET: 5 });
    assert.ok((capped.body.result as number[]).length <= 50);
    assert.equal((capped.body.result as number[])[0], (page.body.result as number[])[5]);
  });
});
