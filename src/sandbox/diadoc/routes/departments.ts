// Department methods: V2/GetDepartment and admin/GetDepartments.
import { callerUserId, boxAccess, type Context } from '../context.js';
import { notFound } from '../errors.js';
import { departmentJson, headDepartmentJson, plainDepartmentJson, plainHeadDepartmentJson } from '../serialize.js';
import { departmentOf, headDepartmentId } from '../state.js';

/**
 * GET /V2/GetDepartment?boxId&departmentId: proto Department. Not limited to administrators or to
 * the box's own employees (the docs list no 402 and no box-access 403 for it), like a directory lookup.
 */
export function getDepartment(ctx: Context): unknown {
  callerUserId(ctx);
  const boxId = ctx.query.requireBoxId();
  const departmentId = ctx.query.requireGuid('departmentId');
  const org = ctx.state.organizationByBoxId(boxId);
  if (!org) throw notFound(`Организация с ящиком ${boxId} не найдена`);
  if (departmentId === headDepartmentId) return plainHeadDepartmentJson(org);
  const department = departmentOf(org, departmentId);
  if (!department) throw notFound(`Подразделение ${departmentId} не найдено в организации`);
  return plainDepartmentJson(department);
}

/** GET /admin/GetDepartments?boxId[&page][&count] (administrators): the head department first, then by creation time. */
export function getDepartments(ctx: Context): unknown {
  const { org } = boxAccess(ctx, { admin: true });
  const page = ctx.query.integer('page', 1, 1, 1_000_000);
  const count = ctx.query.integer('count', 100, 1, 100);
  const sorted = [...org.departments].sort((a, b) => (a.creationTicks < b.creationTicks ? -1 : a.creationTicks > b.creationTicks ? 1 : 0));
  const all = [headDepartmentJson(org), ...sorted.map(departmentJson)];
  return { Departments: all.slice((page - 1) * count, page * count), TotalCount: all.length };
}
