// Where a Bitrix24 client keeps what other processes serving the same portal must see: the
// portal's bucket, each method's operating time, the OAuth tokens. Keys are namespaced per portal
// (the leaky bucket is the portal's), per webhook or application (operating time and tokens are
// theirs), so one Redis serves any number of portals. A portal's keys share a hash tag, so they
// stay together on a Redis Cluster. Secrets never appear in keys: a webhook is named by a hash.
import { createHash } from 'node:crypto';
import type { SharedStore } from '../../core/shared-state.js';
import { openSharedStore, type SharedOptions } from '../../core/shared-redis.js';
import type { Bitrix24Auth } from './auth.js';

export interface Bitrix24SharedOptions extends SharedOptions {
  /**
   * How long one token refresh may hold the portal's lock, in ms (default 15 000). A process
   * that dies while refreshing frees the portal after this; the refresh request's own timeout is
   * kept below it.
   */
  refreshLockMs?: number;
}

export interface Bitrix24Sharing {
  store: SharedStore;
  bucketKey: string;
  /** Operating time of one method, for this webhook or application. */
  operatingKey(method: string): string;
  tokensKey: string;
  refreshLockMs: number;
  close(): Promise<void>;
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** `base`: …/rest/<user>/<code>/ for a webhook, …/rest/ for OAuth. */
export function bitrix24Sharing(auth: Bitrix24Auth, base: string, shared: Bitrix24SharedOptions | undefined): Bitrix24Sharing {
  const portal = new URL(base).host.toLowerCase();
  const principal =
    'webhookUrl' in auth
      ? `hook:${hash(base)}`
      : `app:${auth.app?.clientId ?? 'none'}`;
  const at = `bitrix24:{${portal}}`;
  const { store, close } = openSharedStore(shared);
  return {
    store,
    bucketKey: `${at}:bucket`,
    operatingKey: (method) => `${at}:${principal}:operating:${method.toLowerCase()}`,
    tokensKey: `${at}:${principal}:tokens`,
    refreshLockMs: shared?.refreshLockMs ?? 15_000,
    close,
  };
}
