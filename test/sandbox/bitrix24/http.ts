// Plain-fetch helpers for the sandbox tests (no client code on purpose).

export interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function getJson(url: string): Promise<Reply> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

export async function postJson(url: string, payload: unknown): Promise<Reply> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

export async function postForm(url: string, form: string): Promise<Reply> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

export function rows(reply: Reply): Record<string, unknown>[] {
  return reply.body.result as Record<string, unknown>[];
}

/** An access token of another user, through the sandbox's consent page and the code grant. */
export async function userToken(sb: { url: string; info: { clientId: string; clientSecret: string; oauthTokenUrl: string } }, userId: number): Promise<string> {
  const consent = await getJson(`${sb.url}/oauth/authorize/?client_id=${sb.info.clientId}&user_id=${userId}`);
  const token = await getJson(`${sb.info.oauthTokenUrl}?grant_type=authorization_code&client_id=${sb.info.clientId}&client_secret=${sb.info.clientSecret}&code=${String(consent.body.code)}`);
  return String(token.body.access_token);
}
