import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDiadocSandbox, type DiadocSandbox } from '../../../src/sandbox/diadoc/index.js';
import { NotFoundError, ValidationError } from '../../../src/core/errors.js';
import { diadocCatalogue, type DiadocClient } from '../../../src/services/diadoc/index.js';
import { Recorder, clientFor } from './helpers.js';

const head = '00000000-0000-0000-0000-000000000000';

describe('diadoc client: organizations and departments', () => {
  let sb: DiadocSandbox;
  let admin: DiadocClient;
  let rec: Recorder;
  before(async () => {
    sb = await startDiadocSandbox({ seed: { employees: 10 } });
    rec = new Recorder();
    admin = clientFor(sb, 'token', { fetch: rec.fetch, validateResults: true });
  });
  after(() => sb.close());

  test('GetMyOrganizations lists the box of the sandbox; autoRegister goes to the query when given', async () => {
    const { Organizations } = await admin.getMyOrganizations();
    const org = Organizations.find((o) => o.OrgId === sb.info.orgId)!;
    assert.ok(org.Boxes!.some((b) => b.BoxIdGuid === sb.info.boxId));
    rec.clear();
    await admin.getMyOrganizations({ autoRegister: false });
    assert.equal(new URL(rec.exchanges[0]!.url).searchParams.get('autoRegister'), 'false');
  });

  test('GetOrganization by each lookup finds the same organisation; a wrong INN is 404', async () => {
    const byId = await admin.getOrganization({ orgId: sb.info.orgId });
    const byBox = await admin.getOrganization({ boxId: sb.info.boxId });
    const byInn = await admin.getOrganization({ inn: byId.Inn, ...(byId.Kpp && { kpp: byId.Kpp }) });
    const byFns = await admin.getOrganization({ fnsParticipantId: byId.FnsParticipantId! });
    for (const o of [byBox, byInn, byFns]) assert.equal(o.OrgId, byId.OrgId);
    await assert.rejects(admin.getOrganization({ inn: '7700000000' }), NotFoundError);
    rec.clear();
    await assert.rejects(admin.getOrganization({ orgId: sb.info.orgId, inn: byId.Inn }), ValidationError);
    assert.equal(rec.exchanges.length, 0, 'validation errors are raised before any request');
  });

  test('GetBox: the box with its organisation', async () => {
    const box = await admin.getBox({ boxId: sb.info.boxId });
    assert.equal(box.BoxIdGuid, sb.info.boxId);
    assert.equal((box.Organization as { OrgId: string }).OrgId, sb.info.orgId);
    await assert.rejects(admin.getBox({ boxId: '11111111-2222-3333-4444-555555555555' }), NotFoundError);
  });

  test('GetDepartments (admin): the head department first with a null CreationTimestamp; the others with exact ticks', async () => {
    const list = await admin.getDepartments({ boxId: sb.info.boxId });
    assert.equal(list.Departments[0]!.Id, head);
    assert.equal(list.Departments[0]!.CreationTimestamp, null);
    assert.equal(list.TotalCount, list.Departments.length);
    for (const d of list.Departments.slice(1)) assert.equal(typeof d.CreationTimestamp!.Ticks, 'bigint');
    // Paging through them one at a time gives the same list.
    rec.clear();
    const one = await admin.allDepartments({ boxId: sb.info.boxId, count: 1 }).toArray();
    assert.deepEqual(one, list.Departments);
    assert.equal(rec.exchanges.length, list.TotalCount);
  });

  test('GetDepartment (V2): a department and the head department; an unknown one is 404', async () => {
    const list = await admin.getDepartments({ boxId: sb.info.boxId });
    const child = list.Departments.find((d) => d.ParentDepartmentId && d.ParentDepartmentId !== head) ?? list.Departments[1]!;
    const department = await admin.getDepartment({ boxId: sb.info.boxId, departmentId: child.Id });
    assert.equal(department.DepartmentId, child.Id);
    assert.equal(department.Name, child.Name);
    assert.equal(department.ParentDepartmentId, child.ParentDepartmentId);
    rec.clear();
    const top = await admin.getDepartment({ boxId: sb.info.boxId, departmentId: head });
    assert.equal(top.DepartmentId, head);
    assert.equal(new URL(rec.exchanges[0]!.url).pathname, '/V2/GetDepartment');
    await assert.rejects(admin.getDepartment({ boxId: sb.info.boxId, departmentId: '11111111-2222-3333-4444-555555555555' }), NotFoundError);
  });

  test('every catalogue entry has its names, CLI options, docs link and a remote the client can send', () => {
    const entries = Object.values(diadocCatalogue);
    assert.equal(entries.length, 15);
    for (const entry of entries) {
      assert.match(entry.remote, /^(GET|POST) \/[A-Za-z0-9/]+$/);
      assert.match(entry.ruName, /^[А-ЯЁ][а-яё]+([А-ЯЁ][а-яё]+)+$/);
      assert.match(entry.docs, /^https:\/\/developer\.kontur\.ru\/doc\/diadoc-api\/http\//);
      assert.ok(entry.summary.en && entry.summary.ru);
      for (const spec of Object.values(entry.params)) assert.ok(spec.cli && spec.description.en && spec.description.ru);
      assert.equal(entry.access, entry.remote.startsWith('GET') ? 'read' : 'write');
    }
    const get = diadocCatalogue.getEmployee;
    assert.equal(get.ruName, 'ПолучитьСотрудника');
    assert.deepEqual(Object.values(get.params).map((p) => p.cli), ['box', 'user']);
  });
});
