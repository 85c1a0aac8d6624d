import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDiadocSandbox, type DiadocSandbox } from '../../../src/sandbox/diadoc/index.js';
import { NotFoundError, PermissionError } from '../../../src/core/errors.js';
import {
  diadocCatalogue,
  parseDiadocJson,
  stringifyDiadocJson,
  ticksToDate,
  ticksToIsoString,
  type DiadocClient,
} from '../../../src/services/diadoc/index.js';
import { Recorder, clientFor } from './helpers.js';

// The answer of seed 004 (the GetEmployee page of the documentation), as the page shows it.
const seedAnswer = `{
"User": {
"UserId": "6dc8c481-7cec-4675-8fd3-711cbe752eaa",
"Login": "email@example.com",
"FullName": { "LastName": "Иванов", "FirstName": "Иван", "MiddleName": "Иванович" },
"IsRegistered": true
},
"Permissions": {
"UserDepartmentId": "00000000-0000-0000-0000-000000000000",
"IsAdministrator": false,
"DocumentAccessLevel": "DepartmentAndSubdepartments",
"SelectedDepartmentIds": [],
"Actions": [
{ "Name": "CreateDocuments", "IsAllowed": true },
{ "Name": "DeleteRestoreDocuments", "IsAllowed": true },
{ "Name": "SignDocuments", "IsAllowed": true },
{ "Name": "AddResolutions", "IsAllowed": false },
{ "Name": "RequestResolutions", "IsAllowed": false },
{ "Name": "ManageCounteragents", "IsAllowed": true }
],
"AuthorizationPermission": { "IsBlocked": false }
},
"Position": "Бухгалтер",
"CanBeInvitedForChat": false,
"CreationTimestamp": { "Ticks": 638780603013048865 }
}`;

/** The raw Ticks digits of an answer, read from the text itself. */
const rawTicks = (text: string) => [...text.matchAll(/"Ticks":\s*(-?\d+)/g)].map((m) => m[1]!);

describe('diadoc client: employees', () => {
  let sb: DiadocSandbox;
  let admin: DiadocClient;
  let rec: Recorder;
  before(async () => {
    sb = await startDiadocSandbox({ seed: { employees: 320 } });
    rec = new Recorder();
    admin = clientFor(sb, 'password', { fetch: rec.fetch, validateResults: true });
  });
  after(() => sb.close());

  test('seed 004: GET /GetEmployee?boxId&userId with a bearer token answers the documented Employee exactly', async () => {
    const r = new Recorder();
    const client = clientFor(sb, 'bearer', { fetch: r.fetch, validateResults: true });
    const employee = await client.getEmployee({ boxId: sb.info.boxId, userId: sb.info.employeeUserId });
    assert.deepEqual(employee, parseDiadocJson(seedAnswer));
    assert.equal(employee.CreationTimestamp!.Ticks, 638780603013048865n);
    assert.equal(ticksToIsoString(employee.CreationTimestamp!), '2025-03-20T09:38:21.3048865Z');
    assert.equal(ticksToDate(employee.CreationTimestamp!).toISOString(), '2025-03-20T09:38:21.304Z');
    const sent = new URL(r.exchanges[0]!.url);
    assert.equal(r.exchanges[0]!.method, 'GET');
    assert.equal(sent.pathname, '/GetEmployee');
    assert.deepEqual([...sent.searchParams], [['boxId', sb.info.boxId], ['userId', sb.info.employeeUserId]]);
    assert.match(r.exchanges[0]!.headers.authorization!, /^Bearer /);
    assert.equal(r.exchanges[0]!.headers.accept, 'application/json');
    assert.equal(r.exchanges[0]!.body, undefined);
  });

  test('GetEmployees: a page, and all of hundreds of employees through the iterator, each once', async () => {
    const page = await admin.getEmployees({ boxId: sb.info.boxId, page: 2, count: 10 });
    assert.equal(page.Employees.length, 10);
    assert.ok(page.TotalCount > 300);
    rec.clear();
    const all = await admin.allEmployees({ boxId: sb.info.boxId }).toArray();
    assert.equal(all.length, page.TotalCount);
    assert.equal(new Set(all.map((e) => e.User.UserId)).size, all.length);
    const pages = rec.exchanges.filter((e) => e.path === '/GetEmployees');
    assert.equal(pages.length, Math.ceil(page.TotalCount / 50));
    assert.deepEqual(pages.map((e) => new URL(e.url).searchParams.get('page')), pages.map((_, i) => String(i + 1)));
    assert.ok(pages.every((e) => new URL(e.url).searchParams.get('count') === '50'));
    // The same rows through the generic iterate(), with a smaller page size and from page 3.
    const fromThird: unknown[] = [];
    for await (const row of admin.iterate(diadocCatalogue.getEmployees, { boxId: sb.info.boxId, page: 3, count: 40 })) fromThird.push(row);
    assert.deepEqual(fromThird, all.slice(80));
  });

  test('the Ticks of a page of employees are exact, past 2^53, and go back out unchanged', async () => {
    const r = new Recorder();
    const client = clientFor(sb, 'token', { fetch: r.fetch });
    const text = await (await fetch(`${sb.url}/GetEmployees?boxId=${sb.info.boxId}&count=50`, {
      headers: { authorization: `DiadocAuth ddauth_api_client_id=${sb.info.clientId},ddauth_token=${sb.info.token}`, accept: 'application/json' },
    })).text();
    const digits = rawTicks(text);
    assert.ok(digits.length >= 50);
    assert.ok(digits.every((d) => BigInt(d) > 2n ** 53n), 'every timestamp is past 2^53');
    const list = await client.getEmployees({ boxId: sb.info.boxId, count: 50 });
    assert.deepEqual(list.Employees.map((e) => e.CreationTimestamp!.Ticks.toString()), digits);
    assert.deepEqual(rawTicks(stringifyDiadocJson(list)), digits);
  });

  test('GetMyEmployee: the administrator as an employee', async () => {
    const me = await admin.getMyEmployee({ boxId: sb.info.boxId });
    assert.equal(me.User.Login, sb.info.login);
    assert.equal(me.Permissions.IsAdministrator, true);
  });

  test('CreateEmployee → GetEmployee → 409 on a second create → UpdateEmployee → DeleteEmployee (twice) → 404', async () => {
    const boxId = sb.info.boxId;
    const departments = await admin.getDepartments({ boxId });
    const accounting = departments.Departments.find((d) => d.Id !== '00000000-0000-0000-0000-000000000000')!;
    rec.clear();
    const created = await admin.createEmployee({
      boxId,
      email: 'new.accountant@example.com',
      fullName: { lastName: 'Соколова', firstName: 'Мария', middleName: 'Павловна' },
      position: 'Бухгалтер',
      departmentId: accounting.Id,
      documentAccessLevel: 'DepartmentOnly',
      actions: { CreateDocuments: true, SignDocuments: false },
    });
    const sent = rec.exchanges.find((e) => e.path === '/CreateEmployee')!;
    assert.match(sent.headers['content-type']!, /^application\/json; charset=utf-8/);
    assert.deepEqual(JSON.parse(sent.body!).Credentials, {
      Login: { Login: 'new.accountant@example.com', FullName: { LastName: 'Соколова', FirstName: 'Мария', MiddleName: 'Павловна' } },
    });
    assert.equal(created.User.Login, 'new.accountant@example.com');
    assert.equal(created.Position, 'Бухгалтер');
    assert.equal(created.Permissions.UserDepartmentId, accounting.Id);
    assert.equal(created.Permissions.DocumentAccessLevel, 'DepartmentOnly');
    assert.equal(typeof created.CreationTimestamp!.Ticks, 'bigint');
    const userId = created.User.UserId;
    assert.deepEqual(await admin.getEmployee({ boxId, userId }), created);

    await assert.rejects(
      admin.createEmployee({ boxId, email: 'new.accountant@example.com', documentAccessLevel: 'AllDocuments' }),
      (e: unknown) => e instanceof Error && (e as { status?: number }).status === 409 && /employee of the box/.test((e as { hint?: { en: string } }).hint!.en),
    );

    const updated = await admin.updateEmployee({ boxId, userId, position: 'Главный бухгалтер' });
    assert.equal(updated.Position, 'Главный бухгалтер');

    assert.equal(await admin.deleteEmployee({ boxId, userId }), null);
    assert.equal(await admin.deleteEmployee({ boxId, userId }), null, 'deleting again succeeds, as documented');
    await assert.rejects(admin.getEmployee({ boxId, userId }), NotFoundError);
  });

  test('UpdateEmployee is a patch: only the fields given change, everything else stays as it was', async () => {
    const boxId = sb.info.boxId;
    const userId = sb.info.employeeUserId;
    const before = await admin.getEmployee({ boxId, userId });
    rec.clear();
    const afterPosition = await admin.updateEmployee({ boxId, userId, position: 'Старший бухгалтер' });
    assert.deepEqual(JSON.parse(rec.exchanges.at(-1)!.body!), { Position: { Position: 'Старший бухгалтер' } });
    assert.deepEqual(afterPosition, { ...before, Position: 'Старший бухгалтер' });

    const afterActions = await admin.updateEmployee({ boxId, userId, actions: { SignDocuments: false, AddResolutions: true } });
    const expectedActions = before.Permissions.Actions!.map((a) =>
      a.Name === 'SignDocuments' ? { ...a, IsAllowed: false } : a.Name === 'AddResolutions' ? { ...a, IsAllowed: true } : a,
    );
    assert.deepEqual(afterActions, { ...before, Position: 'Старший бухгалтер', Permissions: { ...before.Permissions, Actions: expectedActions } });

    const blocked = await admin.updateEmployee({ boxId, userId, blocked: true, blockComment: 'Отпуск', canBeInvitedForChat: true });
    assert.deepEqual(blocked.Permissions.AuthorizationPermission, { IsBlocked: true, Comment: 'Отпуск' });
    assert.equal(blocked.CanBeInvitedForChat, true);
    assert.equal(blocked.Permissions.DocumentAccessLevel, before.Permissions.DocumentAccessLevel);
    assert.equal(blocked.CreationTimestamp!.Ticks, before.CreationTimestamp!.Ticks);

    const selected = (await admin.getDepartments({ boxId })).Departments.slice(1, 3).map((d) => d.Id);
    const moved = await admin.updateEmployee({ boxId, userId, documentAccessLevel: 'SelectedDepartments', selectedDepartmentIds: selected, departmentId: selected[0]! });
    assert.equal(moved.Permissions.DocumentAccessLevel, 'SelectedDepartments');
    assert.deepEqual(moved.Permissions.SelectedDepartmentIds, selected);
    assert.equal(moved.Permissions.UserDepartmentId, selected[0]);
    assert.equal(moved.Position, 'Старший бухгалтер');

    // An empty patch changes nothing.
    const unchanged = await admin.updateEmployee({ boxId, userId });
    assert.deepEqual(unchanged, moved);
  });

  test('GetSubscriptions and UpdateSubscriptions: only the given subscriptions change; all come back', async () => {
    const boxId = sb.info.boxId;
    const userId = sb.info.employeeUserId;
    const before = await admin.getSubscriptions({ boxId, userId });
    assert.ok(before.Subscriptions.length >= 10);
    const news = before.Subscriptions.find((s) => s.Id === 'News')!;
    const incoming = before.Subscriptions.find((s) => s.Id === 'NewIncomingDocuments')!;
    const after = await admin.updateSubscriptions({ boxId, userId, subscriptions: { News: !news.IsSubscribed, NewIncomingDocuments: !incoming.IsSubscribed } });
    assert.deepEqual(
      after.Subscriptions,
      before.Subscriptions.map((s) => (s.Id === 'News' || s.Id === 'NewIncomingDocuments' ? { ...s, IsSubscribed: !s.IsSubscribed } : s)),
    );
    assert.deepEqual(await admin.getSubscriptions({ boxId, userId }), after);
  });

  test('a non-administrator: GetMyEmployee and own subscriptions work; administrator methods answer 403 with the hint', async () => {
    const user = clientFor(sb, 'user');
    const me = await user.getMyEmployee({ boxId: sb.info.boxId });
    assert.equal(me.User.Login, sb.info.userLogin);
    assert.equal(me.Permissions.IsAdministrator, false);
    const own = await user.getSubscriptions({ boxId: sb.info.boxId, userId: me.User.UserId });
    assert.ok(own.Subscriptions.length > 0);
    for (const call of [
      () => user.getEmployee({ boxId: sb.info.boxId, userId: sb.info.employeeUserId }),
      () => user.getEmployees({ boxId: sb.info.boxId }),
      () => user.getSubscriptions({ boxId: sb.info.boxId, userId: sb.info.employeeUserId }),
      () => user.updateEmployee({ boxId: sb.info.boxId, userId: sb.info.employeeUserId, position: 'Директор' }),
    ]) {
      await assert.rejects(call(), (e: unknown) => {
        assert.ok(e instanceof PermissionError);
        assert.equal(e.status, 403);
        assert.match(e.hint!.en, /administrators only/);
        assert.match(e.hint!.ru, /только администраторам/);
        return true;
      });
    }
  });

  test('GetMyUser (V2) and GetOrganizationUsers (V2)', async () => {
    const me = await admin.getMyUser();
    assert.equal(me.Login, sb.info.login);
    assert.equal(me.IsRegistered, true);
    const users = await admin.getOrganizationUsers({ boxId: sb.info.boxId });
    assert.ok(users.Users.some((u) => u.Id === me.UserId && u.Permissions.IsAdministrator));
    assert.ok(users.Users.some((u) => u.Id === sb.info.employeeUserId && u.Name === 'Иванов Иван Иванович'));
  });
});
