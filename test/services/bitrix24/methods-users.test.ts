// The users section (user.*) through its typed functions, against the sandbox, with every
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
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1, users: 80 } });
  client = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl, validateResults: true, rateLimit: false });
});
after(() => sandbox.close());

const ids = (rows: { ID: string | number }[]): number[] => rows.map((r) => Number(r.ID));

test('getCurrentUser is the webhook\'s user', async () => {
  const { result } = await client.getCurrentUser();
  assert.equal(String(result.ID), '1');
  assert.equal(result.ACTIVE, true);
  assert.ok(result.NAME);
  assert.ok(result.UF_DEPARTMENT?.includes(1));
});

test('getUsers: by ID, by filter with prefixes, and the ID joins the filter', async () => {
  const one = await client.getUsers({ userId: 5 });
  assert.deepEqual(ids(one.result), [5]);
  const dept = Number(one.result[0]!.UF_DEPARTMENT![0]);

  const staff = await client.getUsers({ filter: { UF_DEPARTMENT: dept } });
  assert.ok(staff.result.length >= 1);
  assert.ok(staff.result.every((u) => u.UF_DEPARTMENT?.includes(dept)));
  assert.ok(ids(staff.result).includes(5));

  // Both given: the portal reads FILTER only, so the ID must travel inside it.
  assert.deepEqual(ids((await client.getUsers({ userId: 5, filter: { UF_DEPARTMENT: dept } })).result), [5]);
  const other = dept === 3 ? 4 : 3;
  assert.deepEqual((await client.getUsers({ userId: 5, filter: { UF_DEPARTMENT: other } })).result, []);

  const above = await client.getUsers({ filter: { '>ID': 70 }, sortBy: 'ID', order: 'DESC' });
  assert.ok(above.result.length > 0);
  assert.ok(ids(above.result).every((id) => id > 70));
  assert.deepEqual(ids(above.result), [...ids(above.result)].sort((a, b) => b - a), 'sorted by ID, descending');
});

test('getUsers pages by 50: offset, -1 without counting, and the generic walker', async () => {
  const first = await client.getUsers();
  assert.equal(first.result.length, 50);
  assert.equal(first.next, 50);
  const total = first.total!;
  assert.ok(total >= 80);
  const second = await client.getUsers({ offset: first.next });
  assert.equal(second.result.length, total - 50);
  const uncounted = await client.getUsers({ offset: -1 });
  assert.equal(uncounted.total, undefined, 'start=-1 skips counting');
  assert.equal(uncounted.result.length, 50);

  const walked = await (async () => {
    const out: unknown[] = [];
    for await (const row of client.iterate(bitrix24Catalogue.getUsers, { sortBy: 'ID', order: 'ASC' })) out.push(row);
    return out as { ID: string }[];
  })();
  assert.equal(walked.length, total);
  assert.equal(new Set(ids(walked)).size, total, 'no user twice');
});

test('getUsers: select returns only the fields asked for (user.get docs)', async () => {
  const { result } = await client.getUsers({ userId: 5, select: ['ID', 'NAME'] });
  assert.deepEqual(Object.keys(result[0]!).sort(), ['ID', 'NAME']);
});

test('searchUsers: FIND searches every field; single fields match the start of words', async () => {
  const accounting = await client.searchUsers({ filter: { UF_DEPARTMENT_NAME: 'Бухгалтерия' } });
  const staff = await client.getUsers({ filter: { UF_DEPARTMENT: 3 } });
  assert.deepEqual(ids(accounting.result).sort((a, b) => a - b), ids(staff.result).sort((a, b) => a - b));

  const chief = await client.searchUsers({ filter: { WORK_POSITION: 'Главный' } });
  assert.ok(chief.result.some((u) => u.WORK_POSITION === 'Главный бухгалтер'));
  assert.ok(chief.result.every((u) => /(^|\s)Главный/i.test(u.WORK_POSITION ?? '')));

  const [someone] = staff.result;
  const found = await client.searchUsers({ filter: { FIND: someone!.LAST_NAME! } });
  assert.ok(ids(found.result).includes(Number(someone!.ID)));
});

test('addUser, updateUser and changeUserStatus change what getUsers shows', async () => {
  const added = await client.addUser({
    fields: { EMAIL: 'a.smirnova@example.ru', NAME: 'Анна', LAST_NAME: 'Смирнова', WORK_POSITION: 'Менеджер', UF_DEPARTMENT: 7 },
  });
  assert.equal(typeof added.result, 'number');
  const userId = added.result;
  const get = async () => (await client.getUsers({ userId })).result[0];

  const created = await get();
  assert.equal(created?.EMAIL, 'a.smirnova@example.ru');
  assert.equal(created?.NAME, 'Анна');
  assert.deepEqual(created?.UF_DEPARTMENT, [7]);
  assert.equal(created?.ACTIVE, true);

  assert.equal((await client.updateUser({ userId, fields: { WORK_POSITION: 'Старший менеджер', UF_DEPARTMENT: [7, 8] } })).result, true);
  const changed = await get();
  assert.equal(changed?.WORK_POSITION, 'Старший менеджер');
  assert.deepEqual(changed?.UF_DEPARTMENT, [7, 8]);
  assert.equal(changed?.NAME, 'Анна', 'fields not sent stay');

  assert.equal((await client.changeUserStatus({ userId })).result, true, 'fire defaults to true');
  assert.equal((await get())?.ACTIVE, false);
  await client.changeUserStatus({ userId, fire: false });
  assert.equal((await get())?.ACTIVE, true);
  await client.changeUserStatus({ userId: String(userId), fire: true });
  assert.equal((await get())?.ACTIVE, false);

  await assert.rejects(client.addUser({ fields: { EMAIL: 'a.smirnova@example.ru', UF_DEPARTMENT: [7] } }), (e: unknown) =>
    e instanceof ApiError && e.status === 400 && e.code === 'ERROR_ARGUMENT');
});

test('getUserFields names the user fields', async () => {
  const { result } = await client.getUserFields();
  for (const field of ['ID', 'NAME', 'LAST_NAME', 'EMAIL', 'UF_DEPARTMENT', 'WORK_POSITION']) {
    assert.equal(typeof result[field], 'string', field);
  }
});

test('wrong or missing parameters are refused before any request, naming the parameter', async () => {
  const before = sandbox.stats.requests;
  const rejects = (call: () => Promise<unknown>, path: string) =>
    assert.rejects(call(), (e: unknown) => e instanceof ValidationError && e.issues.some((i) => i.path === path));
  await rejects(() => client.addUser({ fields: { NAME: 'Иван', UF_DEPARTMENT: [7] } } as never), 'fields.EMAIL');
  await rejects(() => client.addUser({ fields: { EMAIL: 'not-an-email', UF_DEPARTMENT: [7] } }), 'fields.EMAIL');
  await rejects(() => client.addUser({ fields: { EMAIL: 'i.ivanov@example.ru' } }), 'fields.UF_DEPARTMENT');
  await rejects(() => client.addUser({ fields: { EMAIL: 'i.ivanov@example.ru', EXTRANET: 'Y' } }), 'fields.SONET_GROUP_ID');
  await rejects(() => client.updateUser({ fields: { NAME: 'Иван' } } as never), 'userId');
  await rejects(() => client.changeUserStatus({ userId: 5, fire: 'yes' as never }), 'fire');
  await rejects(() => client.changeUserStatus({} as never), 'userId');
  await rejects(() => client.searchUsers({} as never), 'filter');
  await rejects(() => client.searchUsers({ filter: { FIND: 'Иван', NAME: 'Иван' } }), 'filter.FIND');
  await rejects(() => client.getUsers({ offset: -5 }), 'offset');
  assert.equal(sandbox.stats.requests, before, 'nothing reached the portal');
});
