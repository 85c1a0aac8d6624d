// The departments section (department.*, and the messenger's im.department.* — seed 002) through
// its typed functions, against the sandbox, with every result checked against its schema.
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

const collect = async <T>(rows: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
};

test('getDepartments filters by ID, name and parent, and sorts', async () => {
  const all = await client.getDepartments();
  assert.equal(all.total, all.result.length);
  const top = all.result.filter((d) => d.PARENT === undefined || d.PARENT === null || Number(d.PARENT) === 0);
  assert.equal(top.length, 1, 'a company has one top department');

  const moscow = await client.getDepartments({ departmentId: 7 });
  assert.equal(moscow.result.length, 1);
  assert.equal(moscow.result[0]!.NAME, 'Московский филиал');
  assert.equal(String(moscow.result[0]!.PARENT), '2');

  const byName = await client.getDepartments({ title: 'Бухгалтерия' });
  assert.deepEqual(byName.result.map((d) => d.NAME), ['Бухгалтерия']);

  const children = await client.getDepartments({ parentId: 1, sortBy: 'NAME', order: 'desc' });
  assert.ok(children.result.length >= 5);
  assert.ok(children.result.every((d) => String(d.PARENT) === '1'));
  const names = children.result.map((d) => d.NAME);
  assert.deepEqual(names, [...names].sort((a, b) => b.localeCompare(a, 'ru')), 'sorted by name, descending');
});

test('addDepartment, updateDepartment and deleteDepartment change what getDepartments shows', async () => {
  const added = await client.addDepartment({ title: 'Отдел закупок', parentId: 1, headId: 3, sort: 300 });
  assert.equal(typeof added.result, 'number');
  const departmentId = added.result;
  const get = async () => (await client.getDepartments({ departmentId })).result;

  const [created] = await get();
  assert.equal(created?.NAME, 'Отдел закупок');
  assert.equal(String(created?.PARENT), '1');
  assert.equal(String(created?.UF_HEAD), '3');
  assert.equal(Number(created?.SORT), 300);

  assert.equal((await client.updateDepartment({ departmentId, title: 'Отдел снабжения', headId: 4 })).result, true);
  const [changed] = await get();
  assert.equal(changed?.NAME, 'Отдел снабжения');
  assert.equal(String(changed?.UF_HEAD), '4');
  assert.equal(String(changed?.PARENT), '1', 'the parent was not sent and stays');

  assert.equal((await client.deleteDepartment({ departmentId })).result, true);
  assert.deepEqual(await get(), []);
  await assert.rejects(client.deleteDepartment({ departmentId }), (e: unknown) =>
    e instanceof ApiError && e.status === 400 && e.code === 'ERROR_CORE');
});

test('getDepartments pages by 50: offset and the generic walker', async () => {
  const made = await Promise.all(
    Array.from({ length: 55 }, (_, i) => client.addDepartment({ title: `Региональный офис ${i + 1}`, parentId: 2 })),
  );
  const ids = made.map((a) => a.result);
  const first = await client.getDepartments();
  assert.equal(first.result.length, 50);
  assert.equal(first.next, 50);
  const total = first.total!;
  assert.ok(total >= 65);
  const second = await client.getDepartments({ offset: 50 });
  assert.equal(second.result.length, total - 50);
  assert.equal(second.next, undefined);

  const walked = await collect(client.iterate(bitrix24Catalogue.getDepartments, {}));
  assert.equal(walked.length, total);
  const seen = new Set(walked.map((d) => Number((d as { ID: string }).ID)));
  assert.equal(seen.size, total, 'no row twice');
  assert.ok(ids.every((id) => seen.has(id)));
  await Promise.all(ids.map((departmentId) => client.deleteDepartment({ departmentId })));
});

test('seed 002: getDepartmentsInfo — ID [n] gives id, name, full_name, manager_user_id; USER_DATA=Y adds the head', async () => {
  const [moscow] = (await client.getDepartments({ departmentId: 7 })).result;
  const headId = Number(moscow!.UF_HEAD);

  const plain = await client.getDepartmentsInfo({ departmentIds: [7] });
  assert.equal(plain.result.length, 1);
  const info = plain.result[0]!;
  assert.deepEqual(Object.keys(info).sort(), ['full_name', 'id', 'manager_user_id', 'name']);
  assert.equal(info.id, 7);
  assert.equal(info.name, 'Московский филиал');
  assert.match(info.full_name, /^Московский филиал \/ .+/, 'the name, then the company above it');
  assert.equal(info.manager_user_id, headId);

  const withHead = await client.getDepartmentsInfo({ departmentIds: 7, userData: true });
  const head = withHead.result[0]!.manager_user_data;
  assert.ok(head, 'USER_DATA=Y adds manager_user_data');
  assert.equal(head.id, headId);
  assert.equal(typeof head.first_name, 'string');
  assert.match(head.color, /^#[0-9a-f]{6}$/i);
  assert.equal(head.extranet, false);
  assert.equal(head.bot, false);

  const [user] = (await client.getUsers({ userId: headId })).result;
  assert.equal(head.name, `${user!.NAME} ${user!.LAST_NAME}`);

  // A department without a head still answers in a shape the schema accepts.
  const headless = (await client.addDepartment({ title: 'Временная группа', parentId: 7 })).result;
  const [noHead] = (await client.getDepartmentsInfo({ departmentIds: [headless], userData: 'Y' })).result;
  assert.equal(noHead?.name, 'Временная группа');
  assert.ok(!noHead?.manager_user_data);
  await client.deleteDepartment({ departmentId: headless });
});

test('seed 002: a wrong ID format answers INVALID_FORMAT from the portal, and is refused locally first', async () => {
  await assert.rejects(client.call('im.department.get', { ID: 'Москва' }), (e: unknown) =>
    e instanceof ApiError && e.status === 400 && e.code === 'INVALID_FORMAT');
  const before = sandbox.stats.requests;
  await assert.rejects(client.getDepartmentsInfo({ departmentIds: 'Москва' as never }), (e: unknown) =>
    e instanceof ValidationError && e.issues.some((i) => i.path === 'departmentIds'));
  assert.equal(sandbox.stats.requests, before);
});

test('getDepartmentManagers and getDepartmentEmployees key their answers by department', async () => {
  const departments = (await client.getDepartments({ parentId: 2 })).result.filter((d) => Number(d.ID) <= 10);
  const depIds = departments.map((d) => Number(d.ID));
  assert.deepEqual(depIds.sort(), [7, 8]);

  const managers = await client.getDepartmentManagers({ departmentIds: depIds });
  for (const dep of departments) assert.deepEqual(managers.result[String(dep.ID)], [Number(dep.UF_HEAD)]);
  const managerData = await client.getDepartmentManagers({ departmentIds: depIds, userData: 'Y' });
  for (const dep of departments) {
    const [head] = managerData.result[String(dep.ID)]!;
    assert.equal(typeof head === 'object' ? head.id : undefined, Number(dep.UF_HEAD));
  }

  const employees = await client.getDepartmentEmployees({ departmentIds: [7] });
  const staff = (await client.getUsers({ filter: { UF_DEPARTMENT: 7, ACTIVE: true } })).result.map((u) => Number(u.ID));
  assert.deepEqual([...(employees.result['7'] as number[])].sort((a, b) => a - b), staff.sort((a, b) => a - b));
  const withData = await client.getDepartmentEmployees({ departmentIds: [7], userData: true });
  assert.equal(withData.result['7']!.length, staff.length);
  assert.ok(withData.result['7']!.every((u) => typeof u === 'object' && u.departments?.includes(7)));
});

test('getColleagues pages by OFFSET/LIMIT; the generic walker reads them all', async () => {
  const first = await client.getColleagues({ limit: 10 });
  assert.equal(first.result.length, 10);
  assert.equal(first.next, 10);
  const total = first.total!;
  assert.ok(total > 50, 'the director sees every subordinate');
  const second = await client.getColleagues({ offset: 10, limit: 10 });
  assert.equal(second.result.length, 10);
  assert.equal(new Set([...first.result, ...second.result]).size, 20, 'pages do not overlap');

  const walked = await collect(client.iterate(bitrix24Catalogue.getColleagues, {}));
  assert.equal(walked.length, total);
  assert.ok(!walked.includes(1), 'not the user themself');
  const detailed = await client.getColleagues({ userData: 'Y', limit: 5 });
  assert.ok(detailed.result.every((u) => typeof u === 'object' && typeof u.id === 'number'));
});

test('wrong or missing parameters are refused before any request, naming the parameter', async () => {
  const before = sandbox.stats.requests;
  const rejects = (call: () => Promise<unknown>, path: string) =>
    assert.rejects(call(), (e: unknown) => e instanceof ValidationError && e.issues.some((i) => i.path === path));
  await rejects(() => client.addDepartment({ parentId: 1 } as never), 'title');
  await rejects(() => client.addDepartment({ title: 'Склад' } as never), 'parentId');
  await rejects(() => client.updateDepartment({ title: 'Склад' } as never), 'departmentId');
  await rejects(() => client.deleteDepartment({ departmentId: -3 }), 'departmentId');
  await rejects(() => client.getDepartments({ order: 'UP' as never }), 'order');
  await rejects(() => client.getDepartmentEmployees({} as never), 'departmentIds');
  await rejects(() => client.getDepartmentsInfo({ departmentIds: [7], userData: 'yes' as never }), 'userData');
  await rejects(() => client.getColleagues({ limit: 51 }), 'limit');
  assert.equal(sandbox.stats.requests, before, 'nothing reached the portal');
});
