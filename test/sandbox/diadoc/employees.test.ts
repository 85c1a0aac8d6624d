import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDiadocSandbox, type DiadocSandbox } from '../../../src/sandbox/diadoc/index.js';
import { call, diadocAuth, login } from './helpers.js';

// The response body printed on the GetEmployee page of the documentation (seed 004).
const seed004 = `{
"User": {
"UserId": "6dc8c481-7cec-4675-8fd3-711cbe752eaa",
"Login": "email@example.com",
"FullName": {
"LastName": "Иванов",
"FirstName": "Иван",
"MiddleName": "Иванович"
},
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
"AuthorizationPermission": {
"IsBlocked": false
}
},
"Position": "Бухгалтер",
"CanBeInvitedForChat": false,
"CreationTimestamp": {
"Ticks": 638780603013048865
}
}`;

const employees = 300;

describe('diadoc sandbox: employees', () => {
  let sb: DiadocSandbox;
  let box: string;
  before(async () => {
    sb = await startDiadocSandbox({ seed: { employees } });
    box = sb.info.boxId;
  });
  after(() => sb.close());

  test('GetEmployee reproduces the documented answer byte for byte, ticks exact', async () => {
    // The documentation writes the parameter names in lower case: boxid, userid.
    const res = await call(sb, `/GetEmployee?boxid=${box}&userid=${sb.info.employeeUserId}`, { auth: `Bearer ${sb.info.oauth.accessToken}`, accept: 'application/json; charset=utf-8' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.text, seed004.replace(/\s+/g, ''));
    assert.ok(res.text.includes('"Ticks":638780603013048865}'));
    assert.ok(638780603013048865n > 2n ** 53n);
  });

  test('GetEmployee: 404 for someone outside the box, 400 for a bad userId', async () => {
    const res = await call(sb, `/GetEmployee?boxId=${box}&userId=11111111-2222-4333-8444-555555555555`);
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('x-diadoc-errorcode'), 'Http.NotFound');
    assert.equal((await call(sb, `/GetEmployee?boxId=${box}&userId=nope`)).status, 400);
    assert.equal((await call(sb, `/GetEmployee?boxId=${box}`)).status, 400);
  });

  test('GetEmployees pages through every employee: count 1..50, TotalCount, registered first then by creation', async () => {
    const seen = new Set<string>();
    let total = 0;
    let pages = 0;
    const order: { registered: boolean; ticks: bigint }[] = [];
    for (let page = 1; ; page += 1) {
      const res = await call(sb, `/GetEmployees?BoxId=${box}&Page=${page}&Count=50`);
      assert.equal(res.status, 200);
      const list = res.json();
      total = list.TotalCount;
      // Ticks are read from the text so that they stay exact.
      const ticks = [...res.text.matchAll(/"Ticks":(\d+)/g)].map((m) => BigInt(m[1]!));
      list.Employees.forEach((e: { User: { UserId: string; IsRegistered: boolean } }, i: number) => {
        seen.add(e.User.UserId);
        order.push({ registered: e.User.IsRegistered, ticks: ticks[i]! });
      });
      if (list.Employees.length === 0) break;
      pages += 1;
      assert.ok(list.Employees.length <= 50);
    }
    assert.equal(total, employees + 3, 'the generated ones, the admin, the user and the documented employee');
    assert.equal(seen.size, total);
    assert.equal(pages, Math.ceil(total / 50));
    for (let i = 1; i < order.length; i += 1) {
      const a = order[i - 1]!;
      const b = order[i]!;
      // Registered employees first, then unregistered ones, each by creation time (current docs).
      assert.ok((a.registered && !b.registered) || (a.registered === b.registered && a.ticks <= b.ticks), `order at ${i}`);
    }
    const small = (await call(sb, `/GetEmployees?boxId=${box}&page=2&count=7`)).json();
    assert.equal(small.Employees.length, 7);
    for (const bad of ['count=0', 'count=51', 'page=0', 'count=abc']) {
      assert.equal((await call(sb, `/GetEmployees?boxId=${box}&${bad}`)).status, 400, bad);
    }
  });

  test('CreateEmployee adds a new user (unregistered) and answers Employee; 409 on a second time', async () => {
    const departments = (await call(sb, `/admin/GetDepartments?boxId=${box}`)).json().Departments;
    const dept = departments[1].Id as string;
    const body = {
      Credentials: { Login: { Login: 'new.person@example.ru', FullName: { LastName: 'Сидорова', FirstName: 'Ольга', MiddleName: 'Петровна' } } },
      Position: 'Юрист',
      CanBeInvitedForChat: true,
      Permissions: {
        UserDepartmentId: dept,
        IsAdministrator: false,
        DocumentAccessLevel: 'SelectedDepartments',
        SelectedDepartmentIds: [departments[2].Id],
        Actions: [{ Name: 'SignDocuments', IsAllowed: true }],
      },
    };
    const res = await call(sb, `/CreateEmployee?boxId=${box}`, { body });
    assert.equal(res.status, 200, res.text);
    const created = res.json();
    assert.equal(created.User.Login, 'new.person@example.ru');
    assert.equal(created.User.IsRegistered, false);
    assert.equal(created.Position, 'Юрист');
    assert.equal(created.Permissions.UserDepartmentId, dept);
    assert.deepEqual(created.Permissions.SelectedDepartmentIds, [departments[2].Id]);
    assert.equal(created.Permissions.Actions.find((a: { Name: string }) => a.Name === 'SignDocuments').IsAllowed, true);
    assert.equal(created.Permissions.Actions.find((a: { Name: string }) => a.Name === 'CreateDocuments').IsAllowed, false);
    const ticks = BigInt(/"Ticks":(\d+)/.exec(res.text)![1]!);
    assert.ok(ticks > 638780603013048865n, 'created now');

    const fetched = await call(sb, `/GetEmployee?boxId=${box}&userId=${created.User.UserId}`);
    assert.equal(fetched.text, res.text);
    const again = await call(sb, `/CreateEmployee?boxId=${box}`, { body });
    assert.equal(again.status, 409);
    assert.equal(again.headers.get('x-diadoc-errorcode'), 'Http.Conflict');
    const existing = await call(sb, `/CreateEmployee?boxId=${box}`, { body: { ...body, Credentials: { Login: { Login: sb.info.userLogin } } } });
    assert.equal(existing.status, 409);
  });

  test('CreateEmployee validates its body', async () => {
    const permissions = { UserDepartmentId: '00000000-0000-0000-0000-000000000000', IsAdministrator: false, DocumentAccessLevel: 'AllDocuments' };
    const bad: unknown[] = [
      { CanBeInvitedForChat: false, Permissions: permissions },
      { Credentials: { Login: { Login: 'not-an-email', FullName: { LastName: 'А', FirstName: 'Б' } } }, CanBeInvitedForChat: false, Permissions: permissions },
      { Credentials: { Login: { Login: 'unknown.person@example.ru' } }, CanBeInvitedForChat: false, Permissions: permissions },
      { Credentials: { Login: { Login: 'x@example.ru', FullName: { LastName: 'А', FirstName: 'Б' } } }, CanBeInvitedForChat: false, Permissions: { ...permissions, DocumentAccessLevel: 'Everything' } },
      { Credentials: { Login: { Login: 'x@example.ru', FullName: { LastName: 'А', FirstName: 'Б' } } }, CanBeInvitedForChat: false, Permissions: { ...permissions, UserDepartmentId: '11111111-2222-4333-8444-555555555555' } },
      { Credentials: { Login: { Login: 'x@example.ru', FullName: { LastName: 'А', FirstName: 'Б' } } }, CanBeInvitedForChat: false, Permissions: { ...permissions, Actions: [{ Name: 'FlyToTheMoon', IsAllowed: true }] } },
      { Credentials: { Login: { Login: 'x@example.ru', FullName: { LastName: 'А', FirstName: 'Б' } } }, Permissions: permissions },
      '{"Credentials":',
    ];
    for (const body of bad) {
      const res = await call(sb, `/CreateEmployee?boxId=${box}`, { body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.headers.get('x-diadoc-errorcode'), 'Http.BadRequest');
    }
    const noType = await call(sb, `/CreateEmployee?boxId=${box}`, { body: {}, headers: { 'content-type': 'application/x-protobuf' } });
    assert.equal(noType.status, 400);
  });

  test('UpdateEmployee is a patch: only the wrapped fields change', async () => {
    const target = `/GetEmployee?boxId=${box}&userId=${sb.info.employeeUserId}`;
    const before = (await call(sb, target)).json();
    const departments = (await call(sb, `/admin/GetDepartments?boxId=${box}`)).json().Departments;
    const res = await call(sb, `/UpdateEmployee?boxId=${box}&userId=${sb.info.employeeUserId}`, {
      body: {
        Permissions: {
          Department: { DepartmentId: departments[3].Id },
          Actions: [
            { Name: 'ManageCounteragents', IsAllowed: false },
            { Name: 'AddResolutions', IsAllowed: true },
          ],
        },
        CanBeInvitedForChat: { CanBeInvitedForChat: true },
      },
    });
    assert.equal(res.status, 200, res.text);
    const after = res.json();
    assert.equal(after.Permissions.UserDepartmentId, departments[3].Id);
    assert.equal(after.CanBeInvitedForChat, true);
    const allowed = (e: { Permissions: { Actions: { Name: string; IsAllowed: boolean }[] } }) => Object.fromEntries(e.Permissions.Actions.map((a) => [a.Name, a.IsAllowed]));
    assert.deepEqual(allowed(after), { ...allowed(before), ManageCounteragents: false, AddResolutions: true });
    // Untouched: position, administrator flag, access level, authorization, creation time.
    assert.equal(after.Position, before.Position);
    assert.equal(after.Permissions.IsAdministrator, before.Permissions.IsAdministrator);
    assert.equal(after.Permissions.DocumentAccessLevel, before.Permissions.DocumentAccessLevel);
    assert.deepEqual(after.Permissions.AuthorizationPermission, before.Permissions.AuthorizationPermission);
    assert.ok(res.text.includes('"Ticks":638780603013048865}'));

    const second = await call(sb, `/UpdateEmployee?boxId=${box}&userId=${sb.info.employeeUserId}`, {
      body: {
        Position: { Position: 'Главный бухгалтер' },
        Permissions: {
          IsAdministrator: { IsAdministrator: true },
          DocumentAccessLevel: { DocumentAccessLevel: 'SelectedDepartments' },
          SelectedDepartments: { SelectedDepartmentIds: [departments[1].Id, departments[2].Id] },
          AuthorizationPermission: { IsBlocked: true, Comment: 'Отпуск' },
        },
      },
    });
    const now = second.json();
    assert.equal(now.Position, 'Главный бухгалтер');
    assert.equal(now.Permissions.IsAdministrator, true);
    assert.deepEqual(now.Permissions.SelectedDepartmentIds, [departments[1].Id, departments[2].Id]);
    assert.deepEqual(now.Permissions.AuthorizationPermission, { IsBlocked: true, Comment: 'Отпуск' });
    assert.equal(now.Permissions.UserDepartmentId, departments[3].Id, 'still the department of the first patch');
    assert.equal(now.CanBeInvitedForChat, true);
    assert.equal((await call(sb, target)).text, second.text);

    const empty = await call(sb, `/UpdateEmployee?boxId=${box}&userId=${sb.info.employeeUserId}`, { body: {} });
    assert.equal(empty.text, second.text, 'an empty patch changes nothing');
  });

  test('UpdateEmployee rejects bare values instead of wrappers and bad values, changing nothing', async () => {
    const url = `/UpdateEmployee?boxId=${box}&userId=${sb.info.employeeUserId}`;
    const before = (await call(sb, `/GetEmployee?boxId=${box}&userId=${sb.info.employeeUserId}`)).text;
    for (const body of [
      { Position: 'Директор' },
      { Position: { Position: 'Директор' }, Permissions: { IsAdministrator: false } },
      { Permissions: { DocumentAccessLevel: { DocumentAccessLevel: 'Nothing' } } },
      { Permissions: { AuthorizationPermission: { IsBlocked: true, Comment: 'ы'.repeat(501) } } },
      { CanBeInvitedForChat: {} },
    ]) {
      const res = await call(sb, url, { body });
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    assert.equal((await call(sb, `/GetEmployee?boxId=${box}&userId=${sb.info.employeeUserId}`)).text, before);
    // UpdateEmployee's page lists no 404: a userId not in the box is bad request data.
    assert.equal((await call(sb, `/UpdateEmployee?boxId=${box}&userId=11111111-2222-4333-8444-555555555555`, { body: {} })).status, 400);
  });

  test('DeleteEmployee removes the employee; deleting again still succeeds; a stranger is 404', async () => {
    const list = (await call(sb, `/GetEmployees?boxId=${box}&page=3&count=10`)).json();
    const victim = list.Employees[0].User.UserId as string;
    const del = await call(sb, `/DeleteEmployee?boxId=${box}&userId=${victim}`, { method: 'POST' });
    assert.equal(del.status, 200);
    assert.equal(del.text, '');
    assert.equal((await call(sb, `/GetEmployee?boxId=${box}&userId=${victim}`)).status, 404);
    assert.equal((await call(sb, `/DeleteEmployee?boxId=${box}&userId=${victim}`, { method: 'POST' })).status, 200);
    const total = (await call(sb, `/GetEmployees?boxId=${box}&count=1`)).json().TotalCount;
    assert.equal(total, list.TotalCount - 1);
    assert.equal((await call(sb, `/DeleteEmployee?boxId=${box}&userId=11111111-2222-4333-8444-555555555555`, { method: 'POST' })).status, 404);
    assert.equal((await call(sb, `/DeleteEmployee?boxId=${box}&userId=${victim}`)).status, 405);
  });

  test('GetMyEmployee for a non-administrator; admin-only methods answer 403 to them', async () => {
    const token = await login(sb, sb.info.userLogin, sb.info.userPassword);
    const auth = diadocAuth(sb, token);
    const me = await call(sb, `/GetMyEmployee?boxId=${box}`, { auth });
    assert.equal(me.status, 200);
    assert.equal(me.json().User.Login, sb.info.userLogin);
    assert.equal(me.json().Permissions.IsAdministrator, false);
    for (const path of [`/GetEmployee?boxId=${box}&userId=${sb.info.employeeUserId}`, `/GetEmployees?boxId=${box}`, `/admin/GetDepartments?boxId=${box}`]) {
      const res = await call(sb, path, { auth });
      assert.equal(res.status, 403, path);
      assert.equal(res.headers.get('x-diadoc-errorcode'), 'Http.Forbidden');
    }
    assert.equal((await call(sb, `/CreateEmployee?boxId=${box}`, { auth, body: {} })).status, 403);
  });

  test('subscriptions: read and change (only those sent), by an administrator or the employee themself', async () => {
    const userToken = await login(sb, sb.info.userLogin, sb.info.userPassword);
    const userAuth = diadocAuth(sb, userToken);
    const userId = (await call(sb, `/GetMyEmployee?boxId=${box}`, { auth: userAuth })).json().User.UserId as string;
    const path = `/GetSubscriptions?boxId=${box}&userId=${userId}`;
    const before = (await call(sb, path, { auth: userAuth })).json().Subscriptions as { Id: string; IsSubscribed: boolean }[];
    assert.equal(before.length, 10);
    assert.equal(before[0]!.Id, 'CounteragentInvitation');
    const news = before.find((s) => s.Id === 'News')!.IsSubscribed;
    const incoming = before.find((s) => s.Id === 'NewIncomingDocuments')!.IsSubscribed;

    const res = await call(sb, `/UpdateSubscriptions?boxId=${box}&userId=${userId}`, {
      auth: userAuth,
      // The documentation's example sends the flags as strings.
      body: { Subscriptions: [{ Id: 'News', IsSubscribed: String(!news) }, { Id: 'NewIncomingDocuments', IsSubscribed: !incoming }] },
    });
    assert.equal(res.status, 200, res.text);
    const after = res.json().Subscriptions as { Id: string; IsSubscribed: boolean }[];
    assert.deepEqual(
      after,
      before.map((s) => (s.Id === 'News' ? { ...s, IsSubscribed: !news } : s.Id === 'NewIncomingDocuments' ? { ...s, IsSubscribed: !incoming } : s)),
    );
    assert.deepEqual((await call(sb, path)).json().Subscriptions, after, 'the administrator sees the change');

    assert.equal((await call(sb, `/GetSubscriptions?boxId=${box}&userId=${sb.info.employeeUserId}`, { auth: userAuth })).status, 403);
    const unknown = await call(sb, `/UpdateSubscriptions?boxId=${box}&userId=${userId}`, { auth: userAuth, body: { Subscriptions: [{ Id: 'Spam', IsSubscribed: true }] } });
    assert.equal(unknown.status, 400);
    assert.equal((await call(sb, `/GetSubscriptions?boxId=${box}&userId=11111111-2222-4333-8444-555555555555`)).status, 404);
  });
});
