// Plain-fetch helpers for the Diadoc sandbox tests (deliberately no client code).
import type { DiadocSandbox } from '../../../src/sandbox/diadoc/index.js';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** JSON.parse of the body (ticks lose precision here; compare `text` for exact ticks). */
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function diadocAuth(sandbox: DiadocSandbox, token = sandbox.info.token): string {
  return `DiadocAuth ddauth_api_client_id=${sandbox.info.clientId},ddauth_token=${token}`;
}

export async function call(
  sandbox: DiadocSandbox,
  path: string,
  init: { method?: string; auth?: string | null; accept?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...init.headers };
  const auth = init.auth === undefined ? diadocAuth(sandbox) : init.auth;
  if (auth !== null) headers.authorization = auth;
  const accept = init.accept === undefined ? 'application/json' : init.accept;
  if (accept !== null) headers.accept = accept;
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  const res = await fetch(sandbox.url + path, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

/** Logs in with /V3/Authenticate and returns the token. */
export async function login(sandbox: DiadocSandbox, loginName: string, password: string): Promise<string> {
  const res = await fetch(`${sandbox.url}/V3/Authenticate?type=password`, {
    method: 'POST',
    headers: { authorization: `DiadocAuth ddauth_api_client_id=${sandbox.info.clientId}`, 'content-type': 'application/json' },
    body: JSON.stringify({ login: loginName, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return res.text();
}

export async function oauthToken(sandbox: DiadocSandbox, form: Record<string, string>): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(sandbox.info.oauth.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: await res.json() };
}
