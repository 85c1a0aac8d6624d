// Credentials that rotate (OAuth tokens, a session) and are shared by several processes: exactly
// one of them renews under a lock with an expiry, the others wait and take the new value. The
// lock's expiry frees an account whose renewing process died; the record's version is the
// fencing token (a write lands only on the version it was computed from), so a process whose
// lock expired mid-renewal cannot overwrite newer credentials.
import { sleep } from './retry.js';
import type { SharedStore, Versioned } from './shared-state.js';

export interface SharedCredentials {
  store: SharedStore;
  /** The record's key; the lock is `<key>:lock`. */
  key: string;
  /** How long one renewal may hold the lock; a process that dies holding it frees it after this. */
  lockMs: number;
}

/** Stores `initial` unless the store already holds newer credentials; resolves to what is stored. */
export async function seedCredentials<T>(place: SharedCredentials, initial: T): Promise<Versioned<T>> {
  for (;;) {
    const stored = await place.store.read<T>(place.key);
    if (stored) return stored;
    const version = await place.store.write(place.key, initial, 0);
    if (version !== undefined) return { value: initial, version };
  }
}

/**
 * Renews the credentials once for every process that found them `stale`: resolves to fresh ones,
 * with `renewedHere` true in the one process whose renewal was stored (it alone reports them).
 * `renew` receives the stored credentials (the newest refresh token, say).
 */
export async function renewOnce<T>(
  place: SharedCredentials,
  stale: (current: T) => boolean,
  renew: (current: T | undefined) => Promise<T>,
  pollMs = 50,
): Promise<{ value: T; renewedHere: boolean }> {
  const lockKey = `${place.key}:lock`;
  for (;;) {
    const current = await place.store.read<T>(place.key);
    if (current && !stale(current.value)) return { value: current.value, renewedHere: false };
    const owner = await place.store.lock(lockKey, place.lockMs);
    if (!owner) {
      await sleep(pollMs);
      continue;
    }
    try {
      // Someone may have renewed between the read and the lock.
      const base = await place.store.read<T>(place.key);
      if (base && !stale(base.value)) return { value: base.value, renewedHere: false };
      let value: T;
      try {
        value = await renew(base?.value);
      } catch (error) {
        // Refused because another process (after our lock expired) spent the same refresh token
        // first: its credentials are stored by now, or will be once its lock is released.
        const after = await place.store.read<T>(place.key);
        if (after && after.version !== base?.version && !stale(after.value)) return { value: after.value, renewedHere: false };
        throw error;
      }
      const version = await place.store.write(place.key, value, base?.version ?? 0);
      if (version !== undefined) return { value, renewedHere: true };
      // Fenced out: our lock expired and another process stored credentials meanwhile.
      const theirs = await place.store.read<T>(place.key);
      if (theirs) return { value: theirs.value, renewedHere: false };
    } finally {
      await place.store.unlock(lockKey, owner).catch(() => undefined);
    }
  }
}
