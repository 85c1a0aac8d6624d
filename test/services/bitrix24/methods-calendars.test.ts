// The calendars section (calendar.section.*, settings, calendar.accessibility.get — seed 001)
// through its typed functions, against the sandbox, with every result checked against its schema.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { ApiError, ValidationError } from '../../../src/core/errors.js';

let sandbox: Bitrix24Sandbox;
let client: Bitrix24Client;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, validateResults: true, rateLimit: false });
});
after(() => sandbox.close());

test('getCalendars lists the owner\'s calendars in the documented shape', async () => {
  const answer = await client.getCalendars({ type: 'user', ownerId: 1 });
  assert.ok(answer.result.length >= 1);
  for (const section of answer.result) {
    assert.equal(section.CAL_TYPE, 'user');
    assert.equal(String(section.OWNER_ID), '1');
    assert.equal(typeof section.PERM.view_full, 'boolean');
  }
  const company = await client.getCalendars({ type: 'company_calendar', ownerId: 0 });
  assert.ok(company.result.some((s) => s.NAME === 'Календарь компании'));
});

test('addCalendar, updateCalendar and deleteCalendar change what getCalendars shows', async () => {
  const added = await client.addCalendar({
    fields: { type: 'user', ownerId: 1, name: 'Командировки', description: 'Поездки', color: '#9cbeee', text_color: '#283000', export: { ALLOW: false, SET: '3_9' } },
  });
  assert.equal(typeof added.result, 'number');
  const calendarId = added.result;
  const find = async () => (await client.getCalendars({ type: 'user', ownerId: 1 })).result.find((s) => Number(s.ID) === calendarId);

  const created = await find();
  assert.ok(created, 'the new calendar is listed');
  assert.equal(created.NAME, 'Командировки');
  assert.equal(created.DESCRIPTION, 'Поездки');
  assert.equal(created.COLOR, '#9cbeee');
  assert.equal(created.EXPORT.ALLOW, false);

  const updated = await client.updateCalendar({ calendarId, fields: { type: 'user', ownerId: 1, name: 'Командировки и выезды', color: '#ff5752' } });
  assert.equal(updated.result, calendarId, 'update answers the calendar ID');
  const changed = await find();
  assert.equal(changed?.NAME, 'Командировки и выезды');
  assert.equal(changed?.COLOR, '#ff5752');
  assert.equal(changed?.DESCRIPTION, 'Поездки', 'fields not sent stay as they were');

  const deleted = await client.deleteCalendar({ calendarId: String(calendarId), ownerId: 1, type: 'user' });
  assert.equal(deleted.result, true);
  assert.equal(await find(), undefined, 'the deleted calendar is gone');
  await assert.rejects(client.deleteCalendar({ calendarId, ownerId: 1, type: 'user' }), (e: unknown) =>
    e instanceof ApiError && e.status === 400 && e.code === '');
});

test('getCalendarSettings returns the portal\'s main settings', async () => {
  const { result } = await client.getCalendarSettings();
  assert.ok(Array.isArray(result.week_holidays));
  assert.match(result.week_start, /^(MO|TU|WE|TH|FR|SA|SU)$/);
  assert.equal(typeof result.year_holidays, 'string');
});

test('setCalendarUserSettings changes what getCalendarUserSettings returns', async () => {
  const before = (await client.getCalendarUserSettings()).result;
  const view = before.view === 'week' ? 'month' : 'week';
  const set = await client.setCalendarUserSettings({ settings: { view, showDeclined: true, collapseOffHours: 'Y' } });
  assert.equal(set.result, true);
  const after = (await client.getCalendarUserSettings()).result;
  assert.equal(after.view, view);
  assert.equal(after.showDeclined, true);
  assert.equal(after.collapseOffHours, 'Y');
});

test('seed 001: getUsersAvailability — users [1, 2, 34] from/to as YYYY-MM-DD, an object keyed by user ID', async () => {
  const section = Number((await client.getCalendars({ type: 'user', ownerId: 2 })).result[0]!.ID);
  const event = await client.addCalendarEvent({
    fields: {
      type: 'user', ownerId: 2, section, name: 'Встреча с поставщиком',
      from: '2030-06-20 11:00:00', to: '2030-06-20 12:00:00', timezone_from: 'Europe/Moscow', timezone_to: 'Europe/Moscow',
      accessibility: 'busy', importance: 'high',
    },
  });
  const eventId = Number(event.result);

  // The seed's own call: a JSON body with users, from and to.
  const answer = await client.getUsersAvailability({ users: [1, 2, 34], from: '2030-06-01', to: '2030-06-30' });
  assert.deepEqual(Object.keys(answer.result).sort(), ['1', '2', '34']);
  assert.deepEqual(answer.result['34'], [], 'a user with no events gets an empty list, as in the seed');
  const busy = answer.result['2']!.find((e) => Number(e.ID) === eventId);
  assert.ok(busy, 'the new event keeps user 2 busy');
  assert.equal(busy.NAME, 'Встреча с поставщиком');
  assert.match(busy.DATE_FROM, /^20\.06\.2030 11:00:00$/, 'DATE_FROM as the seed shows it: DD.MM.YYYY HH:MM:SS');
  assert.equal(String(busy.DATE_FROM_TS_UTC), String(Date.UTC(2030, 5, 20, 8) / 1000), 'Moscow 11:00 is 08:00 UTC');
  assert.equal(busy.ACCESSIBILITY, 'busy');
  assert.equal(busy.IMPORTANCE, 'high');
  assert.equal(busy.DT_SKIP_TIME, 'N');

  // A single user is accepted as a list of one; a Date is sent as YYYY-MM-DD.
  const one = await client.getUsersAvailability({ users: 2, from: new Date(Date.UTC(2030, 5, 20)), to: '2030-06-20' });
  assert.deepEqual(Object.keys(one.result), ['2']);
  assert.ok(one.result['2']!.some((e) => Number(e.ID) === eventId));
  const outside = await client.getUsersAvailability({ users: [2], from: '2030-07-01', to: '2030-07-31' });
  assert.ok(!outside.result['2']!.some((e) => Number(e.ID) === eventId), 'an event outside the period is not listed');
});

test('seed 001: without "from" the portal answers 400 with an empty error code', async () => {
  await assert.rejects(client.call('calendar.accessibility.get', { users: [1, 2, 34], to: '2024-12-20' }), (e: unknown) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 400);
    assert.equal(e.code, '');
    assert.match(e.description, /Не задан обязательный параметр "from" для метода "calendar\.accessibility\.get"/);
    return true;
  });
});

test('wrong or missing parameters are refused before any request, naming the parameter', async () => {
  const before = sandbox.stats.requests;
  const rejects = (call: () => Promise<unknown>, path: string) =>
    assert.rejects(call(), (e: unknown) => e instanceof ValidationError && e.issues.some((i) => i.path === path));
  await rejects(() => client.getUsersAvailability({ users: [1], to: '2024-12-20' } as never), 'from');
  await rejects(() => client.getUsersAvailability({ users: [1], from: '20.06.2024', to: '2024-12-20' }), 'from');
  await rejects(() => client.getUsersAvailability({ users: ['one'] as never, from: '2024-06-20', to: '2024-12-20' }), 'users');
  await rejects(() => client.getCalendars({ ownerId: 1 } as never), 'type');
  await rejects(() => client.addCalendar({ fields: { type: 'user', ownerId: 1 } } as never), 'fields.name');
  await rejects(() => client.addCalendar({ fields: { type: 'company', ownerId: 1, name: 'x' } } as never), 'fields.type');
  await rejects(() => client.deleteCalendar({ calendarId: 0, ownerId: 1, type: 'user' }), 'calendarId');
  await rejects(() => client.setCalendarUserSettings({ settings: { view: 'year' } } as never), 'settings.view');
  assert.equal(sandbox.stats.requests, before, 'nothing reached the portal');
});
