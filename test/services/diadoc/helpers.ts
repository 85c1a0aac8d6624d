// Shared by the Diadoc client tests: a fetch that records what went over the wire (to count
// Authenticate calls, refreshes and retries), and clients for each way of signing in.
import type { DiadocSandbox } from '../../../src/sandbox/diadoc/index.js';
import { DiadocClient, type DiadocClientOptions, type DiadocCommonOptions } from '../../../src/services/diadoc/index.js';

export interface Exchange {
  method: string;
  /** Path without the query, e.g. /GetEmployee. */
  path: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The status, or 0 when no answer came. */
  status: number;
  /** The answer's text, kept for the token endpoints only (to know every secret handed out). */
  answer?: string;
}

export class Recorder {
  readonly exchanges: Exchange[] = [];

  readonly fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const url = new URL(input);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    const exchange: Exchange = {
      method: String(init.method ?? 'GET'),
      path: url.pathname,
      url: input,
      headers,
      ...(typeof init.body === 'string' && { body: init.body }),
      status: 0,
    };
    this.exchanges.push(exchange);
    const response = await fetch(input, init);
    exchange.status = response.status;
    if (url.pathname === '/V3/Authenticate' || url.pathname === '/connect/token') exchange.answer = await response.clone().text();
    return response;
  };

  count(path: string): number {
    return this.exchanges.filter((e) => e.path === path).length;
  }

  /** Every token the sandbox handed out through this recorder (Authenticate bodies, token endpoint answers). */
  issuedSecrets(): string[] {
    const out: string[] = [];
    for (const e of this.exchanges) {
      if (!e.answer || e.status !== 200) continue;
      if (e.path === '/V3/Authenticate') out.push(e.answer.trim());
      else {
        const body = JSON.parse(e.answer) as { access_token?: string; refresh_token?: string };
        if (body.access_token) out.push(body.access_token);
        if (body.refresh_token) out.push(body.refresh_token);
      }
    }
    return out;
  }

  clear(): void {
    this.exchanges.length = 0;
  }
}

/** Fast retries, so that fault tests stay quick. */
export const quickRetry = { retries: 3, baseDelayMs: 5, maxDelayMs: 20 };

export type Mode = 'token' | 'password' | 'user' | 'bearer';

export function clientFor(
  sb: DiadocSandbox,
  mode: Mode,
  options: DiadocCommonOptions & { bearer?: Partial<Extract<DiadocClientOptions, { bearer: unknown }>['bearer'] & object> } = {},
): DiadocClient {
  const { bearer, ...common } = options;
  const base = { url: sb.url, retry: quickRetry, ...common };
  const { clientId } = sb.info;
  switch (mode) {
    case 'token':
      return new DiadocClient({ clientId, token: sb.info.token, ...base });
    case 'password':
      return new DiadocClient({ clientId, login: sb.info.login, password: sb.info.password, ...base });
    case 'user':
      return new DiadocClient({ clientId, login: sb.info.userLogin, password: sb.info.userPassword, ...base });
    case 'bearer': {
      const o = sb.info.oauth;
      return new DiadocClient({
        bearer: { accessToken: o.accessToken, refreshToken: o.refreshToken, tokenUrl: o.tokenUrl, clientId: o.clientId, clientSecret: o.clientSecret, ...bearer },
        ...base,
      });
    }
  }
}

/** Every secret of a sandbox, for leak checks. */
export const secretsOf = (sb: DiadocSandbox): string[] => [
  sb.info.token,
  sb.info.password,
  sb.info.userPassword,
  sb.info.clientId,
  sb.info.oauth.accessToken,
  sb.info.oauth.refreshToken,
  sb.info.oauth.clientSecret,
];
