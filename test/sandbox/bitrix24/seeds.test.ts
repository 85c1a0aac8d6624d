// Each seed page's call, reproduced against the sandbox, with the seed's answer shape.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { getJson, postJson } from './http.js';

async function tokenFor(sb: Bitrix24Sandbox, userId: number): Promise<string> {
  const auth = await getJson(`${sb.url}/oauth/authorize/?client_id=${sb.info.clientId}&user_id=${userId}`);
  const tokens = await getJson(
    `${sb.info.oauthTokenUrl}?grant_type=authorization_code&client_id=${sb.info.clientId}&client_secret=${sb.info.clientSecret}&code=${String(auth.body.code)}`,
  );
  return String(tokens.body.access_token);
}

describe('bitrix24 sandbox: the seed pages', () => {
  let sb: Bitrix24Sandbox;
  before(async () => {
    sb = await startBitrix24Sandbox({ timeScale: 0, seed: { deals: 10, leads: 10, randomSeed: 7 } });
  });
  after(() => sb.close());

  test('000: calendar.meeting.status.get answers H for the host, the attendee its own answer', async () => {
    const meeting = sb.state.events.all().find((e) => e.IS_MEETING && e.MEETING_HOST === 1 && e.attendees.length > 1);
    assert.ok(meeting, 'the seed has a meeting hosted by user 1');
    const host = await getJson(`${sb.url}/rest/calendar.meeting.status.get?eventId=${meeting.ID}&auth=${sb.info.accessToken}`);
    assert.equal(host.status, 200);
    assert.equal(host.body.result, 'H');
    const time = host.body.time as Record<string, unknown>;
    assert.equal(typeof time.start, 'number');
    assert.equal(typeof time.operating_reset_at, 'number');

    const guest = meeting.attendees.find((a) => a.status !== 'H')!;
    const token = await tokenFor(sb, guest.id);
    const before = await postJson(`${sb.url}/rest/calendar.meeting.status.get`, { eventId: meeting.ID, auth: token });
    assert.equal(before.body.result, guest.status);
    const set = await postJson(`${sb.url}/rest/calendar.meeting.status.set`, { eventId: meeting.ID, status: 'N', auth: token });
    assert.equal(set.body.result, true);
    const after = await postJson(`${sb.url}/rest/calendar.meeting.status.get`, { eventId: meeting.ID, auth: token });
    assert.equal(after.body.result, 'N');
    const invalid = await postJson(`${sb.url}/rest/calendar.meeting.status.set`, { eventId: meeting.ID, status: 'X', auth: token });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.error, '');
    const missing = await postJson(`${sb.url}/rest/calendar.meeting.status.get`, { auth: token });
    assert.equal(missing.status, 400);
  });

  test('001: calendar.accessibility.get gives busy events per requested user', async () => {
    const r = await postJson(sb.info.webhookUrl + 'calendar.accessibility.get', { from: '2000-01-01', to: '2100-12-31', users: [1, 2, 34] });
    assert.equal(r.status, 200);
    const result = r.body.result as Record<string, Record<string, unknown>[]>;
    assert.deepEqual(Object.keys(result).sort(), ['1', '2', '34']);
    assert.deepEqual(result['34'], []);
    const busy = result['1']!;
    assert.ok(busy.length > 0);
    const keys = ['ID', 'NAME', 'DATE_FROM', 'DATE_TO', 'DATE_FROM_TS_UTC', 'DATE_TO_TS_UTC', '~USER_OFFSET_FROM', '~USER_OFFSET_TO', 'DT_SKIP_TIME', 'TZ_FROM', 'TZ_TO', 'ACCESSIBILITY', 'IMPORTANCE', 'EVENT_TYPE'];
    for (const event of busy) {
      assert.deepEqual(Object.keys(event).sort(), [...keys].sort());
      assert.equal(typeof event.ID, 'string');
      assert.match(String(event.DATE_FROM), /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/);
      assert.match(String(event.DATE_FROM_TS_UTC), /^\d+$/);
      assert.equal(event['~USER_OFFSET_FROM'], 10800);
      assert.notEqual(event.ACCESSIBILITY, 'free');
    }
    // The seed's errors: 400, empty code, Russian text naming the parameter.
    for (const [payload, param] of [
      [{ to: '2024-12-20', users: [1] }, 'from'],
      [{ from: '2024-06-20', users: [1] }, 'to'],
      [{ from: '2024-06-20', to: '2024-12-20' }, 'users'],
    ] as const) {
      const e = await postJson(sb.info.webhookUrl + 'calendar.accessibility.get', payload);
      assert.equal(e.status, 400);
      assert.equal(e.body.error, '');
      assert.equal(e.body.error_description, `Не задан обязательный параметр "${param}" для метода "calendar.accessibility.get"`);
    }
  });

  test('001: an event added as busy shows up; a free one does not', async () => {
    const add = (accessibility: string): Promise<Awaited<ReturnType<typeof postJson>>> =>
      postJson(sb.info.webhookUrl + 'calendar.event.add', {
        type: 'user', ownerId: 5, name: `Занятость ${accessibility}`, from: '2031-03-03 10:00:00', to: '2031-03-03 11:30:00', accessibility,
      });
    const busy = await add('busy');
    const free = await add('free');
    const r = await postJson(sb.info.webhookUrl + 'calendar.accessibility.get', { from: '2031-03-03', to: '2031-03-03', users: [5] });
    const ids = (r.body.result as Record<string, { ID: string; DATE_FROM: string; DATE_TO: string }[]>)['5']!.map((e) => e.ID);
    assert.deepEqual(ids, [String(busy.body.result)]);
    assert.ok(!ids.includes(String(free.body.result)));
    const event = (r.body.result as Record<string, { DATE_FROM: string; DATE_TO: string }[]>)['5']![0]!;
    assert.equal(event.DATE_FROM, '03.03.2031 10:00:00');
    assert.equal(event.DATE_TO, '03.03.2031 11:30:00');
  });

  test('002: im.department.get with ID array and USER_DATA', async () => {
    const r = await postJson(sb.info.webhookUrl + 'im.department.get', { ID: [7] });
    assert.equal(r.status, 200);
    const [dep] = r.body.result as Record<string, unknown>[];
    assert.deepEqual(Object.keys(dep!).sort(), ['full_name', 'id', 'manager_user_id', 'name']);
    assert.equal(dep!.id, 7);
    assert.equal(dep!.name, 'Московский филиал');
    assert.equal(dep!.full_name, 'Московский филиал / Отдел продаж / ООО «Северный ветер»');
    assert.equal(dep!.manager_user_id, sb.state.departments.get(7)!.UF_HEAD);

    const withUser = await getJson(sb.info.webhookUrl + 'im.department.get?ID[]=7&ID[]=2&USER_DATA=Y');
    const list = withUser.body.result as Record<string, Record<string, unknown>>[];
    assert.deepEqual(list.map((d) => d.id), [7, 2]);
    const manager = list[0]!.manager_user_data!;
    for (const key of ['id', 'name', 'first_name', 'last_name', 'work_position', 'color', 'avatar', 'gender', 'birthday', 'extranet', 'network', 'bot', 'connector', 'external_auth_id', 'status', 'idle', 'last_activity_date', 'mobile_last_date', 'absent']) {
      assert.ok(key in manager, key);
    }
    assert.equal(manager.id, dep!.manager_user_id);

    const bad = await getJson(sb.info.webhookUrl + 'im.department.get?ID=abc');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body, { error: 'INVALID_FORMAT', error_description: 'A wrong format for the ID field is passed' });
    const missing = await postJson(sb.info.webhookUrl + 'im.department.get', {});
    assert.equal(missing.body.error, 'INVALID_FORMAT');
  });

  test('the same seed builds the same portal', async () => {
    const twin = await startBitrix24Sandbox({ timeScale: 0, seed: { deals: 10, leads: 10, randomSeed: 7 } });
    try {
      assert.deepEqual(twin.state.users.all().map((u) => [u.NAME, u.LAST_NAME, u.WORK_POSITION]), sb.state.users.all().map((u) => [u.NAME, u.LAST_NAME, u.WORK_POSITION]));
      assert.deepEqual(twin.state.deals.get(5), sb.state.deals.get(5));
    } finally {
      await twin.close();
    }
  });
});
