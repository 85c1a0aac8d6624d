// Every key crm.deal.get and crm.lead.get show in the docs' examples, null when unset, the
// matching crm.*.fields descriptions, and what the portal derives on writes (moves, defaults).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { getJson, postJson, rows } from './http.js';

// The keys of the docs' response examples (custom UF_ and PARENT_ID_ fields left out).
const dealKeys = [
  'ID', 'TITLE', 'TYPE_ID', 'STAGE_ID', 'PROBABILITY', 'CURRENCY_ID', 'OPPORTUNITY', 'IS_MANUAL_OPPORTUNITY', 'TAX_VALUE', 'LEAD_ID',
  'COMPANY_ID', 'CONTACT_ID', 'QUOTE_ID', 'BEGINDATE', 'CLOSEDATE', 'ASSIGNED_BY_ID', 'CREATED_BY_ID', 'MODIFY_BY_ID', 'DATE_CREATE',
  'DATE_MODIFY', 'OPENED', 'CLOSED', 'COMMENTS', 'ADDITIONAL_INFO', 'LOCATION_ID', 'CATEGORY_ID', 'STAGE_SEMANTIC_ID', 'IS_NEW',
  'IS_RECURRING', 'IS_RETURN_CUSTOMER', 'IS_REPEATED_APPROACH', 'SOURCE_ID', 'SOURCE_DESCRIPTION', 'ORIGINATOR_ID', 'ORIGIN_ID',
  'MOVED_BY_ID', 'MOVED_TIME', 'LAST_ACTIVITY_TIME', 'UTM_SOURCE', 'UTM_MEDIUM', 'UTM_CAMPAIGN', 'UTM_CONTENT', 'UTM_TERM', 'LAST_ACTIVITY_BY',
];
const leadKeys = [
  'ID', 'TITLE', 'HONORIFIC', 'NAME', 'SECOND_NAME', 'LAST_NAME', 'COMPANY_TITLE', 'COMPANY_ID', 'CONTACT_ID', 'IS_RETURN_CUSTOMER',
  'BIRTHDATE', 'SOURCE_ID', 'SOURCE_DESCRIPTION', 'STATUS_ID', 'STATUS_DESCRIPTION', 'POST', 'COMMENTS', 'CURRENCY_ID', 'OPPORTUNITY',
  'IS_MANUAL_OPPORTUNITY', 'HAS_PHONE', 'HAS_EMAIL', 'HAS_IMOL', 'ASSIGNED_BY_ID', 'CREATED_BY_ID', 'MODIFY_BY_ID', 'DATE_CREATE',
  'DATE_MODIFY', 'DATE_CLOSED', 'STATUS_SEMANTIC_ID', 'OPENED', 'ORIGINATOR_ID', 'ORIGIN_ID', 'MOVED_BY_ID', 'MOVED_TIME', 'ADDRESS',
  'ADDRESS_2', 'ADDRESS_CITY', 'ADDRESS_POSTAL_CODE', 'ADDRESS_REGION', 'ADDRESS_PROVINCE', 'ADDRESS_COUNTRY', 'ADDRESS_COUNTRY_CODE',
  'ADDRESS_LOC_ADDR_ID', 'UTM_SOURCE', 'UTM_MEDIUM', 'UTM_CAMPAIGN', 'UTM_CONTENT', 'UTM_TERM', 'LAST_ACTIVITY_BY', 'LAST_ACTIVITY_TIME',
];
const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/;

describe('bitrix24 sandbox: documented deal and lead fields', () => {
  let sb: Bitrix24Sandbox;
  let hook: string;
  before(async () => {
    sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 30, leads: 30 } });
    hook = sb.info.webhookUrl;
  });
  after(() => sb.close());

  const get = async (entity: string, id: unknown): Promise<Record<string, unknown>> =>
    (await getJson(hook + `crm.${entity}.get?id=${String(id)}`)).body.result as Record<string, unknown>;

  test('crm.deal.get shows every documented key; unset ones are null, flags N', async () => {
    const deal = await get('deal', 1);
    assert.deepEqual(Object.keys(deal).sort(), [...dealKeys].sort());
    for (const key of ['QUOTE_ID', 'LEAD_ID', 'ADDITIONAL_INFO', 'LOCATION_ID', 'ORIGINATOR_ID', 'ORIGIN_ID', 'UTM_SOURCE', 'UTM_MEDIUM', 'UTM_CAMPAIGN', 'UTM_CONTENT', 'UTM_TERM', 'COMMENTS']) {
      assert.equal(deal[key], null, key);
    }
    for (const key of ['IS_RECURRING', 'IS_RETURN_CUSTOMER', 'IS_REPEATED_APPROACH', 'IS_MANUAL_OPPORTUNITY']) assert.equal(deal[key], 'N', key);
    // Nothing moved the deal yet: the move and the last activity are its creation.
    assert.equal(deal.MOVED_BY_ID, deal.CREATED_BY_ID);
    assert.equal(deal.MOVED_TIME, deal.DATE_CREATE);
    assert.equal(deal.LAST_ACTIVITY_TIME, deal.DATE_CREATE);
    assert.equal(deal.LAST_ACTIVITY_BY, deal.CREATED_BY_ID);
    assert.match(String(deal.MOVED_TIME), isoDateTime);
  });

  test('crm.lead.get shows every documented key; unset texts are null, unset dates ""', async () => {
    const lead = await get('lead', 1);
    assert.deepEqual(
      Object.keys(lead).filter((k) => !['PHONE', 'EMAIL'].includes(k)).sort(),
      [...leadKeys].sort(),
    );
    for (const key of ['HONORIFIC', 'SECOND_NAME', 'SOURCE_DESCRIPTION', 'STATUS_DESCRIPTION', 'POST', 'COMMENTS', 'ADDRESS', 'ADDRESS_2', 'ADDRESS_POSTAL_CODE', 'ADDRESS_REGION', 'ADDRESS_PROVINCE', 'ADDRESS_COUNTRY', 'ADDRESS_COUNTRY_CODE', 'ADDRESS_LOC_ADDR_ID', 'UTM_SOURCE', 'UTM_TERM', 'COMPANY_ID', 'CONTACT_ID']) {
      assert.equal(lead[key], null, key);
    }
    assert.equal(lead.BIRTHDATE, '');
    assert.equal(lead.IS_RETURN_CUSTOMER, 'N');
    assert.equal(lead.MOVED_TIME, lead.DATE_CREATE);
    const open = rows(await postJson(hook + 'crm.lead.list', { filter: { STATUS_SEMANTIC_ID: 'P' }, select: ['ID', 'DATE_CLOSED'] }))[0]!;
    assert.equal(open.DATE_CLOSED, '');
  });

  test('written values come back; the documented defaults of a new deal', async () => {
    const id = (await postJson(hook + 'crm.deal.add', {
      fields: { UTM_SOURCE: 'yandex', UTM_MEDIUM: 'CPC', ADDITIONAL_INFO: 'Пришёл с выставки', IS_RETURN_CUSTOMER: 'Y', LOCATION_ID: 12, QUOTE_ID: 5 },
    })).body.result;
    const deal = await get('deal', id);
    assert.equal(deal.TITLE, `Сделка #${String(id)}`, 'the default title carries the ID');
    assert.equal(deal.UTM_SOURCE, 'yandex');
    assert.equal(deal.UTM_MEDIUM, 'CPC');
    assert.equal(deal.ADDITIONAL_INFO, 'Пришёл с выставки');
    assert.equal(deal.IS_RETURN_CUSTOMER, 'Y');
    assert.equal(deal.LOCATION_ID, '12');
    assert.equal(deal.QUOTE_ID, null, 'QUOTE_ID is read-only');
    // BEGINDATE defaults to the day of creation, CLOSEDATE to a week later.
    const created = String(deal.DATE_CREATE).slice(0, 10);
    assert.equal(deal.BEGINDATE, `${created}T00:00:00+03:00`);
    const week = new Date(`${created}T00:00:00Z`);
    week.setUTCDate(week.getUTCDate() + 7);
    assert.equal(deal.CLOSEDATE, `${week.toISOString().slice(0, 10)}T00:00:00+03:00`);
    const set = (await postJson(hook + 'crm.deal.add', { fields: { TITLE: 'С датами', BEGINDATE: '2025-03-01', CLOSEDATE: '2025-04-15' } })).body.result;
    const dated = await get('deal', set);
    assert.deepEqual([dated.TITLE, dated.BEGINDATE, dated.CLOSEDATE], ['С датами', '2025-03-01T00:00:00+03:00', '2025-04-15T00:00:00+03:00']);
  });

  test('a stage or status change records MOVED_BY_ID and MOVED_TIME; other updates do not', async () => {
    const deal = await get('deal', 2);
    assert.equal((await postJson(hook + 'crm.deal.update', { id: 2, fields: { COMMENTS: 'Без движения' } })).body.result, true);
    assert.equal((await get('deal', 2)).MOVED_TIME, deal.MOVED_TIME);
    const stage = deal.STAGE_ID === 'EXECUTING' ? 'PREPARATION' : 'EXECUTING';
    assert.equal((await postJson(hook + 'crm.deal.update', { id: 2, fields: { STAGE_ID: stage } })).body.result, true);
    const moved = await get('deal', 2);
    assert.equal(moved.MOVED_BY_ID, '1');
    assert.equal(moved.MOVED_TIME, moved.DATE_MODIFY);
    assert.notEqual(moved.MOVED_TIME, deal.MOVED_TIME);
    assert.equal(moved.CREATED_BY_ID, deal.CREATED_BY_ID);

    const lead = (await postJson(hook + 'crm.lead.add', { fields: { TITLE: 'Новый' } })).body.result;
    const before = await get('lead', lead);
    assert.equal(before.MOVED_TIME, before.DATE_CREATE);
    assert.equal((await postJson(hook + 'crm.lead.update', { id: lead, fields: { STATUS_ID: 'IN_PROCESS' } })).body.result, true);
    const after = await get('lead', lead);
    assert.equal(after.STATUS_ID, 'IN_PROCESS');
    assert.equal(after.MOVED_TIME, after.DATE_MODIFY);
  });

  test('a lead linked to a company or a contact is a returning customer; CONTACT_IDS sets CONTACT_ID', async () => {
    const plain = (await postJson(hook + 'crm.lead.add', { fields: { TITLE: 'Сам по себе', IS_RETURN_CUSTOMER: 'Y' } })).body.result;
    assert.equal((await get('lead', plain)).IS_RETURN_CUSTOMER, 'N', 'the flag cannot be set directly');
    const linked = (await postJson(hook + 'crm.lead.add', { fields: { TITLE: 'От компании', COMPANY_ID: 7 } })).body.result;
    const withCompany = await get('lead', linked);
    assert.equal(withCompany.COMPANY_ID, '7');
    assert.equal(withCompany.IS_RETURN_CUSTOMER, 'Y');
    assert.equal((await postJson(hook + 'crm.lead.update', { id: plain, fields: { CONTACT_IDS: [41, 42] } })).body.result, true);
    const withContact = await get('lead', plain);
    assert.equal(withContact.CONTACT_ID, '41');
    assert.equal(withContact.IS_RETURN_CUSTOMER, 'Y');
    assert.ok(!('CONTACT_IDS' in withContact), 'CONTACT_IDS is not shown by get (crm.deal.fields docs)');
  });

  test('crm.deal.fields and crm.lead.fields describe the new fields as documented', async () => {
    const deal = (await getJson(hook + 'crm.deal.fields')).body.result as Record<string, Record<string, unknown>>;
    for (const key of dealKeys) assert.ok(key in deal, key);
    assert.deepEqual(deal.QUOTE_ID, {
      type: 'crm_quote', isRequired: false, isReadOnly: true, isImmutable: false, isMultiple: false, isDynamic: false, title: 'Предложение', settings: { parentEntityTypeId: 7 },
    });
    assert.deepEqual([deal.MOVED_TIME?.type, deal.MOVED_TIME?.isReadOnly, deal.MOVED_TIME?.title], ['datetime', true, 'MOVED_TIME']);
    assert.deepEqual([deal.LAST_ACTIVITY_BY?.type, deal.LAST_ACTIVITY_BY?.isReadOnly], ['user', true]);
    assert.deepEqual([deal.IS_RECURRING?.type, deal.IS_RECURRING?.isReadOnly], ['char', false]);
    assert.equal(deal.LOCATION_ID?.type, 'location');
    assert.equal(deal.CONTACT_ID?.isDeprecated, true);
    assert.deepEqual([deal.CONTACT_IDS?.type, deal.CONTACT_IDS?.isMultiple], ['crm_contact', true]);
    assert.deepEqual(Object.keys(deal.CONTACT_ID!), ['type', 'isRequired', 'isReadOnly', 'isImmutable', 'isMultiple', 'isDynamic', 'isDeprecated', 'title']);

    const lead = (await getJson(hook + 'crm.lead.fields')).body.result as Record<string, Record<string, unknown>>;
    for (const key of leadKeys) assert.ok(key in lead, key);
    assert.deepEqual([lead.HAS_IMOL?.type, lead.HAS_IMOL?.isReadOnly], ['char', true]);
    assert.deepEqual([lead.IS_RETURN_CUSTOMER?.isReadOnly, lead.COMPANY_ID?.isReadOnly, lead.CONTACT_ID?.isReadOnly], [true, false, false]);
    assert.equal(lead.ADDRESS_LOC_ADDR_ID?.type, 'integer');
    assert.equal(lead.UTM_TERM?.type, 'string');
  });

  test('seeded rows store no unset fields: the defaults are shared, not copied', () => {
    for (const store of [sb.state.deals, sb.state.leads]) {
      const row = store.getRow(3)!;
      for (const key of ['UTM_SOURCE', 'QUOTE_ID', 'MOVED_TIME', 'MOVED_BY_ID', 'LAST_ACTIVITY_TIME', 'IS_RETURN_CUSTOMER', 'ADDRESS', 'HAS_IMOL', 'BEGINDATE']) {
        assert.ok(!(key in row), `${store.entity}: ${key}`);
      }
    }
  });
});
