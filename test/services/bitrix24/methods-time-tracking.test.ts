// The working-day timer (timeman.*) through the typed functions against the sandbox: the day's
// statuses and their transitions, times given with TIME, the documented errors, and who may
// manage whose day. Every result is checked against its schema (validateResults).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { ApiError, ValidationError } from '../../../src/core/errors.js';
import { postJson, userToken } from '../../sandbox/bitrix24/http.js';

let sandbox: Bitrix24Sandbox;
let client: Bitrix24Client;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1, users: 40 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, validateResults: true, rateLimit: false });
});
after(() => sandbox.close());

const asUser = async (userId: number) =>
  new Bitrix24Client({ portal: sandbox.url, accessToken: await userToken(sandbox, userId), validateResults: true, rateLimit: false });

const apiError = (code: string, description: string) => (e: unknown) =>
  e instanceof ApiError && e.status === 400 && e.code === code && e.description === description;

/** Today's local date and offset text in Moscow, where the seeded days are. */
function moscowToday(): { date: string; offset: string } {
  const now = new Date(Date.now() + 3 * 3600_000);
  return { date: now.toISOString().slice(0, 10), offset: '+03:00' };
}

test('the seeded days show each status', async () => {
  assert.equal((await client.getWorkdayStatus({ userId: 2 })).result.STATUS, 'OPENED');
  assert.equal((await client.getWorkdayStatus({ userId: 3 })).result.STATUS, 'PAUSED');
  const closed = (await client.getWorkdayStatus({ userId: 4 })).result;
  assert.equal(closed.STATUS, 'CLOSED');
  assert.notEqual(closed.TIME_FINISH, null);
  assert.notEqual(closed.DURATION, '00:00:00');
  const expired = (await client.getWorkdayStatus({ userId: 5 })).result;
  assert.equal(expired.STATUS, 'EXPIRED');
  assert.match(expired.TIME_FINISH_DEFAULT ?? '', /^\d{4}-\d{2}-\d{2}T/);
  assert.equal(expired.TIME_START!.slice(0, 10) < moscowToday().date, true, 'opened before today');
});

test('open, pause, resume and close a day; the time between counts as a break', async () => {
  const userId = 11;
  assert.equal((await client.getWorkdayStatus({ userId })).result.STATUS, 'CLOSED', 'no day yet');
  const opened = (await client.openWorkday({ userId })).result;
  assert.equal(opened.STATUS, 'OPENED');
  assert.equal(opened.TIME_FINISH, null);
  assert.equal(opened.DURATION, '00:00:00');
  assert.equal(opened.TZ_OFFSET, 10800, 'Moscow');
  assert.equal((await client.pauseWorkday({ userId })).result.STATUS, 'PAUSED');
  assert.equal((await client.pauseWorkday({ userId })).result.STATUS, 'PAUSED', 'pausing twice changes nothing');
  // Move the pause back an hour behind the sandbox's back.
  const day = sandbox.state.workdays.get(userId)!;
  day.start -= 7200;
  day.pausedAt! -= 3600;
  const resumed = (await client.openWorkday({ userId })).result;
  assert.equal(resumed.STATUS, 'OPENED');
  assert.equal(resumed.TIME_LEAKS.slice(0, 5), '01:00');
  const closed = (await client.closeWorkday({ userId })).result;
  assert.equal(closed.STATUS, 'CLOSED');
  assert.notEqual(closed.TIME_FINISH, null);
  assert.equal(closed.DURATION.slice(0, 5), '01:00', 'two hours minus an hour of break');
  assert.equal((await client.getWorkdayStatus({ userId })).result.STATUS, 'CLOSED');
  // timeman.pause on a closed day resumes it and pauses it.
  assert.equal((await client.pauseWorkday({ userId })).result.STATUS, 'PAUSED');
  assert.equal((await client.getWorkdayStatus({ userId })).result.TIME_FINISH, null);
});

test('TIME: on today\'s date, for a closed day only, with a reason off a free schedule', async () => {
  const { date, offset } = moscowToday();
  // Two users off a free schedule, with no day yet.
  const [userId, fresh] = sandbox.state.users.all()
    .filter((u) => u.ID > 12 && !sandbox.state.timemanSettings.get(u.ID)?.UF_TM_FREE && !sandbox.state.workdays.has(u.ID))
    .map((u) => u.ID) as [number, number];
  await client.openWorkday({ userId });
  await client.closeWorkday({ userId });
  await assert.rejects(client.openWorkday({ userId, time: '2020-01-15T09:00:00+03:00', report: 'Забыл отметиться' }),
    apiError('WRONG_DATETIME', 'Day open date should correspond to the current date'));
  await assert.rejects(client.openWorkday({ userId, time: `${date}T00:00:01${offset}` }), apiError('REPORT_REQUIRED', 'Report is required'));
  await client.pauseWorkday({ userId });
  await assert.rejects(client.openWorkday({ userId, time: `${date}T00:00:01${offset}`, report: 'Был у клиента' }),
    apiError('TIME', 'Unable to set time, work day is paused'));
  await assert.rejects(client.closeWorkday({ userId, time: '2020-01-15T18:00:00+03:00', report: 'Ушёл раньше' }),
    apiError('WRONG_DATETIME', 'Day close date should correspond to the day open date'));

  // A new day opened at a given time, shown in the zone that time carries.
  const start = `${date}T00:00:05${offset}`;
  const opened = (await client.openWorkday({ userId: fresh, time: start, report: 'Ночная смена' })).result;
  assert.equal(opened.TIME_START, start);
  assert.equal(opened.TZ_OFFSET, 10800);

  // An expired day closes only on its own date.
  await assert.rejects(client.closeWorkday({ userId: 5 }), apiError('WRONG_DATETIME', 'Day close date should correspond to the day open date'));
  const expiredStart = (await client.getWorkdayStatus({ userId: 5 })).result.TIME_START!;
  const closed = (await client.closeWorkday({ userId: 5, time: `${expiredStart.slice(0, 10)}T18:30:00${offset}`, report: 'Забыл закрыть день' })).result;
  assert.equal(closed.STATUS, 'CLOSED');
  assert.equal(closed.TIME_FINISH, `${expiredStart.slice(0, 10)}T18:30:00${offset}`);
  assert.equal(closed.ACTIVE, false, 'a change this large waits for a manager');
});

test('settings: defaults, a free schedule for developers, ADMIN only for the caller', async () => {
  const own = (await client.getWorktimeSettings()).result;
  assert.equal(own.UF_TIMEMAN, true);
  assert.equal(own.UF_TM_FREE, false);
  assert.equal(own.UF_TM_MAX_START, '09:15:00');
  assert.equal(own.ADMIN, true, 'the administrator');
  const developer = sandbox.state.users.all().find((u) => u.UF_DEPARTMENT.includes(9) && u.ID > 10)!;
  const theirs = (await client.getWorktimeSettings({ userId: developer.ID })).result;
  assert.equal(theirs.UF_TM_FREE, true);
  assert.equal(theirs.ADMIN, undefined, 'ADMIN is shown only for the caller');
  const staff = await asUser(developer.ID);
  assert.equal((await staff.getWorktimeSettings()).result.ADMIN, false);
});

test('who may manage whose day: oneself, the administrator, a head those below', async () => {
  const developer = sandbox.state.users.all().find((u) => u.UF_DEPARTMENT.includes(9) && u.ID > 10 && u.ACTIVE)!;
  const colleague = sandbox.state.users.all().find((u) => u.ID > 10 && u.ID !== developer.ID && !u.UF_DEPARTMENT.includes(9) && !u.UF_DEPARTMENT.includes(5))!;
  const staff = await asUser(developer.ID);
  assert.equal((await staff.openWorkday()).result.STATUS, 'OPENED', 'one\'s own day');
  await assert.rejects(staff.pauseWorkday({ userId: colleague.ID }), apiError('ACCESS_DENIED', 'Access denied'));
  // Reading another user's status needs no right.
  assert.ok((await staff.getWorkdayStatus({ userId: colleague.ID })).result.STATUS);
  // The head of the group (user 9) and the technical director above it (user 5) manage the developer's day.
  assert.equal((await (await asUser(9)).pauseWorkday({ userId: developer.ID })).result.STATUS, 'PAUSED');
  assert.equal((await (await asUser(5)).openWorkday({ userId: developer.ID })).result.STATUS, 'OPENED');
  await assert.rejects((await asUser(9)).pauseWorkday({ userId: colleague.ID }), apiError('ACCESS_DENIED', 'Access denied'));
});

test('coordinates of the start and the end (LAT, LON), raw', async () => {
  const userId = sandbox.state.users.all().find((u) => u.ID > 20 && !sandbox.state.workdays.has(u.ID))!.ID;
  const opened = await postJson(sandbox.info.webhookUrl + 'timeman.open', { USER_ID: userId, LAT: 55.7602, LON: 37.6186 });
  assert.equal((opened.body.result as Record<string, unknown>).LAT_OPEN, 55.7602);
  const closed = await postJson(sandbox.info.webhookUrl + 'timeman.close', { USER_ID: userId, LAT: 59.9386, LON: 30.3141 });
  assert.equal((closed.body.result as Record<string, unknown>).LON_CLOSE, 30.3141);
});

test('errors: an unknown user, and bad input refused before any request', async () => {
  // One call at a time: a refusal that came before its turn would be an unhandled rejection.
  for (const call of [() => client.getWorkdayStatus({ userId: 99_999 }), () => client.openWorkday({ userId: 99_999 }), () => client.getWorktimeSettings({ userId: 99_999 })]) {
    await assert.rejects(call(), apiError('', 'User not found'));
  }
  const before = sandbox.stats.requests;
  await assert.rejects(client.openWorkday({ userId: 0 }), (e: unknown) => e instanceof ValidationError && /userId/.test(e.message));
  await assert.rejects(client.closeWorkday({ time: 'вчера вечером' }), (e: unknown) => e instanceof ValidationError && /time/.test(e.message));
  // TIME is a moment (ATOM, timeman-open.md / timeman-close.md): a bare date has no time of day.
  await assert.rejects(client.closeWorkday({ time: '2026-03-27', report: 'Забыл закрыть день' }), (e: unknown) => e instanceof ValidationError && /time/.test(e.message) && /time of day/.test(e.message));
  await assert.rejects(client.openWorkday({ time: '2026-03-27', report: 'Забыл открыть день' }), (e: unknown) => e instanceof ValidationError && /time/.test(e.message));
  assert.equal(sandbox.stats.requests, before, 'no request was sent');
});
