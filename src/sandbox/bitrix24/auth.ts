// Who is calling: an incoming webhook (user ID + secret code in the path) or an OAuth
// application (access token in `auth`), and the token endpoint that issues and rotates tokens.
import { createHmac, randomBytes } from 'node:crypto';
import { PortalError } from './errors.js';
import { portalScopes } from './scopes.js';

export interface Caller {
  userId: number;
  /** The operating-time limit is kept per application or webhook. */
  principal: string;
  /** A webhook or an OAuth application (app.info answers only the latter). */
  kind: 'webhook' | 'app';
  /** The scopes the webhook or application holds. */
  scopes: ReadonlySet<string>;
  /**
   * What links made for this caller carry as `auth` (DOWNLOAD_URL, uploadUrl): the access token of
   * an application, a key derived from a webhook's code (never the code itself).
   */
  credential?: string;
}

interface AccessToken {
  userId: number;
  expiresAt: number;
}

interface RefreshToken {
  userId: number;
  spent: boolean;
  expiresAt: number;
}

const refreshLifetime = 180 * 86_400;
const codeLifetime = 30;


export function secret(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export class AuthRegistry {
  readonly webhookUserId = 1;
  readonly webhookCode = secret(8);
  readonly clientId = `local.${secret(7)}.${secret(4)}`;
  readonly clientSecret = secret(24);
  readonly memberId = secret(16);
  private accessTokens = new Map<string, AccessToken>();
  private refreshTokens = new Map<string, RefreshToken>();
  private codes = new Map<string, { userId: number; expiresAt: number }>();
  refreshes = 0;
  codeExchanges = 0;
  /** Scopes of the webhook and of the application: every scope the sandbox knows unless set. */
  webhookScopes: ReadonlySet<string> = new Set(portalScopes);
  appScopes: ReadonlySet<string> = new Set(portalScopes);
  /** False once the portal's administrator has removed the application. */
  installed = true;

  constructor(private readonly accessLifetime: number) {}

  issue(userId: number, nowSec: number): { accessToken: string; refreshToken: string; expires: number } {
    const accessToken = secret(16);
    const refreshToken = secret(16);
    const expires = Math.floor(nowSec) + this.accessLifetime;
    this.accessTokens.set(accessToken, { userId, expiresAt: expires });
    this.refreshTokens.set(refreshToken, { userId, spent: false, expiresAt: nowSec + refreshLifetime });
    return { accessToken, refreshToken, expires };
  }

  /** The application's scopes as the token endpoint and the consent page show them. */
  appScopeText(): string {
    return [...this.appScopes].join(',');
  }

  authorizationCode(userId: number, nowSec: number): string {
    const code = secret(16);
    this.codes.set(code, { userId, expiresAt: nowSec + codeLifetime });
    return code;
  }

  /**
   * The application is removed from the portal: its tokens stop working, and the token endpoint
   * answers invalid_client, which the docs (settings/oauth/error-codes.md) give for an
   * application not installed on the portal.
   */
  uninstall(): void {
    this.installed = false;
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.codes.clear();
  }

  expireAll(nowSec: number): void {
    for (const token of this.accessTokens.values()) token.expiresAt = Math.min(token.expiresAt, nowSec - 1);
  }

  /** Checks a webhook path: a wrong code is NO_AUTH_FOUND, a code of another user INVALID_CREDENTIALS. */
  webhook(userId: string, code: string): Caller {
    if (code !== this.webhookCode) throw new PortalError(401, 'NO_AUTH_FOUND', 'Wrong authorization data');
    if (Number(userId) !== this.webhookUserId) throw new PortalError(403, 'INVALID_CREDENTIALS', 'Invalid request credentials');
    return { userId: this.webhookUserId, principal: `webhook:${this.webhookUserId}`, kind: 'webhook', scopes: this.webhookScopes, credential: this.webhookLinkKey() };
  }

  /** The webhook's key in links: as lasting as the webhook, but not its code. */
  webhookLinkKey(): string {
    return createHmac('sha256', this.webhookCode).update('links').digest('hex').slice(0, 40);
  }

  /**
   * The caller behind a link's `auth`: the webhook's link key or a live access token. A bad one is
   * 401 NO_AUTH_FOUND, an expired token 401 expired_token, as for a method call.
   */
  linkCaller(auth: unknown, nowSec: number): Caller {
    if (typeof auth === 'string' && auth === this.webhookLinkKey()) {
      return { userId: this.webhookUserId, principal: `webhook:${this.webhookUserId}`, kind: 'webhook', scopes: this.webhookScopes, credential: auth };
    }
    return this.token(auth, nowSec);
  }

  token(auth: unknown, nowSec: number): Caller {
    // A missing or unknown token is the system errors table's NO_AUTH_FOUND ("a wrong access token
    // or webhook code"); the table has no other code for it.
    const token = typeof auth === 'string' ? this.accessTokens.get(auth) : undefined;
    if (!token) throw new PortalError(401, 'NO_AUTH_FOUND', 'Wrong authorization data');
    if (token.expiresAt <= nowSec) throw new PortalError(401, 'expired_token', 'The access token provided has expired');
    return { userId: token.userId, principal: `app:${this.clientId}`, kind: 'app', scopes: this.appScopes, credential: auth as string };
  }

  /** grant_type=authorization_code | refresh_token; the answer of oauth.bitrix.info. */
  grant(params: Record<string, unknown>, nowSec: number, endpoints: { client: string; server: string; domain: string }): Record<string, unknown> {
    const grantType = params.grant_type;
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
      throw new PortalError(400, 'invalid_request', 'Invalid grant_type');
    }
    if (params.client_id !== this.clientId || params.client_secret !== this.clientSecret) {
      throw new PortalError(401, 'invalid_client', 'Invalid client data');
    }
    if (!this.installed) throw new PortalError(401, 'invalid_client', 'Application not installed');
    let userId: number;
    if (grantType === 'authorization_code') {
      const code = typeof params.code === 'string' ? this.codes.get(params.code) : undefined;
      if (!code || code.expiresAt <= nowSec) throw new PortalError(400, 'invalid_grant', 'Invalid authorization code');
      this.codes.delete(params.code as string);
      userId = code.userId;
      this.codeExchanges += 1;
    } else {
      const key = typeof params.refresh_token === 'string' ? params.refresh_token : '';
      const token = this.refreshTokens.get(key);
      if (!token || token.spent || token.expiresAt <= nowSec) throw new PortalError(400, 'invalid_grant', 'Invalid refresh token');
      // Refresh tokens rotate: the one just used can never be used again.
      token.spent = true;
      userId = token.userId;
      this.refreshes += 1;
    }
    const issued = this.issue(userId, nowSec);
    return {
      access_token: issued.accessToken,
      expires: issued.expires,
      expires_in: this.accessLifetime,
      scope: this.appScopeText(),
      domain: endpoints.domain,
      server_endpoint: endpoints.server,
      status: 'L',
      client_endpoint: endpoints.client,
      member_id: this.memberId,
      user_id: userId,
      refresh_token: issued.refreshToken,
    };
  }
}
