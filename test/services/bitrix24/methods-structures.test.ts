// oint's structure functions that take only --empty: templates of other entries' schemas, answered
// with no request (core/template.ts); the filter structures come from the entity's fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { bitrix24Catalogue } from '../../../src/services/bitrix24/catalogue.js';

// A client whose every request would fail: a template must not send one.
const client = new Bitrix24Client({
  webhookUrl: 'http://127.0.0.1:9/rest/1/abcdef0123456789/',
  rateLimit: false,
  fetch: () => Promise.reject(new Error('no request expected')),
});

test('the seven structure functions are templates answered without a request', async () => {
  const names = ['getCalendarStructure', 'getCalendarUserSettingsStructure', 'getCalendarEventStructure', 'getCalendarEventFilterStructure', 'getLeadFilterStructure', 'getDealFilterStructure', 'getUserFilterStructure'] as const;
  for (const name of names) {
    const entry = bitrix24Catalogue[name];
    assert.ok(entry.template, `${name} is a template entry`);
    assert.deepEqual(Object.keys(entry.params), ['empty'], `${name} takes only --empty`);
  }
  const calendar = (await client.getCalendarStructure()).result;
  assert.equal(calendar.name, 'string');
  assert.ok('color' in calendar && 'ownerId' in calendar);
  const settings = (await client.getCalendarUserSettingsStructure({ empty: true })).result;
  assert.equal(settings.view, '');
  assert.ok('denyBusyInvitation' in settings);
  const event = (await client.getCalendarEventStructure()).result;
  assert.ok('from' in event && 'to' in event && 'section' in event);
  const eventFilter = (await client.getCalendarEventFilterStructure({ empty: true })).result;
  assert.deepEqual(Object.keys(eventFilter), ['from', 'to', 'section']);
});

test('the filter structures list the entity\'s fields', async () => {
  const leads = (await client.getLeadFilterStructure()).result;
  for (const key of ['ID', 'TITLE', 'STATUS_ID', 'ASSIGNED_BY_ID', 'DATE_CREATE']) assert.ok(key in leads, key);
  const deals = (await client.getDealFilterStructure({ empty: true })).result;
  for (const key of ['ID', 'TITLE', 'STAGE_ID', 'OPPORTUNITY']) assert.equal(deals[key], '', key);
  const users = (await client.getUserFilterStructure()).result;
  for (const key of ['ID', 'ACTIVE', 'NAME', 'LAST_NAME', 'UF_DEPARTMENT']) assert.ok(key in users, key);
});
