// The leads section (crm.lead.*) through its typed functions, against the sandbox, with every
// result checked against its schema.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { Bitrix24Client } from '../../../src/services/bitrix24/client.js';
import { bitrix24Catalogue } from '../../../src/services/bitrix24/catalogue.js';
import { ApiError, ValidationError } from '../../../src/core/errors.js';

let sandbox: Bitrix24Sandbox;
let client: Bitrix24Client;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 75 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, validateResults: true, rateLimit: false });
});
after(() => sandbox.close());

const ids = (rows: { ID: string }[]): number[] => rows.map((r) => Number(r.ID));

test('getLeadFields describes the lead fields', async () => {
  const { result } = await client.getLeadFields();
  assert.equal(result.ID?.isReadOnly, true);
  assert.equal(result.STATUS_ID?.type, 'crm_status');
  assert.equal(result.STATUS_ID?.statusType, 'STATUS');
  assert.equal(result.NAME?.type, 'string');
});

test('getLeads pages by 50, filters, selects and orders; the walker reads all', async () => {
  const first = await client.getLeads();
  assert.equal(first.result.length, 50);
  assert.equal(first.next, 50);
  assert.equal(first.total, 75);
  const second = await client.getLeads({ offset: first.next });
  assert.equal(second.result.length, 25);
  assert.equal(second.next, undefined);

  const walked: { ID: string }[] = [];
  for await (const row of client.iterate(bitrix24Catalogue.getLeads, { order: { ID: 'DESC' } })) walked.push(row as { ID: string });
  assert.deepEqual(ids(walked), Array.from({ length: 75 }, (_, i) => 75 - i));

  const fresh = await client.getLeads({ filter: { STATUS_ID: 'NEW' }, select: ['ID', 'STATUS_ID', 'LAST_NAME'], order: { LAST_NAME: 'ASC' } });
  assert.ok(fresh.result.length > 0);
  for (const lead of fresh.result) {
    assert.deepEqual(Object.keys(lead).sort(), ['ID', 'LAST_NAME', 'STATUS_ID']);
    assert.equal(lead.STATUS_ID, 'NEW');
  }
  const names = fresh.result.map((l) => l.LAST_NAME ?? '');
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'ru')));

  const notNew = await client.getLeads({ filter: { '!STATUS_ID': 'NEW', '<=ID': 20 }, select: ['ID', 'STATUS_ID'] });
  assert.ok(notNew.result.every((l) => l.STATUS_ID !== 'NEW' && Number(l.ID) <= 20));
  assert.equal(notNew.result.length + fresh.result.filter((l) => Number(l.ID) <= 20).length, 20, 'the two filters split the first 20');
});

test('addLead, updateLead and deleteLead change what getLead shows', async () => {
  const added = await client.addLead({
    fields: { TITLE: 'Заявка с сайта', NAME: 'Ольга', LAST_NAME: 'Кузнецова', SOURCE_ID: 'WEB', OPPORTUNITY: 120000, ASSIGNED_BY_ID: 2 },
  });
  assert.equal(typeof added.result, 'number');
  const leadId = added.result;

  const created = (await client.getLead({ leadId })).result;
  assert.equal(created.ID, String(leadId));
  assert.equal(created.TITLE, 'Заявка с сайта');
  assert.equal(created.NAME, 'Ольга');
  assert.equal(created.LAST_NAME, 'Кузнецова');
  assert.equal(created.STATUS_ID, 'NEW', 'a new lead starts at the first status');
  assert.equal(created.SOURCE_ID, 'WEB');
  assert.equal(Number(created.OPPORTUNITY), 120000);
  assert.equal(created.ASSIGNED_BY_ID, '2');

  assert.equal((await client.updateLead({ leadId, fields: { STATUS_ID: 'JUNK', COMMENTS: 'Не дозвонились' } })).result, true);
  const changed = (await client.getLead({ leadId })).result;
  assert.equal(changed.STATUS_ID, 'JUNK');
  assert.equal(changed.STATUS_SEMANTIC_ID, 'F');
  assert.equal(changed.COMMENTS, 'Не дозвонились');
  assert.equal(changed.NAME, 'Ольга', 'fields not sent stay');

  assert.equal((await client.deleteLead({ leadId })).result, true);
  await assert.rejects(client.getLead({ leadId }), (e: unknown) =>
    e instanceof ApiError && e.status === 400 && e.code === '' && /Not found/.test(e.description));
});

test('addLead keeps phones and e-mails (crm_multifield) and flags HAS_PHONE', async () => {
  const added = await client.addLead({
    fields: { TITLE: 'Звонок', PHONE: [{ VALUE: '+7 916 555-12-34', VALUE_TYPE: 'WORK' }], EMAIL: [{ VALUE: 'o.k@example.ru', VALUE_TYPE: 'WORK' }] },
  });
  const lead = (await client.getLead({ leadId: added.result })).result;
  assert.equal(lead.HAS_PHONE, 'Y');
  assert.equal(lead.PHONE?.[0]?.VALUE, '+7 916 555-12-34');
  assert.equal(lead.HAS_EMAIL, 'Y');
  assert.equal(lead.EMAIL?.[0]?.VALUE, 'o.k@example.ru');
});

test('wrong or missing parameters are refused before any request, naming the parameter', async () => {
  const before = sandbox.stats.requests;
  const rejects = (call: () => Promise<unknown>, path: string) =>
    assert.rejects(call(), (e: unknown) => e instanceof ValidationError && e.issues.some((i) => i.path === path));
  await rejects(() => client.getLead({} as never), 'leadId');
  await rejects(() => client.deleteLead({ leadId: 1.5 }), 'leadId');
  await rejects(() => client.addLead({ fields: { PHONE: '+7 916 555-12-34' as never } }), 'fields.PHONE');
  await rejects(() => client.updateLead({ leadId: 1, fields: { ASSIGNED_BY_ID: 'Иванов' as never } }), 'fields.ASSIGNED_BY_ID');
  await rejects(() => client.getLeads({ filter: 'NEW' as never }), 'filter');
  await rejects(() => client.getLeads({ order: { ID: 'up' as never } }), 'order.ID');
  assert.equal(sandbox.stats.requests, before, 'nothing reached the portal');
});
