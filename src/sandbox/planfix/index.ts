/**
 * The Planfix sandbox: a local emulator of the Planfix XML API (v1), written from the official
 * help pages ("ПланФикс API: …", mirrored in electronic777/planfix-docs). It shares no code with
 * the client.
 *
 * Endpoint: POST `${url}/xml/` with `<request method="…"><account>…</account>…</request>`;
 * answers `<response status="ok">…</response>` or `<response status="error"><code>0005</code></response>`
 * (HTTP 200; codes are strings with their leading zeros; nothing but the code, as documented —
 * the sandbox's explanation goes to `stats.lastErrors`).
 *
 * Order of checks: per-second limit → well-formed `<request>` (0003) → account (0004) →
 * API key from HTTP Basic (0001) → daily quota (0007) → signature, when a non-empty
 * `<signature>` is sent (0006) → the function exists (0008) → token or session
 * (0012 / 0005 / 0014) → the method's own checks.
 *
 * Authentication, both modes of the docs:
 * - token: HTTP Basic `apiKey:token` on every request; the token belongs to an employee (the
 *   info's token to the administrator Андрей Смирнов; every seeded employee has one, see
 *   `state.tokens`). An unknown token answers 0012.
 * - login: `auth.login` (login, password) answers `<sid>`; later requests carry `<sid>` and
 *   Basic `apiKey:` with an empty password. No sid → 0012; an expired or unknown sid → 0005
 *   (re-login is the remedy for both). The sid lives one hour as the docs say
 *   (`sidLifetimeSeconds`), and `expireSessions()` ends all sessions at once.
 *   Wrong login or password → 1001; an inactive employee → 0014.
 *
 * Signature: md5(method + parameters glued by the documented rule + signature key), see
 * signature.ts (all children of <request> but <signature> are parameters, account and sid
 * included; lists sorted by value as the prose says). Optional, checked only when sent.
 *
 * Limits: `rateLimit` requests a second per API key (default 1 as the docs say). The docs do
 * not say what an excess gets, and no documented code means it: the sandbox answers HTTP 429
 * with `Retry-After: 1` and a plain-text body, no Planfix code (DEVIATIONS.md). `dailyLimit`
 * requests per account per UTC day (default 20000, the smallest plan) → 0007.
 * `X-RateLimit-Remaining` carries the remaining daily quota on every answer of the XML endpoint
 * (exact here; the real one refreshes about every 10 minutes); absent when the daily limit is off.
 *
 * Paging: `pageCurrent` from 1, `pageSize` ≤ 100 (absent or 0 = 100; above 100 → 0021);
 * `pageCurrent` 0 answers the totals with no rows. project.getList follows its own page:
 * without pageCurrent it answers only the totals. List roots carry `count` and `totalCount`.
 *
 * Every departure from the pages, and every choice where they are silent or disagree (the
 * signature's list order, booleans, partial task.update, statuses, rights…): DEVIATIONS.md.
 */
import { serve } from '../common/server.js';
import { PlanfixError } from './errors.js';
import type { FaultInjector } from '../common/faults.js';
import { createPlanfixHandler, errorAnswer, type PlanfixStats } from './handler.js';
import { DailyQuota, PerSecondLimiter } from './limits.js';
import { buildSeed, sandboxCredentials } from './seed.js';
import { Sessions } from './sessions.js';
import { PlanfixState } from './state.js';

export { PlanfixState } from './state.js';
export type { PlanfixStats } from './handler.js';
export { computeSignature, signatureBase } from './signature.js';
export { taskStatuses } from './model.js';
export type { Contact, Project, Task, User, UserGroup } from './model.js';

export interface PlanfixSandboxOptions {
  port?: number;
  host?: string;
  tls?: boolean;
  certDir?: string;
  /** requests per second per API key; default 1 as on the real service; false = off */
  rateLimit?: { perSecond: number } | false;
  /** requests per day per account; default 20000 */
  dailyLimit?: number | false;
  /** Session (sid) lifetime; default 3600 — "the session key lives one hour" in the docs. */
  sidLifetimeSeconds?: number;
  seed?: { tasks?: number; contacts?: number; randomSeed?: number };
}

export interface PlanfixSandboxInfo {
  service: 'planfix';
  /** the XML endpoint, `${base}/xml/` */
  url: string;
  account: string;
  apiKey: string;
  token: string;
  login: string;
  password: string;
  signatureKey: string;
  certPath?: string;
}

export interface PlanfixSandbox {
  /** Base address, e.g. http://127.0.0.1:40123 (the XML endpoint is info.url). */
  url: string;
  info: PlanfixSandboxInfo;
  faults: FaultInjector;
  /** Ends every login session now: the next request with an old sid answers 0005. */
  expireSessions(): void;
  /** The account's live data (users carry their sandbox passwords, `tokens` maps token → user id). */
  state: PlanfixState;
  stats: PlanfixStats;
  close(): Promise<void>;
}

// What a `malformed` fault sends: an XML answer cut off in the middle.
const truncatedXml = '<?xml version="1.0" encoding="UTF-8"?><response status="ok"><task><id>10001</id><title>Подготовить ком';

/** The largest request body taken (the docs give no limit; see DEVIATIONS.md). */
export const maxRequestBytes = 32 * 1024 * 1024;

export async function startPlanfixSandbox(options: PlanfixSandboxOptions = {}): Promise<PlanfixSandbox> {
  const credentials = sandboxCredentials();
  const seedOptions = options.seed ?? {};
  const state = new PlanfixState(buildSeed(seedOptions, credentials));
  const sessions = new Sessions(options.sidLifetimeSeconds ?? 3600);
  const rate = options.rateLimit === undefined ? { perSecond: 1 } : options.rateLimit;
  const perSecond = rate === false ? undefined : new PerSecondLimiter(rate.perSecond);
  const dailyLimit = options.dailyLimit === undefined ? 20000 : options.dailyLimit;
  const daily = dailyLimit === false ? undefined : new DailyQuota(dailyLimit);
  const stats: PlanfixStats = { requests: 0, byMethod: {}, errors: {}, rateLimited: 0, silent: 0, lastErrors: [] };

  const server = await serve({
    name: 'planfix',
    handler: createPlanfixHandler({ credentials, state, sessions, perSecond, daily, stats }),
    malformed: { contentType: 'application/xml; charset=utf-8', body: truncatedXml },
    bodyLimit: {
      bytes: maxRequestBytes,
      // As any request the service cannot read: HTTP 200 and error 0003 (see DEVIATIONS.md).
      answer: (_req, res) => {
        const error = new PlanfixError('0003', `the request is larger than ${maxRequestBytes} bytes`);
        res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' });
        res.end(errorAnswer(error, stats));
      },
    },
    reset: () => {
      state.load(buildSeed(seedOptions, credentials));
      sessions.clear();
      perSecond?.clear();
      daily?.clear();
    },
    port: options.port,
    host: options.host,
    tls: options.tls,
    certDir: options.certDir,
  });

  return {
    url: server.url,
    info: {
      service: 'planfix',
      url: `${server.url}/xml/`,
      ...credentials,
      certPath: server.certPath,
    },
    faults: server.faults,
    expireSessions: () => sessions.expireAll(),
    state,
    stats,
    close: () => server.close(),
  };
}
