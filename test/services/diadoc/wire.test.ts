import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInput } from '../../../src/core/catalogue.js';
import { ValidationError } from '../../../src/core/errors.js';
import { diadocCatalogue } from '../../../src/services/diadoc/catalogue.js';
import { buildRequest } from '../../../src/services/diadoc/wire.js';
import type { AnyEntry } from '../../../src/core/catalogue.js';

/** The issues parseInput raises for an input (the schema's and the entry's cross-parameter rules). */
function issuesOf(entry: AnyEntry, input: Record<string, unknown>): { path: string }[] {
  try {
    parseInput(entry, input);
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
}

const box = '994cf191-8322-40eb-8d79-f1196f8ec357';
const user = 'fccbb0a6-0700-4401-81a6-8a6a083e12e6';
const build = (entry: AnyEntry, input: Record<string, unknown>) => buildRequest(entry, parseInput(entry, input));

describe('diadoc requests from catalogue entries', () => {
  test('UpdateEmployee: plain fields become the documented wrappers (example 1 of the docs)', () => {
    const req = build(diadocCatalogue.updateEmployee, {
      boxId: box,
      userId: user,
      documentAccessLevel: 'SelectedDepartments',
      selectedDepartmentIds: ['7e49e042-8a0f-478d-a4e0-5e9273c47b20', '2f2f67bc-b5fe-4662-9e4f-b09348b44582'],
      position: 'Бухгалтер',
    });
    assert.equal(req.httpMethod, 'POST');
    assert.equal(req.path, '/UpdateEmployee');
    assert.deepEqual(req.query, [['boxId', box], ['userId', user]]);
    assert.deepEqual(req.body, {
      Position: { Position: 'Бухгалтер' },
      Permissions: {
        DocumentAccessLevel: { DocumentAccessLevel: 'SelectedDepartments' },
        SelectedDepartments: { SelectedDepartmentIds: ['7e49e042-8a0f-478d-a4e0-5e9273c47b20', '2f2f67bc-b5fe-4662-9e4f-b09348b44582'] },
      },
    });
  });

  test('UpdateEmployee: example 2 of the docs (department, administrator, actions, chat)', () => {
    const req = build(diadocCatalogue.updateEmployee, {
      boxId: box,
      userId: user,
      departmentId: '11c8276b-815f-4191-adea-c0f884429624',
      isAdministrator: true,
      actions: { ManageCounteragents: true, SignDocuments: false },
      canBeInvitedForChat: 'true',
    });
    assert.deepEqual(req.body, {
      CanBeInvitedForChat: { CanBeInvitedForChat: true },
      Permissions: {
        Department: { DepartmentId: '11c8276b-815f-4191-adea-c0f884429624' },
        IsAdministrator: { IsAdministrator: true },
        Actions: [
          { Name: 'ManageCounteragents', IsAllowed: true },
          { Name: 'SignDocuments', IsAllowed: false },
        ],
      },
    });
  });

  test('UpdateEmployee: false values are sent (not dropped), unset fields are absent, an empty patch is {}', () => {
    const req = build(diadocCatalogue.updateEmployee, { boxId: box, userId: user, isAdministrator: false, blocked: false });
    assert.deepEqual(req.body, { Permissions: { IsAdministrator: { IsAdministrator: false }, AuthorizationPermission: { IsBlocked: false } } });
    assert.deepEqual(build(diadocCatalogue.updateEmployee, { boxId: box, userId: user }).body, {});
  });

  test('UpdateEmployee: a block comment needs blocked', () => {
    assert.deepEqual(issuesOf(diadocCatalogue.updateEmployee, { boxId: box, userId: user, blockComment: 'уволен' }).map((i) => i.path), ['blockComment']);
    assert.throws(() => parseInput(diadocCatalogue.updateEmployee, { boxId: box, userId: user, blocked: true, blockComment: 'x'.repeat(501) }), ValidationError);
  });

  test('CreateEmployee: the documented EmployeeToCreate with defaults for the required fields', () => {
    const req = build(diadocCatalogue.createEmployee, {
      boxId: box,
      email: 'email@example.com',
      fullName: 'Иванов Иван Иванович',
      position: 'Бухгалтер',
      documentAccessLevel: 'DepartmentAndSubdepartments',
      actions: [{ name: 'CreateDocuments', isAllowed: true }],
    });
    assert.deepEqual(req.query, [['boxId', box]]);
    assert.deepEqual(req.body, {
      Credentials: { Login: { Login: 'email@example.com', FullName: { LastName: 'Иванов', FirstName: 'Иван', MiddleName: 'Иванович' } } },
      Position: 'Бухгалтер',
      CanBeInvitedForChat: false,
      Permissions: {
        UserDepartmentId: '00000000-0000-0000-0000-000000000000',
        IsAdministrator: false,
        DocumentAccessLevel: 'DepartmentAndSubdepartments',
        Actions: [{ Name: 'CreateDocuments', IsAllowed: true }],
      },
    });
  });

  test('CreateEmployee: exactly one kind of credentials', () => {
    const check = (input: Record<string, unknown>) =>
      issuesOf(diadocCatalogue.createEmployee, { boxId: box, documentAccessLevel: 'AllDocuments', ...input });
    assert.deepEqual(check({ email: 'a@b.ru' }), []);
    assert.deepEqual(check({ certificate: 'AAEC', accessBasis: 'Доверенность №1' }), []);
    assert.equal(check({}).length, 1);
    assert.equal(check({ email: 'a@b.ru', certificate: 'AAEC' }).length, 1);
    assert.deepEqual(check({ certificate: 'AAEC', fullName: 'Иванов Иван' }).map((i) => i.path), ['fullName']);
  });

  test('UpdateSubscriptions: a map or a list, sent as Subscriptions [{Id, IsSubscribed}]', () => {
    const a = build(diadocCatalogue.updateSubscriptions, { boxId: box, userId: user, subscriptions: { NewIncomingDocuments: true, News: 'false' } });
    const b = build(diadocCatalogue.updateSubscriptions, {
      boxId: box,
      userId: user,
      subscriptions: [{ id: 'NewIncomingDocuments', isSubscribed: true }, { id: 'News', isSubscribed: false }],
    });
    const expected = { Subscriptions: [{ Id: 'NewIncomingDocuments', IsSubscribed: true }, { Id: 'News', IsSubscribed: false }] };
    assert.deepEqual(a.body, expected);
    assert.deepEqual(b.body, expected);
  });

  test('reads carry no body; paging parameters go to the query; V2 paths are kept', () => {
    const req = build(diadocCatalogue.getEmployees, { boxId: box, page: '2', count: 10 });
    assert.deepEqual(req, { httpMethod: 'GET', path: '/GetEmployees', query: [['boxId', box], ['page', '2'], ['count', '10']] });
    assert.equal(build(diadocCatalogue.getMyUser, {}).path, '/V2/GetMyUser');
    assert.throws(() => parseInput(diadocCatalogue.getEmployees, { boxId: box, count: 51 }), ValidationError);
    assert.throws(() => parseInput(diadocCatalogue.getEmployee, { boxId: box, userId: 'nope' }), ValidationError);
  });

  test('GetOrganization: exactly one lookup; kpp only with inn', () => {
    const check = (input: Record<string, unknown>) => issuesOf(diadocCatalogue.getOrganization, input);
    assert.deepEqual(check({ inn: '6666816402', kpp: '667101001' }), []);
    assert.equal(check({}).length, 1);
    assert.equal(check({ inn: '6666816402', boxId: box }).length, 1);
    assert.deepEqual(check({ boxId: box, kpp: '667101001' }).map((i) => i.path), ['kpp']);
  });
});
