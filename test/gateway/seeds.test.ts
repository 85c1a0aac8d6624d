// Each seed method through the gateway, over real HTTP against the sandboxes: the answer is the
// service's answer as the library returns it, and bad input is a 400 before any request.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { diadocService } from '../../src/services/diadoc/service.js';
import { leaks, reached, setup, type Setup } from './helpers.js';

let s: Setup;
before(async () => {
  s = await setup({ keys: { writer: { write: true } } });
});
after(() => s.close());

async function firstSection(ownerId = 1): Promise<number> {
  const answer = await s.call('/v1/bitrix24/get-calendars', { type: 'user', ownerId });
  assert.equal(answer.status, 200, answer.text);
  return Number(answer.body.result[0].ID);
}

test('seed 000: get-user-participation-status — the host answers H, with the portal\'s time block', async () => {
  const added = await s.call('/v1/bitrix24/add-calendar-event', {
    fields: { type: 'user', ownerId: 1, section: await firstSection(), name: 'Планерка', from: '2025-09-30T19:00:00', to: '2025-09-30T20:00:00', is_meeting: 'Y', host: 1, attendees: [1, 2] },
  });
  assert.equal(added.status, 200, added.text);
  const answer = await s.call('/v1/bitrix24/get-user-participation-status', { eventId: Number(added.body.result) });
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(Object.keys(answer.body).sort(), ['result', 'time']);
  assert.equal(answer.body.result, 'H');
  for (const key of ['start', 'finish', 'duration', 'processing', 'date_start', 'date_finish']) assert.ok(key in answer.body.time, `time.${key}`);
  // An ID as text works as on the command line.
  assert.equal((await s.call('/v1/bitrix24/get-user-participation-status', { eventId: String(added.body.result) })).body.result, 'H');
});

test('seed 000: a bad event id is a 400 naming eventId, and nothing reaches the portal', async () => {
  const before = reached(s);
  const bad = await s.call('/v1/bitrix24/get-user-participation-status', { eventId: 'twenty' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.kind, 'validation');
  assert.equal(bad.body.error.issues[0].path, 'eventId');
  const missing = await s.call('/v1/bitrix24/get-user-participation-status', {});
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error.issues[0].path, 'eventId');
  assert.doesNotMatch(missing.text, /<\d|Invalid input|expected number/);
  assert.equal(reached(s), before);
});

test('seed 001: get-users-availability — an object keyed by user ID, the new event in it', async () => {
  const section = await firstSection(2);
  const added = await s.call('/v1/bitrix24/add-calendar-event', {
    fields: { type: 'user', ownerId: 2, section, name: 'Встреча с поставщиком', from: '2030-06-20 11:00:00', to: '2030-06-20 12:00:00', accessibility: 'busy' },
  });
  assert.equal(added.status, 200, added.text);
  const answer = await s.call('/v1/bitrix24/get-users-availability', { users: [1, 2, 34], from: '2030-06-01', to: '2030-06-30' });
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(Object.keys(answer.body.result).sort(), ['1', '2', '34']);
  assert.deepEqual(answer.body.result['34'], []);
  assert.ok(answer.body.result['2'].some((e: { ID: string }) => Number(e.ID) === Number(added.body.result)));
  const bad = await s.call('/v1/bitrix24/get-users-availability', { users: [1], from: '20.06.2024', to: '2024-12-20' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.issues[0].path, 'from');
});

test('seed 002: get-departments-info (im.department.get) — the departments asked for', async () => {
  const answer = await s.call('/v1/bitrix24/get-departments-info', { departmentIds: [1, 2] });
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(answer.body.result.map((d: { id: string | number }) => Number(d.id)).sort(), [1, 2]);
});

test('seed 003: planfix change-task-workers — the task answers with its id, the workers change', async () => {
  const answer = await s.call('/v1/planfix/change-task-workers', { task: 10007, addUsers: [3, 5], delUsers: [7] });
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(answer.body, { task: { id: 10007 } });
  const task = await s.call('/v1/planfix/get-task', { task: 10007 });
  assert.equal(task.status, 200, task.text);
  const users = [task.body.task.workers.users.user].flat().map((u: { id: number }) => Number(u.id));
  assert.ok(users.includes(3) && users.includes(5) && !users.includes(7), JSON.stringify(users));
  // The service's own error keeps its code; Planfix signals errors inside HTTP 200, so: 502.
  const missing = await s.call('/v1/planfix/change-task-workers', { task: 987654, addUsers: [2] });
  assert.equal(missing.status, 502);
  assert.equal(missing.body.error.kind, 'service');
  assert.equal(missing.body.error.code, '3001');
});

test('seed 004: diadoc get-employee — the employee, and the service\'s 404 for an unknown one', async () => {
  const info = s.diadoc.info;
  const answer = await s.call('/v1/diadoc/get-employee', { boxId: info.boxId, userId: info.employeeUserId });
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.body.User.UserId, info.employeeUserId);
  // Ticks beyond 2^53 come out exactly as the library reads them (a bigint), digit for digit.
  const direct = (await diadocService.connect({ url: info.url, clientid: info.clientId, token: info.token }).invoke(
    diadocService.methods.find((e) => e.name === 'getEmployee')!,
    { boxId: info.boxId, userId: info.employeeUserId },
  )) as { CreationTimestamp: { Ticks: bigint } };
  assert.equal(typeof direct.CreationTimestamp.Ticks, 'bigint');
  assert.ok(direct.CreationTimestamp.Ticks > BigInt(Number.MAX_SAFE_INTEGER));
  assert.match(answer.text, new RegExp(`"CreationTimestamp":\\{"Ticks":${direct.CreationTimestamp.Ticks}\\}`));
  const unknown = await s.call('/v1/diadoc/get-employee', { boxId: info.boxId, userId: '00000000-0000-0000-0000-000000000001' });
  assert.equal(unknown.status, 404, unknown.text);
  assert.equal(unknown.body.error.kind, 'service');
  assert.equal(unknown.body.error.service, 'diadoc');
});

test('no secret in any answer or log line of these calls', () => {
  assert.ok(s.log.length > 10);
  assert.ok(s.secrets.length >= 8, "the sandboxes' credentials and the key are looked for");
  assert.deepEqual(leaks(s.seen.join('\n') + s.log.join(''), s.secrets), []);
});
