// The two ways to authenticate with the Planfix XML API, and the Basic header each one sends.
import { ValidationError } from '../../core/errors.js';

/** Token auth (preferred): every request carries Basic apiKey:token; no session. */
export interface PlanfixTokenAuth {
  apiKey: string;
  token: string;
}

/**
 * Login auth (legacy): `auth.login` with login and password gives a session key (sid, one hour);
 * requests carry it in the body and Basic apiKey: with an empty password.
 */
export interface PlanfixLoginAuth {
  apiKey: string;
  login: string;
  password: string;
}

export type PlanfixAuth = PlanfixTokenAuth | PlanfixLoginAuth;

export function isLoginAuth(auth: PlanfixAuth): auth is PlanfixLoginAuth {
  return 'login' in auth && typeof (auth as PlanfixLoginAuth).login === 'string';
}

/** Checks the credentials before any request. */
export function checkAuth(auth: PlanfixAuth): void {
  const issues: { path: string; message: string }[] = [];
  if (!auth.apiKey) issues.push({ path: 'apiKey', message: 'the API key is required (Account management / API access)' });
  if (isLoginAuth(auth)) {
    if (!auth.password) issues.push({ path: 'password', message: 'login auth needs the password too' });
  } else if (!('token' in auth) || !auth.token) {
    issues.push({ path: 'token', message: 'give a token (token auth) or a login and password (login auth)' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

/** The Authorization header: Basic base64("apiKey:token"), or base64("apiKey:") with login auth. */
export function basicAuthorization(auth: PlanfixAuth): string {
  const password = isLoginAuth(auth) ? '' : auth.token;
  return `Basic ${Buffer.from(`${auth.apiKey}:${password}`, 'utf8').toString('base64')}`;
}
