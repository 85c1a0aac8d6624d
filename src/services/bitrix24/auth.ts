// Bitrix24 credentials: an incoming webhook, or an OAuth application's tokens with refresh.
// Refresh tokens are single-use (each refresh returns a new one), so concurrent calls that see
// an expired token must share ONE refresh.
import { ConfigurationError } from '../../core/errors.js';
import { isLoopbackHost, requireSecureUrl, send, type FetchLike } from '../../core/http.js';
import type { SecretSet } from '../../core/redact.js';
import { bitrixError, readAnswer } from './answer.js';
import type { ApiErrorKind } from '../../core/errors.js';

export const defaultOAuthTokenUrl = 'https://oauth.bitrix.info/oauth/token/';

/** The tokens an OAuth exchange returns (store `refreshToken`: the old one is spent). */
export interface Bitrix24Tokens {
  accessToken: string;
  refreshToken: string;
  /** Unix seconds when the access token expires. */
  expires?: number;
  expiresIn?: number;
  clientEndpoint?: string;
  serverEndpoint?: string;
  memberId?: string;
  scope?: string;
  userId?: number;
  domain?: string;
}

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  /** Token endpoint; Bitrix24's own server by default. */
  tokenUrl?: string;
}

export type Bitrix24Auth =
  | { webhookUrl: string }
  | {
      /** Portal address: `https://portal.bitrix24.ru`, or a bare host as oint accepts it. */
      portal: string;
      accessToken: string;
      /** With `app`, an expired access token is refreshed and the call repeated. */
      refreshToken?: string;
      app?: OAuthApp;
      /** Receives the new tokens after every refresh, so that they can be stored. */
      onTokens?: (tokens: Bitrix24Tokens) => void | Promise<void>;
    };

/**
 * Accepts a portal as oint does: a URL, or a bare host (`b24-xxx.bitrix24.by`, https implied;
 * plain http only for loopback sandboxes such as `127.0.0.1:8080`).
 */
export function normalizePortal(portal: string): URL {
  const trimmed = portal.trim();
  if (!trimmed) throw new ConfigurationError(
      "the Bitrix24 portal address is empty: give the portal's address (--url your.bitrix24.ru on the command line, portal in the library)",
    );
  let withScheme = trimmed;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    const host = trimmed.split(/[/:]/)[0] ?? '';
    withScheme = `${isLoopbackHost(host) ? 'http' : 'https'}://${trimmed}`;
  }
  const url = requireSecureUrl(withScheme, 'the Bitrix24 portal address');
  return new URL(`${url.protocol}//${url.host}/`);
}

/** Splits a webhook URL into its base (…/rest/<user>/<code>/) and checks its shape. */
export function parseWebhookUrl(webhookUrl: string): { base: string; code: string; userId: string } {
  const url = requireSecureUrl(webhookUrl.trim(), 'the webhook URL');
  const match = /^(.*?\/rest\/)(\d+)\/([^/]+)\/?/.exec(url.pathname);
  if (!match) {
    throw new ConfigurationError(
      'the webhook URL must look like https://<portal>/rest/<user id>/<webhook code>/ (copy it from the portal\'s "Incoming webhook" page)',
    );
  }
  return { base: `${url.protocol}//${url.host}${match[1]}${match[2]}/${match[3]}/`, code: match[3]!, userId: match[2]! };
}

function tokensFrom(body: Record<string, unknown>): Bitrix24Tokens {
  if (typeof body.access_token !== 'string' || typeof body.refresh_token !== 'string') {
    throw new ConfigurationError('the OAuth server answered without access_token/refresh_token');
  }
  const num = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Number(v));
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    expires: num(body.expires),
    expiresIn: num(body.expires_in),
    clientEndpoint: str(body.client_endpoint),
    serverEndpoint: str(body.server_endpoint),
    memberId: str(body.member_id),
    scope: str(body.scope),
    userId: num(body.user_id),
    domain: str(body.domain),
  };
}

export interface TokenRequestContext {
  fetch: FetchLike;
  timeoutMs: number;
  secrets: SecretSet;
}

const authorizeAgain = {
  en: 'these credentials cannot give tokens any more: send the user to authorize the application again (authorizeUrl)',
  ru: 'по этим данным токены больше не выдаются: отправьте пользователя заново авторизовать приложение (authorizeUrl)',
};

/**
 * The token endpoint's documented errors (settings/oauth/error-codes.md). Every one that means
 * "no tokens for these credentials" is an AuthenticationError, so that an application knows to
 * send its user to authorize again: a spent, expired or revoked refresh token or code
 * (invalid_grant), an unknown client or an app no longer installed on the portal (invalid_client),
 * an app removed or unpaid (PAYMENT_REQUIRED).
 */
export const tokenEndpointErrors: Record<string, { kind: ApiErrorKind; hint: { en: string; ru: string } }> = {
  invalid_grant: {
    kind: 'auth',
    hint: {
      en: 'the refresh token or authorization code is spent, expired or revoked (refresh tokens rotate: store the new one after every refresh); send the user to authorize the application again',
      ru: 'токен продления или код авторизации использован, истёк или отозван (токен продления меняется при каждом обновлении: храните новый); отправьте пользователя заново авторизовать приложение',
    },
  },
  invalid_client: {
    kind: 'auth',
    hint: {
      en: 'the client_id/client_secret are wrong, or the application is not installed on the portal (any more); check them, reinstall, and authorize again',
      ru: 'неверные client_id/client_secret, или приложение не установлено на портале (удалено); проверьте их, установите приложение и авторизуйте заново',
    },
  },
  PAYMENT_REQUIRED: {
    kind: 'auth',
    hint: {
      en: 'the application was removed from the portal, or its trial or paid period ended; no tokens until it is renewed and authorized again',
      ru: 'приложение удалено с портала, или истёк его пробный либо оплаченный период; токенов не будет, пока его не продлят и не авторизуют заново',
    },
  },
  expired_token: { kind: 'auth', hint: authorizeAgain },
  invalid_token: { kind: 'auth', hint: authorizeAgain },
  insufficient_scope: {
    kind: 'permission',
    hint: { en: 'the application asked for more scopes than its card allows: add them to the card', ru: 'приложение запросило права сверх указанных в его карточке: добавьте их в карточку' },
  },
  invalid_scope: {
    kind: 'permission',
    hint: { en: 'the application asked for more scopes than its card allows: add them to the card', ru: 'приложение запросило права сверх указанных в его карточке: добавьте их в карточку' },
  },
  invalid_request: {
    kind: 'other',
    hint: { en: 'the token request was malformed: check the token URL and the parameters', ru: 'запрос токена составлен неверно: проверьте адрес и параметры' },
  },
};

/** One exchange at the OAuth token endpoint (authorization code or refresh token). */
export async function requestTokens(
  app: OAuthApp,
  grant: { grant_type: 'authorization_code'; code: string } | { grant_type: 'refresh_token'; refresh_token: string },
  ctx: TokenRequestContext,
): Promise<Bitrix24Tokens> {
  const tokenUrl = requireSecureUrl(app.tokenUrl ?? defaultOAuthTokenUrl, 'the OAuth token URL');
  ctx.secrets.add(app.clientSecret, 'code' in grant ? grant.code : grant.refresh_token);
  const query = new URLSearchParams({ ...grant, client_id: app.clientId, client_secret: app.clientSecret });
  const url = `${tokenUrl.toString()}${tokenUrl.search ? '&' : '?'}${query}`;
  const response = await send({ method: 'GET', url, timeoutMs: ctx.timeoutMs }, ctx.fetch, ctx.secrets);
  const redact = (s: string) => ctx.secrets.redact(s);
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    body = undefined;
  }
  if (response.status !== 200 || !body || typeof body !== 'object' || 'error' in body) {
    if (body && typeof body === 'object' && 'error' in body) {
      const b = body as { error: unknown; error_description?: unknown };
      throw bitrixError('oauth/token', response.status, String(b.error ?? ''), String(b.error_description ?? ''), redact, tokenEndpointErrors);
    }
    const answer = readAnswer('oauth/token', response.status, response.headers['content-type'] ?? '', response.text, redact);
    if (answer instanceof Error) throw answer;
    throw new ConfigurationError(`the OAuth server refused the ${grant.grant_type} request (HTTP ${response.status})`);
  }
  const tokens = tokensFrom(body as Record<string, unknown>);
  ctx.secrets.add(tokens.accessToken, tokens.refreshToken);
  return tokens;
}

/** The link that sends a user to the portal to authorize an application (oint: ПолучитьСсылкуАвторизацииПриложения). */
export function authorizeUrl(portal: string, clientId: string, state?: string): string {
  const base = normalizePortal(portal);
  const query = new URLSearchParams({ client_id: clientId, response_type: 'code' });
  if (state) query.set('state', state);
  return `${base.toString()}oauth/authorize/?${query}`;
}
