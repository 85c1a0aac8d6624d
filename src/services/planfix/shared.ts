// What Planfix clients serving the same account share with `shared`: the account's pace (one
// request per second) and, with login auth, the session (sid), so that N processes log in once
// rather than N times. Keys are namespaced per account (and per login, by a hash). The daily
// quota needs no store: every answer carries the account's remaining count
// (X-RateLimit-Remaining), and its refusal (0007) is not repeated.
import { createHash } from 'node:crypto';
import type { SharedStore } from '../../core/shared-state.js';
import { openSharedStore, type SharedOptions } from '../../core/shared-redis.js';

export interface PlanfixSharedOptions extends SharedOptions {
  /** How long one login may hold the account's lock, in ms (default 15 000); a process that dies logging in frees it after this. */
  loginLockMs?: number;
}

export interface PlanfixSharing {
  store: SharedStore;
  bucketKey: string;
  sessionKey: string;
  loginLockMs: number;
  close(): Promise<void>;
}

export function planfixSharing(account: string, login: string | undefined, shared: PlanfixSharedOptions | undefined): PlanfixSharing {
  const at = `planfix:{${account.toLowerCase()}}`;
  const { store, close } = openSharedStore(shared);
  return {
    store,
    bucketKey: `${at}:bucket`,
    sessionKey: `${at}:login:${createHash('sha256').update(login ?? '').digest('hex').slice(0, 16)}:session`,
    loginLockMs: shared?.loginLockMs ?? 15_000,
    close,
  };
}
