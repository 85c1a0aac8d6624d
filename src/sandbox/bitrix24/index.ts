/**
 * The Bitrix24 sandbox: a local emulator of one Bitrix24 portal, for developing and testing
 * offline. It answers as the official REST documentation says.
 *
 * Addresses
 * - Incoming webhook: `{url}/rest/{userId}/{code}/{method}` (`info.webhookUrl` ends with '/').
 *   A wrong code answers 401 NO_AUTH_FOUND; the right code with another user ID 403 INVALID_CREDENTIALS.
 * - OAuth application: `{url}/rest/{method}` with the access token in `auth`. No token: 401
 *   NO_AUTH_FOUND; unknown token: 401 invalid_token; expired: 401 expired_token.
 * - `.json` after the method is optional; method names are case-insensitive. Parameters come as
 *   JSON, as PHP-style form data (`users[0]=1&filter[>ID]=5`) or in the query string.
 * - Token endpoint `{url}/oauth/token/` (GET or POST): `grant_type=authorization_code&code=…` or
 *   `grant_type=refresh_token&refresh_token=…`, both with client_id and client_secret. Refresh
 *   tokens rotate: a spent one answers 400 invalid_grant. Bad client data: 401 invalid_client;
 *   so does every grant once the application is removed from the portal (`uninstallApp()`).
 * - Authorization codes: `GET {url}/oauth/authorize/?client_id=…&state=…[&user_id=N][&redirect_uri=…]`
 *   stands for the user's consent page. It answers JSON `{code, state, domain, member_id, scope,
 *   server_domain}`, or redirects to `redirect_uri` with those parameters. Codes live 30 seconds.
 * - `info` carries a ready webhook URL and a first token pair for user 1 (the administrator).
 *
 * Answers: `{result, time}`; list methods add `total` and `next` (pages of 50, `start`;
 * `start=-1` skips counting and omits both). Errors `{error, error_description}` with the
 * documented status; calendar methods use 400 and an empty code with Russian texts; CRM methods
 * 400 and an empty code; department.* 400 ERROR_CORE; unknown method 404 ERROR_METHOD_NOT_FOUND.
 *
 * CRM rows show every documented standard field, null when unset (leads show unset dates as "").
 * Leads have the multiple fields PHONE, EMAIL, WEB, IM, LINK (deals have none): arrays of
 * {ID, VALUE_TYPE, VALUE, TYPE_ID}, shown by get when not empty and by list only when named in
 * `select`; an update changes items by ID, deletes them with DELETE=Y or an empty VALUE, adds
 * items without an ID. HAS_PHONE / HAS_EMAIL / HAS_IMOL follow them. A stage or status change
 * sets MOVED_BY_ID / MOVED_TIME. user.get and user.search return only the fields `select` names.
 *
 * Limits: a leaky bucket per portal (503 QUERY_LIMIT_EXCEEDED "Too many requests"; a batch
 * counts once); operating time per method and per webhook/application summed in a sliding
 * window (429 OPERATION_TIME_LIMIT until `time.operating_reset_at`; batch commands count against
 * their own methods). Each call has a modelled processing time (a base cost, a cost per row, and
 * for list pages with start >= 0 a counting cost proportional to the selection: ~50 s per page on
 * 2.4 million rows as the docs measured), and the answer is really delayed by it × timeScale.
 * No Retry-After header is sent. `time.processing` and `time.operating` report the modelled
 * seconds (unscaled), `time.duration` the real wall time; the default model is in `costModel`.
 *
 * Deviations from a real portal, knowingly
 * - One portal, one webhook (user 1, all scopes); OAuth scope is fixed; HTTP is accepted
 *   (a real portal wants HTTPS for OAuth calls: use `tls: true` to test that path).
 * - Invalid JSON bodies answer 400 INVALID_REQUEST.
 * - A meeting is one event shared by its attendees (a real portal copies it into each
 *   attendee's calendar under its own ID); recurrence rules are stored and returned, not expanded.
 * - user.search matches word prefixes, not the portal's full-text index; access rights are
 *   simple: user 1 is the administrator, everyone may read everything.
 * - The 60-second request limit and the per-IP bucket are not modelled.
 * - Multiple-field values are not checked (a bad e-mail is kept); a PHONE filter compares whole
 *   values, without the portal's phone normalisation. IS_NEW stays "N".
 * - A calendar section's ACCESS is the default a portal sets on creation (owner: task 19, G2:
 *   task 13, the IDs of the docs' example); it cannot be changed.
 */
import { serve } from '../common/server.js';
import type { FaultInjector } from '../common/faults.js';
import { AuthRegistry } from './auth.js';
import { LeakyBucket, OperatingTime, type OperatingLimit, type RateLimit } from './limits.js';
import { PortalState } from './state.js';
import { Portal, emptyStats, type PortalStats } from './portal.js';

export { PortalState, Table } from './state.js';
export type { User, Department, Section, CalendarEvent, MeetingStatus } from './state.js';
export { EntityStore } from './entity-store.js';
export type { PortalStats } from './portal.js';
export { costModel } from './limits.js';

export interface Bitrix24SandboxOptions {
  port?: number;
  host?: string;
  tls?: boolean;
  certDir?: string;
  /** leaky bucket: default { bucketSize: 50, drainPerSecond: 2 } as on a real portal */
  rateLimit?: RateLimit | false;
  /** operating-time limit per method: default { windowSeconds: 600, limitSeconds: 480 } */
  operatingLimit?: OperatingLimit | false;
  /** multiplies the modelled processing delays (0 = answer at once; default 1) */
  timeScale?: number;
  accessTokenLifetimeSeconds?: number; // default 3600
  seed?: { deals?: number; leads?: number; users?: number; randomSeed?: number };
}

export interface Bitrix24SandboxInfo {
  service: 'bitrix24';
  url: string;
  portal: string /* host:port */;
  webhookUrl: string /* ends with '/' */;
  clientId: string;
  clientSecret: string;
  accessToken: string;
  refreshToken: string;
  oauthTokenUrl: string /* `${url}/oauth/token/` */;
  certPath?: string;
}

export interface Bitrix24Sandbox {
  url: string;
  info: Bitrix24SandboxInfo;
  faults: FaultInjector;
  /** make every access token issued so far expire now */
  expireAccessTokens(): void;
  /** the administrator removes the OAuth application: its tokens die, the token endpoint answers invalid_client */
  uninstallApp(): void;
  /**
   * The portal's data: `users`, `departments`, `sections`, `events` (tables by ID), `deals` and
   * `leads` (ID-sorted stores with add/update/delete/get), `reset()` to reseed.
   */
  state: PortalState;
  /** counters: requests, served, rateLimited (503s), operatingLimited (429s), refreshes … */
  stats: PortalStats;
  close(): Promise<void>;
}

export async function startBitrix24Sandbox(options: Bitrix24SandboxOptions = {}): Promise<Bitrix24Sandbox> {
  const state = new PortalState(options.seed ?? {});
  const auth = new AuthRegistry(options.accessTokenLifetimeSeconds ?? 3600);
  const rate = options.rateLimit === undefined ? { bucketSize: 50, drainPerSecond: 2 } : options.rateLimit;
  const operatingLimit = options.operatingLimit === undefined ? { windowSeconds: 600, limitSeconds: 480 } : options.operatingLimit;
  const bucket = rate ? new LeakyBucket(rate) : null;
  const operating = operatingLimit ? new OperatingTime(operatingLimit) : null;
  const stats = emptyStats();
  let baseUrl = '';
  const portal = new Portal({
    state,
    auth,
    bucket,
    operating,
    timeScale: options.timeScale ?? 1,
    stats,
    baseUrl: () => baseUrl,
  });
  const server = await serve({
    name: 'bitrix24',
    handler: (req, body, res) => portal.handle(req, body, res),
    // A JSON answer cut short, as a proxy dropping the connection mid-body would leave it.
    malformed: { contentType: 'application/json; charset=utf-8', body: '{"result":[{"ID":"1","TITLE":"Сделка' },
    reset: () => {
      state.reset();
      bucket?.reset();
      operating?.reset();
    },
    port: options.port,
    host: options.host,
    tls: options.tls,
    certDir: options.certDir,
  });
  baseUrl = server.url;
  const first = auth.issue(1, Date.now() / 1000);
  const info: Bitrix24SandboxInfo = {
    service: 'bitrix24',
    url: server.url,
    portal: new URL(server.url).host,
    webhookUrl: `${server.url}/rest/${auth.webhookUserId}/${auth.webhookCode}/`,
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
    accessToken: first.accessToken,
    refreshToken: first.refreshToken,
    oauthTokenUrl: `${server.url}/oauth/token/`,
    ...(server.certPath ? { certPath: server.certPath } : {}),
  };
  return {
    url: server.url,
    info,
    faults: server.faults,
    expireAccessTokens: () => auth.expireAll(Date.now() / 1000),
    uninstallApp: () => auth.uninstall(),
    state,
    stats,
    close: () => server.close(),
  };
}
