// Every emulated method's documented status table, status by status: each row below quotes the
// ":statuscode" lines of the method's page (diadoc/diadocapi-docs, docs/source/http/…, or the
// current developer.kontur.ru page where it is newer), and the sandbox must answer each documented
// error — and, through the sweep at the end, no status the page does not list. 500 ("an
// unexpected error") is the one documented status not provoked here: nothing valid causes it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDiadocSandbox, type DiadocSandbox } from '../../../src/sandbox/diadoc/index.js';
import { call, diadocAuth, login } from './helpers.js';

const stranger = '11111111-2222-4333-8444-555555555555';
const unknownBox = '99999999-8888-4777-8666-555555555555';

interface Case {
  /** What provokes it. */
  why: string;
  path: string;
  method?: string;
  body?: unknown;
  /** 'none': no Authorization; 'user': a non-administrator's token; 'key': the developer key alone. */
  auth?: 'none' | 'user' | 'key' | 'bad-key';
}

type Table = Record<number, Case[]>;

describe('diadoc sandbox: every documented status of every method', () => {
  let sb: DiadocSandbox;
  let userToken: string;
  before(async () => {
    sb = await startDiadocSandbox({ seed: { employees: 5 } });
    userToken = await login(sb, sb.info.userLogin, sb.info.userPassword);
  });
  after(() => sb.close());

  const box = (): string => sb.info.boxId;
  const expired = (): string => sb.directory.expiredBoxId;
  const foreign = (): string => sb.directory.foreignBoxId;
  const employee = (): string => sb.info.employeeUserId;
  const newEmployee = { Credentials: { Login: { Login: 'new.one@example.ru', FullName: { LastName: 'Новый', FirstName: 'Сотрудник' } } }, CanBeInvitedForChat: false, Permissions: { UserDepartmentId: '00000000-0000-0000-0000-000000000000', IsAdministrator: false, DocumentAccessLevel: 'DepartmentOnly' } };

  // The tables: method → documented status → requests that must produce it.
  const tables = (): Record<string, { documented: number[]; cases: Table }> => ({
    // http/GetEmployee: 200 400 401 402 403 404 405 500
    GetEmployee: {
      documented: [200, 400, 401, 402, 403, 404, 405, 500],
      cases: {
        200: [{ why: 'the documented employee', path: `/GetEmployee?boxId=${box()}&userId=${employee()}` }],
        400: [{ why: 'no userId', path: `/GetEmployee?boxId=${box()}` }, { why: 'boxId not a box id', path: `/GetEmployee?boxId=x&userId=${employee()}` }],
        401: [{ why: 'no Authorization', path: `/GetEmployee?boxId=${box()}&userId=${employee()}`, auth: 'none' }],
        402: [{ why: 'API subscription ended', path: `/GetEmployee?boxId=${expired()}&userId=${employee()}` }],
        403: [
          { why: 'no access to the box', path: `/GetEmployee?boxId=${foreign()}&userId=${employee()}` },
          { why: 'not an administrator', path: `/GetEmployee?boxId=${box()}&userId=${employee()}`, auth: 'user' },
        ],
        404: [{ why: 'no such user in the box', path: `/GetEmployee?boxId=${box()}&userId=${stranger}` }],
        405: [{ why: 'POST', path: `/GetEmployee?boxId=${box()}&userId=${employee()}`, method: 'POST' }],
      },
    },
    // http/GetEmployees: 200 400 401 402 403 404 405 500
    GetEmployees: {
      documented: [200, 400, 401, 402, 403, 404, 405, 500],
      cases: {
        200: [{ why: 'a page', path: `/GetEmployees?boxId=${box()}&count=2` }],
        400: [{ why: 'count above 50', path: `/GetEmployees?boxId=${box()}&count=51` }, { why: 'page 0', path: `/GetEmployees?boxId=${box()}&page=0` }],
        401: [{ why: 'no Authorization', path: `/GetEmployees?boxId=${box()}`, auth: 'none' }],
        402: [{ why: 'API subscription ended', path: `/GetEmployees?boxId=${expired()}` }],
        403: [{ why: 'not an administrator', path: `/GetEmployees?boxId=${box()}`, auth: 'user' }],
        404: [{ why: 'no such box', path: `/GetEmployees?boxId=${unknownBox}` }],
        405: [{ why: 'POST', path: `/GetEmployees?boxId=${box()}`, method: 'POST' }],
      },
    },
    // http/CreateEmployee: 200 400 401 402 403 405 409 500 (no 404)
    CreateEmployee: {
      documented: [200, 400, 401, 402, 403, 405, 409, 500],
      cases: {
        200: [{ why: 'a new employee', path: `/CreateEmployee?boxId=${box()}`, body: newEmployee }],
        400: [{ why: 'no Credentials', path: `/CreateEmployee?boxId=${box()}`, body: { Position: 'x' } }],
        401: [{ why: 'no Authorization', path: `/CreateEmployee?boxId=${box()}`, body: newEmployee, auth: 'none' }],
        402: [{ why: 'API subscription ended', path: `/CreateEmployee?boxId=${expired()}`, body: newEmployee }],
        403: [
          { why: 'not an administrator', path: `/CreateEmployee?boxId=${box()}`, body: newEmployee, auth: 'user' },
          { why: 'a box that does not exist (the page has no 404)', path: `/CreateEmployee?boxId=${unknownBox}`, body: newEmployee },
        ],
        405: [{ why: 'GET', path: `/CreateEmployee?boxId=${box()}`, method: 'GET' }],
        409: [{ why: 'already an employee', path: `/CreateEmployee?boxId=${box()}`, body: newEmployee }],
      },
    },
    // http/UpdateEmployee: 200 400 401 402 403 405 500 (no 404)
    UpdateEmployee: {
      documented: [200, 400, 401, 402, 403, 405, 500],
      cases: {
        200: [{ why: 'a new position', path: `/UpdateEmployee?boxId=${box()}&userId=${employee()}`, body: { Position: { Position: 'Бухгалтер' } } }],
        400: [
          { why: 'a bare field instead of its wrapper', path: `/UpdateEmployee?boxId=${box()}&userId=${employee()}`, body: { Position: 'x' } },
          { why: 'a user not in the box (the page has no 404)', path: `/UpdateEmployee?boxId=${box()}&userId=${stranger}`, body: {} },
        ],
        401: [{ why: 'no Authorization', path: `/UpdateEmployee?boxId=${box()}&userId=${employee()}`, body: {}, auth: 'none' }],
        402: [{ why: 'API subscription ended', path: `/UpdateEmployee?boxId=${expired()}&userId=${employee()}`, body: {} }],
        403: [
          { why: 'not an administrator', path: `/UpdateEmployee?boxId=${box()}&userId=${employee()}`, body: {}, auth: 'user' },
          { why: 'a box that does not exist', path: `/UpdateEmployee?boxId=${unknownBox}&userId=${employee()}`, body: {} },
        ],
        405: [{ why: 'GET', path: `/UpdateEmployee?boxId=${box()}&userId=${employee()}`, method: 'GET' }],
      },
    },
    // http/DeleteEmployee: 200 400 401 402 403 404 405 500
    DeleteEmployee: {
      documented: [200, 400, 401, 402, 403, 404, 405, 500],
      cases: {
        400: [{ why: 'userId not a GUID', path: `/DeleteEmployee?boxId=${box()}&userId=nope`, method: 'POST' }],
        401: [{ why: 'no Authorization', path: `/DeleteEmployee?boxId=${box()}&userId=${employee()}`, method: 'POST', auth: 'none' }],
        402: [{ why: 'API subscription ended', path: `/DeleteEmployee?boxId=${expired()}&userId=${employee()}`, method: 'POST' }],
        403: [{ why: 'not an administrator', path: `/DeleteEmployee?boxId=${box()}&userId=${employee()}`, method: 'POST', auth: 'user' }],
        404: [{ why: 'never an employee', path: `/DeleteEmployee?boxId=${box()}&userId=${stranger}`, method: 'POST' }],
        405: [{ why: 'GET', path: `/DeleteEmployee?boxId=${box()}&userId=${employee()}` }],
      },
    },
    // http/GetMyEmployee: 200 400 401 402 403 404 405 500
    GetMyEmployee: {
      documented: [200, 400, 401, 402, 403, 404, 405, 500],
      cases: {
        200: [{ why: 'the caller', path: `/GetMyEmployee?boxId=${box()}`, auth: 'user' }],
        400: [{ why: 'no boxId', path: '/GetMyEmployee' }],
        401: [{ why: 'no Authorization', path: `/GetMyEmployee?boxId=${box()}`, auth: 'none' }],
        402: [{ why: 'API subscription ended', path: `/GetMyEmployee?boxId=${expired()}` }],
        403: [{ why: 'not an employee of the box', path: `/GetMyEmployee?boxId=${foreign()}` }],
        404: [{ why: 'no such box', path: `/GetMyEmployee?boxId=${unknownBox}` }],
        405: [{ why: 'POST', path: `/GetMyEmployee?boxId=${box()}`, method: 'POST' }],
      },
    },
    // http/GetSubscriptions: 200 400 401 402 403 404 405 500
    GetSubscriptions: {
      documented: [200, 400, 401, 402, 403, 404, 405, 500],
      cases: {
        200: [{ why: 'an employee', path: `/GetSubscriptions?boxId=${box()}&userId=${employee()}` }],
        400: [{ why: 'no userId', path: `/GetSubscriptions?boxId=${box()}` }],
        401: [{ why: 'no Authorization', path: `/GetSubscriptions?boxId=${box()}&userId=${employee()}`, auth: 'none' }],
        402: [{ why: 'API subscription ended', path: `/GetSubscriptions?boxId=${expired()}&userId=${employee()}` }],
        403: [{ why: "someone else's, not an administrator", path: `/GetSubscriptions?boxId=${box()}&userId=${employee()}`, auth: 'user' }],
        404: [{ why: 'no such user', path: `/GetSubscriptions?boxId=${box()}&userId=${stranger}` }],
        405: [{ why: 'POST', path: `/GetSubscriptions?boxId=${box()}&userId=${employee()}`, method: 'POST' }],
      },
    },
    // http/UpdateSubscriptions: 200 400 401 402 403 404 405 500
    UpdateSubscriptions: {
      documented: [200, 400, 401, 402, 403, 404, 405, 500],
      cases: {
        200: [{ why: 'one change', path: `/UpdateSubscriptions?boxId=${box()}&userId=${employee()}`, body: { Subscriptions: [{ Id: 'News', IsSubscribed: false }] } }],
        400: [{ why: 'an unknown subscription', path: `/UpdateSubscriptions?boxId=${box()}&userId=${employee()}`, body: { Subscriptions: [{ Id: 'Spam', IsSubscribed: true }] } }],
        401: [{ why: 'no Authorization', path: `/UpdateSubscriptions?boxId=${box()}&userId=${employee()}`, body: {}, auth: 'none' }],
        402: [{ why: 'API subscription ended', path: `/UpdateSubscriptions?boxId=${expired()}&userId=${employee()}`, body: {} }],
        403: [{ why: "someone else's, not an administrator", path: `/UpdateSubscriptions?boxId=${box()}&userId=${employee()}`, body: {}, auth: 'user' }],
        404: [{ why: 'no such user', path: `/UpdateSubscriptions?boxId=${box()}&userId=${stranger}`, body: { Subscriptions: [] } }],
        405: [{ why: 'GET', path: `/UpdateSubscriptions?boxId=${box()}&userId=${employee()}` }],
      },
    },
    // http/GetMyUser (V2): 200 401 405 500
    GetMyUser: {
      documented: [200, 401, 405, 500],
      cases: {
        200: [{ why: 'the caller', path: '/V2/GetMyUser' }],
        401: [{ why: 'no Authorization', path: '/V2/GetMyUser', auth: 'none' }, { why: 'the key alone', path: '/V2/GetMyUser', auth: 'key' }],
        405: [{ why: 'POST', path: '/V2/GetMyUser', method: 'POST' }],
      },
    },
    // http/GetMyOrganizations: 200 401 405 409 500 — 409 comes only from certificate
    // auto-registration, which the sandbox does not offer (DEVIATIONS.md).
    GetMyOrganizations: {
      documented: [200, 401, 405, 409, 500],
      cases: {
        200: [{ why: 'the caller’s boxes', path: '/GetMyOrganizations' }, { why: 'autoRegister=false', path: '/GetMyOrganizations?autoRegister=false' }],
        401: [{ why: 'no Authorization', path: '/GetMyOrganizations', auth: 'none' }],
        405: [{ why: 'POST (the Authorization page’s illustration)', path: '/GetMyOrganizations', method: 'POST' }],
      },
    },
    // http/GetOrganization: 200 400 401 404 405 500
    GetOrganization: {
      documented: [200, 400, 401, 404, 405, 500],
      cases: {
        200: [{ why: 'by boxId with the key alone', path: `/GetOrganization?boxId=${box()}`, auth: 'key' }],
        400: [{ why: 'two lookups', path: `/GetOrganization?boxId=${box()}&inn=7700000000` }, { why: 'a bad INN', path: '/GetOrganization?inn=12' }],
        401: [{ why: 'no Authorization', path: `/GetOrganization?boxId=${box()}`, auth: 'none' }, { why: 'an unregistered key', path: `/GetOrganization?boxId=${box()}`, auth: 'bad-key' }],
        404: [{ why: 'no such box', path: `/GetOrganization?boxId=${unknownBox}` }],
        405: [{ why: 'POST', path: `/GetOrganization?boxId=${box()}`, method: 'POST' }],
      },
    },
    // http/GetBox: 200 400 401 404 405 500
    GetBox: {
      documented: [200, 400, 401, 404, 405, 500],
      cases: {
        200: [{ why: 'with the key alone', path: `/GetBox?boxId=${box()}`, auth: 'key' }],
        400: [{ why: 'no boxId', path: '/GetBox' }, { why: 'a path as boxId', path: `/GetBox?boxId=${encodeURIComponent('../../V2/GetMyUser')}` }],
        401: [{ why: 'no Authorization', path: `/GetBox?boxId=${box()}`, auth: 'none' }],
        404: [{ why: 'no such box', path: `/GetBox?boxId=${unknownBox}` }],
        405: [{ why: 'POST', path: `/GetBox?boxId=${box()}`, method: 'POST' }],
      },
    },
    // developer.kontur.ru http/GetOrganizationUsers (V2): 200 400 401 402 403 404 405 500
    GetOrganizationUsers: {
      documented: [200, 400, 401, 402, 403, 404, 405, 500],
      cases: {
        200: [{ why: 'the users', path: `/V2/GetOrganizationUsers?boxId=${box()}` }],
        400: [{ why: 'no boxId', path: '/V2/GetOrganizationUsers' }],
        401: [{ why: 'no Authorization', path: `/V2/GetOrganizationUsers?boxId=${box()}`, auth: 'none' }],
        402: [{ why: 'API subscription ended', path: `/V2/GetOrganizationUsers?boxId=${expired()}` }],
        403: [{ why: 'no access to the box', path: `/V2/GetOrganizationUsers?boxId=${foreign()}` }],
        404: [{ why: 'no such box', path: `/V2/GetOrganizationUsers?boxId=${unknownBox}` }],
        405: [{ why: 'POST', path: `/V2/GetOrganizationUsers?boxId=${box()}`, method: 'POST' }],
      },
    },
    // http/Departments/GetDepartments: 200 400 401 402 403 404 405 500
    GetDepartments: {
      documented: [200, 400, 401, 402, 403, 404, 405, 500],
      cases: {
        200: [{ why: 'a page', path: `/admin/GetDepartments?boxId=${box()}` }],
        400: [{ why: 'count above 100', path: `/admin/GetDepartments?boxId=${box()}&count=101` }],
        401: [{ why: 'no Authorization', path: `/admin/GetDepartments?boxId=${box()}`, auth: 'none' }],
        402: [{ why: 'API subscription ended', path: `/admin/GetDepartments?boxId=${expired()}` }],
        403: [{ why: 'not an administrator', path: `/admin/GetDepartments?boxId=${box()}`, auth: 'user' }],
        404: [{ why: 'no such box', path: `/admin/GetDepartments?boxId=${unknownBox}` }],
        405: [{ why: 'POST', path: `/admin/GetDepartments?boxId=${box()}`, method: 'POST' }],
      },
    },
    // developer.kontur.ru http/GetDepartment (V2): 200 400 401 404 405 500
    GetDepartment: {
      documented: [200, 400, 401, 404, 405, 500],
      cases: {
        200: [{ why: 'the head department', path: `/V2/GetDepartment?boxId=${box()}&departmentId=00000000-0000-0000-0000-000000000000` }],
        400: [{ why: 'departmentId not a GUID', path: `/V2/GetDepartment?boxId=${box()}&departmentId=head` }],
        401: [{ why: 'no Authorization', path: `/V2/GetDepartment?boxId=${box()}&departmentId=00000000-0000-0000-0000-000000000000`, auth: 'none' }],
        404: [{ why: 'no such department', path: `/V2/GetDepartment?boxId=${box()}&departmentId=${stranger}` }],
        405: [{ why: 'POST', path: `/V2/GetDepartment?boxId=${box()}&departmentId=${stranger}`, method: 'POST' }],
      },
    },
  });

  const send = (c: Case) => {
    const auth =
      c.auth === 'none'
        ? null
        : c.auth === 'user'
          ? diadocAuth(sb, userToken)
          : c.auth === 'key'
            ? `DiadocAuth ddauth_api_client_id=${sb.info.clientId}`
            : c.auth === 'bad-key'
              ? 'DiadocAuth ddauth_api_client_id=not-registered'
              : undefined;
    return call(sb, c.path, { ...(c.method && { method: c.method }), ...(c.body !== undefined && { body: c.body }), auth });
  };

  test('each documented error of each method is answered, with its X-Diadoc-ErrorCode and a text/plain body', async () => {
    let covered = 0;
    for (const [method, { documented, cases }] of Object.entries(tables())) {
      for (const [status, list] of Object.entries(cases)) {
        assert.ok(documented.includes(Number(status)), `${method}: ${status} is in its page's table`);
        for (const c of list) {
          const res = await send(c);
          assert.equal(res.status, Number(status), `${method} ${c.why}: ${res.text}`);
          if (res.status >= 400) {
            covered += 1;
            assert.match(res.headers.get('content-type') ?? '', /^text\/plain/, `${method} ${c.why}`);
            assert.match(res.headers.get('x-diadoc-errorcode') ?? '', /^Http\./, `${method} ${c.why}`);
            if (res.status === 401) assert.ok(res.headers.get('www-authenticate'), `${method} ${c.why}: WWW-Authenticate`);
            if (res.status === 405) assert.ok(res.headers.get('allow'), `${method} ${c.why}: Allow`);
          }
        }
      }
      // Every documented error but 500 (and GetMyOrganizations' 409, see above) has a case.
      const missing = documented.filter((s) => s >= 400 && s !== 500 && !(method === 'GetMyOrganizations' && s === 409) && !cases[s]);
      assert.deepEqual(missing, [], `${method}: documented statuses without a case`);
    }
    assert.ok(covered >= 80, `${covered} error answers checked`);
  });

  test('a sweep of bad inputs never draws a status the method’s page does not list', async () => {
    const table = tables();
    const routes: [string, string, string][] = [
      ['GetEmployee', 'GET', '/GetEmployee'],
      ['GetEmployees', 'GET', '/GetEmployees'],
      ['CreateEmployee', 'POST', '/CreateEmployee'],
      ['UpdateEmployee', 'POST', '/UpdateEmployee'],
      ['DeleteEmployee', 'POST', '/DeleteEmployee'],
      ['GetMyEmployee', 'GET', '/GetMyEmployee'],
      ['GetSubscriptions', 'GET', '/GetSubscriptions'],
      ['UpdateSubscriptions', 'POST', '/UpdateSubscriptions'],
      ['GetOrganizationUsers', 'GET', '/V2/GetOrganizationUsers'],
      ['GetDepartments', 'GET', '/admin/GetDepartments'],
    ];
    const boxes = [box(), unknownBox, foreign(), expired(), '', 'x', `${box().replace(/-/g, '')}@diadoc.ru`];
    const users = [employee(), stranger, '', 'nope'];
    for (const [name, method, path] of routes) {
      const documented = table[name]!.documented;
      for (const b of boxes) {
        for (const u of users) {
          for (const auth of ['admin', 'user'] as const) {
            const res = await call(sb, `${path}?boxId=${encodeURIComponent(b)}&userId=${encodeURIComponent(u)}`, {
              method,
              ...(method === 'POST' && { body: {} }),
              ...(auth === 'user' && { auth: diadocAuth(sb, userToken) }),
            });
            assert.ok(documented.includes(res.status), `${name} boxId=${b} userId=${u} as ${auth}: ${res.status} ${res.text}`);
          }
        }
      }
    }
  });
});
