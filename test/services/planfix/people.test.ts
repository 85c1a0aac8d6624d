// Employees, user groups, projects and contacts against the sandbox: each method, the lists paged
// to the end by totalCount, and the not-found codes of each kind of object.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import { planfixCatalogue, type PlanfixClient } from '../../../src/services/planfix/index.js';
import { recorder, startSandbox, tokenClient, type Sandbox } from './helpers.js';

let sandbox: Sandbox;
let client: PlanfixClient;
before(async () => {
  sandbox = await startSandbox({ rateLimit: false });
  client = tokenClient(sandbox);
});
after(() => sandbox.close());

/** Walks a list to the end by pages of `size`; checks it against the first page's totalCount. */
async function walk(name: keyof typeof planfixCatalogue, input: Record<string, unknown>, size: number) {
  const rec = recorder();
  const walker = tokenClient(sandbox, { fetch: rec.fetch });
  const rows: { id: number }[] = [];
  let total: number | undefined;
  for await (const page of walker.pages(planfixCatalogue[name], { ...input, pageSize: size }).pages()) {
    total ??= page.total;
    rows.push(...(page.items as { id: number }[]));
  }
  assert.ok(total !== undefined && total > 0, `${name}: totalCount given`);
  assert.equal(rows.length, total, `${name}: every row`);
  assert.equal(new Set(rows.map((r) => r.id)).size, total, `${name}: no row twice`);
  assert.equal(rec.bodies.length, Math.ceil(total / size), `${name}: one request per page`);
  return rows;
}

describe('employees and groups', () => {
  test('user.get: the caller without an id, anyone by id or number', async () => {
    const me = (await client.getUser({})) as { user: { id: number; general: number; userGroups: { userGroup: { id: number }[] } } };
    assert.ok(Array.isArray(me.user.userGroups.userGroup));
    const byId = (await client.getUser({ user: 2 })) as { user: { id: number; general: number; login: string } };
    assert.equal(byId.user.id, 2);
    const byNumber = (await client.getUser({ number: byId.user.general })) as { user: { id: number } };
    assert.equal(byNumber.user.id, 2);
    await assert.rejects(client.getUser({ user: 99999 }), (e: unknown) => e instanceof ApiError && ['6004', '0101', '0013'].includes(e.code));
  });

  test('user.getList: a group filter and the whole list paged', async () => {
    const all = await walk('getUserList', {}, 5);
    const groups = (await client.getUserGroupList({})) as { userGroups: { count: number; totalCount: number; userGroup: { id: number; name: string; userCount: number }[] } };
    assert.equal(groups.userGroups.count, groups.userGroups.userGroup.length);
    const group = groups.userGroups.userGroup.find((g) => g.userCount > 0)!;
    const members = (await client.getUserList({ userGroup: group.id, pageCurrent: 1, pageSize: 100 })) as {
      users: { user: { id: number; userGroups: { userGroup: { id: number }[] } }[] };
    };
    assert.ok(members.users.user.length > 0 && members.users.user.length <= all.length);
    assert.ok(members.users.user.every((u) => u.userGroups.userGroup.some((g) => g.id === group.id)));
    await assert.rejects(client.getUserList({ status: 'GONE' } as never), ValidationError);
  });

  test('userGroup.getList: paged by 2', async () => {
    const rows = (await walk('getUserGroupList', {}, 2)) as unknown as { id: number; name: string }[];
    assert.ok(rows.every((g) => typeof g.name === 'string' && g.name.length > 0));
  });
});

describe('projects', () => {
  test('project.getList paged; project.get by id and by number; 2001 for none', async () => {
    const rows = (await walk('getProjectList', {}, 3)) as unknown as { id: number; title: string }[];
    const first = rows[0]!;
    const one = (await client.getProject({ project: first.id })) as { project: { id: number; title: string; general?: number } };
    assert.equal(one.project.title, first.title);
    if (one.project.general !== undefined) {
      const byNumber = (await client.getProject({ number: one.project.general })) as { project: { id: number } };
      assert.equal(byNumber.project.id, first.id);
    }
    await assert.rejects(client.getProject({ project: 99999 }), (e: unknown) => e instanceof NotFoundError && e.code === '2001');
    await assert.rejects(client.getProject({}), ValidationError);
  });

  test('project.getList without pageCurrent only counts, as documented', async () => {
    const counted = (await client.getProjectList({ pageSize: 2 })) as { projects: { totalCount: number; project: unknown[] } };
    assert.ok(counted.projects.totalCount > 0);
    assert.deepEqual(counted.projects.project, []);
  });
});

describe('contacts', () => {
  test('contact.add with hostile values, then contact.get by id, userid and number', async () => {
    const name = `Иван <"Ваня"> & ]]> 'Ив'`;
    const added = (await client.addContact({
      name,
      lastName: 'Петров-Водкин',
      email: 'ivan@example.com',
      phones: [{ number: '+7 (900) 000-00-01', typeId: 2 }, { number: '+7 (900) 000-00-02' }],
      isCompany: false,
      description: 'Строка 1\nСтрока 2 & <i>курсив</i>',
    })) as { contact: { id: number; userid: number; general: number } };
    assert.ok(added.contact.id > 0);
    const byId = (await client.getContact({ contact: added.contact.id })) as {
      contact: { id: number; name: string; lastName: string; description: string; isCompany: boolean; phones: { phone: { number: string }[] } };
    };
    assert.equal(byId.contact.name, name);
    assert.equal(byId.contact.description, 'Строка 1\nСтрока 2 & <i>курсив</i>');
    assert.equal(byId.contact.isCompany, false);
    assert.deepEqual(byId.contact.phones.phone.map((p) => p.number), ['+7 (900) 000-00-01', '+7 (900) 000-00-02']);
    const byUserid = (await client.getContact({ userid: added.contact.userid })) as { contact: { id: number } };
    const byNumber = (await client.getContact({ number: added.contact.general })) as { contact: { id: number } };
    assert.equal(byUserid.contact.id, added.contact.id);
    assert.equal(byNumber.contact.id, added.contact.id);
    await assert.rejects(client.getContact({ contact: 99999 }), (e: unknown) => e instanceof NotFoundError && e.code === '8002');
  });

  test('contact.getList: search, companies, and the whole list paged', async () => {
    await client.addContact({ name: 'Зинаида', lastName: 'Уникальнова-Поиск' });
    const found = (await client.getContactList({ search: 'Уникальнова', pageCurrent: 1 })) as { contacts: { contact: { lastName: string }[] } };
    assert.deepEqual(found.contacts.contact.map((c) => c.lastName), ['Уникальнова-Поиск']);
    const companies = (await client.getContactList({ target: 'company', pageCurrent: 1, pageSize: 100 })) as { contacts: { contact: { isCompany: boolean }[] } };
    assert.ok(companies.contacts.contact.every((c) => c.isCompany === true));
    await walk('getContactList', {}, 20);
  });
});
