// Request dispatch: the method table (verb, path, auth level), then in order 404 unknown path,
// 405 wrong verb, 406 no `Accept: application/json`, 401 auth, and the method's own answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from './auth.js';
import { Query, type Context } from './context.js';
import { DiadocError, sendError, sendJson } from './errors.js';
import type { DiadocState } from './state.js';
import * as departments from './routes/departments.js';
import * as employees from './routes/employees.js';
import * as organizations from './routes/organizations.js';

interface Route {
  name: string;
  /** Set for methods the docs say were removed (after 10 Nov 2026): every call answers 410. */
  removedInFavourOf?: string;
  method: 'GET' | 'POST';
  /** `client`: a developer key is enough (directory lookups); `user`: a user's token is needed. */
  auth: 'user' | 'client';
  handle(ctx: Context): unknown;
}

const table: [string, Route][] = [
  ['/GetEmployee', { name: 'GetEmployee', method: 'GET', auth: 'user', handle: employees.getEmployee }],
  ['/GetEmployees', { name: 'GetEmployees', method: 'GET', auth: 'user', handle: employees.getEmployees }],
  ['/CreateEmployee', { name: 'CreateEmployee', method: 'POST', auth: 'user', handle: employees.createEmployee }],
  ['/UpdateEmployee', { name: 'UpdateEmployee', method: 'POST', auth: 'user', handle: employees.updateEmployee }],
  ['/DeleteEmployee', { name: 'DeleteEmployee', method: 'POST', auth: 'user', handle: employees.deleteEmployee }],
  ['/GetMyEmployee', { name: 'GetMyEmployee', method: 'GET', auth: 'user', handle: employees.getMyEmployee }],
  ['/GetSubscriptions', { name: 'GetSubscriptions', method: 'GET', auth: 'user', handle: employees.getSubscriptions }],
  ['/UpdateSubscriptions', { name: 'UpdateSubscriptions', method: 'POST', auth: 'user', handle: employees.updateSubscriptions }],
  ['/V2/GetMyUser', { name: 'GetMyUser', method: 'GET', auth: 'user', handle: organizations.getMyUser }],
  ['/GetMyOrganizations', { name: 'GetMyOrganizations', method: 'GET', auth: 'user', handle: organizations.getMyOrganizations }],
  ['/GetOrganization', { name: 'GetOrganization', method: 'GET', auth: 'client', handle: organizations.getOrganization }],
  ['/GetBox', { name: 'GetBox', method: 'GET', auth: 'client', handle: organizations.getBox }],
  ['/V2/GetOrganizationUsers', { name: 'GetOrganizationUsers', method: 'GET', auth: 'user', handle: organizations.getOrganizationUsers }],
  ['/V2/GetDepartment', { name: 'GetDepartment', method: 'GET', auth: 'user', handle: departments.getDepartment }],
  ['/admin/GetDepartments', { name: 'admin/GetDepartments', method: 'GET', auth: 'user', handle: departments.getDepartments }],
  // Marked in the docs as removed from the API after 10 November 2026.
  ['/GetDepartment', removed('GetDepartment', 'GET /V2/GetDepartment?boxId&departmentId')],
  ['/admin/GetDepartment', removed('admin/GetDepartment', 'GET /V2/GetDepartment?boxId&departmentId')],
  ['/GetOrganizationUsers', removed('GetOrganizationUsers', 'GET /V2/GetOrganizationUsers?boxId')],
];

function removed(name: string, replacement: string): Route {
  return {
    name,
    method: 'GET',
    auth: 'user',
    removedInFavourOf: replacement,
    handle: () => undefined,
  };
}

/** Paths are matched without regard to letter case, as the service's own routing does. */
const routes = new Map(table.map(([path, route]) => [path.toLowerCase(), route]));

export interface Stats {
  requests: number;
  /** Per method name (GetEmployee, Authenticate, token, …). */
  byMethod: Record<string, number>;
  byStatus: Record<string, number>;
}

export function createRouter(auth: Authenticator, state: () => DiadocState, stats: Stats) {
  const count = (name: string, res: ServerResponse): void => {
    stats.requests += 1;
    stats.byMethod[name] = (stats.byMethod[name] ?? 0) + 1;
    res.once('finish', () => {
      const key = String(res.statusCode);
      stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1;
    });
  };

  return async (req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname.replace(/\/+$/, '').toLowerCase() || '/';
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      if (path === '/connect/token') {
        count('token', res);
        auth.tokenEndpoint(req, body, res);
        return;
      }
      if (path === '/v3/authenticate') {
        count('Authenticate', res);
        if (method !== 'POST') throw new DiadocError(405, 'Метод Authenticate вызывается только HTTP-методом POST', { allow: 'POST' });
        const token = auth.login(req, new Query(url.searchParams).get('type'), body);
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(token);
        return;
      }
      const route = routes.get(path);
      if (!route) {
        count('unknown', res);
        throw new DiadocError(404, `Метод API ${url.pathname} не найден`);
      }
      count(route.name, res);
      if (route.removedInFavourOf) {
        throw new DiadocError(410, `Метод ${route.name} удалён из API. Используйте ${route.removedInFavourOf}`);
      }
      if (method !== route.method) {
        throw new DiadocError(405, `Метод ${route.name} вызывается HTTP-методом ${route.method}, а не ${method}`, { allow: route.method });
      }
      // The service answers protobuf unless the client asks for JSON; the sandbox speaks JSON only,
      // so a request without the header gets a loud 406 rather than a body a client would misread.
      if (!/application\/json/i.test(req.headers.accept ?? '')) {
        throw new DiadocError(
          406,
          'Без заголовка Accept: application/json Диадок отвечает в формате protobuf, который песочница не поддерживает. Добавьте заголовок Accept: application/json',
        );
      }
      const caller = auth.authenticate(req, route.auth);
      const result = route.handle({ req, body, query: new Query(url.searchParams), state: state(), caller });
      if (result === undefined) {
        res.writeHead(200, { 'content-length': '0' });
        res.end();
      } else {
        sendJson(res, result);
      }
    } catch (error) {
      if (error instanceof DiadocError) {
        sendError(res, error);
        return;
      }
      const detail = error instanceof Error ? error.message : String(error);
      sendError(res, new DiadocError(500, `При обработке запроса возникла непредвиденная ошибка: ${detail}`));
    }
  };
}
