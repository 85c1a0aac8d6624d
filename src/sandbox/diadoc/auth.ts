// Authentication: the DiadocAuth header with tokens from /V3/Authenticate, and OAuth 2 bearer
// tokens from the sandbox's own token endpoint (/connect/token, the path Kontur's identity server uses).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DiadocError } from './errors.js';
import { JsonSyntaxError, parseJson, stringifyJson } from './json.js';
import type { DiadocState, User } from './state.js';

export interface AuthSettings {
  /** The developer key, ddauth_api_client_id. */
  clientId: string;
  tokenLifetimeSeconds: number;
  accessTokenLifetimeSeconds: number;
  oauthClientId: string;
  oauthClientSecret: string;
}

/** Who is calling: a user (with a token) or only a registered developer key. */
export type Caller = { kind: 'user'; userId: string } | { kind: 'client' };

interface IssuedToken {
  userId: string;
  expiresAt: number;
}

export interface OAuthPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export class TokenStore {
  private readonly diadocTokens = new Map<string, IssuedToken>();
  private readonly accessTokens = new Map<string, IssuedToken>();
  /** Refresh tokens are single-use: each refresh removes the old one and issues a new pair. */
  private readonly refreshTokens = new Map<string, { userId: string; clientId: string }>();
  issued = 0;

  constructor(private readonly settings: AuthSettings) {}

  issueDiadocToken(userId: string, token = randomBytes(96).toString('base64')): string {
    this.diadocTokens.set(token, { userId, expiresAt: Date.now() + this.settings.tokenLifetimeSeconds * 1000 });
    this.issued += 1;
    return token;
  }

  issueOAuth(userId: string, clientId: string, fixed?: { accessToken: string; refreshToken: string }): OAuthPair {
    const accessToken = fixed?.accessToken ?? randomBytes(32).toString('base64url');
    const refreshToken = fixed?.refreshToken ?? randomBytes(32).toString('hex').toUpperCase();
    const expiresIn = this.settings.accessTokenLifetimeSeconds;
    this.accessTokens.set(accessToken, { userId, expiresAt: Date.now() + expiresIn * 1000 });
    this.refreshTokens.set(refreshToken, { userId, clientId });
    this.issued += 1;
    return { accessToken, refreshToken, expiresIn };
  }

  /** auth.sid values "from other Kontur services", as /V3/Authenticate?type=sid takes them. */
  private readonly authSids = new Map<string, string>();

  issueAuthSid(userId: string, sid = randomBytes(24).toString('hex')): string {
    this.authSids.set(sid, userId);
    return sid;
  }

  authSidUser(sid: string): string | undefined {
    return this.authSids.get(sid);
  }

  /** Makes every DiadocAuth token and access token expired now; refresh tokens stay usable. */
  expireAll(): void {
    const past = Date.now() - 1;
    for (const token of this.diadocTokens.values()) token.expiresAt = past;
    for (const token of this.accessTokens.values()) token.expiresAt = past;
  }

  diadocToken(token: string): IssuedToken | undefined {
    return this.diadocTokens.get(token);
  }

  accessToken(token: string): IssuedToken | undefined {
    return this.accessTokens.get(token);
  }

  /** Spends a refresh token; undefined when it is unknown, already spent, or another client's. */
  spendRefreshToken(token: string, clientId: string): string | undefined {
    const entry = this.refreshTokens.get(token);
    if (!entry || entry.clientId !== clientId) return undefined;
    this.refreshTokens.delete(token);
    return entry.userId;
  }
}

const challenge = ['DiadocAuth realm="Diadoc"', 'Bearer realm="Diadoc"'];

function unauthorized(message: string, header: string | string[] = challenge): DiadocError {
  return new DiadocError(401, message, { 'www-authenticate': header });
}

/** Splits `name=value, name=value` robustly: spaces around pairs, '=' inside values, quoted values. */
export function parseDiadocAuthParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name && !params.has(name)) params.set(name, value);
  }
  return params;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Authenticator {
  constructor(
    readonly settings: AuthSettings,
    readonly tokens: TokenStore,
    /** The current state (a reset replaces it). */
    private readonly state: () => DiadocState,
  ) {}

  /**
   * Checks the Authorization header. `client` methods (GetBox, GetOrganization) need only a valid
   * developer key; `user` methods need a user's token, DiadocAuth or Bearer.
   */
  authenticate(req: IncomingMessage, need: 'user' | 'client'): Caller {
    const header = req.headers.authorization?.trim();
    if (!header) throw unauthorized('В запросе отсутствует HTTP-заголовок Authorization');
    const space = header.search(/\s/);
    const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
    const rest = space < 0 ? '' : header.slice(space + 1).trim();
    if (scheme === 'bearer') {
      const entry = rest ? this.tokens.accessToken(rest) : undefined;
      if (!entry) throw unauthorized('Недействительный токен доступа OAuth', 'Bearer realm="Diadoc", error="invalid_token"');
      if (entry.expiresAt <= Date.now()) {
        throw unauthorized(
          'Срок действия токена доступа OAuth истёк',
          'Bearer realm="Diadoc", error="invalid_token", error_description="The access token expired"',
        );
      }
      return { kind: 'user', userId: entry.userId };
    }
    if (scheme !== 'diadocauth') throw unauthorized('Неподдерживаемая схема авторизации: ожидается DiadocAuth или Bearer');
    const params = parseDiadocAuthParams(rest);
    const clientId = params.get('ddauth_api_client_id');
    if (!clientId) throw unauthorized('В заголовке Authorization отсутствует параметр ddauth_api_client_id');
    if (!sameText(clientId, this.settings.clientId)) throw unauthorized('Ключ разработчика (ddauth_api_client_id) не зарегистрирован в Диадоке');
    const token = params.get('ddauth_token');
    if (!token) {
      if (need === 'client') return { kind: 'client' };
      throw unauthorized('В заголовке Authorization отсутствует параметр ddauth_token');
    }
    const entry = this.tokens.diadocToken(token);
    if (!entry) {
      if (need === 'client') return { kind: 'client' };
      throw unauthorized('Авторизационный токен повреждён или не выдавался');
    }
    if (entry.expiresAt <= Date.now()) {
      if (need === 'client') return { kind: 'client' };
      throw unauthorized('Срок действия авторизационного токена истёк');
    }
    return { kind: 'user', userId: entry.userId };
  }

  /**
   * POST /V3/Authenticate (page http/Authenticate): the developer key in the header, `type` one of
   * password (JSON body {"login","password"}), certificate (not served: GOST crypto), sid (the
   * auth.sid as a text/plain body). Answers the DiadocAuth token as the plain body.
   */
  login(req: IncomingMessage, type: string | undefined, body: Buffer): string {
    const header = req.headers.authorization?.trim() ?? '';
    const space = header.search(/\s/);
    const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
    const clientId = scheme === 'diadocauth' ? parseDiadocAuthParams(header.slice(space + 1)).get('ddauth_api_client_id') : undefined;
    if (!header) throw unauthorized('В запросе отсутствует HTTP-заголовок Authorization');
    if (!clientId) throw unauthorized('В заголовке Authorization отсутствует параметр ddauth_api_client_id');
    if (!sameText(clientId, this.settings.clientId)) throw unauthorized('Ключ разработчика (ddauth_api_client_id) не зарегистрирован в Диадоке');
    if (!type) throw new DiadocError(400, 'Не указан обязательный параметр type');
    switch (type.toLowerCase()) {
      case 'password':
        return this.passwordLogin(readLoginBody(req, body));
      case 'sid':
        return this.sidLogin(req, body);
      case 'certificate':
        throw new DiadocError(400, 'Аутентификация по сертификату (type=certificate) песочницей не поддерживается: используйте type=password, type=sid или OAuth');
      default:
        throw new DiadocError(400, `Неизвестный способ аутентификации type=${type}: допустимы password, certificate, sid`);
    }
  }

  private passwordLogin(body: unknown): string {
    const fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
    const pick = (name: string): unknown => fields && Object.entries(fields).find(([k]) => k.toLowerCase() === name)?.[1];
    const login = pick('login');
    const password = pick('password');
    if (typeof login !== 'string' || typeof password !== 'string' || !login || !password) {
      throw new DiadocError(400, 'В теле запроса должны быть строковые поля login и password');
    }
    const user = this.state().userByLogin(login);
    if (!user?.password || !sameText(user.password, password)) throw unauthorized('Неверный логин или пароль');
    return this.tokens.issueDiadocToken(user.userId);
  }

  /** type=sid: "pass auth.sid in the body with the header Content-Type: text/plain". */
  private sidLogin(req: IncomingMessage, body: Buffer): string {
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'text/plain') throw new DiadocError(400, 'Передайте auth.sid в теле запроса с заголовком Content-Type: text/plain');
    const sid = body.toString('utf8').trim();
    if (!sid) throw new DiadocError(400, 'В теле запроса отсутствует auth.sid');
    const userId = this.tokens.authSidUser(sid);
    if (userId === undefined || !this.state().users.has(userId)) throw unauthorized('Недействительный auth.sid');
    return this.tokens.issueDiadocToken(userId);
  }

  /** POST /connect/token (application/x-www-form-urlencoded), RFC 6749 answers. */
  tokenEndpoint(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const reply = (status: number, value: Record<string, unknown>, headers: Record<string, string> = {}): void => {
      res.writeHead(status, {
        ...headers,
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        pragma: 'no-cache',
      });
      res.end(stringifyJson(value));
    };
    if (req.method !== 'POST') {
      reply(405, { error: 'invalid_request', error_description: 'The token endpoint accepts POST only' }, { allow: 'POST' });
      return;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') {
      reply(400, { error: 'invalid_request', error_description: 'The body must be application/x-www-form-urlencoded' });
      return;
    }
    const form = new URLSearchParams(body.toString('utf8'));
    let clientId = form.get('client_id') ?? undefined;
    let clientSecret = form.get('client_secret') ?? undefined;
    const basic = /^basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        clientId = decodeURIComponent(decoded.slice(0, colon));
        clientSecret = decodeURIComponent(decoded.slice(colon + 1));
      }
    }
    if (!clientId || !clientSecret || !sameText(clientId, this.settings.oauthClientId) || !sameText(clientSecret, this.settings.oauthClientSecret)) {
      reply(401, { error: 'invalid_client', error_description: 'Unknown client or wrong client secret' });
      return;
    }
    const grant = form.get('grant_type');
    let userId: string | undefined;
    if (grant === 'refresh_token') {
      const refresh = form.get('refresh_token');
      if (!refresh) {
        reply(400, { error: 'invalid_request', error_description: 'refresh_token is required' });
        return;
      }
      userId = this.tokens.spendRefreshToken(refresh, clientId);
      if (!userId) {
        reply(400, { error: 'invalid_grant', error_description: 'The refresh token is unknown, expired or already used' });
        return;
      }
    } else if (grant === 'password') {
      const username = form.get('username');
      const password = form.get('password');
      if (!username || !password) {
        reply(400, { error: 'invalid_request', error_description: 'username and password are required' });
        return;
      }
      const user: User | undefined = this.state().userByLogin(username);
      if (!user?.password || !sameText(user.password, password)) {
        reply(400, { error: 'invalid_grant', error_description: 'Invalid username or password' });
        return;
      }
      userId = user.userId;
    } else {
      reply(400, { error: 'unsupported_grant_type', error_description: 'Supported: refresh_token, password' });
      return;
    }
    const pair = this.tokens.issueOAuth(userId, clientId);
    reply(200, {
      access_token: pair.accessToken,
      expires_in: pair.expiresIn,
      token_type: 'Bearer',
      refresh_token: pair.refreshToken,
      scope: 'Diadoc.PublicAPI offline_access',
    });
  }
}

/** The type=password body: JSON only (the service would read protobuf without the content type). */
function readLoginBody(req: IncomingMessage, body: Buffer): unknown {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (body.length === 0) return undefined;
  if (type !== 'application/json') {
    throw new DiadocError(400, 'Тело запроса не удалось прочитать: песочница принимает только JSON, укажите Content-Type: application/json');
  }
  try {
    return parseJson(body.toString('utf8'));
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new DiadocError(400, `Тело запроса не является корректным JSON: ${error.message}`);
    throw error;
  }
}
