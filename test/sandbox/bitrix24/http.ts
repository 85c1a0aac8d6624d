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

/**
 * Calls methods as the webhook's user (1, the administrator) or, with `as`, as another user whose
 * access token is in `tokens`. `sandbox` is read at each call (tests start theirs in before()).
 */
export function callerOf(sandbox: () => { url: string; info: { webhookUrl: string } }, tokens: ReadonlyMap<number, string>) {
  return (method: string, params: Record<string, unknown> = {}, as?: number): Promise<Reply> => {
    const sb = sandbox();
    if (as === undefined) return postJson(`${sb.info.webhookUrl}${method}`, params);
    return postJson(`${sb.url}/rest/${method}`, { ...params, auth: tokens.get(as) });
  };
}

/** The answer is exactly the portal's error: this status, code and text. */
export function assertPortalError(reply: Reply, status: number, code: string, description: string): void {
  if (reply.status !== status || reply.body.error !== code || reply.body.error_description !== description || Object.keys(reply.body).length !== 2) {
    throw new Error(`expected ${status} ${code} "${description}", got ${reply.status} ${JSON.stringify(reply.body)}`);
  }
}
