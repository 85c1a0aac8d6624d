import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPlanfixSandbox, type PlanfixSandbox } from '../../../src/sandbox/planfix/index.js';
import { call, list, obj, ok, tokenOf, type Params } from './helpers.js';

describe('planfix sandbox: users, groups, projects, contacts', () => {
  let sb: PlanfixSandbox;
  let petrov: { token: string };
  before(async () => {
    sb = await startPlanfixSandbox({ rateLimit: false, seed: { tasks: 30, contacts: 30 } });
    petrov = { token: tokenOf(sb, 'petrov') };
  });
  after(() => sb.close());

  const code = async (method: string, params: Params, auth?: { token: string }): Promise<string | undefined> =>
    (await call(sb, method, params, auth)).code;

  test('user.get: the caller without parameters, others by id or general; 6004 when absent', async () => {
    const me = obj((await ok(sb, 'user.get')).user);
    assert.equal(me.id, '1');
    assert.equal(me.lastName, 'Смирнов');
    assert.equal(me.status, 'ACTIVE');
    assert.deepEqual(list(obj(me.userGroups).userGroup).map((g) => obj(g).name), ['Руководство']);
    const other = obj((await ok(sb, 'user.get', { user: { id: 4 } })).user);
    assert.equal(other.login, 'vasilyeva');
    assert.equal(other.sex, 'FEMALE');
    assert.equal(obj((await ok(sb, 'user.get', { user: { general: 5 } })).user).login, 'petrov');
    assert.equal(await code('user.get', { user: { id: 999 } }), '6004');
  });

  test('user.getList: status, userGroup (which overrides status), paging, sortType', async () => {
    const all = obj((await ok(sb, 'user.getList', { pageCurrent: 1, pageSize: 100 })).users);
    assert.equal(all['@_totalCount'], '12');
    const inactive = obj((await ok(sb, 'user.getList', { status: 'UNACTIVE' })).users);
    assert.deepEqual(list(inactive.user).map((u) => obj(u).login), ['volkov', 'alekseeva']);
    const sales = obj((await ok(sb, 'user.getList', { status: 'ACTIVE', userGroup: { id: 2 } })).users);
    assert.deepEqual(list(sales.user).map((u) => obj(u).login), ['kuznetsova', 'popov', 'volkov']);
    const page = obj((await ok(sb, 'user.getList', { pageCurrent: 3, pageSize: 5 })).users);
    assert.equal(page['@_count'], '2');
    assert.equal(page['@_totalCount'], '12');
    const byName = list(obj((await ok(sb, 'user.getList', { sortType: 'NAME_ASC' })).users).user).map((u) => String(obj(u).lastName));
    assert.deepEqual(byName, [...byName].sort((a, b) => a.localeCompare(b, 'ru')));
    assert.equal(await code('user.getList', { userGroup: { id: 99 } }), '5001');
    assert.equal(await code('user.getList', { status: 'SLEEPING' }), '0015');
    assert.equal(await code('user.getList', { pageSize: 500 }), '0021');
  });

  // "ПланФикс API user.get": isInvisibleOutOfGroup / isBlindOutOfGroup are bool written
  // "true=… false=…", "доступно для пользователей с правами администратор".
  test('user.get / user.getList: the visibility flags as true/false, to administrators only', async () => {
    const asAdmin = obj((await ok(sb, 'user.get', { user: { general: 5 } })).user);
    assert.equal(asAdmin.isInvisibleOutOfGroup, 'false');
    assert.equal(asAdmin.isBlindOutOfGroup, 'false');
    const asPetrov = obj((await ok(sb, 'user.get', {}, petrov)).user);
    assert.equal(asPetrov.login, 'petrov');
    assert.equal('isInvisibleOutOfGroup' in asPetrov || 'isBlindOutOfGroup' in asPetrov, false);
    const rows = list(obj((await ok(sb, 'user.getList', { pageSize: 3 })).users).user);
    assert.ok(rows.every((u) => obj(u).isBlindOutOfGroup === 'false' && obj(u).isInvisibleOutOfGroup === 'false'));
    const petrovRows = list(obj((await ok(sb, 'user.getList', { pageSize: 3 }, petrov)).users).user);
    assert.ok(petrovRows.every((u) => !('isBlindOutOfGroup' in obj(u))));
  });

  // "ПланФикс API contact.get" / "contact.getList": <havePlanfixAccess>{true|false}</…>,
  // "данный параметр возвращается только пользователю с правами администратор".
  test('contact.get / contact.getList: havePlanfixAccess as true/false, to administrators only', async () => {
    const id = [...sb.state.contacts.keys()][0];
    assert.equal(obj((await ok(sb, 'contact.get', { contact: { id } })).contact).havePlanfixAccess, 'false');
    const rows = list(obj((await ok(sb, 'contact.getList', { pageSize: 2 })).contacts).contact);
    assert.ok(rows.length > 0 && rows.every((c) => obj(c).havePlanfixAccess === 'false'));
    const visible = list(obj((await ok(sb, 'contact.getList', { pageSize: 2 }, petrov)).contacts).contact);
    assert.ok(visible.length > 0 && visible.every((c) => !('havePlanfixAccess' in obj(c))));
  });

  test('userGroup.getList: userCount for administrators, 0 for everybody else (as the page says)', async () => {
    const groups = obj((await ok(sb, 'userGroup.getList')).userGroups);
    assert.equal(groups['@_count'], '5');
    assert.equal(groups['@_totalCount'], '5');
    const sales = list(groups.userGroup).map(obj).find((g) => g.name === 'Отдел продаж');
    assert.equal(sales?.userCount, '3');
    const asPetrov = obj((await ok(sb, 'userGroup.getList', {}, petrov)).userGroups);
    assert.ok(list(asPetrov.userGroup).every((g) => obj(g).userCount === '0'));
    const desc = list(obj((await ok(sb, 'userGroup.getList', { sortType: 'USERCOUNT_DESC' })).userGroups).userGroup).map((g) => Number(obj(g).userCount));
    assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
  });

  test('project.get by id or general; 2001 absent, 2002 not visible; workers listed', async () => {
    const project = obj((await ok(sb, 'project.get', { project: { id: 12 } })).project);
    assert.equal(project.title, 'Разработка мобильного приложения');
    assert.equal(project.status, 'ACTIVE');
    assert.equal(obj(project.owner).name, 'Михаил Андреевич Михайлов');
    assert.equal(list(obj(obj(project.workers).users).user).length, 3);
    assert.equal(Number(project.taskCount), [...sb.state.tasks.values()].filter((t) => t.projectId === 12 && t.type === 'task').length);
    assert.equal(obj((await ok(sb, 'project.get', { project: { general: 2 } })).project).id, '12');
    assert.equal(await code('project.get', { project: { id: 999 } }), '2001');
    assert.equal(await code('project.get', { project: {} }), '0009');
    // Petrov takes no part in the accounting project.
    assert.equal(await code('project.get', { project: { id: 15 } }, petrov), '2002');
  });

  test('project.getList: totals only without pageCurrent (as its page says), status, target, client', async () => {
    const countOnly = obj((await ok(sb, 'project.getList')).projects);
    assert.equal(countOnly['@_count'], '0');
    assert.equal(countOnly['@_totalCount'], '8');
    const active = obj((await ok(sb, 'project.getList', { pageCurrent: 1, status: 'ACTIVE' })).projects);
    assert.equal(active['@_totalCount'], '6');
    assert.equal(active['@_count'], '6');
    const mine = obj((await ok(sb, 'project.getList', { pageCurrent: 1, target: 'out' }, petrov)).projects);
    assert.equal(mine['@_totalCount'], '0');
    const participating = obj((await ok(sb, 'project.getList', { pageCurrent: 1, target: 'in' }, petrov)).projects);
    assert.deepEqual(list(participating.project).map((p) => obj(p).id), ['12', '13', '14']);
    const empty = obj((await ok(sb, 'project.getList', { pageCurrent: 1, client: { id: 99999 } })).projects);
    assert.equal(empty['@_totalCount'], '0');
    assert.equal(await code('project.getList', { status: 'FROZEN' }), '0015');
  });

  test('contact.get by id, userid or general; 8002 when absent; extra fields on request', async () => {
    const contact = obj((await ok(sb, 'contact.get', { contact: { id: 101 } })).contact);
    assert.equal(contact.isCompany, '1');
    assert.match(String(contact.name), /«.+»/);
    const byUserid = obj((await ok(sb, 'contact.get', { contact: { userid: contact.userid } })).contact);
    assert.equal(byUserid.id, '101');
    const byGeneral = obj((await ok(sb, 'contact.get', { contact: { general: 1 }, fields: { field: 'lastUpdateDate' } })).contact);
    assert.equal(byGeneral.id, '101');
    assert.match(String(byGeneral.lastUpdateDate), /^\d{2}-\d{2}-\d{4} \d{2}:\d{2}$/);
    assert.equal(await code('contact.get', { contact: { id: 5 } }), '8002');
    assert.equal(await code('contact.get', { contact: {} }), '0009');
    assert.equal(await code('contact.get', { contact: { id: 101 }, fields: { field: 'color' } }), '0015');
  });

  test('contact.getList: people by default, companies with target, search, company, paging', async () => {
    const people = obj((await ok(sb, 'contact.getList', { pageSize: 10 })).contacts);
    const companies = obj((await ok(sb, 'contact.getList', { target: 'company' })).contacts);
    assert.equal(Number(people['@_totalCount']) + Number(companies['@_totalCount']), 30);
    assert.equal(people['@_count'], '10');
    assert.ok(list(companies.contact).every((c) => obj(c).isCompany === '1'));
    const found = obj((await ok(sb, 'contact.getList', { target: 'company', search: 'вектор' })).contacts);
    assert.equal(found['@_totalCount'], '1');
    const staff = obj((await ok(sb, 'contact.getList', { company: 101 })).contacts);
    assert.ok(list(staff.contact).every((c) => list(obj(obj(c).contractors).client).some((k) => obj(k).id === '101')));
    assert.equal(await code('contact.getList', { target: 'robots' }), '0015');
    assert.equal(await code('contact.getList', { filters: { filter: { type: 4001, operator: 'equal', value: 1 } } }), '0018');
  });

  test('contact.add stores what is sent (hostile values too) and answers id, userid, general, actionid', async () => {
    const name = `Иван <script> & "Ко" ]]>`;
    const body = await ok(sb, 'contact.add', {
      contact: {
        name,
        lastName: 'Иванов',
        email: 'ivan@example.ru',
        sex: 'MALE',
        phones: { phone: [{ number: '+7 900 000-00-00', typeId: 2 }] },
        group: { id: 2 },
        customData: { customValue: { id: 21, value: '7701234567' } },
        responsible: { users: { id: 3 } },
      },
    });
    const added = obj(body.contact);
    assert.match(String(added.id), /^\d+$/);
    assert.match(String(body.actionid), /^\d+$/);
    const contact = obj((await ok(sb, 'contact.get', { contact: { id: added.id } })).contact);
    assert.equal(contact.name, name);
    assert.equal(contact.userid, added.userid);
    assert.equal(contact.general, added.general);
    assert.equal(obj(list(obj(contact.phones).phone)[0]).typeName, 'Мобильный');
    assert.equal(obj(contact.group).name, 'Поставщики');
    assert.equal(obj(list(obj(contact.customData).customValue)[0]).value, '7701234567');
    // A contact's userid may be a task worker.
    const task = obj((await ok(sb, 'task.add', { task: { title: 'С контактом', workers: { users: { id: added.userid } } } })).task);
    const card = obj((await ok(sb, 'task.get', { task: { id: task.id } })).task);
    assert.equal(obj(list(obj(obj(card.workers).users).user)[0]).name, `${name} Иванов`);
  });

  test('contact.add errors: no contact 0009, no name 0009, bad e-mail 8010, bad sex 0015, unknown field 0101', async () => {
    assert.equal(await code('contact.add', {}), '0009');
    assert.equal(await code('contact.add', { contact: { post: 'Директор' } }), '0009');
    assert.equal(await code('contact.add', { contact: { name: 'Анна', email: 'not-an-email' } }), '8010');
    assert.equal(await code('contact.add', { contact: { name: 'Анна', sex: 'OTHER' } }), '0015');
    assert.equal(await code('contact.add', { contact: { name: 'Анна', customData: { customValue: { id: 1, value: 'x' } } } }), '0101');
    assert.equal(await code('contact.add', { contact: { name: 'Анна', responsible: { users: { id: 4040 } } } }), '0013');
  });
});
