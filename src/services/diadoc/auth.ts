// Diadoc credentials, three ways: a token the user already has, a token obtained by login and
// password (V3/Authenticate, cached, obtained again once on 401), or an OAuth/OpenID Connect
// bearer token refreshed through a token endpoint. Concurrent calls share one renewal: a burst of
// 401s costs one Authenticate or one refresh (refresh tokens rotate and are single-use).
import { ConfigurationError, createApiError, InvalidResponseError } from '../../core/errors.js';
import { requireSecureUrl, send, type FetchLike, type HttpResponse } from '../../core/http.js';
import type { SecretSet } from '../../core/redact.js';
import { renewOnce, seedCredentials, type SharedCredentials } from '../../core/shared-refresh.js';
import { diadocError } from './answer.js';

/** Tokens from the OAuth token endpoint (store `refreshToken`: the old one may be spent). */
export interface DiadocTokens {
  accessToken: string;
  refreshToken?: string;
  /** Seconds the access token lives, as the server said. */
  expiresIn?: number;
  /** When the access token expires (from expires_in). */
  expiresAt?: Date;
  scope?: string;
  tokenType?: string;
}

export interface DiadocBearerAuth {
  accessToken: string;
  /** With tokenUrl and clientId, an expiring or refused access token is refreshed. */
  refreshToken?: string;
  /** The OpenID Connect token endpoint, e.g. https://<identity server>/connect/token. */
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  /** When the given access token expires: a Date, or Unix milliseconds. */
  expiresAt?: Date | number;
  /** Or: seconds from now until it expires (expires_in as the server gave it). */
  expiresIn?: number;
  /** Receives the new tokens after every refresh, so they can be stored (the refresh token rotates). */
  onTokens?: (tokens: DiadocTokens) => void | Promise<void>;
}

export type DiadocAuth =
  /** DiadocAuth with a token the caller obtained (used as is; a 401 is final). */
  | { clientId: string; token: string }
  /** DiadocAuth with a token obtained by login and password, cached for the client's life. */
  | { clientId: string; login: string; password: string }
  /** OAuth 2 / OpenID Connect: `Authorization: Bearer …`. */
  | { bearer: string | DiadocBearerAuth };

export interface AuthContext {
  baseUrl: string;
  fetch: FetchLike;
  timeoutMs: number;
  secrets: SecretSet;
  debug: (line: string) => void;
  /**
   * With `shared`: where the renewable credentials are kept for every process using them — a
   * password login's token, or an OAuth application's rotating access and refresh tokens.
   */
  share?: SharedCredentials;
}

/** What the client needs of any credentials. */
export interface Credentials {
  /** The Authorization header for the next call (obtains or refreshes a token first when needed). */
  header(signal?: AbortSignal): Promise<string>;
  /**
   * After a 401 answered to `usedHeader`: renews the token (once for all callers that used the
   * same one). Resolves false when these credentials cannot be renewed.
   */
  renew(usedHeader: string, signal?: AbortSignal): Promise<boolean>;
}

export const diadocAuthHeader = (clientId: string, token?: string): string =>
  token === undefined
    ? `DiadocAuth ddauth_api_client_id=${clientId}`
    : `DiadocAuth ddauth_api_client_id=${clientId},ddauth_token=${token}`;

/** Runs `task` once for everyone who asks while it is running. */
class Shared<T> {
  private running: Promise<T> | undefined;
  run(task: () => Promise<T>): Promise<T> {
    this.running ??= task().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }
}

class StaticToken implements Credentials {
  private readonly value: string;
  constructor(clientId: string, token: string) {
    this.value = diadocAuthHeader(clientId, token);
  }
  async header(): Promise<string> {
    return this.value;
  }
  async renew(): Promise<boolean> {
    return false;
  }
}

class PasswordLogin implements Credentials {
  private current: string | undefined;
  private readonly obtaining = new Shared<string>();

  constructor(
    private readonly clientId: string,
    private readonly login: string,
    private readonly password: string,
    private readonly ctx: AuthContext,
  ) {}

  async header(signal?: AbortSignal): Promise<string> {
    return this.current ?? this.obtain(signal);
  }

  async renew(usedHeader: string, signal?: AbortSignal): Promise<boolean> {
    // Someone already replaced the token this call used: just repeat with the new one.
    if (this.current !== undefined && this.current !== usedHeader) return true;
    this.current = undefined;
    await this.obtain(signal, usedHeader);
    return true;
  }

  /** A token other than the one in `spentHeader`: with `shared`, the stored one, or one login for all processes. */
  private obtain(signal?: AbortSignal, spentHeader?: string): Promise<string> {
    return this.obtaining.run(async () => {
      const authenticate = () => {
        this.ctx.debug('… obtaining a Diadoc token (V3/Authenticate?type=password)');
        return authenticateByPassword(this.clientId, this.login, this.password, this.ctx, signal);
      };
      const share = this.ctx.share;
      const token = share
        ? (await renewOnce<string>(share, (stored) => diadocAuthHeader(this.clientId, stored) === spentHeader, authenticate)).value
        : await authenticate();
      this.ctx.secrets.add(token);
      this.current = diadocAuthHeader(this.clientId, token);
      return this.current;
    });
  }
}

/** POST /V3/Authenticate?type=password: the token comes back as the plain body. */
export async function authenticateByPassword(
  clientId: string,
  login: string,
  password: string,
  ctx: AuthContext,
  signal?: AbortSignal,
): Promise<string> {
  const response = await send(
    {
      method: 'POST',
      url: `${ctx.baseUrl}/V3/Authenticate?type=password`,
      headers: {
        authorization: diadocAuthHeader(clientId),
        accept: 'application/json',
        'content-type': 'application/json; charset=utf-8',
      },
      body: JSON.stringify({ login, password }),
      timeoutMs: ctx.timeoutMs,
      signal,
    },
    ctx.fetch,
    ctx.secrets,
  );
  if (response.status !== 200) throw diadocError('Authenticate', response, (s) => ctx.secrets.redact(s));
  const token = response.text.trim();
  if (!token || /\s/.test(token) || token.startsWith('<')) {
    throw new InvalidResponseError(
      'diadoc Authenticate: the answer is not a token',
      'diadoc',
      'Authenticate',
      response.status,
      response.headers['content-type'] ?? '',
      ctx.secrets.redact(token.slice(0, 40)),
    );
  }
  ctx.secrets.add(token);
  return token;
}

/** Refresh this long before the access token expires (a quarter of short lifetimes). */
const refreshMarginMs = (lifetimeMs: number | undefined) =>
  lifetimeMs !== undefined && lifetimeMs < 240_000 ? lifetimeMs / 4 : 60_000;

/** What a bearer client holds, and with `shared` what every process shares. */
interface BearerState {
  accessToken: string;
  refreshToken?: string;
  /** Unix ms after which the token is refreshed before use; absent = unknown expiry. */
  refreshAt?: number;
}

class BearerToken implements Credentials {
  private state: BearerState;
  private readonly refreshing = new Shared<void>();
  /** With `shared`: adopts what the store holds (newer tokens another process got) before the first call. */
  private seeded: Promise<void> | undefined;

  constructor(
    private readonly options: DiadocBearerAuth,
    private readonly ctx: AuthContext,
  ) {
    if (!options.accessToken) throw new ConfigurationError('the Diadoc bearer access token is empty');
    ctx.secrets.add(options.accessToken, options.refreshToken, options.clientSecret);
    if (options.tokenUrl) requireSecureUrl(options.tokenUrl, 'the OAuth token URL');
    const refreshAt =
      options.expiresIn !== undefined
        ? Date.now() + options.expiresIn * 1000 - refreshMarginMs(options.expiresIn * 1000)
        : options.expiresAt !== undefined
          ? Number(options.expiresAt) - refreshMarginMs(undefined)
          : undefined;
    this.state = {
      accessToken: options.accessToken,
      ...(options.refreshToken !== undefined && { refreshToken: options.refreshToken }),
      ...(refreshAt !== undefined && { refreshAt }),
    };
  }

  private get canRefresh(): boolean {
    return Boolean(this.state.refreshToken && this.options.tokenUrl && this.options.clientId);
  }

  private get current(): string {
    return `Bearer ${this.state.accessToken}`;
  }

  private adopt(state: BearerState): void {
    this.ctx.secrets.add(state.accessToken, state.refreshToken);
    this.state = state;
  }

  async header(signal?: AbortSignal): Promise<string> {
    const share = this.ctx.share;
    if (share && this.canRefresh) {
      this.seeded ??= seedCredentials(share, this.state).then((stored) => this.adopt(stored.value));
      await this.seeded;
    }
    if (this.canRefresh && this.state.refreshAt !== undefined && Date.now() >= this.state.refreshAt) {
      const expiring = this.state.accessToken;
      await this.refreshing.run(async () => {
        if (this.state.accessToken === expiring) await this.refresh(expiring, signal);
      });
    }
    return this.current;
  }

  async renew(usedHeader: string, signal?: AbortSignal): Promise<boolean> {
    if (!this.canRefresh) return false;
    if (usedHeader !== this.current) return true;
    const spent = this.state.accessToken;
    await this.refreshing.run(async () => {
      if (this.state.accessToken === spent) await this.refresh(spent, signal);
    });
    return true;
  }

  /**
   * Replaces the access token `spent`. With `shared`, once for every process: the one holding the
   * lock refreshes with the newest stored refresh token (they rotate) and alone calls onTokens.
   */
  private async refresh(spent: string, signal?: AbortSignal): Promise<void> {
    const share = this.ctx.share;
    let tokens: DiadocTokens | undefined;
    const renew = async (stored: BearerState | undefined): Promise<BearerState> => {
      tokens = await this.requestTokens(stored?.refreshToken ?? this.state.refreshToken!, signal);
      const refreshAt = tokens.expiresIn !== undefined ? Date.now() + tokens.expiresIn * 1000 - refreshMarginMs(tokens.expiresIn * 1000) : undefined;
      return {
        accessToken: tokens.accessToken,
        ...((tokens.refreshToken ?? stored?.refreshToken ?? this.state.refreshToken) !== undefined && {
          refreshToken: tokens.refreshToken ?? stored?.refreshToken ?? this.state.refreshToken,
        }),
        ...(refreshAt !== undefined && { refreshAt }),
      };
    };
    if (share) {
      const outcome = await renewOnce<BearerState>(share, (stored) => stored.accessToken === spent, renew);
      this.adopt(outcome.value);
      if (outcome.renewedHere && tokens) await this.options.onTokens?.(tokens);
      return;
    }
    this.adopt(await renew(undefined));
    if (tokens) await this.options.onTokens?.(tokens);
  }

  /** One refresh_token exchange at the token endpoint. */
  private async requestTokens(refreshToken: string, signal?: AbortSignal): Promise<DiadocTokens> {
    const { tokenUrl, clientId, clientSecret } = this.options;
    this.ctx.debug('… refreshing the Diadoc OAuth access token');
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId! });
    if (clientSecret) form.set('client_secret', clientSecret);
    const response = await send(
      {
        method: 'POST',
        url: tokenUrl!,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        timeoutMs: this.ctx.timeoutMs,
        signal,
      },
      this.ctx.fetch,
      this.ctx.secrets,
    );
    const tokens = readTokens(response, (s) => this.ctx.secrets.redact(s));
    this.ctx.secrets.add(tokens.accessToken, tokens.refreshToken);
    return tokens;
  }
}

/** Reads the token endpoint's answer: tokens on 200, an error with the OAuth code otherwise. */
function readTokens(response: HttpResponse, redact: (s: string) => string): DiadocTokens {
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(response.text);
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  if (response.status !== 200 || !body || typeof body.access_token !== 'string') {
    if (body && typeof body.error === 'string') {
      // RFC 6749: invalid_grant (the refresh token is spent or revoked), invalid_client, …
      throw createApiError(
        {
          service: 'diadoc',
          method: 'connect/token',
          status: response.status,
          code: body.error,
          description: typeof body.error_description === 'string' ? body.error_description : '',
          headers: response.headers,
          hint: {
            en: 'the token endpoint refused to refresh: sign the user in again to get new tokens',
            ru: 'сервер токенов отказал в обновлении: авторизуйте пользователя заново, чтобы получить новые токены',
          },
        },
        redact,
        'auth',
      );
    }
    if (response.status !== 200) throw diadocError('connect/token', response, redact);
    throw new InvalidResponseError(
      'diadoc connect/token: the answer has no access_token',
      'diadoc',
      'connect/token',
      response.status,
      response.headers['content-type'] ?? '',
      redact(response.text.slice(0, 200)),
    );
  }
  const expiresIn = body.expires_in === undefined || body.expires_in === null ? undefined : Number(body.expires_in);
  return {
    accessToken: body.access_token,
    ...(typeof body.refresh_token === 'string' && { refreshToken: body.refresh_token }),
    ...(expiresIn !== undefined && Number.isFinite(expiresIn) && { expiresIn, expiresAt: new Date(Date.now() + expiresIn * 1000) }),
    ...(typeof body.scope === 'string' && { scope: body.scope }),
    ...(typeof body.token_type === 'string' && { tokenType: body.token_type }),
  };
}

/** Builds the credentials of a client; registers every secret with the client's SecretSet. */
export function createCredentials(auth: DiadocAuth, ctx: AuthContext): Credentials {
  if ('bearer' in auth) {
    const bearer = typeof auth.bearer === 'string' ? { accessToken: auth.bearer } : auth.bearer;
    return new BearerToken(bearer, ctx);
  }
  if (!auth.clientId) throw new ConfigurationError('the Diadoc developer key (clientId, ddauth_api_client_id) is required');
  ctx.secrets.add(auth.clientId);
  if ('token' in auth) {
    if (!auth.token) throw new ConfigurationError('the Diadoc token is empty');
    ctx.secrets.add(auth.token);
    return new StaticToken(auth.clientId, auth.token);
  }
  if (!auth.login || !auth.password) throw new ConfigurationError('Diadoc login and password are both required');
  ctx.secrets.add(auth.password);
  return new PasswordLogin(auth.clientId, auth.login, auth.password, ctx);
}
