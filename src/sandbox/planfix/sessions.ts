// Sessions of the login mode: auth.login hands out a sid that lives `lifetimeSeconds`
// (one hour on the real service, per the page "Авторизация по логину и паролю").
import { randomBytes } from 'node:crypto';

interface Session {
  userId: number;
  expiresAt: number;
}

export type SessionLookup = { userId: number } | 'missing' | 'expired';

export class Sessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly lifetimeSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  open(userId: number): string {
    const sid = randomBytes(16).toString('hex');
    this.sessions.set(sid, { userId, expiresAt: this.now() + this.lifetimeSeconds * 1000 });
    return sid;
  }

  /**
   * An unknown sid reads as expired, like a forgotten one: either way the client's remedy is
   * to log in again, which is what 0005 tells it.
   */
  lookup(sid: string | undefined): SessionLookup {
    if (sid === undefined || sid === '') return 'missing';
    const session = this.sessions.get(sid);
    if (!session || session.expiresAt <= this.now()) return 'expired';
    return { userId: session.userId };
  }

  /** Ends every open session now (the next request with an old sid gets 0005). */
  expireAll(): void {
    for (const session of this.sessions.values()) session.expiresAt = 0;
  }

  clear(): void {
    this.sessions.clear();
  }

  get size(): number {
    return this.sessions.size;
  }
}
