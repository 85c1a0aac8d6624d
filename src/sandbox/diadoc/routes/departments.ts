// Department methods: GetDepartment (by orgId), admin/GetDepartment and admin/GetDepartments (by boxId).
import { boxAccess, callerUserId, type Context } from '../context.js';
import { notFound } from '../errors.js';
import { departmentJson, headDepartmentJson, legacyDepartmentJson } from '../serialize.js';
import { departmentOf, headDepartmentId } from '../state.js';

/**
 * GET /GetDepartment?orgId&departmentId: the older method, proto Department. It describes the
 * departments an Organization lists, which exclude the head one, so the head department is 404 here.
 */
export function getDepartmentByOrg(ctx: Context): unknown {
  callerUserId(ctx);
  const orgId = ctx.query.requireGuid('orgId');
  const departmentId = ctx.query.requireGuid('departmentId');
  const org = ctx.state.organizations.find((o) => o.orgId === orgId);
  if (!org) throw notFound(`Организация ${orgId} не найдена`);
  const department = departmentOf(org, departmentId);
  if (!department) throw notFound(`Подразделение ${departmentId} не найдено в организации`);
  return legacyDepartmentJson(department);
}

/** GET /admin/GetDepartment?boxId&departmentId (administrators): proto Departments/Department. */
export function getDepartment(ctx: Context): unknown {
  const { org } = boxAccess(ctx, { admin: true });
  const departmentId = ctx.query.requireGuid('departmentId');
  if (departmentId === headDepartmentId) return headDepartmentJson(org);
  const department = departmentOf(org, departmentId);
  if (!department) throw notFound(`В ящике нет подразделения с идентификатором ${departmentId}`);
  return departmentJson(department);
}

/** GET /admin/GetDepartments?boxId[&page][&count]: the head department first, then by creation time. */
export function getDepartments(ctx: Context): unknown {
  const { org } = boxAccess(ctx, { admin: true });
  const page = ctx.query.integer('page', 1, 1, 1_000_000);
  const count = ctx.query.integer('count', 100, 1, 100);
  const sorted = [...org.departments].sort((a, b) => (a.creationTicks < b.creationTicks ? -1 : a.creationTicks > b.creationTicks ? 1 : 0));
  const all = [headDepartmentJson(org), ...sorted.map(departmentJson)];
  return { Departments: all.slice((page - 1) * count, page * count), TotalCount: all.length };
}
