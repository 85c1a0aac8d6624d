// What Diadoc clients signing in with the same login share with `shared`: the token
// V3/Authenticate gives, so that N processes authenticate once rather than N times, and all take
// a new one once when it is refused. Keys are named by a hash of the address, developer key and
// login (all of them secret or personal). Tokens the caller gives (token, bearer) are not stored.
import { createHash } from 'node:crypto';
import type { SharedCredentials } from '../../core/shared-refresh.js';
import { openSharedStore, type SharedOptions } from '../../core/shared-redis.js';
import type { DiadocAuth } from './auth.js';

export interface DiadocSharedOptions extends SharedOptions {
  /** How long one sign-in may hold the lock, in ms (default 15 000); a process that dies signing in frees it after this. */
  loginLockMs?: number;
}

export interface DiadocSharing {
  /** Where a password login's token is kept; absent for other credentials. */
  share?: SharedCredentials;
  close(): Promise<void>;
}

export function diadocSharing(auth: DiadocAuth, baseUrl: string, shared: DiadocSharedOptions | undefined): DiadocSharing {
  if (!shared || !('login' in auth)) return { close: () => Promise.resolve() };
  const { store, close } = openSharedStore(shared);
  const who = createHash('sha256').update(`${baseUrl}\n${auth.clientId}\n${auth.login}`).digest('hex').slice(0, 24);
  return { share: { store, key: `diadoc:{${who}}:token`, lockMs: shared.loginLockMs ?? 15_000 }, close };
}
