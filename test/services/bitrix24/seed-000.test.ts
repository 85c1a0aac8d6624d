// Seed 000: OpenIntegrations' ПолучитьСтатусУчастияПользователя — calendar.meeting.status.get.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { ValidationError } from '../../../src/core/errors.js';

let sandbox: Bitrix24Sandbox;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
});
after(() => sandbox.close());

test('both forms of the seed: webhook URL, and portal + token', async () => {
  const add = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false, validateResults: true });
  // An event where user 1 is the host, with attendees, as the seed's portal had.
  const created = await add.addCalendarEvent({
    fields: {
      type: 'user', ownerId: 1, section: (await firstSection(add)), name: 'Планерка', from: '2025-09-30T19:00:00', to: '2025-09-30T20:00:00',
      is_meeting: 'Y', host: 1, attendees: [1, 2],
    },
  });
  const eventId = Number(created.result);

  const byWebhook = await add.getUserParticipationStatus({ eventId });
  assert.deepEqual(Object.keys(byWebhook).sort(), ['result', 'time']);
  assert.equal(byWebhook.result, 'H', 'the host answers H, as in the seed');
  for (const key of ['start', 'finish', 'duration', 'processing', 'date_start', 'date_finish', 'operating_reset_at', 'operating']) {
    assert.ok(key in byWebhook.time, `time.${key}`);
  }

  const byToken = new Bitrix24Client({ portal: sandbox.info.portal, accessToken: sandbox.info.accessToken, rateLimit: false, validateResults: true });
  const again = await byToken.getUserParticipationStatus({ eventId: String(eventId) });
  assert.equal(again.result, 'H');
});

test('an attendee sees Q until answering, then the answer', async () => {
  const host = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false, validateResults: true });
  const created = await host.addCalendarEvent({
    fields: { type: 'user', ownerId: 1, section: await firstSection(host), name: 'Созвон', from: '2025-10-01T10:00:00', to: '2025-10-01T11:00:00', is_meeting: 'Y', attendees: [1, 2] },
  });
  const eventId = Number(created.result);
  // User 2 signs in to an application (the sandbox's consent page stands for the portal's).
  const consent = await fetch(`${sandbox.url}/oauth/authorize/?client_id=${sandbox.info.clientId}&user_id=2`);
  const { code } = (await consent.json()) as { code: string };
  const tokens = await Bitrix24Client.getTokens(
    { clientId: sandbox.info.clientId, clientSecret: sandbox.info.clientSecret, tokenUrl: sandbox.info.oauthTokenUrl },
    code,
  );
  const attendee = new Bitrix24Client({ portal: sandbox.url, accessToken: tokens.accessToken, rateLimit: false, validateResults: true });
  assert.equal((await attendee.getUserParticipationStatus({ eventId })).result, 'Q');
  await attendee.setUserParticipationStatus({ eventId, status: 'Y' });
  assert.equal((await attendee.getUserParticipationStatus({ eventId })).result, 'Y');
  assert.equal((await host.getUserParticipationStatus({ eventId })).result, 'H');
});

test('the event id is checked before any request', async () => {
  const client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false });
  const before = sandbox.stats.requests;
  await assert.rejects(client.getUserParticipationStatus({ eventId: 'twenty' as unknown as number }), (e: unknown) =>
    e instanceof ValidationError && e.issues[0]!.path === 'eventId');
  await assert.rejects((client.getUserParticipationStatus as (i?: unknown) => Promise<unknown>)(), (e: unknown) =>
    e instanceof ValidationError && e.issues[0]!.path === 'eventId');
  assert.equal(sandbox.stats.requests, before);
});

async function firstSection(client: Bitrix24Client, ownerId = 1): Promise<number> {
  const sections = await client.call<{ ID: string }[]>('calendar.section.get', { type: 'user', ownerId });
  return Number(sections.result[0]!.ID);
}

// calendar-event-add.md, "Организатор события": the caller organises; `host` is ignored by this method.
test('calendar.event.add ignores host: the caller is the organiser and answers H', async () => {
  const client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false, validateResults: true });
  const created = await client.addCalendarEvent({
    fields: { type: 'user', ownerId: 2, section: await firstSection(client, 2), name: 'Разбор', from: '2025-10-02T10:00:00', to: '2025-10-02T11:00:00', is_meeting: 'Y', host: 2, attendees: [1, 2] },
  });
  assert.equal((await client.getUserParticipationStatus({ eventId: Number(created.result) })).result, 'H');
});
