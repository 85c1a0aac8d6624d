// user.* and the messenger's view of users (im.department.*). user.get filters with the same
// prefixes as CRM lists; pages are 50 users.
import { PortalError } from '../errors.js';
import { isoDate, parseDate, portalTimeZone, ruDateTime, sqlDateTime } from '../dates.js';
import { compileFilter, matches, type ValueKind } from '../filter.js';
import { isRecord, pick, toBool, toInt, toList, toStr, type Params } from '../params.js';
import type { PortalState, User } from '../state.js';
import { extraWritable, userFieldByName, userFields, visibleTo } from '../user-fields.js';
import { phpRecord } from '../php.js';
import type { CallContext, MethodHandler, MethodResult } from './types.js';

/** user.fields: every field with its title, as the page lists them. */
const fieldTitles = Object.fromEntries(userFields.map((f) => [f.name, f.title]));

const isoDay = (date: string): string => (date ? `${date}T00:00:00+03:00` : '');

/** A field's stored value, or undefined when the user has none (the portal leaves it out). */
function rawValue(user: User, field: string): unknown {
  switch (field) {
    case 'ID':
      return String(user.ID);
    case 'LAST_LOGIN':
      return user.LAST_LOGIN === null ? undefined : isoDate(user.LAST_LOGIN);
    case 'DATE_REGISTER':
      return isoDate(user.DATE_REGISTER);
    // The forms the batch page's user.current answer shows: the site's date format and SQL.
    case 'TIMESTAMP_X':
      return ruDateTime(user.TIMESTAMP_X, portalTimeZone);
    case 'LAST_ACTIVITY_DATE':
      return user.LAST_ACTIVITY_DATE === null ? undefined : sqlDateTime(user.LAST_ACTIVITY_DATE);
    case 'PERSONAL_BIRTHDAY':
    case 'UF_EMPLOYMENT_DATE':
      return isoDay(user[field]);
    case 'XML_ID':
    case 'TITLE':
      return user.extra[field];
    default: {
      const own = (user as unknown as Record<string, unknown>)[field];
      return own !== undefined ? own : user.extra[field];
    }
  }
}

/**
 * The user as user.get / user.search / user.current show them: the fields of user.fields in
 * their order, those the user has no value for left out, and only those the caller's scopes
 * may see (api-reference/user/user-scope.md).
 */
export function formatUser(user: User, scopes: ReadonlySet<string> = fullScope): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of userFields) {
    if (!visibleTo(field, scopes)) continue;
    const value = rawValue(user, field.name);
    if (value !== undefined && value !== null) out[field.name] = value;
  }
  return out;
}

const fullScope: ReadonlySet<string> = new Set(['user']);

/** The value user filters and sorting compare (dates as epoch seconds). */
function filterValue(user: User, field: string): number | string | boolean | null | (number | string)[] {
  switch (field) {
    case 'ID':
      return user.ID;
    case 'ACTIVE':
      return user.ACTIVE;
    case 'UF_DEPARTMENT':
      return user.UF_DEPARTMENT;
    case 'LAST_LOGIN':
      return user.LAST_LOGIN;
    case 'DATE_REGISTER':
      return user.DATE_REGISTER;
    case 'TIMESTAMP_X':
      return user.TIMESTAMP_X;
    case 'LAST_ACTIVITY_DATE':
      return user.LAST_ACTIVITY_DATE;
    case 'PERSONAL_BIRTHDAY':
    case 'UF_EMPLOYMENT_DATE':
      return user[field] ? (parseDate(user[field]) ?? null) : null;
    default: {
      const value = rawValue(user, field);
      return typeof value === 'string' ? value : null;
    }
  }
}

function kindOf(field: string): ValueKind | undefined {
  if (field === 'NAME_SEARCH') return 'str';
  return userFieldByName.get(field)?.kind;
}

/** The FILTER object; older clients put the fields at the top level instead. */
function readUserFilter(params: Params): Record<string, unknown> {
  const filter = pick(params, 'FILTER');
  if (isRecord(filter)) return filter;
  const top: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (['sort', 'order', 'start', 'admin_mode', 'select', 'image_resize', 'auth'].includes(key.toLowerCase())) continue;
    top[key] = value;
  }
  return top;
}

function nameSearch(user: User, text: string): boolean {
  const hay = [user.NAME, user.LAST_NAME, user.SECOND_NAME, user.EMAIL, user.WORK_POSITION].join(' ').toLowerCase();
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => hay.includes(word));
}

/**
 * The fields `select` asks for, or undefined for all of them. `*` stands for every available
 * field, `UF_*` for every custom (UF_) one; unknown names are skipped silently, as documented.
 */
function readSelect(params: Params): ((field: string) => boolean) | undefined {
  const list = toList(pick(params, 'select'));
  if (!list || list.length === 0) return undefined;
  const names = new Set(list.map((f) => String(f).toUpperCase()));
  const all = names.has('*');
  const custom = names.has('UF_*');
  return (field) => all || names.has(field) || (custom && field.startsWith('UF_'));
}

function pageOf(users: User[], params: Params, ctx: CallContext): MethodResult {
  const sortField = (toStr(pick(params, 'sort')) ?? 'ID').toUpperCase();
  const desc = (toStr(pick(params, 'order')) ?? 'ASC').toUpperCase() === 'DESC';
  const sorted = [...users].sort((a, b) => {
    const va = filterValue(a, sortField);
    const vb = filterValue(b, sortField);
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va ?? '').localeCompare(String(vb ?? ''), 'ru');
    return (desc ? -c : c) || a.ID - b.ID;
  });
  const startValue = toInt(pick(params, 'start')) ?? 0;
  const start = Math.max(0, startValue);
  const page = sorted.slice(start, start + 50);
  const wanted = readSelect(params);
  const format = (user: User): Record<string, unknown> => {
    const full = formatUser(user, ctx.caller.scopes);
    return wanted ? Object.fromEntries(Object.entries(full).filter(([key]) => wanted(key))) : full;
  };
  // A user left with no field (select named none it has) is PHP's empty array, [].
  const out: MethodResult = { result: page.map((u) => phpRecord(format(u))), rows: page.length };
  if (startValue >= 0) {
    out.total = sorted.length;
    out.counted = sorted.length;
    if (start + 50 < sorted.length) out.next = start + 50;
  }
  return out;
}

const userGet: MethodHandler = (params, ctx) => {
  const raw = readUserFilter(params);
  const search = toStr(raw.NAME_SEARCH);
  const conditions = compileFilter(
    Object.fromEntries(Object.entries(raw).filter(([k]) => k !== 'NAME_SEARCH')),
    kindOf,
    'FILTER',
  );
  const users = ctx.state.users.all().filter((u) => conditions.every((c) => matches(c, filterValue(u, c.field))) && (!search || nameSearch(u, search)));
  return pageOf(users, params, ctx);
};

const userSearch: MethodHandler = (params, ctx) => {
  const filter = pick(params, 'FILTER');
  const raw = isRecord(filter) ? filter : {};
  const find = toStr(raw.FIND);
  const departmentName = toStr(raw.UF_DEPARTMENT_NAME)?.toLowerCase();
  const starts = (value: string, wanted: unknown): boolean => {
    const w = toStr(wanted);
    return w === undefined || value.toLowerCase().split(/\s+/).some((word) => word.startsWith(w.toLowerCase())) || value.toLowerCase().startsWith(w.toLowerCase());
  };
  const depNames = (u: User): string => u.UF_DEPARTMENT.map((d) => ctx.state.departments.get(d)?.NAME ?? '').join(' ');
  const users = ctx.state.users.all().filter((u) => {
    if (find !== undefined) {
      return nameSearch(u, find) || starts(depNames(u), find);
    }
    if (!starts(u.NAME, raw.NAME) || !starts(u.LAST_NAME, raw.LAST_NAME) || !starts(u.WORK_POSITION, raw.WORK_POSITION)) return false;
    if (raw.USER_TYPE !== undefined && u.USER_TYPE !== raw.USER_TYPE) return false;
    if (departmentName && !depNames(u).toLowerCase().includes(departmentName)) return false;
    if (raw.ACTIVE !== undefined && u.ACTIVE !== toBool(raw.ACTIVE)) return false;
    return true;
  });
  return pageOf(users, params, ctx);
};

const userCurrent: MethodHandler = (_params, ctx) => {
  const user = ctx.state.users.get(ctx.userId);
  if (!user) throw new PortalError(401, 'NO_AUTH_FOUND', 'Wrong authorization data');
  return { result: formatUser(user, ctx.caller.scopes) };
};

const userFieldsMethod: MethodHandler = () => ({ result: fieldTitles });

function applyProfile(user: User, params: Params, state: PortalState): void {
  for (const [rawKey, value] of Object.entries(params)) {
    const key = rawKey.toUpperCase();
    if (key === 'ACTIVE') {
      const active = toBool(value);
      if (active !== undefined) user.ACTIVE = active;
      continue;
    }
    if (key === 'UF_DEPARTMENT') {
      const ids = (toList(value) ?? []).map((v) => toInt(v)).filter((v): v is number => v !== undefined && state.departments.get(v) !== undefined);
      user.UF_DEPARTMENT = ids;
      continue;
    }
    if (!userFieldByName.get(key)?.writable && !extraWritable.has(key)) continue;
    const text = toStr(value) ?? '';
    if (key === 'PERSONAL_BIRTHDAY' || key === 'UF_EMPLOYMENT_DATE') {
      const epoch = text ? parseDate(text) : undefined;
      user[key] = epoch === undefined ? '' : new Date((epoch + 3 * 3600) * 1000).toISOString().slice(0, 10);
      continue;
    }
    if (key === 'PERSONAL_GENDER') {
      user.PERSONAL_GENDER = text === 'M' || text === 'F' ? text : '';
      continue;
    }
    const known = ['NAME', 'LAST_NAME', 'SECOND_NAME', 'EMAIL', 'PERSONAL_MOBILE', 'PERSONAL_CITY', 'WORK_PHONE', 'WORK_POSITION', 'UF_PHONE_INNER'] as const;
    const k = known.find((f) => f === key);
    if (k) user[k] = text;
    else user.extra[key] = text;
  }
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const userAdd: MethodHandler = (params, ctx) => {
  if (ctx.userId !== 1) throw new PortalError(400, 'ERROR_CORE', 'access_denied');
  const email = toStr(pick(params, 'EMAIL'));
  if (!email || !emailPattern.test(email)) throw new PortalError(400, 'ERROR_ARGUMENT', 'wrong_email', { argument: '' });
  if (ctx.state.users.all().some((u) => u.EMAIL.toLowerCase() === email.toLowerCase())) {
    throw new PortalError(400, 'ERROR_ARGUMENT', 'Пользователь с таким email уже существует', { argument: '' });
  }
  const extranet = toStr(pick(params, 'EXTRANET')) === 'Y';
  const departments = toList(pick(params, 'UF_DEPARTMENT'));
  if (!extranet && (!departments || departments.length === 0)) throw new PortalError(400, 'ERROR_ARGUMENT', 'no_extranet_field', { argument: '' });
  const groups = toList(pick(params, 'SONET_GROUP_ID'));
  if (extranet && !groups) throw new PortalError(400, 'ERROR_GROUPID', 'Не указан код группы');
  // Workgroups are not emulated: any positive ID stands for an existing group.
  if (extranet && groups!.some((g) => (toInt(g) ?? 0) <= 0)) throw new PortalError(400, 'ERROR_NO_GROUP', 'Группа указана неверно');
  const now = Math.floor(ctx.nowSec);
  const user: User = {
    ID: ctx.state.users.nextId(),
    ACTIVE: true,
    NAME: '',
    LAST_NAME: '',
    SECOND_NAME: '',
    EMAIL: email,
    LAST_LOGIN: null,
    DATE_REGISTER: now,
    TIMESTAMP_X: now,
    LAST_ACTIVITY_DATE: null,
    TIME_ZONE: '',
    IS_ONLINE: 'N',
    PERSONAL_GENDER: '',
    PERSONAL_BIRTHDAY: '',
    PERSONAL_MOBILE: '',
    PERSONAL_CITY: '',
    WORK_PHONE: '',
    WORK_POSITION: '',
    UF_DEPARTMENT: [],
    UF_PHONE_INNER: '',
    UF_EMPLOYMENT_DATE: '',
    USER_TYPE: extranet ? 'extranet' : 'employee',
    extra: {},
    color: '#1eb4aa',
  };
  const profile = { ...params };
  delete profile.EXTRANET;
  delete profile.SONET_GROUP_ID;
  delete profile.auth;
  applyProfile(user, profile, ctx.state);
  user.ACTIVE = true;
  ctx.state.users.put(user);
  return { result: user.ID };
};

const userUpdate: MethodHandler = (params, ctx) => {
  const id = toInt(pick(params, 'ID'));
  const user = id === undefined ? undefined : ctx.state.users.get(id);
  if (!user || (ctx.userId !== 1 && ctx.userId !== user.ID)) throw new PortalError(400, 'ERROR_CORE', 'access_denied');
  const email = toStr(pick(params, 'EMAIL'));
  if (email !== undefined && !emailPattern.test(email)) throw new PortalError(400, 'ERROR_CORE', 'Неверный E-Mail.<br>');
  const profile = { ...params };
  delete profile.ID;
  delete profile.auth;
  applyProfile(user, profile, ctx.state);
  user.TIMESTAMP_X = Math.floor(ctx.nowSec);
  return { result: true };
};

// ---- im.department.* : the messenger's user objects ----

export function imUser(user: User, nowSec: number): Record<string, unknown> {
  const name = `${user.NAME} ${user.LAST_NAME}`.trim();
  return {
    id: user.ID,
    active: user.ACTIVE,
    name,
    first_name: user.NAME,
    last_name: user.LAST_NAME,
    work_position: user.WORK_POSITION,
    color: user.color,
    avatar: '',
    avatar_hr: '',
    gender: user.PERSONAL_GENDER || 'M',
    birthday: user.PERSONAL_BIRTHDAY ? `${user.PERSONAL_BIRTHDAY.slice(8, 10)}-${user.PERSONAL_BIRTHDAY.slice(5, 7)}` : '',
    extranet: user.USER_TYPE === 'extranet',
    network: false,
    bot: false,
    connector: false,
    external_auth_id: 'default',
    status: 'online',
    idle: false,
    // The same moment user.get shows as LAST_ACTIVITY_DATE, in ISO 8601 as the im pages show it.
    last_activity_date: isoDate(user.LAST_ACTIVITY_DATE ?? user.LAST_LOGIN ?? nowSec),
    mobile_last_date: false,
    desktop_last_date: false,
    absent: false,
    departments: user.UF_DEPARTMENT,
    phones: user.UF_PHONE_INNER || user.PERSONAL_MOBILE ? { ...(user.PERSONAL_MOBILE ? { personal_mobile: user.PERSONAL_MOBILE } : {}), ...(user.UF_PHONE_INNER ? { inner_phone: user.UF_PHONE_INNER } : {}) } : false,
    bot_data: null,
    type: 'user',
    website: '',
    email: user.EMAIL,
  };
}

function requireIntranet(ctx: CallContext): void {
  const user = ctx.state.users.get(ctx.userId);
  if (!user || user.USER_TYPE !== 'employee') throw new PortalError(403, 'ACCESS_ERROR', 'Only intranet users have access to this method.');
}

/** ID[] of departments: an array, a PHP map or a JSON text; anything else is the method's own error. */
function departmentIds(params: Params, error: PortalError): number[] {
  const raw = pick(params, 'ID');
  const list = toList(raw);
  if (!list || list.length === 0) throw error;
  const ids = list.map((v) => toInt(v));
  if (ids.some((v) => v === undefined || v <= 0)) throw error;
  return ids as number[];
}

const invalidFormat = (): PortalError => new PortalError(400, 'INVALID_FORMAT', 'A wrong format for the ID field is passed');

const imDepartmentGet: MethodHandler = (params, ctx) => {
  requireIntranet(ctx);
  const ids = departmentIds(params, invalidFormat());
  const withUsers = toStr(pick(params, 'USER_DATA')) === 'Y';
  const result = ids.flatMap((id) => {
    const dep = ctx.state.departments.get(id);
    if (!dep) return [];
    const chain = ctx.state.departmentChain(id).map((d) => d.NAME);
    const head = dep.UF_HEAD === null ? undefined : ctx.state.users.get(dep.UF_HEAD);
    return [
      {
        id: dep.ID,
        name: dep.NAME,
        full_name: chain.join(' / '),
        manager_user_id: dep.UF_HEAD ?? 0,
        ...(withUsers ? { manager_user_data: head ? imUser(head, ctx.nowSec) : null } : {}),
      },
    ];
  });
  return { result, rows: result.length };
};

const idEmpty = (): PortalError => new PortalError(400, 'ID_EMPTY', "Department ID can't be empty");

const imDepartmentEmployees: MethodHandler = (params, ctx) => {
  requireIntranet(ctx);
  const ids = departmentIds(params, idEmpty());
  const withUsers = toStr(pick(params, 'USER_DATA')) === 'Y';
  const result: Record<string, unknown[]> = {};
  let rows = 0;
  for (const id of ids) {
    if (!ctx.state.departments.get(id)) continue;
    const users = ctx.state.usersOfDepartment(id).filter((u) => u.ACTIVE);
    rows += users.length;
    result[String(id)] = users.map((u) => (withUsers ? imUser(u, ctx.nowSec) : u.ID));
  }
  // No known department: PHP's empty array, [] (im-department-employees-get.md).
  return { result: phpRecord(result), rows };
};

const imDepartmentManagers: MethodHandler = (params, ctx) => {
  requireIntranet(ctx);
  const ids = departmentIds(params, idEmpty());
  const withUsers = toStr(pick(params, 'USER_DATA')) === 'Y';
  const result: Record<string, unknown[]> = {};
  for (const id of ids) {
    const dep = ctx.state.departments.get(id);
    if (!dep) continue;
    const head = dep.UF_HEAD === null ? undefined : ctx.state.users.get(dep.UF_HEAD);
    result[String(id)] = head ? [withUsers ? imUser(head, ctx.nowSec) : head.ID] : [];
  }
  return { result: phpRecord(result) };
};

const imColleagues: MethodHandler = (params, ctx) => {
  requireIntranet(ctx);
  const me = ctx.state.users.get(ctx.userId)!;
  const colleagues = new Set<number>();
  for (const depId of me.UF_DEPARTMENT) {
    for (const u of ctx.state.usersOfDepartment(depId)) colleagues.add(u.ID);
    // Everyone's supervisors: the heads of the departments above.
    for (const d of ctx.state.departmentChain(depId)) if (d.UF_HEAD !== null) colleagues.add(d.UF_HEAD);
  }
  // A manager also sees every subordinate down the tree.
  for (const dep of ctx.state.departments.rows.values()) {
    if (dep.UF_HEAD !== me.ID) continue;
    for (const sub of ctx.state.departmentSubtree(dep.ID)) for (const u of ctx.state.usersOfDepartment(sub)) colleagues.add(u.ID);
  }
  colleagues.delete(me.ID);
  const users = [...colleagues].sort((a, b) => a - b).map((id) => ctx.state.users.get(id)!).filter((u) => u && u.ACTIVE);
  const offset = Math.max(0, toInt(pick(params, 'OFFSET')) ?? 0);
  const limit = Math.min(50, Math.max(1, toInt(pick(params, 'LIMIT')) ?? 10));
  const page = users.slice(offset, offset + limit);
  const withUsers = toStr(pick(params, 'USER_DATA')) === 'Y';
  const out: MethodResult = { result: page.map((u) => (withUsers ? imUser(u, ctx.nowSec) : u.ID)), total: users.length, rows: page.length };
  if (offset + limit < users.length) out.next = offset + limit;
  return out;
};

export const userMethods: Record<string, MethodHandler> = {
  'user.current': userCurrent,
  'user.get': userGet,
  'user.search': userSearch,
  'user.add': userAdd,
  'user.update': userUpdate,
  'user.fields': userFieldsMethod,
  'im.department.get': imDepartmentGet,
  'im.department.employees.get': imDepartmentEmployees,
  'im.department.managers.get': imDepartmentManagers,
  'im.department.colleagues.list': imColleagues,
};
