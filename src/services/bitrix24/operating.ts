// The operating-time limit (docs: limits.md): each method's execution time is summed per
// application or webhook over a sliding 10-minute window; past 480 s that method answers
// 429 OPERATION_TIME_LIMIT until the window frees. Every answer's `time` block (batch commands'
// `result_time` included) says how much the method used (`operating`) and when the oldest of it
// leaves the window (`operating_reset_at`). This tracker keeps both per method, so the client
// can wait before sending, and after a refusal knows until when the method is blocked.
// With a shared store, what each method used and until when it is blocked is published for
// every process serving the same webhook or application, so they all wait for the same reset.
// (The probe after a block stays per process: each sends at most one when the block ends.)
import type { SharedStore } from '../../core/shared-state.js';
import type { Bitrix24Time } from './answer.js';

export interface OperatingLimit {
  /** Execution seconds a method may use in the window (480 on real portals). */
  limitSeconds: number;
  /** Seconds kept in reserve below the limit before the client starts waiting. */
  marginSeconds: number;
  /**
   * The window, in seconds (600 on real portals). After a refusal with no known reset, the
   * client waits a tenth of it (one of the window's ten slots: the soonest anything can leave it).
   */
  windowSeconds: number;
}

export const defaultOperatingLimit: OperatingLimit = { limitSeconds: 480, marginSeconds: 5, windowSeconds: 600 };

interface MethodState {
  /** Seconds used in the window, by the latest answer. */
  operating?: number;
  /** Epoch ms when the oldest used time leaves the window, by the latest answer. */
  resetAt?: number;
  /** Epoch ms until which the portal refuses the method (after a 429); never shortened. */
  blockedUntil?: number;
  /** Epoch ms of the answer `operating` and `resetAt` come from (the newest wins across processes). */
  at?: number;
  /** Refused, and no answer since: the next request goes alone, as a probe. */
  refusedSinceAnswer?: boolean;
  /** The probe in flight; the others wait for its answer. */
  probe?: Promise<void>;
}

/** Where the tracker publishes each method's state for other processes. */
export interface OperatingShare {
  store: SharedStore;
  key(method: string): string;
}

type Published = Pick<MethodState, 'operating' | 'resetAt' | 'blockedUntil' | 'at'>;

/** Newest answer, longest block. */
function merge(into: Published, from: Published): boolean {
  let changed = false;
  if (from.at !== undefined && (into.at === undefined || from.at > into.at)) {
    Object.assign(into, { operating: from.operating, resetAt: from.resetAt, at: from.at });
    changed = true;
  }
  if (from.blockedUntil !== undefined && from.blockedUntil > (into.blockedUntil ?? 0)) {
    into.blockedUntil = from.blockedUntil;
    changed = true;
  }
  return changed;
}

export class OperatingTracker {
  private readonly methods = new Map<string, MethodState>();

  constructor(
    private readonly limit: OperatingLimit,
    private readonly share?: OperatingShare,
  ) {}

  /** Takes in what other processes published about `method` (a no-op without a shared store). */
  async sync(method: string): Promise<void> {
    if (!this.share) return;
    const shared = await this.share.store.read<Published>(this.share.key(method));
    if (shared) merge(this.state(method), shared.value);
  }

  /** Publishes this process's view of `method`, merged with what is stored (newest answer, longest block). */
  private publish(method: string): void {
    if (!this.share) return;
    const { store } = this.share;
    const key = this.share.key(method);
    const mine = this.state(method);
    const ttlMs = this.limit.windowSeconds * 1000 + 60_000;
    void (async () => {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const stored = await store.read<Published>(key);
        const next: Published = { ...(stored?.value ?? {}) };
        if (stored && !merge(next, mine)) return;
        if (!stored) merge(next, mine);
        if ((await store.write(key, next, stored?.version ?? 0, ttlMs)) !== undefined) return;
      }
    })().catch(() => undefined); // the store's failure shows in the next call's bucket or sync
  }

  private state(method: string): MethodState {
    const key = method.toLowerCase();
    let s = this.methods.get(key);
    if (!s) {
      s = {};
      this.methods.set(key, s);
    }
    return s;
  }

  /** Records what an answer's time block says about `method` (either field may be missing). */
  record(method: string, time: Partial<Bitrix24Time> | undefined): void {
    if (!time) return;
    const hasOperating = typeof time.operating === 'number';
    const hasReset = typeof time.operating_reset_at === 'number';
    if (!hasOperating && !hasReset) return;
    const s = this.state(method);
    s.refusedSinceAnswer = false;
    if (hasOperating) s.operating = time.operating;
    if (hasReset) s.resetAt = time.operating_reset_at! * 1000;
    s.at = Date.now();
    this.publish(method);
  }

  /**
   * After a 429 OPERATION_TIME_LIMIT: the method is blocked until the known reset, or, when none
   * lies ahead, for one slot of the window. A later block already known is kept. Returns the
   * epoch ms the method is expected to be free again.
   */
  refused(method: string, now = Date.now()): number {
    const s = this.state(method);
    const known = s.resetAt !== undefined && s.resetAt > now ? s.resetAt : undefined;
    const until = known ?? now + (this.limit.windowSeconds * 1000) / 10;
    s.blockedUntil = Math.max(s.blockedUntil ?? 0, until);
    s.refusedSinceAnswer = true;
    this.publish(method);
    return s.blockedUntil;
  }

  /**
   * After a block, the first request goes alone: every caller waiting for the same reset would
   * otherwise meet a second refusal together when the window has not freed enough. Returns the
   * probe to wait for, if one is in flight.
   */
  probeInFlight(method: string): Promise<void> | undefined {
    return this.methods.get(method.toLowerCase())?.probe;
  }

  /** Makes this request the probe when one is due; call the returned function on its answer. */
  claimProbe(method: string): (() => void) | undefined {
    const s = this.methods.get(method.toLowerCase());
    if (!s?.refusedSinceAnswer || s.probe) return undefined;
    let release!: () => void;
    s.probe = new Promise<void>((resolve) => {
      release = () => {
        s.probe = undefined;
        resolve();
      };
    });
    return release;
  }

  /** Milliseconds to wait before `method` may be sent; 0 when it may go now. */
  delayFor(method: string, now = Date.now()): number {
    const s = this.methods.get(method.toLowerCase());
    if (!s) return 0;
    if (s.blockedUntil !== undefined && s.blockedUntil > now) return s.blockedUntil - now;
    const nearLimit = (s.operating ?? 0) >= this.limit.limitSeconds - this.limit.marginSeconds;
    if (nearLimit && s.resetAt !== undefined && s.resetAt > now) return s.resetAt - now;
    return 0;
  }
}
