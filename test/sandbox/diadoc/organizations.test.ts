import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDiadocSandbox, type DiadocSandbox } from '../../../src/sandbox/diadoc/index.js';
import { call, diadocAuth, login } from './helpers.js';

const head = '00000000-0000-0000-0000-000000000000';

describe('diadoc sandbox: users, organizations, boxes, departments', () => {
  let sb: DiadocSandbox;
  before(async () => {
    sb = await startDiadocSandbox({ seed: { employees: 40 } });
  });
  after(() => sb.close());

  test('V2/GetMyUser answers UserV2 of the caller', async () => {
    const me = (await call(sb, '/V2/GetMyUser')).json();
    assert.deepEqual(Object.keys(me), ['UserId', 'Login', 'FullName', 'IsRegistered']);
    assert.equal(me.Login, sb.info.login);
    assert.equal(me.FullName.LastName, 'Смирнова');
  });

  test('GetMyOrganizations lists the boxes the caller works in, with IsEmployee', async () => {
    const orgs = (await call(sb, '/GetMyOrganizations')).json().Organizations;
    assert.equal(orgs.length, 2, 'the main box and the box with the ended subscription');
    assert.equal(orgs[0].OrgId, sb.info.orgId);
    assert.equal(orgs[0].Boxes[0].BoxIdGuid, sb.info.boxId);
    assert.match(orgs[0].Boxes[0].BoxId, /^[0-9a-f]{32}@diadoc\.ru$/);
    assert.match(orgs[0].Inn, /^\d{10}$/);
    assert.equal(orgs[0].IsEmployee, true);
    assert.equal(orgs[0].Sociability, 'AllOrganizations');
    assert.ok(orgs[0].Departments.length > 0);
    assert.ok(orgs[0].Departments.every((d: { DepartmentId: string }) => d.DepartmentId !== head), 'the head department is not listed');
    const userToken = await login(sb, sb.info.userLogin, sb.info.userPassword);
    const theirs = (await call(sb, '/GetMyOrganizations', { auth: diadocAuth(sb, userToken) })).json().Organizations;
    assert.equal(theirs.length, 1);
  });

  // The quick start: "get the box id of the sending organization with GetMyOrganizations" and
  // use org.Boxes.First().BoxId. Every box id the sandbox hands out must work where a boxId goes.
  test('every box id GetMyOrganizations, GetOrganization and GetBox hand out is usable as boxId', async () => {
    const orgs = (await call(sb, '/GetMyOrganizations')).json().Organizations as { Boxes: { BoxId: string; BoxIdGuid: string }[] }[];
    const handedOut = orgs.flatMap((o) => o.Boxes.flatMap((b) => [b.BoxId, b.BoxIdGuid]));
    const viaGetBox = (await call(sb, `/GetBox?boxId=${sb.info.boxId}`)).json();
    handedOut.push(viaGetBox.BoxId, viaGetBox.BoxIdGuid);
    assert.ok(handedOut.some((id) => id.endsWith('@diadoc.ru')));
    for (const id of handedOut) {
      const box = await call(sb, `/GetBox?boxId=${encodeURIComponent(id)}`);
      assert.equal(box.status, 200, id);
      assert.ok(id === box.json().BoxId || id === box.json().BoxIdGuid, id);
      // Box methods answer by the box's own rules (200 or the 402 of the ended subscription), never 400.
      const employees = await call(sb, `/GetEmployees?boxId=${encodeURIComponent(id)}&count=1`);
      assert.ok(employees.status === 200 || employees.status === 402, `${id}: ${employees.status}`);
    }
  });

  // proto/Organization lists the fields; the docs' own JSON of an organization
  // (include/getCounteragent_resp.txt) adds JoinedDiadocTreaty, and IsDisabled on departments.
  test('organizations carry the proto Organization fields and nothing the docs do not show', async () => {
    const documented = new Set([
      'OrgId', 'Inn', 'Kpp', 'FullName', 'ShortName', 'Boxes', 'Ogrn', 'FnsParticipantId', 'Address', 'FnsRegistrationDate',
      'Departments', 'IfnsCode', 'IsPilot', 'IsActive', 'IsTest', 'IsBranch', 'IsRoaming', 'IsEmployee', 'InvitationCount',
      'SearchCount', 'Sociability', 'LiquidationDate', 'CertificateOfRegistryInfo', 'IsForeign', 'HasCertificateToSign',
      'JoinedDiadocTreaty',
    ]);
    const box = new Set(['BoxId', 'Title', 'Organization', 'InvoiceFormatVersion', 'EncryptedDocumentsAllowed', 'BoxIdGuid']);
    const department = new Set(['DepartmentId', 'ParentDepartmentId', 'Name', 'Abbreviation', 'Kpp', 'Address', 'IsDisabled']);
    const orgs = [
      ...(await call(sb, '/GetMyOrganizations')).json().Organizations,
      (await call(sb, `/GetOrganization?orgId=${sb.info.orgId}`)).json(),
      (await call(sb, `/GetBox?boxId=${sb.info.boxId}`)).json().Organization,
    ];
    for (const org of orgs) {
      assert.deepEqual(Object.keys(org).filter((k) => !documented.has(k)), []);
      for (const b of org.Boxes) assert.deepEqual(Object.keys(b).filter((k) => !box.has(k)), []);
      for (const d of org.Departments) assert.deepEqual(Object.keys(d).filter((k) => !department.has(k)), []);
    }
  });

  // http/GetMyOrganizations: ".. http:get:: /GetMyOrganizations", "405: an unsuitable HTTP
  // method". The Authorization page's POST is an illustration of the header, not the method.
  test('GetMyOrganizations is a GET, as its page says: POST answers 405 with Allow: GET', async () => {
    const res = await call(sb, '/GetMyOrganizations', { method: 'POST' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET');
    assert.equal(res.headers.get('x-diadoc-errorcode'), 'Http.MethodNotAllowed');
  });

  test('GetOrganization by exactly one of orgId, boxId, fnsParticipantId, inn (+kpp)', async () => {
    const org = (await call(sb, `/GetOrganization?orgId=${sb.info.orgId}`)).json();
    assert.equal(org.OrgId, sb.info.orgId);
    const legacyBox = org.Boxes[0].BoxId as string;
    for (const query of [
      `boxId=${sb.info.boxId}`,
      `fnsParticipantId=${org.FnsParticipantId}`,
      `inn=${org.Inn}`,
      `inn=${org.Inn}&kpp=${org.Kpp}`,
      `INN=${org.Inn}&kpp=999999999`,
    ]) {
      const res = await call(sb, `/GetOrganization?${query}`);
      assert.equal(res.status, 200, query);
      assert.equal(res.json().OrgId, sb.info.orgId, query);
    }
    // boxId in either form of proto/Box: the BoxId the organization itself carries works too.
    const byLegacy = await call(sb, `/GetOrganization?boxId=${encodeURIComponent(legacyBox)}`);
    assert.equal(byLegacy.json().OrgId, sb.info.orgId);
    for (const query of ['', `orgId=${sb.info.orgId}&inn=${org.Inn}`, 'inn=12345', 'orgId=not-a-guid', 'boxId=nope', `boxId=${encodeURIComponent('../../V2/GetMyUser')}`]) {
      assert.equal((await call(sb, `/GetOrganization?${query}`)).status, 400, query);
    }
    for (const query of ['orgId=11111111-2222-4333-8444-555555555555', 'inn=7700000000', 'fnsParticipantId=2BM-none', 'foreignTaxpayerCode=X1']) {
      const res = await call(sb, `/GetOrganization?${query}`);
      assert.equal(res.status, 404, query);
      assert.equal(res.headers.get('x-diadoc-errorcode'), 'Http.NotFound');
    }
  });

  test('GetBox answers Box with its Organization, also for a box the caller has no access to', async () => {
    const box = (await call(sb, `/GetBox?boxId=${sb.info.boxId}`)).json();
    assert.equal(box.BoxIdGuid, sb.info.boxId);
    assert.equal(box.Organization.OrgId, sb.info.orgId);
    assert.equal(box.InvoiceFormatVersion, 'v5_02');
    const foreign = await call(sb, `/GetBox?boxId=${sb.directory.foreignBoxId}`);
    assert.equal(foreign.status, 200);
    assert.equal((await call(sb, '/GetBox?boxId=11111111-2222-4333-8444-555555555555')).status, 404);
    assert.equal((await call(sb, '/GetBox')).status, 400);
  });

  test('admin/GetDepartments: head department first with null CreationTimestamp, then by creation; paged', async () => {
    const res = await call(sb, `/admin/GetDepartments?boxId=${sb.info.boxId}`);
    const list = res.json();
    assert.equal(list.Departments[0].Id, head);
    assert.equal(list.Departments[0].CreationTimestamp, null);
    assert.equal(list.TotalCount, list.Departments.length);
    assert.ok(list.TotalCount >= 5);
    const ticks = [...res.text.matchAll(/"Ticks":(\d+)/g)].map((m) => BigInt(m[1]!));
    assert.equal(ticks.length, list.TotalCount - 1);
    for (let i = 1; i < ticks.length; i += 1) assert.ok(ticks[i - 1]! <= ticks[i]!);
    const ids = new Set(list.Departments.map((d: { Id: string }) => d.Id));
    for (const d of list.Departments.slice(1)) assert.ok(ids.has(d.ParentDepartmentId), 'a tree: every parent exists');
    assert.ok(list.Departments.some((d: { ParentDepartmentId: string }) => d.ParentDepartmentId !== head), 'with nested departments');

    const page2 = (await call(sb, `/admin/GetDepartments?boxId=${sb.info.boxId}&page=2&count=2`)).json();
    assert.deepEqual(page2.Departments.map((d: { Id: string }) => d.Id), list.Departments.slice(2, 4).map((d: { Id: string }) => d.Id));
    assert.equal(page2.TotalCount, list.TotalCount);
    assert.equal((await call(sb, `/admin/GetDepartments?boxId=${sb.info.boxId}&count=101`)).status, 400);
  });

  test('V2/GetDepartment answers proto Department, for the head department too; the removed paths answer 410', async () => {
    const list = (await call(sb, `/admin/GetDepartments?boxId=${sb.info.boxId}`)).json().Departments;
    const dept = list.find((d: { ParentDepartmentId?: string }) => d.ParentDepartmentId && d.ParentDepartmentId !== head);
    const res = await call(sb, `/V2/GetDepartment?boxid=${sb.info.boxId}&departmentid=${dept.Id}`);
    assert.equal(res.status, 200, res.text);
    const one = res.json();
    assert.deepEqual(Object.keys(one), ['DepartmentId', 'ParentDepartmentId', 'Name', 'Abbreviation', ...(dept.Kpp ? ['Kpp'] : []), 'IsDisabled']);
    assert.equal(one.DepartmentId, dept.Id);
    assert.equal(one.ParentDepartmentId, dept.ParentDepartmentId);
    assert.equal(one.Name, dept.Name);
    assert.equal(one.IsDisabled, false);
    const top = (await call(sb, `/V2/GetDepartment?boxId=${sb.info.boxId}&departmentId=${head}`)).json();
    assert.equal(top.DepartmentId, head);
    assert.equal(top.ParentDepartmentId, '');
    // A plain user may read departments too: the method is not for administrators only.
    const userToken = await login(sb, sb.info.userLogin, sb.info.userPassword);
    assert.equal((await call(sb, `/V2/GetDepartment?boxId=${sb.info.boxId}&departmentId=${dept.Id}`, { auth: diadocAuth(sb, userToken) })).status, 200);
    assert.equal((await call(sb, `/V2/GetDepartment?boxId=${sb.info.boxId}&departmentId=11111111-2222-4333-8444-555555555555`)).status, 404);
    assert.equal((await call(sb, `/V2/GetDepartment?boxId=${sb.info.boxId}`)).status, 400);

    for (const path of [
      `/GetDepartment?orgId=${sb.info.orgId}&departmentId=${dept.Id}`,
      `/admin/GetDepartment?boxId=${sb.info.boxId}&departmentId=${dept.Id}`,
      `/GetOrganizationUsers?orgId=${sb.info.orgId}`,
    ]) {
      const gone = await call(sb, path);
      assert.equal(gone.status, 410, path);
      assert.equal(gone.headers.get('x-diadoc-errorcode'), 'Http.Gone');
      assert.match(gone.text, /\/V2\//);
    }
  });

  test('V2/GetOrganizationUsers lists the registered users with OrganizationUserPermissions and CurrentUserId', async () => {
    const res = await call(sb, `/V2/GetOrganizationUsers?boxId=${sb.info.boxId}`);
    assert.equal(res.status, 200);
    const { Users: users, CurrentUserId } = res.json();
    assert.equal(CurrentUserId, (await call(sb, '/V2/GetMyUser')).json().UserId);
    // Users, not employees: unregistered employees are not listed.
    const registered = [...sb.state.boxEmployees(sb.info.boxId).keys()].filter((id) => sb.state.users.get(id)?.isRegistered);
    assert.ok(registered.length < sb.state.boxEmployees(sb.info.boxId).size, 'the seed has unregistered employees');
    assert.deepEqual(users.map((u: { Id: string }) => u.Id).sort(), registered.sort());
    const documented = users.find((u: { Id: string }) => u.Id === sb.info.employeeUserId);
    assert.equal(documented.Name, 'Иванов Иван Иванович');
    assert.equal(documented.Position, 'Бухгалтер');
    assert.equal(documented.Permissions.CanSignDocuments, true);
    assert.equal(documented.Permissions.CanAddResolutions, false);
    assert.equal(typeof documented.Permissions.CanAttachUniversalMessages, 'boolean');
    assert.equal(documented.Permissions.DocumentAccessLevel, 'DepartmentAndSubdepartments');
    assert.deepEqual(documented.Permissions.AuthorizationPermission, { IsBlocked: false });
    assert.equal((await call(sb, `/V2/GetOrganizationUsers?boxId=${sb.directory.foreignBoxId}`)).status, 403);
  });
});
