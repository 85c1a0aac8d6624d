// The error tables of the user, messenger-department, department and CRM pages, row by row:
// status, code and text as the page gives them. Calendar errors: calendar-fidelity.test.ts.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { postJson, rows, userToken } from './http.js';

type Row = [method: string, params: Record<string, unknown>, status: number, body: Record<string, unknown>];

describe('bitrix24 sandbox: documented errors', () => {
  let sb: Bitrix24Sandbox;
  let hook: string;
  let token2: string;
  before(async () => {
    sb = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 30, leads: 5 } });
    hook = sb.info.webhookUrl;
    token2 = await userToken(sb, 2);
  });
  after(() => sb.close());

  const check = async (table: Row[], base = (m: string) => hook + m, extra: Record<string, unknown> = {}): Promise<void> => {
    for (const [method, params, status, body] of table) {
      const r = await postJson(base(method), { ...params, ...extra });
      assert.equal(r.status, status, `${method} ${JSON.stringify(params)}`);
      assert.deepEqual(r.body, body, `${method} ${JSON.stringify(params)}`);
    }
  };

  test('user.add and user.update (api-reference/user/user-add.md, user-update.md)', async () => {
    const email = sb.state.users.get(2)!.EMAIL;
    await check([
      ['user.add', { UF_DEPARTMENT: [1] }, 400, { error: 'ERROR_ARGUMENT', error_description: 'wrong_email', argument: '' }],
      ['user.add', { EMAIL: email, UF_DEPARTMENT: [1] }, 400, { error: 'ERROR_ARGUMENT', error_description: 'Пользователь с таким email уже существует', argument: '' }],
      ['user.add', { EMAIL: 'new1@example.ru' }, 400, { error: 'ERROR_ARGUMENT', error_description: 'no_extranet_field', argument: '' }],
      ['user.add', { EMAIL: 'new2@example.ru', EXTRANET: 'Y' }, 400, { error: 'ERROR_GROUPID', error_description: 'Не указан код группы' }],
      ['user.add', { EMAIL: 'new3@example.ru', EXTRANET: 'Y', SONET_GROUP_ID: ['abc'] }, 400, { error: 'ERROR_NO_GROUP', error_description: 'Группа указана неверно' }],
      ['user.update', { ID: 999999, NAME: 'x' }, 400, { error: 'ERROR_CORE', error_description: 'access_denied' }],
    ]);
    // Without the rights: someone other than the administrator.
    await check([['user.add', { EMAIL: 'new4@example.ru', UF_DEPARTMENT: [1] }, 400, { error: 'ERROR_CORE', error_description: 'access_denied' }]], (m) => `${sb.url}/rest/${m}`, { auth: token2 });
    await check([['user.update', { ID: 3, NAME: 'x' }, 400, { error: 'ERROR_CORE', error_description: 'access_denied' }]], (m) => `${sb.url}/rest/${m}`, { auth: token2 });
  });

  test('im.department.* (api-reference/chats/departments/*.md)', async () => {
    const idEmpty = { error: 'ID_EMPTY', error_description: "Department ID can't be empty" };
    await check([
      ['im.department.get', {}, 400, { error: 'INVALID_FORMAT', error_description: 'A wrong format for the ID field is passed' }],
      ['im.department.get', { ID: ['x'] }, 400, { error: 'INVALID_FORMAT', error_description: 'A wrong format for the ID field is passed' }],
      ['im.department.employees.get', {}, 400, idEmpty],
      ['im.department.employees.get', { ID: [0] }, 400, idEmpty],
      ['im.department.managers.get', {}, 400, idEmpty],
    ]);
    sb.state.users.get(2)!.USER_TYPE = 'extranet';
    try {
      const denied = { error: 'ACCESS_ERROR', error_description: 'Only intranet users have access to this method.' };
      await check(
        [
          ['im.department.get', { ID: [1] }, 403, denied],
          ['im.department.employees.get', { ID: [1] }, 403, denied],
          ['im.department.managers.get', { ID: [1] }, 403, denied],
          ['im.department.colleagues.list', {}, 403, denied],
        ],
        (m) => `${sb.url}/rest/${m}`,
        { auth: token2 },
      );
    } finally {
      sb.state.users.get(2)!.USER_TYPE = 'employee';
    }
    // Unknown departments only: the map is PHP's empty array.
    assert.deepEqual((await postJson(hook + 'im.department.employees.get', { ID: [9999] })).body.result, []);
    assert.deepEqual((await postJson(hook + 'im.department.managers.get', { ID: [9999] })).body.result, []);
  });

  test('department.* (api-reference/departments/department-*.md)', async () => {
    const core = (text: string) => ({ error: 'ERROR_CORE', error_description: text });
    await check([
      ['department.add', { PARENT: 1 }, 400, core('Не введено название раздела.<br>')],
      ['department.add', { NAME: 'Второй верх' }, 400, core('В структуре компании должен быть только один раздел верхнего уровня')],
      ['department.add', { NAME: 'Сирота', PARENT: 9999 }, 400, core('В структуре компании должен быть только один раздел верхнего уровня')],
      ['department.update', { ID: 9999, NAME: 'x' }, 400, core('Department not found')],
      ['department.delete', { ID: 9999 }, 400, core('Department not found')],
    ]);
    await check(
      [
        ['department.add', { NAME: 'x', PARENT: 1 }, 400, core('Access denied')],
        ['department.update', { ID: 2, NAME: 'x' }, 400, core('Access denied')],
        ['department.delete', { ID: 2 }, 400, core('Access denied')],
      ],
      (m) => `${sb.url}/rest/${m}`,
      { auth: token2 },
    );
  });

  test('crm.deal.* and crm.lead.* (api-reference/crm/deals/*.md, crm/leads/*.md)', async () => {
    const crm = (text: string) => ({ error: '', error_description: text });
    await check([
      ['crm.deal.list', { order: 'ID' }, 400, crm("Parameter 'order' must be array.")],
      ['crm.deal.list', { filter: 'ID' }, 400, crm("Parameter 'filter' must be array.")],
      ['crm.deal.get', {}, 400, crm('ID is not defined or invalid.')],
      ['crm.deal.get', { id: 999999 }, 400, crm('Not found')],
      ['crm.deal.add', { fields: 'x' }, 400, crm("Parameter 'fields' must be array.")],
      ['crm.deal.add', { fields: { TITLE: 'x' }, params: 'x' }, 400, crm("Parameter 'params' must be array.")],
      ['crm.deal.add', { fields: { TITLE: 'x', CURRENCY_ID: 'XYZ' } }, 400, crm('Неверное значение поля «Валюта»')],
      ['crm.deal.update', { id: 0, fields: {} }, 400, crm('ID is not defined or invalid.')],
      ['crm.deal.update', { id: 999999, fields: {} }, 400, crm('Not found')],
      ['crm.deal.update', { id: 1, fields: 'x' }, 400, crm("Parameter 'fields' must be array.")],
      ['crm.deal.update', { id: 1, fields: {}, params: 'x' }, 400, crm("Parameter 'params' must be array.")],
      ['crm.deal.update', { id: 1, fields: { currency_id: 'GBP' } }, 400, crm('Неверное значение поля «Валюта»')],
      ['crm.deal.delete', { id: 'abc' }, 400, crm('ID is not defined or invalid.')],
      ['crm.deal.delete', { id: 999999 }, 400, crm('Not found')],
      ['crm.lead.get', { id: 'x' }, 400, crm('ID is not defined or invalid.')],
      ['crm.lead.get', { id: 999999 }, 400, crm('Not found')],
      ['crm.lead.update', { id: 999999, fields: {} }, 400, crm('Not found')],
      ['crm.lead.delete', {}, 400, crm('ID is not defined or invalid.')],
      ['crm.lead.update', { id: -1, fields: {} }, 400, crm('ID is not defined or invalid.')],
      ['crm.lead.delete', { id: 999999 }, 400, crm('Not found')],
    ]);
    // Known currencies pass, in any letter case.
    assert.equal((await postJson(hook + 'crm.deal.add', { fields: { TITLE: 'в евро', CURRENCY_ID: 'eur' } })).status, 200);
    // No page has an error for a value of the wrong kind: PHP casts numbers, an unread date stays unset.
    const cast = await postJson(hook + 'crm.deal.add', { fields: { TITLE: 'приведение', OPPORTUNITY: '12abc', PROBABILITY: 'много', CLOSEDATE: 'завтра' } });
    assert.equal(cast.status, 200);
    const deal = (await postJson(hook + 'crm.deal.get', { id: cast.body.result })).body.result as Record<string, unknown>;
    assert.equal(deal.OPPORTUNITY, '12.00');
    assert.equal(deal.PROBABILITY, '0');
  });

  test('LIKE does not work on crm_status fields (crm-deal-list.md): whole values only', async () => {
    sb.state.deals.update(1, { STAGE_ID: 'WON' }, 1, Date.now() / 1000);
    const like = rows(await postJson(hook + 'crm.deal.list', { filter: { '%STAGE_ID': 'WO' }, select: ['ID'] }));
    assert.deepEqual(like, []);
    const likeType = rows(await postJson(hook + 'crm.deal.list', { filter: { '%TYPE_ID': 'SAL' }, select: ['ID'] }));
    assert.deepEqual(likeType, []);
    const whole = rows(await postJson(hook + 'crm.deal.list', { filter: { '%STAGE_ID': 'WON' }, select: ['ID', 'STAGE_ID'] }));
    assert.ok(whole.length > 0 && whole.every((d) => d.STAGE_ID === 'WON'));
    // LIKE still works on text fields.
    assert.ok(rows(await postJson(hook + 'crm.deal.list', { filter: { '%TITLE': 'а' }, select: ['ID'] })).length > 0);
    const leads = rows(await postJson(hook + 'crm.lead.list', { filter: { '%STATUS_ID': 'NE' }, select: ['ID'] }));
    assert.deepEqual(leads, []);
  });
});
