// calendar.* as api-reference/calendar/… says: the organiser, the attendees' copies, time
// zones, sections, and every documented error text (HTTP 400, empty code).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { getJson, postJson, rows, userToken, type Reply } from './http.js';

function assertCalendarError(r: Reply, text: string, what = text): void {
  assert.equal(r.status, 400, what);
  assert.deepEqual(r.body, { error: '', error_description: text }, what);
}

describe('bitrix24 sandbox: calendar as its pages say', () => {
  let sb: Bitrix24Sandbox;
  let hook: string;
  /** A token of user 3, to act as an attendee. */
  let user3: string;
  before(async () => {
    sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
    hook = sb.info.webhookUrl;
    user3 = await userToken(sb, 3);
  });
  after(() => sb.close());

  const meeting = { type: 'user', ownerId: 1, name: 'Планёрка', from: '2031-03-10 10:00:00', to: '2031-03-10 11:00:00', is_meeting: 'Y', attendees: [1, 3, 4] };

  // calendar-event-add.md, "Организатор события".
  test('calendar.event.add ignores host: the caller is the organiser', async () => {
    const id = Number((await postJson(hook + 'calendar.event.add', { ...meeting, from: '2031-03-09 10:00:00', to: '2031-03-09 11:00:00', host: 4 })).body.result);
    const event = (await getJson(hook + `calendar.event.getbyid?id=${id}`)).body.result as Record<string, unknown>;
    assert.equal(event.MEETING_HOST, '1');
    assert.equal(event.MEETING_STATUS, 'H');
    assert.equal((event.ATTENDEE_LIST as { id: number; status: string }[]).find((a) => a.id === 4)?.status, 'Q');
  });

  test('each attendee has a copy in their own calendar: own ID, OWNER_ID, SECTION_ID, PARENT_ID the organiser\'s event', async () => {
    const id = Number((await postJson(hook + 'calendar.event.add', meeting)).body.result);
    const own = rows(await postJson(hook + 'calendar.event.get', { type: 'user', ownerId: 3, from: '2031-03-10', to: '2031-03-10' }));
    assert.equal(own.length, 1);
    const copy = own[0]!;
    assert.notEqual(copy.ID, String(id));
    assert.equal(copy.PARENT_ID, String(id));
    assert.equal(copy.OWNER_ID, '3');
    assert.equal(copy.MEETING_STATUS, 'Q');
    const sections = rows(await postJson(hook + 'calendar.section.get', { type: 'user', ownerId: 3 })).map((s) => s.ID);
    assert.ok(sections.includes(copy.SECTION_ID), 'the copy sits in a calendar of the attendee');
    // calendar.event.getbyid of the copy shows the copy; of the original, the organiser's.
    const byId = (await getJson(hook + `calendar.event.getbyid?id=${String(copy.ID)}`)).body.result as Record<string, unknown>;
    assert.equal(byId.OWNER_ID, '3');
    const original = (await getJson(hook + `calendar.event.getbyid?id=${id}`)).body.result as Record<string, unknown>;
    assert.equal(original.PARENT_ID, String(id));
    assert.equal(original.OWNER_ID, '1');
    const entries = original.ATTENDEE_LIST as { id: number; entryId: string }[];
    assert.equal(entries.find((a) => a.id === 3)?.entryId, copy.ID);

    // The attendee answers through their copy; the meeting shows the answer.
    assert.equal((await postJson(`${sb.url}/rest/calendar.meeting.status.set`, { eventId: copy.ID, status: 'Y', auth: user3 })).body.result, true);
    assert.equal((await postJson(`${sb.url}/rest/calendar.meeting.status.get`, { eventId: id, auth: user3 })).body.result, 'Y');
    // An update by the organiser reaches the copies.
    await postJson(hook + 'calendar.event.update', { id, type: 'user', ownerId: 1, name: 'Планёрка (перенос)' });
    assert.equal(((await getJson(hook + `calendar.event.getbyid?id=${String(copy.ID)}`)).body.result as Record<string, unknown>).NAME, 'Планёрка (перенос)');
    // Dropping an attendee drops their copy.
    await postJson(hook + 'calendar.event.update', { id, type: 'user', ownerId: 1, attendees: [1, 4] });
    assert.deepEqual(rows(await postJson(hook + 'calendar.event.get', { type: 'user', ownerId: 3, from: '2031-03-10', to: '2031-03-10' })), []);
  });

  test('auto_detect_section=N makes section required (calendar-event-add.md, `section`)', async () => {
    const base = { type: 'user', ownerId: 1, name: 'x', from: '2031-01-01', to: '2031-01-01' };
    assertCalendarError(await postJson(hook + 'calendar.event.add', { ...base, auto_detect_section: 'N' }), 'Вы задали неверный ID секции календаря или у данного пользователя нет к ней доступа');
    const section = rows(await postJson(hook + 'calendar.section.get', { type: 'user', ownerId: 1 }))[0]!.ID;
    assert.equal((await postJson(hook + 'calendar.event.add', { ...base, auto_detect_section: 'N', section })).status, 200);
    assert.equal((await postJson(hook + 'calendar.event.add', { ...base, auto_detect_section: 'Y' })).status, 200);
  });

  test('timezone_from is ignored when from carries its own offset (calendar-event-add.md, timezone-features)', async () => {
    const withOffset = Number((await postJson(hook + 'calendar.event.add', { type: 'user', ownerId: 1, name: 'tz', from: '2031-04-01T15:00:00+02:00', to: '2031-04-01T16:00:00+02:00', timezone_from: 'Asia/Tokyo' })).body.result);
    const a = (await getJson(hook + `calendar.event.getbyid?id=${withOffset}`)).body.result as Record<string, unknown>;
    assert.equal(a.DATE_FROM_TS_UTC, String(Date.UTC(2031, 3, 1, 13) / 1000));
    assert.notEqual(a.TZ_FROM, 'Asia/Tokyo');
    assert.notEqual(a.TZ_TO, 'Asia/Tokyo');
    // A plain date is read in timezone_from, which also serves timezone_to.
    const plain = Number((await postJson(hook + 'calendar.event.add', { type: 'user', ownerId: 1, name: 'tz', from: '2031-04-01 15:00:00', to: '2031-04-01 16:00:00', timezone_from: 'Asia/Tokyo' })).body.result);
    const b = (await getJson(hook + `calendar.event.getbyid?id=${plain}`)).body.result as Record<string, unknown>;
    assert.equal(b.DATE_FROM_TS_UTC, String(Date.UTC(2031, 3, 1, 6) / 1000));
    assert.equal(b.TZ_FROM, 'Asia/Tokyo');
    assert.equal(b.TZ_TO, 'Asia/Tokyo');
  });

  test('a recurrence rule shows as the RRULE object of calendar_event_fields.md, with ~RRULE_DESCRIPTION', async () => {
    const id = Number(
      (await postJson(hook + 'calendar.event.add', { type: 'user', ownerId: 1, name: 'Стендап', from: '2031-05-05 10:00:00', to: '2031-05-05 10:15:00', rrule: { FREQ: 'WEEKLY', BYDAY: ['WE', 'MO'], INTERVAL: '2', UNTIL: '2031-06-30' } })).body.result,
    );
    const event = (await getJson(hook + `calendar.event.getbyid?id=${id}`)).body.result as Record<string, unknown>;
    assert.deepEqual(event.RRULE, { FREQ: 'WEEKLY', BYDAY: { MO: 'MO', WE: 'WE' }, INTERVAL: 2, UNTIL: '30.06.2031', '~UNTIL': '30.06.2031', UNTIL_TS: Date.UTC(2031, 5, 30) / 1000 });
    assert.equal(event['~RRULE_DESCRIPTION'], 'каждые 2 недели по: Пн, Ср, от 05.05.2031 до 30.06.2031');
    const plain = (await getJson(hook + `calendar.event.getbyid?id=${id - 1}`)).body.result as Record<string, unknown>;
    assert.ok(!('~RRULE_DESCRIPTION' in plain), 'only recurring events describe their rule');
  });

  test('calendar.accessibility.get with users: [] answers [] (PHP\'s empty array)', async () => {
    const r = await postJson(hook + 'calendar.accessibility.get', { users: [], from: '2031-01-01', to: '2031-01-02' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.result, []);
    const some = await postJson(hook + 'calendar.accessibility.get', { users: [3], from: '2031-03-10', to: '2031-03-10' });
    assert.ok(!Array.isArray(some.body.result), 'a non-empty map stays an object');
  });

  // Each row: the request and the page's text (api-reference/calendar/…/<method>.md).
  const documented: [method: string, params: Record<string, unknown>, text: string][] = [
    ['calendar.event.add', { type: 'user', ownerId: 1, name: ['x'], from: '2031-01-01', to: '2031-01-01' }, 'Недопустимое значение параметра "name"'],
    ['calendar.event.add', { type: 'user', ownerId: 1, name: 'x', description: { a: 1 }, from: '2031-01-01', to: '2031-01-01' }, 'Недопустимое значение параметра "description"'],
    ['calendar.event.add', { type: 'user', ownerId: 1, name: 'x', from: '2031-01-01', to: '2031-01-01', section: 999999 }, 'Вы задали неверный ID секции календаря или у данного пользователя нет к ней доступа'],
    ['calendar.event.add', { type: 'user', ownerId: 1, name: 'x', from: '2031-01-01', to: '2031-01-01', crm_fields: 'D_1' }, 'Список связей события с CRM должен быть массивом'],
    ['calendar.event.add', { type: 'nonsense', ownerId: 1, name: 'x', from: '2031-01-01', to: '2031-01-01' }, 'Доступ запрещен'],
    ['calendar.event.update', { type: 'user', ownerId: 1 }, 'Не задан обязательный параметр "id" для метода "calendar.event.update"'],
    ['calendar.event.update', { id: 1, type: 'user' }, 'Не задан обязательный параметр "ownerId" для метода "calendar.event.update"'],
    ['calendar.event.update', { id: 1, ownerId: 1 }, 'Не задан обязательный параметр "type" для метода "calendar.event.update"'],
    ['calendar.event.update', { id: 1, type: 'user', ownerId: 1, recurrence_mode: 'sometimes' }, 'Указан несуществующий тип редактирования повторяемого события'],
    ['calendar.event.update', { id: 1, type: 'user', ownerId: 1, crm_fields: 5 }, 'Список связей события с CRM должен быть массивом'],
    ['calendar.event.update', { id: 1, type: 'user', ownerId: 1, description: ['x'] }, 'Недопустимое значение параметра "description"'],
    ['calendar.event.update', { id: 1, type: 'user', ownerId: 1, name: { a: 'x' } }, 'Недопустимое значение параметра "name"'],
    ['calendar.event.update', { id: 99999999, type: 'user', ownerId: 1 }, 'Доступ запрещен'],
    ['calendar.event.update', { id: 1, type: 'user', ownerId: 1, section: 999999 }, 'Вы задали неверный ID секции календаря или у данного пользователя нет к ней доступа'],
    ['calendar.event.delete', {}, 'Не задан id события'],
    ['calendar.event.delete', { id: 99999999 }, 'При удалении события произошла ошибка'],
    ['calendar.event.get', {}, 'Не задан обязательный параметр "type" для метода "calendar.event.get"'],
    ['calendar.event.getbyid', {}, 'Не задан обязательный параметр "id" для метода "calendar.event.getbyid"'],
    ['calendar.event.get.nearest', { type: 'nonsense' }, 'Доступ запрещен'],
    ['calendar.meeting.status.get', {}, 'Не задан обязательный параметр "eventId" для метода "calendar.meeting.status.get"'],
    ['calendar.meeting.status.get', { eventId: 99999999 }, 'При выборке статуса произошла ошибка'],
    ['calendar.meeting.status.set', { eventId: 1 }, 'Не задан обязательный параметр "status" для метода "calendar.meeting.status.set"'],
    ['calendar.meeting.status.set', { status: 'Y' }, 'Не задан обязательный параметр "eventId" для метода "calendar.meeting.status.set"'],
    ['calendar.meeting.status.set', { eventId: 1, status: 'maybe' }, 'Недопустимое значение параметра "status"'],
    ['calendar.accessibility.get', { users: [1], to: '2031-01-01' }, 'Не задан обязательный параметр "from" для метода "calendar.accessibility.get"'],
    ['calendar.accessibility.get', { users: [1], from: '2031-01-01' }, 'Не задан обязательный параметр "to" для метода "calendar.accessibility.get"'],
    ['calendar.accessibility.get', { from: '2031-01-01', to: '2031-01-02' }, 'Не задан обязательный параметр "users" для метода "calendar.accessibility.get"'],
    ['calendar.section.get', {}, 'Не задан обязательный параметр "type" для метода "calendar.section.get"'],
    ['calendar.section.get', { type: 'group' }, 'Не задан обязательный параметр "ownerId" для метода "calendar.section.get"'],
    ['calendar.section.add', {}, 'Не задан обязательный параметр "type" для метода "calendar.section.add"'],
    ['calendar.section.add', { type: 'group', name: 'x' }, 'Не задан обязательный параметр "ownerId" для метода "calendar.section.add"'],
    ['calendar.section.add', { type: 'user', ownerId: 1, name: ['x'] }, 'Недопустимое значение параметра "name"'],
    ['calendar.section.add', { type: 'user', ownerId: 1, name: 'x', description: ['x'] }, 'Недопустимое значение параметра "description"'],
    ['calendar.section.add', { type: 'user', ownerId: 99999, name: 'x' }, 'Доступ запрещен'],
    ['calendar.section.update', {}, 'Не задан обязательный параметр "type" для метода "calendar.section.update"'],
    ['calendar.section.update', { type: 'group' }, 'Не задан обязательный параметр "ownerId" для метода "calendar.section.update"'],
    ['calendar.section.update', { type: 'user', ownerId: 1 }, 'Не задан id секции'],
    ['calendar.section.update', { type: 'user', ownerId: 1, id: 99999 }, 'Доступ запрещен'],
    ['calendar.section.update', { type: 'user', ownerId: 1, id: 1, name: ['x'] }, 'Недопустимое значение параметра "name"'],
    ['calendar.section.update', { type: 'user', ownerId: 1, id: 1, description: ['x'] }, 'Недопустимое значение параметра "description"'],
    ['calendar.section.delete', {}, 'Не задан обязательный параметр "type" для метода "calendar.section.delete"'],
    ['calendar.section.delete', { type: 'group' }, 'Не задан обязательный параметр "ownerId" для метода "calendar.section.delete"'],
    ['calendar.section.delete', { type: 'user', ownerId: 1 }, 'Не задан id секции'],
    ['calendar.section.delete', { type: 'user', ownerId: 1, id: 99999 }, 'Доступ запрещен'],
    ['calendar.user.settings.set', {}, 'Не задан обязательный параметр "settings" для метода "calendar.user.settings.set"'],
  ];

  test('every documented error: HTTP 400, empty code, the page\'s own text', async () => {
    for (const [method, params, text] of documented) assertCalendarError(await postJson(hook + method, params), text, `${method} ${JSON.stringify(params)}`);
  });

  test('extranet users are refused the read methods: Доступ запрещен (event-get, get-by-id, accessibility-get, section-get)', async () => {
    sb.state.users.get(3)!.USER_TYPE = 'extranet';
    try {
      const reads: [string, Record<string, unknown>][] = [
        ['calendar.event.get', { type: 'user', ownerId: 3 }],
        ['calendar.event.getbyid', { id: 1 }],
        ['calendar.accessibility.get', { users: [1], from: '2031-01-01', to: '2031-01-02' }],
        ['calendar.section.get', { type: 'user', ownerId: 3 }],
      ];
      for (const [method, params] of reads) assertCalendarError(await postJson(`${sb.url}/rest/${method}`, { ...params, auth: user3 }), 'Доступ запрещен', method);
    } finally {
      sb.state.users.get(3)!.USER_TYPE = 'employee';
    }
  });

  test('calendar.event.add in someone else\'s calendar: Доступ запрещен (calendar-event-add.md)', async () => {
    const r = await postJson(`${sb.url}/rest/calendar.event.add`, { type: 'user', ownerId: 1, name: 'чужое', from: '2031-01-01', to: '2031-01-01', auth: user3 });
    assertCalendarError(r, 'Доступ запрещен');
    const own = await postJson(`${sb.url}/rest/calendar.event.add`, { type: 'user', ownerId: 3, name: 'своё', from: '2031-01-01', to: '2031-01-01', auth: user3 });
    assert.equal(own.status, 200);
  });

  test('cases the pages give no error for answer without one', async () => {
    // calendar-event-get-by-id.md: no "not found" error.
    assert.deepEqual((await getJson(hook + 'calendar.event.getbyid?id=99999999')).body.result, null);
    // calendar-meeting-status-set.md: nothing for an event the caller is not invited to.
    assert.equal((await postJson(hook + 'calendar.meeting.status.set', { eventId: 99999999, status: 'Y' })).body.result, true);
    // calendar-event-get.md: from/to default to a month back, three months ahead.
    assert.equal((await postJson(hook + 'calendar.event.get', { type: 'user', ownerId: 1, from: 'вчера' })).status, 200);
    // calendar-user-settings-set.md: only a missing `settings` is an error.
    assert.equal((await postJson(hook + 'calendar.user.settings.set', { settings: { view: 'year' } })).body.result, true);
    assert.equal(((await getJson(hook + 'calendar.user.settings.get')).body.result as Record<string, unknown>).view, 'month');
  });
});
