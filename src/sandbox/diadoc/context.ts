// What a route handler gets: the caller, the query (names case-insensitive), the JSON body read
// exactly, and the box access checks every box method makes, in the service's order.
import type { IncomingMessage } from 'node:http';
import type { Caller } from './auth.js';
import { DiadocError, badRequest, forbidden, notFound } from './errors.js';
import { JsonSyntaxError, parseJson, type JsonValue } from './json.js';
import { isGuid, normalizeBoxId, type DiadocState, type Employee, type Organization } from './state.js';

/** Query parameters with case-insensitive names (the service accepts boxid, boxId, BOXID alike). */
export class Query {
  private readonly values = new Map<string, string>();

  constructor(search: URLSearchParams) {
    for (const [name, value] of search) {
      const key = name.toLowerCase();
      if (!this.values.has(key)) this.values.set(key, value);
    }
  }

  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase());
  }

  has(name: string): boolean {
    const value = this.get(name);
    return value !== undefined && value !== '';
  }

  /** A required parameter: 400 when absent or empty. */
  require(name: string): string {
    const value = this.get(name)?.trim();
    if (!value) throw badRequest(`Не указан обязательный параметр ${name}`);
    return value;
  }

  /** An optional positive integer within [min, max]: 400 when it is not one. */
  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.get(name)?.trim();
    if (raw === undefined || raw === '') return fallback;
    if (!/^-?\d+$/.test(raw)) throw badRequest(`Параметр ${name} должен быть целым числом`);
    const value = Number(raw);
    if (value < min || value > max) throw badRequest(`Параметр ${name} должен быть в диапазоне от ${min} до ${max}`);
    return value;
  }

  /** The box of a box method: boxId in either documented form (BoxIdGuid or BoxId), as its GUID. */
  requireBoxId(): string {
    const value = this.get('boxId');
    if (value === undefined || value === '') throw badRequest('Не указан обязательный параметр boxId');
    const guid = normalizeBoxId(value);
    if (guid === undefined) {
      throw badRequest(`Параметр boxId должен быть идентификатором ящика: GUID (BoxIdGuid) или <32 шестнадцатеричные цифры>@diadoc.ru (BoxId): ${value}`);
    }
    return guid;
  }

  requireGuid(name: string): string {
    const value = this.require(name);
    if (!isGuid(value)) throw badRequest(`Параметр ${name} должен быть идентификатором (GUID): ${value}`);
    return value.toLowerCase();
  }
}

export interface Context {
  req: IncomingMessage;
  body: Buffer;
  query: Query;
  state: DiadocState;
  caller: Caller;
}

export interface BoxAccess {
  org: Organization;
  /** The caller's own employee record in the box. */
  me: Employee;
}

export function callerUserId(ctx: Context): string {
  if (ctx.caller.kind !== 'user') throw new DiadocError(401, 'Метод требует авторизационный токен пользователя');
  return ctx.caller.userId;
}

/**
 * The checks a box method makes, in order: boxId present and well-formed (400), the box exists (404),
 * the caller works in it and is not blocked (403), the box's API subscription is active (402), and
 * for administrator-only methods the caller is an administrator (403). `unknownBox` is the status
 * for a box that does not exist, 404 unless the method's page lists none.
 */
export function boxAccess(ctx: Context, options: { admin?: boolean; unknownBox?: 403 | 404 } = {}): BoxAccess {
  const boxId = ctx.query.requireBoxId();
  const org = ctx.state.organizationByBoxId(boxId);
  // Pages without a 404 (CreateEmployee, UpdateEmployee) answer an unknown box as one the token
  // may not reach: 403, "доступ к ящику с предоставленным авторизационным токеном запрещен".
  if (!org) throw options.unknownBox === 403 ? forbidden(`Доступ к ящику ${boxId} запрещён`) : notFound(`Ящик ${boxId} не найден`);
  const me = ctx.state.employee(org.box.boxIdGuid, callerUserId(ctx));
  if (!me) throw forbidden(`Доступ к ящику ${boxId} запрещён`);
  if (me.permissions.authorization.isBlocked) throw forbidden(`Доступ пользователя к ящику ${boxId} ограничен администратором`);
  if (org.box.apiSubscriptionEnded) {
    throw new DiadocError(402, `Доступ запрещён: у ящика ${boxId} закончилась подписка на API. Необходима оплата тарифа API`);
  }
  if (options.admin && !me.permissions.isAdministrator) {
    throw forbidden('Метод доступен только администраторам организации');
  }
  return { org, me };
}

/** The body as a JSON object, read exactly (big integers as bigint). 400 for anything else. */
export function jsonBody(ctx: Context): Record<string, JsonValue> {
  if (ctx.body.length === 0) throw badRequest('Тело запроса отсутствует');
  const type = (ctx.req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    // The service reads protobuf unless told otherwise; the sandbox reads JSON only.
    throw badRequest('Тело запроса не удалось прочитать: песочница принимает только JSON, укажите Content-Type: application/json');
  }
  let value: JsonValue;
  try {
    value = parseJson(ctx.body.toString('utf8'));
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw badRequest(`Тело запроса не является корректным JSON: ${error.message}`);
    throw error;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badRequest('Тело запроса должно быть JSON-объектом');
  return value;
}

// Field readers for request structures; `path` names the field in the error text.

export function field(obj: Record<string, JsonValue>, name: string): JsonValue | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  // Accept any letter case of a field name, as the service's JSON reader does.
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

export function asObject(value: JsonValue | undefined, path: string): Record<string, JsonValue> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`Поле ${path} должно быть объектом`);
  return value;
}

export function asBool(value: JsonValue | undefined, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  // The docs' own UpdateSubscriptions example sends "true"/"false" as strings.
  if (value === 'true' || value === 'false') return value === 'true';
  throw badRequest(`Поле ${path} должно быть логическим значением (true или false)`);
}

export function asString(value: JsonValue | undefined, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`Поле ${path} должно быть строкой`);
  return value;
}

export function asArray(value: JsonValue | undefined, path: string): JsonValue[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest(`Поле ${path} должно быть массивом`);
  return value;
}

export function required<T>(value: T | undefined, path: string): T {
  if (value === undefined) throw badRequest(`Не заполнено обязательное поле ${path}`);
  return value;
}
