// What Diadoc clients share with `shared`: the token V3/Authenticate gives a login, so that N
// processes authenticate once rather than N times and all take a new one once when it is refused;
// and an OAuth application's access and refresh tokens (the refresh token rotates: two processes
// refreshing on their own would lock each other out), refreshed once for all. Keys are named by a
// hash of the address, developer key and login, or of the address, token endpoint and client id.
// A fixed DiadocAuth token, or a bearer token without refresh, has nothing to renew: not stored.
import { createHash } from 'node:crypto';
import type { SharedCredentials } from '../../core/shared-refresh.js';
import { openSharedStore, type SharedOptions } from '../../core/shared-redis.js';
import type { DiadocAuth } from './auth.js';

export interface DiadocSharedOptions extends SharedOptions {
  /** How long one sign-in or refresh may hold the lock, in ms (default 15 000); a process that dies meanwhile frees it after this. */
  loginLockMs?: number;
}

export interface DiadocSharing {
  /** Where a password login's token or an OAuth application's tokens are kept; absent for other credentials. */
  share?: SharedCredentials;
  close(): Promise<void>;
}

export function diadocSharing(auth: DiadocAuth, baseUrl: string, shared: DiadocSharedOptions | undefined): DiadocSharing {
  const place = shared && sharedPlace(auth, baseUrl);
  if (!shared || !place) return { close: () => Promise.resolve() };
  const { store, close } = openSharedStore(shared);
  return { share: { store, key: `diadoc:{${place.who}}:${place.what}`, lockMs: shared.loginLockMs ?? 15_000 }, close };
}

function sharedPlace(auth: DiadocAuth, baseUrl: string): { who: string; what: string } | undefined {
  const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 24);
  if ('login' in auth) return { who: hash(baseUrl, auth.clientId, auth.login), what: 'token' };
  if ('bearer' in auth && typeof auth.bearer === 'object' && auth.bearer.refreshToken && auth.bearer.tokenUrl && auth.bearer.clientId) {
    return { who: hash(baseUrl, auth.bearer.tokenUrl, auth.bearer.clientId), what: 'bearer' };
  }
  return undefined;
}
