// Employee methods: GetEmployee, GetEmployees, CreateEmployee, UpdateEmployee, DeleteEmployee,
// GetMyEmployee, GetSubscriptions, UpdateSubscriptions.
import { X509Certificate, createHash } from 'node:crypto';
import {
  asArray,
  asBool,
  asObject,
  asString,
  boxAccess,
  callerUserId,
  field,
  jsonBody,
  required,
  type Context,
} from '../context.js';
import { DiadocError, badRequest, forbidden, notFound } from '../errors.js';
import type { JsonValue } from '../json.js';
import { employeeJson, subscriptionsJson } from '../serialize.js';
import {
  actionNames,
  defaultSubscriptions,
  departmentOf,
  documentAccessLevels,
  headDepartmentId,
  isGuid,
  subscriptionIds,
  type ActionName,
  type DocumentAccessLevel,
  type Employee,
  type EmployeePermissions,
  type Organization,
  type SubscriptionId,
  type User,
} from '../state.js';
import { nowTicks } from '../ticks.js';

const maxCommentLength = 500;
const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function getEmployee(ctx: Context): unknown {
  const { org } = boxAccess(ctx, { admin: true });
  return employeeJson(ctx.state, existingEmployee(ctx, org));
}

export function getEmployees(ctx: Context): unknown {
  const { org } = boxAccess(ctx, { admin: true });
  const page = ctx.query.integer('page', 1, 1, 1_000_000);
  const count = ctx.query.integer('count', 50, 1, 50);
  const all = [...ctx.state.boxEmployees(org.box.boxIdGuid).values()];
  // The current docs (developer.kontur.ru): registered employees first, then unregistered ones,
  // each by creation time. (The older GitHub docs said the reverse.)
  const registered = (e: Employee): number => (ctx.state.users.get(e.userId)?.isRegistered ? 0 : 1);
  all.sort(
    (a, b) =>
      registered(a) - registered(b) ||
      (a.creationTicks < b.creationTicks ? -1 : a.creationTicks > b.creationTicks ? 1 : 0) ||
      a.userId.localeCompare(b.userId),
  );
  const slice = all.slice((page - 1) * count, page * count);
  return { Employees: slice.map((e) => employeeJson(ctx.state, e)), TotalCount: all.length };
}

export function createEmployee(ctx: Context): unknown {
  const { org } = boxAccess(ctx, { admin: true, unknownBox: 403 });
  const body = jsonBody(ctx);
  const credentials = required(asObject(field(body, 'Credentials'), 'Credentials'), 'Credentials');
  const byLogin = asObject(field(credentials, 'Login'), 'Credentials.Login');
  const byCertificate = asObject(field(credentials, 'Certificate'), 'Credentials.Certificate');
  if (Boolean(byLogin) === Boolean(byCertificate)) {
    throw badRequest('В Credentials должно быть заполнено ровно одно из полей: Login или Certificate');
  }
  const permissions = readPermissions(required(asObject(field(body, 'Permissions'), 'Permissions'), 'Permissions'), org);
  const position = asString(field(body, 'Position'), 'Position') ?? '';
  const canBeInvitedForChat = required(asBool(field(body, 'CanBeInvitedForChat'), 'CanBeInvitedForChat'), 'CanBeInvitedForChat');

  const user = byLogin ? userByLogin(ctx, byLogin) : userByCertificate(ctx, byCertificate!);
  const box = ctx.state.boxEmployees(org.box.boxIdGuid);
  if (box.has(user.existing.userId)) {
    throw new DiadocError(409, `Пользователь ${user.existing.login ?? user.existing.userId} уже является сотрудником организации`);
  }
  if (user.isNew) ctx.state.users.set(user.existing.userId, user.existing);
  const employee: Employee = {
    userId: user.existing.userId,
    boxIdGuid: org.box.boxIdGuid,
    position,
    canBeInvitedForChat,
    creationTicks: nowTicks(),
    permissions,
    subscriptions: defaultSubscriptions(),
  };
  box.set(employee.userId, employee);
  ctx.state.deletedEmployees.get(org.box.boxIdGuid)?.delete(employee.userId);
  return employeeJson(ctx.state, employee);
}

export function updateEmployee(ctx: Context): unknown {
  const { org } = boxAccess(ctx, { admin: true, unknownBox: 403 });
  // The page lists no 404: a userId that is not an employee of the box is bad request data (400).
  const userId = ctx.query.requireGuid('userId');
  const employee = ctx.state.employee(org.box.boxIdGuid, userId);
  if (!employee) throw badRequest(`Параметр userId: в ящике нет сотрудника с идентификатором ${userId}`);
  const body = jsonBody(ctx);
  // Every change is checked before any is applied, so a bad patch changes nothing.
  const next: Employee = {
    ...employee,
    permissions: {
      ...employee.permissions,
      selectedDepartmentIds: [...employee.permissions.selectedDepartmentIds],
      actions: { ...employee.permissions.actions },
      authorization: { ...employee.permissions.authorization },
    },
  };
  const position = patch(body, 'Position');
  if (position) next.position = asString(field(position, 'Position'), 'Position.Position') ?? '';
  const chat = patch(body, 'CanBeInvitedForChat');
  if (chat) {
    next.canBeInvitedForChat = required(asBool(field(chat, 'CanBeInvitedForChat'), 'CanBeInvitedForChat.CanBeInvitedForChat'), 'CanBeInvitedForChat.CanBeInvitedForChat');
  }
  const permissions = asObject(field(body, 'Permissions'), 'Permissions');
  if (permissions) applyPermissionsPatch(permissions, next.permissions, org);
  Object.assign(employee, next);
  return employeeJson(ctx.state, employee);
}

export function deleteEmployee(ctx: Context): undefined {
  const { org } = boxAccess(ctx, { admin: true });
  const userId = ctx.query.requireGuid('userId');
  const box = ctx.state.boxEmployees(org.box.boxIdGuid);
  let deleted = ctx.state.deletedEmployees.get(org.box.boxIdGuid);
  if (box.has(userId)) {
    box.delete(userId);
    if (!deleted) {
      deleted = new Set();
      ctx.state.deletedEmployees.set(org.box.boxIdGuid, deleted);
    }
    deleted.add(userId);
    return undefined;
  }
  // Deleting someone already deleted does nothing and succeeds, as documented.
  if (deleted?.has(userId)) return undefined;
  throw notFound(`В ящике нет сотрудника с идентификатором ${userId}`);
}

export function getMyEmployee(ctx: Context): unknown {
  const { me } = boxAccess(ctx);
  return employeeJson(ctx.state, me);
}

export function getSubscriptions(ctx: Context): unknown {
  const { org } = boxAccess(ctx);
  return subscriptionsJson(subscriptionOwner(ctx, org));
}

export function updateSubscriptions(ctx: Context): unknown {
  const { org } = boxAccess(ctx);
  const employee = subscriptionOwner(ctx, org);
  const body = jsonBody(ctx);
  const changes = new Map<SubscriptionId, boolean>();
  asArray(field(body, 'Subscriptions'), 'Subscriptions').forEach((item, index) => {
    const path = `Subscriptions[${index}]`;
    const entry = required(asObject(item, path), path);
    const id = required(asString(field(entry, 'Id'), `${path}.Id`), `${path}.Id`);
    const known = subscriptionIds.find((s) => s.toLowerCase() === id.toLowerCase());
    if (!known) throw badRequest(`Неизвестный идентификатор уведомления ${path}.Id: ${id}`);
    changes.set(known, required(asBool(field(entry, 'IsSubscribed'), `${path}.IsSubscribed`), `${path}.IsSubscribed`));
  });
  for (const [id, value] of changes) employee.subscriptions[id] = value;
  return subscriptionsJson(employee);
}

/** Subscriptions may be read and changed by administrators and by the employee themself. */
function subscriptionOwner(ctx: Context, org: Organization): Employee {
  const userId = ctx.query.requireGuid('userId');
  const me = ctx.state.employee(org.box.boxIdGuid, callerUserId(ctx));
  if (!me?.permissions.isAdministrator && me?.userId !== userId) {
    throw forbidden('Подписки сотрудника доступны только администраторам организации и самому сотруднику');
  }
  return existingEmployee(ctx, org, userId);
}

function existingEmployee(ctx: Context, org: Organization, userId = ctx.query.requireGuid('userId')): Employee {
  const employee = ctx.state.employee(org.box.boxIdGuid, userId);
  if (!employee) throw notFound(`В ящике нет пользователя с идентификатором ${userId}`);
  return employee;
}

/** A patch wrapper: absent means "unchanged"; present must be an object (a bare value is an error). */
function patch(obj: Record<string, JsonValue>, name: string, path = name): Record<string, JsonValue> | undefined {
  const value = field(obj, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`Поле ${path} должно быть объектом-обёрткой, например {"${name}": …}: в EmployeeToUpdate каждое поле передаётся в своей обёртке`);
  }
  return value;
}

function departmentId(value: string, org: Organization, path: string): string {
  const id = value.toLowerCase();
  if (id === headDepartmentId) return id;
  if (!isGuid(id) || !departmentOf(org, id)) throw badRequest(`Подразделение ${value} (${path}) не найдено в организации`);
  return id;
}

function accessLevel(value: JsonValue | undefined, path: string): DocumentAccessLevel {
  if (value === undefined || value === null) throw badRequest(`Не заполнено обязательное поле ${path}`);
  const entries = Object.entries(documentAccessLevels) as [DocumentAccessLevel, number][];
  const found =
    typeof value === 'string'
      ? entries.find(([name]) => name.toLowerCase() === value.toLowerCase())
      : typeof value === 'number'
        ? entries.find(([, n]) => n === value)
        : undefined;
  if (!found || found[0] === 'UnknownDocumentAccessLevel') {
    throw badRequest(`Недопустимое значение ${path}: ${String(value)}. Допустимо: DepartmentOnly, DepartmentAndSubdepartments, AllDocuments, SelectedDepartments`);
  }
  return found[0];
}

function selectedDepartments(value: JsonValue | undefined, org: Organization, path: string): string[] {
  const ids = asArray(value, path).map((item, i) => departmentId(required(asString(item, `${path}[${i}]`), `${path}[${i}]`), org, `${path}[${i}]`));
  return [...new Set(ids)];
}

function readActions(value: JsonValue | undefined, path: string): Map<ActionName, boolean> {
  const result = new Map<ActionName, boolean>();
  asArray(value, path).forEach((item, i) => {
    const at = `${path}[${i}]`;
    const action = required(asObject(item, at), at);
    const name = required(asString(field(action, 'Name'), `${at}.Name`), `${at}.Name`);
    const known = actionNames.find((n) => n.toLowerCase() === name.toLowerCase());
    if (!known) throw badRequest(`Неизвестное действие ${at}.Name: ${name}. Допустимо: ${actionNames.join(', ')}`);
    result.set(known, required(asBool(field(action, 'IsAllowed'), `${at}.IsAllowed`), `${at}.IsAllowed`));
  });
  return result;
}

function readAuthorization(obj: Record<string, JsonValue>, path: string): EmployeePermissions['authorization'] {
  const isBlocked = required(asBool(field(obj, 'IsBlocked'), `${path}.IsBlocked`), `${path}.IsBlocked`);
  const comment = asString(field(obj, 'Comment'), `${path}.Comment`);
  if (comment !== undefined && comment.length > maxCommentLength) {
    throw badRequest(`Длина ${path}.Comment не должна превышать ${maxCommentLength} символов`);
  }
  return comment === undefined ? { isBlocked } : { isBlocked, comment };
}

/** EmployeePermissions of EmployeeToCreate: the full structure. */
function readPermissions(obj: Record<string, JsonValue>, org: Organization): EmployeePermissions {
  const department = required(asString(field(obj, 'UserDepartmentId'), 'Permissions.UserDepartmentId'), 'Permissions.UserDepartmentId');
  const actions = readActions(field(obj, 'Actions'), 'Permissions.Actions');
  const authorization = asObject(field(obj, 'AuthorizationPermission'), 'Permissions.AuthorizationPermission');
  const allowed = {} as Record<ActionName, boolean>;
  for (const name of actionNames) allowed[name] = actions.get(name) ?? false;
  return {
    departmentId: departmentId(department, org, 'Permissions.UserDepartmentId'),
    isAdministrator: required(asBool(field(obj, 'IsAdministrator'), 'Permissions.IsAdministrator'), 'Permissions.IsAdministrator'),
    documentAccessLevel: accessLevel(field(obj, 'DocumentAccessLevel'), 'Permissions.DocumentAccessLevel'),
    selectedDepartmentIds: selectedDepartments(field(obj, 'SelectedDepartmentIds'), org, 'Permissions.SelectedDepartmentIds'),
    actions: allowed,
    authorization: authorization ? readAuthorization(authorization, 'Permissions.AuthorizationPermission') : { isBlocked: false },
  };
}

/** EmployeePermissionsPatch: each wrapper present changes its part; Actions lists only the actions to change. */
function applyPermissionsPatch(obj: Record<string, JsonValue>, target: EmployeePermissions, org: Organization): void {
  const department = patch(obj, 'Department', 'Permissions.Department');
  if (department) {
    const id = required(asString(field(department, 'DepartmentId'), 'Permissions.Department.DepartmentId'), 'Permissions.Department.DepartmentId');
    target.departmentId = departmentId(id, org, 'Permissions.Department.DepartmentId');
  }
  const admin = patch(obj, 'IsAdministrator', 'Permissions.IsAdministrator');
  if (admin) {
    target.isAdministrator = required(asBool(field(admin, 'IsAdministrator'), 'Permissions.IsAdministrator.IsAdministrator'), 'Permissions.IsAdministrator.IsAdministrator');
  }
  const level = patch(obj, 'DocumentAccessLevel', 'Permissions.DocumentAccessLevel');
  if (level) target.documentAccessLevel = accessLevel(field(level, 'DocumentAccessLevel'), 'Permissions.DocumentAccessLevel.DocumentAccessLevel');
  const selected = patch(obj, 'SelectedDepartments', 'Permissions.SelectedDepartments');
  if (selected) {
    target.selectedDepartmentIds = selectedDepartments(field(selected, 'SelectedDepartmentIds'), org, 'Permissions.SelectedDepartments.SelectedDepartmentIds');
  }
  for (const [name, allowed] of readActions(field(obj, 'Actions'), 'Permissions.Actions')) target.actions[name] = allowed;
  const authorization = patch(obj, 'AuthorizationPermission', 'Permissions.AuthorizationPermission');
  if (authorization) target.authorization = readAuthorization(authorization, 'Permissions.AuthorizationPermission');
}

interface FoundUser {
  existing: User;
  isNew: boolean;
}

/** EmployeeToCreateByLogin: an existing Diadoc user by login, or a new unregistered one. */
function userByLogin(ctx: Context, obj: Record<string, JsonValue>): FoundUser {
  const login = required(asString(field(obj, 'Login'), 'Credentials.Login.Login'), 'Credentials.Login.Login').trim();
  if (!emailPattern.test(login)) throw badRequest(`Логин ${login} должен быть адресом электронной почты`);
  const existing = ctx.state.userByLogin(login);
  if (existing) return { existing, isNew: false };
  const fullName = asObject(field(obj, 'FullName'), 'Credentials.Login.FullName');
  if (!fullName) throw badRequest(`Пользователь ${login} не найден в Диадоке: для создания укажите Credentials.Login.FullName`);
  const lastName = required(asString(field(fullName, 'LastName'), 'FullName.LastName'), 'FullName.LastName');
  const firstName = required(asString(field(fullName, 'FirstName'), 'FullName.FirstName'), 'FullName.FirstName');
  const middleName = asString(field(fullName, 'MiddleName'), 'FullName.MiddleName');
  return {
    existing: {
      userId: ctx.state.newUserId(),
      login,
      fullName: middleName ? { lastName, firstName, middleName } : { lastName, firstName },
      // A user created by login has not confirmed the e-mail yet.
      isRegistered: false,
    },
    isNew: true,
  };
}

const certificateUsers = new WeakMap<User, string>();

/**
 * EmployeeToCreateByCertificate: the X.509 certificate (DER, Base64 in JSON) names the person.
 * The same certificate always maps to the same user (by its SHA-1 thumbprint).
 */
function userByCertificate(ctx: Context, obj: Record<string, JsonValue>): FoundUser {
  const content = required(asString(field(obj, 'Content'), 'Credentials.Certificate.Content'), 'Credentials.Certificate.Content');
  const email = asString(field(obj, 'Email'), 'Credentials.Certificate.Email')?.trim();
  if (email && !emailPattern.test(email)) throw badRequest(`Email ${email} не является адресом электронной почты`);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(content, 'base64'));
  } catch {
    throw badRequest('Credentials.Certificate.Content не является сертификатом X.509 в кодировке DER');
  }
  const thumbprint = createHash('sha1').update(certificate.raw).digest('hex');
  for (const user of ctx.state.users.values()) {
    if (certificateUsers.get(user) === thumbprint) return { existing: user, isNew: false };
  }
  const subject = new Map<string, string>();
  for (const line of certificate.subject.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) subject.set(line.slice(0, eq).toUpperCase(), line.slice(eq + 1));
  }
  const commonName = subject.get('CN') ?? '';
  const [cnLast = '', cnFirst = '', cnMiddle] = commonName.split(/\s+/);
  const [givenFirst, givenMiddle] = (subject.get('GN') ?? '').split(/\s+/);
  const lastName = subject.get('SN') ?? cnLast;
  const firstName = givenFirst || cnFirst;
  if (!lastName || !firstName) throw badRequest('В сертификате не указаны фамилия и имя владельца');
  const middleName = givenFirst ? givenMiddle : cnMiddle;
  const login = email || subject.get('EMAILADDRESS');
  if (login) {
    const byLogin = ctx.state.userByLogin(login);
    if (byLogin) return { existing: byLogin, isNew: false };
  }
  const user: User = {
    userId: ctx.state.newUserId(),
    fullName: middleName ? { lastName, firstName, middleName } : { lastName, firstName },
    isRegistered: true,
  };
  if (login) user.login = login;
  certificateUsers.set(user, thumbprint);
  return { existing: user, isNew: true };
}
