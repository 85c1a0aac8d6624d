// Test helpers: XML requests built with fast-xml-parser and sent with plain fetch (no client).
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { PlanfixSandbox } from '../../../src/sandbox/planfix/index.js';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false });
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: false });

export type Params = Record<string, unknown>;

/** `<request method="…">` with the given children (objects nest, arrays repeat). */
export function requestXml(method: string, params: Params): string {
  return builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, request: { '@_method': method, ...params } }) as string;
}

export type Auth = { token: string } | { sid: string } | { basic: string } | 'none';

export interface Answer {
  httpStatus: number;
  headers: Headers;
  text: string;
  status: string;
  code?: string;
  /** The parsed <response> element. */
  body: Record<string, unknown>;
}

export async function postRaw(sb: PlanfixSandbox, xml: string, authorization?: string): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/xml' };
  if (authorization !== undefined) headers.authorization = authorization;
  const res = await fetch(sb.info.url, { method: 'POST', headers, body: xml });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = ((parser.parse(text) as Record<string, unknown>).response ?? {}) as Record<string, unknown>;
  } catch {
    body = {};
  }
  return {
    httpStatus: res.status,
    headers: res.headers,
    text,
    status: String(body['@_status'] ?? ''),
    code: body.code === undefined ? undefined : String(body.code),
    body,
  };
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Sends `method` with the account filled in; token auth with the info's token unless told otherwise. */
export async function call(sb: PlanfixSandbox, method: string, params: Params = {}, auth?: Auth): Promise<Answer> {
  const a: Auth = auth ?? { token: sb.info.token };
  let authorization: string | undefined;
  const envelope: Params = { account: sb.info.account };
  if (a === 'none') authorization = undefined;
  else if ('token' in a) authorization = basic(sb.info.apiKey, a.token);
  else if ('sid' in a) {
    authorization = basic(sb.info.apiKey, '');
    envelope.sid = a.sid;
  } else authorization = a.basic;
  return postRaw(sb, requestXml(method, { ...envelope, ...params }), authorization);
}

/** Like call, but fails the test unless the answer is ok. */
export async function ok(sb: PlanfixSandbox, method: string, params: Params = {}, auth?: Auth): Promise<Record<string, unknown>> {
  const answer = await call(sb, method, params, auth);
  if (answer.status !== 'ok') throw new Error(`${method} answered ${answer.text}`);
  return answer.body;
}

export function list<T = Record<string, unknown>>(value: unknown): T[] {
  if (value === undefined || value === '' || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

export function obj(value: unknown): Record<string, unknown> {
  return (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
}

/** Worker/member/auditor ids of a task card: { users, groups }. */
export function people(task: Record<string, unknown>, role: 'workers' | 'members' | 'auditors'): { users: string[]; groups: string[] } {
  const node = obj(task[role]);
  return {
    users: list(obj(node.users).user).map((u) => String(obj(u).id)),
    groups: list(obj(node.groups).group).map((g) => String(obj(g).id)),
  };
}

export function tokenOf(sb: PlanfixSandbox, login: string): string {
  const user = [...sb.state.users.values()].find((u) => u.login === login);
  for (const [token, id] of sb.state.tokens) if (id === user?.id) return token;
  throw new Error(`no token for ${login}`);
}

export function userIdOf(sb: PlanfixSandbox, login: string): number {
  const user = [...sb.state.users.values()].find((u) => u.login === login);
  if (!user) throw new Error(`no user ${login}`);
  return user.id;
}
