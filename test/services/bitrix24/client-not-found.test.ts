// "No such object" is a NotFoundError on every Bitrix24 method that documents such an answer,
// whatever its status, code (often empty) and text; the portal's code and text are kept.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { notFoundAnswers } from '../../../src/services/bitrix24/answer.js';
import { ApiError, NotFoundError, PermissionError } from '../../../src/core/errors.js';

let sandbox: Bitrix24Sandbox;
let client: Bitrix24Client;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 5, leads: 5 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, rateLimit: false });
});
after(() => sandbox.close());

const missing = 99_999_999;

/** Every catalogue method that takes the ID of one object, called with an ID that does not exist. */
const cases: [string, () => Promise<unknown>, { code: string; description: string }][] = [
  ['getDeal', () => client.getDeal({ dealId: missing }), { code: '', description: 'Not found' }],
  ['updateDeal', () => client.updateDeal({ dealId: missing, fields: { TITLE: 'x' } }), { code: '', description: 'Not found' }],
  ['deleteDeal', () => client.deleteDeal({ dealId: missing }), { code: '', description: 'Not found' }],
  ['getLead', () => client.getLead({ leadId: missing }), { code: '', description: 'Not found' }],
  ['updateLead', () => client.updateLead({ leadId: missing, fields: { TITLE: 'x' } }), { code: '', description: 'Not found' }],
  ['deleteLead', () => client.deleteLead({ leadId: missing }), { code: '', description: 'Not found' }],
  ['updateDepartment', () => client.updateDepartment({ departmentId: missing, title: 'x' }), { code: 'ERROR_CORE', description: 'Department not found' }],
  ['deleteDepartment', () => client.deleteDepartment({ departmentId: missing }), { code: 'ERROR_CORE', description: 'Department not found' }],
  ['updateCalendar', () => client.updateCalendar({ calendarId: missing, fields: { type: 'user', ownerId: 1, name: 'x' } }), { code: '', description: 'Доступ запрещен' }],
  ['deleteCalendar', () => client.deleteCalendar({ calendarId: missing, ownerId: 1, type: 'user' }), { code: '', description: 'Доступ запрещен' }],
  ['deleteCalendarEvent', () => client.deleteCalendarEvent({ eventId: missing }), { code: '', description: 'При удалении события произошла ошибка' }],
  ['updateCalendarEvent', () => client.updateCalendarEvent({ eventId: missing, fields: { type: 'user', ownerId: 1, name: 'x' } }), { code: '', description: 'Доступ запрещен' }],
  ['updateUser', () => client.updateUser({ userId: missing, fields: { NAME: 'x' } }), { code: 'ERROR_CORE', description: 'access_denied' }],
  ['changeUserStatus', () => client.changeUserStatus({ userId: missing, fire: true }), { code: 'ERROR_CORE', description: 'access_denied' }],
];

describe('against the sandbox, one test per method', () => {
  for (const [name, run, expected] of cases) {
    test(`${name}: a missing object is a NotFoundError with the portal's code and text`, async () => {
      const error = await run().then(() => assert.fail('must fail'), (e: unknown) => e);
      assert.ok(error instanceof NotFoundError, `${name}: ${String(error)}`);
      assert.equal(error.status, 400);
      assert.equal(error.code, expected.code);
      assert.equal(error.description, expected.description);
      assert.match(error.message, /HTTP 400/);
    });
  }

  test('inside a batch, the same answers are NotFoundErrors too', async () => {
    const out = await client.batch({
      deal: { method: 'crm.deal.get', params: { id: missing } },
      lead: { method: 'crm.lead.delete', params: { id: missing } },
      dep: { method: 'department.delete', params: { ID: missing } },
      ok: { method: 'crm.deal.get', params: { id: 1 } },
    });
    for (const name of ['deal', 'lead', 'dep']) assert.ok(out.errors[name] instanceof NotFoundError, `${name}: ${String(out.errors[name])}`);
    assert.ok(out.result.ok);
  });

  test('getCalendarEvent of a missing event resolves to null, as calendar.event.getbyid documents (no error to classify)', async () => {
    assert.equal((await client.getCalendarEvent({ eventId: missing })).result, null);
  });

  test('raw call() of a method gets the same class as its catalogue function', async () => {
    // Every CRM entity's get/update/delete page documents the empty code with "Not found".
    const error = await client.call('crm.deal.get', { id: missing }).then(() => assert.fail('must fail'), (e: unknown) => e);
    assert.ok(error instanceof NotFoundError);
  });
});

describe('the documented answers the sandbox does not give', () => {
  // The pages' own answers, served as the portal would, for answers the sandbox cannot reach
  // (other entities, the empty-text variants): the mapping is checked against the documentation.
  const documented: [string, number, { error: string; error_description: string }][] = [
    ['calendar.event.delete', 400, { error: '', error_description: 'При удалении события произошла ошибка' }],
    ['user.update', 400, { error: 'ERROR_CORE', error_description: '' }],
    ['crm.lead.update', 400, { error: '', error_description: 'Not found' }],
    ['crm.contact.get', 400, { error: '', error_description: 'Not found' }],
  ];
  for (const [method, status, body] of documented) {
    test(`${method}: ${JSON.stringify(body)} is a NotFoundError`, async () => {
      const portal = new Bitrix24Client({
        webhookUrl: 'https://portal.example.ru/rest/1/abcdefgh/',
        rateLimit: false,
        fetch: async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
      });
      const error = await portal.call(method, { id: missing }).then(() => assert.fail('must fail'), (e: unknown) => e);
      assert.ok(error instanceof NotFoundError, String(error));
      assert.equal(error.code, body.error);
      assert.equal(error.description, body.error_description);
    });
  }

  test('the same text on a method whose page gives it another meaning is not a NotFoundError', async () => {
    const body = { error: '', error_description: 'Доступ запрещен' };
    const portal = new Bitrix24Client({
      webhookUrl: 'https://portal.example.ru/rest/1/abcdefgh/',
      rateLimit: false,
      fetch: async () => new Response(JSON.stringify(body), { status: 400, headers: { 'content-type': 'application/json' } }),
    });
    const error = await portal.call('calendar.event.add', {}).then(() => assert.fail('must fail'), (e: unknown) => e);
    assert.ok(error instanceof ApiError && !(error instanceof NotFoundError), String(error));
    const denied = await portal.call('crm.deal.list', {}).then(() => assert.fail('must fail'), (e: unknown) => e);
    assert.ok(!(denied instanceof NotFoundError) && !(denied instanceof PermissionError));
  });

  test('every row of the table names its page in the official docs', () => {
    assert.ok(notFoundAnswers.length >= 7);
    for (const row of notFoundAnswers) assert.match(row.page, /^api-reference\/.+\.md$/);
  });
});
