// Lead multiple fields (crm_multifield): PHONE, EMAIL, WEB, IM, LINK as the lead and contact
// pages describe them — arrays of {ID, VALUE_TYPE, VALUE, TYPE_ID}; an update changes the items
// it names by ID, deletes with DELETE=Y or an empty VALUE, adds items without an ID.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { getJson, postForm, postJson, rows, type Reply } from './http.js';

type Item = { ID: string; VALUE_TYPE: string; VALUE: string; TYPE_ID: string };

describe('bitrix24 sandbox: lead multiple fields', () => {
  let sb: Bitrix24Sandbox;
  let hook: string;
  before(async () => {
    sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 20, leads: 60 } });
    hook = sb.info.webhookUrl;
  });
  after(() => sb.close());

  const lead = async (id: unknown): Promise<Record<string, unknown>> => {
    const reply = await getJson(hook + `crm.lead.get?id=${String(id)}`);
    assert.equal(reply.status, 200);
    return reply.body.result as Record<string, unknown>;
  };
  const ok = (reply: Reply): unknown => {
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    return reply.body.result;
  };

  test('add keeps the items, get returns them with IDs and flags HAS_PHONE / HAS_EMAIL', async () => {
    const id = ok(
      await postJson(hook + 'crm.lead.add', {
        fields: {
          TITLE: 'Звонок с сайта',
          PHONE: [
            { VALUE: '+7 916 555-12-34', VALUE_TYPE: 'WORK' },
            { VALUE: '+7 903 111-22-33', VALUE_TYPE: 'MOBILE' },
          ],
          EMAIL: [{ VALUE: 'o.k@example.ru' }],
          WEB: [{ VALUE: 'example.ru', VALUE_TYPE: 'WORK' }],
        },
      }),
    );
    const got = await lead(id);
    const phones = got.PHONE as Item[];
    assert.deepEqual(phones.map((p) => [p.VALUE_TYPE, p.VALUE, p.TYPE_ID]), [
      ['WORK', '+7 916 555-12-34', 'PHONE'],
      ['MOBILE', '+7 903 111-22-33', 'PHONE'],
    ]);
    for (const item of [...phones, ...(got.EMAIL as Item[])]) {
      assert.deepEqual(Object.keys(item), ['ID', 'VALUE_TYPE', 'VALUE', 'TYPE_ID']);
      assert.match(item.ID, /^\d+$/);
    }
    assert.equal(new Set([...phones, ...(got.EMAIL as Item[]), ...(got.WEB as Item[])].map((i) => i.ID)).size, 4, 'every item has its own ID');
    assert.deepEqual((got.EMAIL as Item[]).map((e) => [e.VALUE, e.TYPE_ID]), [['o.k@example.ru', 'EMAIL']]);
    assert.equal(got.HAS_PHONE, 'Y');
    assert.equal(got.HAS_EMAIL, 'Y');
    assert.equal(got.HAS_IMOL, 'N');
    assert.ok(!('IM' in got) && !('LINK' in got), 'empty multiple fields are left out');
  });

  test('update: change by ID, delete by DELETE=Y, by an empty VALUE or by ID alone, add without ID; others stay', async () => {
    const id = ok(
      await postJson(hook + 'crm.lead.add', {
        fields: { TITLE: 'Четыре телефона', PHONE: ['111111', '222222', '333333', '44444'].map((VALUE) => ({ VALUE, VALUE_TYPE: 'WORK' })), EMAIL: [{ VALUE: 'a@example.ru' }] },
      }),
    );
    const [p1, p2, p3, p4] = (await lead(id)).PHONE as Item[];

    ok(await postJson(hook + 'crm.lead.update', { id, fields: { PHONE: [{ ID: p2!.ID, VALUE: '555555', VALUE_TYPE: 'MOBILE' }] } }));
    let phones = (await lead(id)).PHONE as Item[];
    assert.deepEqual(phones.map((p) => [p.ID, p.VALUE_TYPE, p.VALUE]), [
      [p1!.ID, 'WORK', '111111'],
      [p2!.ID, 'MOBILE', '555555'],
      [p3!.ID, 'WORK', '333333'],
      [p4!.ID, 'WORK', '44444'],
    ]);

    ok(await postJson(hook + 'crm.lead.update', { id, fields: { PHONE: [{ ID: Number(p1!.ID), DELETE: 'Y' }, { ID: p2!.ID, VALUE: '' }, { ID: p3!.ID }] } }));
    phones = (await lead(id)).PHONE as Item[];
    assert.deepEqual(phones.map((p) => p.ID), [p4!.ID]);

    ok(await postJson(hook + 'crm.lead.update', { id, fields: { PHONE: [{ VALUE: '66666', VALUE_TYPE: 'HOME' }] } }));
    phones = (await lead(id)).PHONE as Item[];
    assert.deepEqual(phones.map((p) => p.VALUE), ['44444', '66666']);
    assert.ok(Number(phones[1]!.ID) > Number(p4!.ID));

    // An ID of another type or of another lead changes nothing.
    const email = ((await lead(id)).EMAIL as Item[])[0]!;
    ok(await postJson(hook + 'crm.lead.update', { id, fields: { PHONE: [{ ID: email.ID, DELETE: 'Y' }] } }));
    assert.deepEqual(((await lead(id)).EMAIL as Item[]).map((e) => e.ID), [email.ID]);

    // Fields not sent stay: an update of the title keeps every item.
    ok(await postJson(hook + 'crm.lead.update', { id, fields: { TITLE: 'Переименован' } }));
    assert.equal(((await lead(id)).PHONE as Item[]).length, 2);
  });

  test('deleting the last phone clears HAS_PHONE and the PHONE key; form data works the same', async () => {
    const id = ok(await postForm(hook + 'crm.lead.add', 'fields[TITLE]=Форма&fields[PHONE][0][VALUE]=%2B74951234567&fields[PHONE][0][VALUE_TYPE]=WORK'));
    const got = await lead(id);
    const phone = (got.PHONE as Item[])[0]!;
    assert.equal(phone.VALUE, '+74951234567');
    assert.equal(got.HAS_PHONE, 'Y');
    ok(await postForm(hook + 'crm.lead.update', `id=${String(id)}&fields[PHONE][0][ID]=${phone.ID}&fields[PHONE][0][DELETE]=Y`));
    const after = await lead(id);
    assert.equal(after.HAS_PHONE, 'N');
    assert.ok(!('PHONE' in after));
  });

  test('an open-line messenger sets HAS_IMOL', async () => {
    const id = ok(await postJson(hook + 'crm.lead.add', { fields: { TITLE: 'Чат', IM: [{ VALUE: 'imol|livechat|1|67|21', VALUE_TYPE: 'OPENLINE' }] } }));
    const got = await lead(id);
    assert.equal(got.HAS_IMOL, 'Y');
    assert.equal(got.HAS_PHONE, 'N');
    assert.deepEqual((got.IM as Item[]).map((i) => [i.VALUE_TYPE, i.TYPE_ID]), [['OPENLINE', 'IM']]);
  });

  test('seeded leads marked HAS_PHONE / HAS_EMAIL have the phone and e-mail to go with it', async () => {
    const seeded = await postJson(hook + 'crm.lead.list', { filter: { '<=ID': 60 }, select: ['ID', 'HAS_PHONE', 'HAS_EMAIL', 'PHONE', 'EMAIL'], start: -1 });
    const list = rows(seeded);
    assert.equal(list.length, 50);
    assert.ok(list.some((r) => r.HAS_PHONE === 'Y') && list.some((r) => r.HAS_PHONE === 'N'), 'some seeded leads have a phone, some not');
    const ids = new Set<string>();
    for (const r of list) {
      assert.equal(r.HAS_PHONE === 'Y', Array.isArray(r.PHONE) && r.PHONE.length > 0, `lead ${String(r.ID)}`);
      assert.equal(r.HAS_EMAIL === 'Y', Array.isArray(r.EMAIL) && r.EMAIL.length > 0, `lead ${String(r.ID)}`);
      for (const item of [...((r.PHONE as Item[] | undefined) ?? []), ...((r.EMAIL as Item[] | undefined) ?? [])]) ids.add(item.ID);
    }
    assert.equal(ids.size, list.reduce((n, r) => n + ((r.PHONE as Item[] | undefined)?.length ?? 0) + ((r.EMAIL as Item[] | undefined)?.length ?? 0), 0), 'item IDs are unique');

    // A seeded lead's phone changes like any other, and new items get fresh IDs.
    const withPhone = list.find((r) => r.HAS_PHONE === 'Y')!;
    const old = (withPhone.PHONE as Item[])[0]!;
    ok(await postJson(hook + 'crm.lead.update', { id: withPhone.ID, fields: { PHONE: [{ ID: old.ID, VALUE: '+7 999 000-00-00' }, { VALUE: '+7 999 000-00-01' }] } }));
    const changed = (await lead(withPhone.ID)).PHONE as Item[];
    assert.deepEqual(changed.map((p) => p.VALUE), ['+7 999 000-00-00', '+7 999 000-00-01']);
    assert.equal(changed[0]!.ID, old.ID);
    assert.ok(!ids.has(changed[1]!.ID));
  });

  test('list: * leaves multiple fields out, naming them brings them; filter by PHONE finds the lead', async () => {
    const id = ok(await postJson(hook + 'crm.lead.add', { fields: { TITLE: 'Поиск по телефону', PHONE: [{ VALUE: '555888', VALUE_TYPE: 'WORK' }] } }));
    const star = rows(await postJson(hook + 'crm.lead.list', { filter: { ID: id }, select: ['*'] }))[0]!;
    assert.ok(!('PHONE' in star));
    assert.equal(star.HAS_PHONE, 'Y');
    const plain = rows(await postJson(hook + 'crm.lead.list', { filter: { ID: id } }))[0]!;
    assert.deepEqual(plain, star, 'no select is the same as *');
    const named = rows(await postJson(hook + 'crm.lead.list', { filter: { ID: id }, select: ['*', 'PHONE', 'EMAIL'] }))[0]!;
    assert.deepEqual((named.PHONE as Item[]).map((p) => p.VALUE), ['555888']);
    assert.ok(!('EMAIL' in named), 'an empty multiple field is left out');
    assert.equal(Object.keys(named).length, Object.keys(star).length + 1);

    const found = await postJson(hook + 'crm.lead.list', { filter: { PHONE: '555888' }, select: ['ID', 'TITLE'] });
    assert.deepEqual(rows(found), [{ ID: String(id), TITLE: 'Поиск по телефону' }]);
    const byEmail = await postJson(hook + 'crm.lead.list', { filter: { '%EMAIL': '@example.com' }, select: ['ID'] });
    assert.ok(Number(byEmail.body.total) > 0);
  });

  test('crm.lead.fields describes the multiple fields; deals have none', async () => {
    const fields = (await getJson(hook + 'crm.lead.fields')).body.result as Record<string, Record<string, unknown>>;
    for (const name of ['PHONE', 'EMAIL', 'WEB', 'IM', 'LINK']) {
      assert.equal(fields[name]?.type, 'crm_multifield', name);
      assert.equal(fields[name]?.isMultiple, true, name);
      assert.equal(fields[name]?.isReadOnly, false, name);
    }
    const dealFields = (await getJson(hook + 'crm.deal.fields')).body.result as Record<string, unknown>;
    for (const name of ['PHONE', 'EMAIL', 'WEB', 'IM', 'LINK']) assert.ok(!(name in dealFields), name);
    const deal = ok(await postJson(hook + 'crm.deal.add', { fields: { TITLE: 'Без телефона', PHONE: [{ VALUE: '123' }] } }));
    assert.ok(!('PHONE' in ((await getJson(hook + `crm.deal.get?id=${String(deal)}`)).body.result as object)));
  });
});
