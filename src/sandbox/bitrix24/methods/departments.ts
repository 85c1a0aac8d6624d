// department.*: the company structure. Errors are 400 ERROR_CORE with the texts of each method's
// page (api-reference/departments/department-*.md); department.get documents none.
import { PortalError } from '../errors.js';
import { pick, toInt, toStr, type Params } from '../params.js';
import type { Department } from '../state.js';
import type { MethodHandler, MethodResult } from './types.js';

const notFound = (): PortalError => new PortalError(400, 'ERROR_CORE', 'Department not found');
const accessDenied = (): PortalError => new PortalError(400, 'ERROR_CORE', 'Access denied');
// The portal's own texts, as department-add.md quotes them (the \u003Cbr\u003E is a <br>).
const noName = (): PortalError => new PortalError(400, 'ERROR_CORE', 'Не введено название раздела.<br>');
const badParent = (): PortalError => new PortalError(400, 'ERROR_CORE', 'В структуре компании должен быть только один раздел верхнего уровня');

function format(dep: Department): Record<string, unknown> {
  return {
    ID: String(dep.ID),
    NAME: dep.NAME,
    SORT: dep.SORT,
    ...(dep.PARENT === null ? {} : { PARENT: String(dep.PARENT) }),
    ...(dep.UF_HEAD === null ? {} : { UF_HEAD: String(dep.UF_HEAD) }),
  };
}

const filterFields = ['ID', 'NAME', 'SORT', 'PARENT', 'UF_HEAD'] as const;

const departmentGet: MethodHandler = (params, ctx) => {
  let deps = ctx.state.departments.all();
  for (const field of filterFields) {
    // Filter keys are upper case; the lower-case `sort` and `order` are the sorting parameters.
    const wanted = params[field];
    if (wanted === undefined) continue;
    const values = (Array.isArray(wanted) ? wanted : [wanted]).map((v) => toStr(v));
    deps = deps.filter((d) => values.includes(d[field] === null ? '' : String(d[field])));
  }
  const sortField = (toStr(params.sort) ?? 'ID').toUpperCase() as keyof Department;
  const desc = (toStr(params.order) ?? 'ASC').toUpperCase() === 'DESC';
  if (deps.length > 0 && sortField in deps[0]!) {
    deps.sort((a, b) => {
      const va = a[sortField];
      const vb = b[sortField];
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va ?? '').localeCompare(String(vb ?? ''), 'ru');
      return (desc ? -c : c) || a.ID - b.ID;
    });
  }
  const startValue = toInt(pick(params, 'START')) ?? 0;
  const start = Math.max(0, startValue);
  const page = deps.slice(start, start + 50);
  const out: MethodResult = { result: page.map(format), rows: page.length };
  if (startValue >= 0) {
    out.total = deps.length;
    if (start + 50 < deps.length) out.next = start + 50;
  }
  return out;
};

/** UF_HEAD: a user ID, or empty to clear. No error is documented: anything else clears it. */
function readHead(params: Params): number | null | undefined {
  const raw = pick(params, 'UF_HEAD');
  if (raw === undefined) return undefined;
  const id = toInt(raw);
  return id === undefined || id <= 0 ? null : id;
}

const departmentAdd: MethodHandler = (params, ctx) => {
  if (ctx.userId !== 1) throw accessDenied();
  const name = toStr(pick(params, 'NAME'));
  if (!name) throw noName();
  const parent = toInt(pick(params, 'PARENT'));
  if (parent === undefined || parent <= 0 || !ctx.state.departments.get(parent)) throw badParent();
  const head = readHead(params);
  const dep = ctx.state.departments.put({
    ID: ctx.state.departments.nextId(),
    NAME: name,
    SORT: toInt(pick(params, 'SORT')) ?? 500,
    PARENT: parent,
    UF_HEAD: head ?? null,
  });
  return { result: dep.ID };
};

const departmentUpdate: MethodHandler = (params, ctx) => {
  if (ctx.userId !== 1) throw accessDenied();
  const id = toInt(pick(params, 'ID'));
  const dep = id === undefined ? undefined : ctx.state.departments.get(id);
  if (!dep) throw notFound();
  const name = pick(params, 'NAME');
  if (name !== undefined) {
    if (!toStr(name)) throw noName();
    dep.NAME = toStr(name)!;
  }
  const sort = toInt(pick(params, 'SORT'));
  if (sort !== undefined) dep.SORT = sort;
  const parentRaw = pick(params, 'PARENT');
  if (parentRaw !== undefined && dep.PARENT !== null) {
    const parent = toInt(parentRaw);
    // A department cannot move under itself or its own subtree.
    if (parent === undefined || !ctx.state.departments.get(parent) || ctx.state.departmentSubtree(dep.ID).has(parent)) throw notFound();
    dep.PARENT = parent;
  }
  const head = readHead(params);
  if (head !== undefined) dep.UF_HEAD = head;
  return { result: true };
};

const departmentDelete: MethodHandler = (params, ctx) => {
  if (ctx.userId !== 1) throw accessDenied();
  const id = toInt(pick(params, 'ID'));
  const dep = id === undefined ? undefined : ctx.state.departments.get(id);
  if (!dep) throw notFound();
  // The top department cannot go: the structure must keep one.
  if (dep.PARENT === null) throw accessDenied();
  // Children move up one level; employees lose the department.
  for (const child of ctx.state.departments.rows.values()) if (child.PARENT === dep.ID) child.PARENT = dep.PARENT;
  for (const user of ctx.state.users.rows.values()) user.UF_DEPARTMENT = user.UF_DEPARTMENT.filter((d) => d !== dep.ID);
  ctx.state.departments.delete(dep.ID);
  return { result: true };
};

export const departmentMethods: Record<string, MethodHandler> = {
  'department.get': departmentGet,
  'department.add': departmentAdd,
  'department.update': departmentUpdate,
  'department.delete': departmentDelete,
};
