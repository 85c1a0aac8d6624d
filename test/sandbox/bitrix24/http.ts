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
