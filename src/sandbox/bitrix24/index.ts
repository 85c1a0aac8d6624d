/**
 * The Bitrix24 sandbox: a local emulator of one Bitrix24 portal, for developing and testing
 * offline. It answers as the official REST documentation says.
 *
 * Addresses
 * - Incoming webhook: `{url}/rest/{userId}/{code}/{method}` (`info.webhookUrl` ends with '/').
 *   A wrong code answers 401 NO_AUTH_FOUND; the right code with another user ID 403 INVALID_CREDENTIALS.
 * - OAuth application: `{url}/rest/{method}` with the access token in `auth`. No token: 401
 *   NO_AUTH_FOUND; unknown token: 401 invalid_token; expired: 401 expired_token.
 * - `.json` after the method is optional, `.xml` answers the same data as XML; method names are
 *   case-insensitive. Parameters come in the query string and the body, read by its Content-Type:
 *   JSON only with `application/json`; `multipart/form-data`; anything else as PHP-style form data
 *   (`users[0]=1&filter[>ID]=5`), so a JSON text sent as text/plain carries no parameters.
 * - Scopes: the webhook and the application each hold a list (default: all the sandbox knows,
 *   `portalScopes`; set with the `scope` option, `setScope` or POST /_sandbox/scope). A method
 *   outside them answers 403 insufficient_scope. `scope`, `methods`, `profile`, `app.info`,
 *   `server.time` need none.
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
 * `start=-1` skips counting and omits both). Errors `{error, error_description}` with the status,
 * code and text of the method's page; calendar methods use 400 and an empty code with Russian
 * texts; CRM methods 400 and an empty code; department.* 400 ERROR_CORE; unknown method 404
 * ERROR_METHOD_NOT_FOUND. An empty map is `[]`, as PHP encodes it. `batch` always answers 200:
 * commands past the 50th fail one by one with ERROR_BATCH_LENGTH_EXCEEDED.
 * task.checklistitem.* and task.elapseditem.* read their arguments by position, as their pages
 * require; task.stages.* and timeman.* answer 400 with their pages' own codes.
 *
 * CRM rows show every documented standard field, null when unset (leads show unset dates as "").
 * Leads have the multiple fields PHONE, EMAIL, WEB, IM, LINK (deals have none): arrays of
 * {ID, VALUE_TYPE, VALUE, TYPE_ID}, shown by get when not empty and by list only when named in
 * `select`; an update changes items by ID, deletes them with DELETE=Y or an empty VALUE, adds
 * items without an ID. HAS_PHONE / HAS_EMAIL / HAS_IMOL follow them. A stage or status change
 * sets MOVED_BY_ID / MOVED_TIME. user.get and user.search return the fields of user.fields that
 * have a value (TIMESTAMP_X moves on update), or only those `select` names. A meeting is the
 * organiser's event plus a copy in each attendee's calendar (PARENT_ID links them).
 *
 * Limits: a leaky bucket per portal (503 QUERY_LIMIT_EXCEEDED "Too many requests"; a batch
 * counts once); operating time per method and per webhook/application summed in a sliding
 * window (429 OPERATION_TIME_LIMIT until `time.operating_reset_at`; batch commands count against
 * their own methods). Each call has a modelled processing time (a base cost, a cost per field of
 * every row returned, and for list pages with start >= 0 the cost of counting the selection,
 * calibrated to published figures: limits.ts, DEVIATIONS.md), and the answer is really delayed by
 * it × timeScale.
 * No Retry-After header is sent. `time.processing` and `time.operating` report the modelled
 * seconds (unscaled), `time.duration` the real wall time; the default model is in `costModel`.
 *
 * Drive (disk.*): storages, folders and files whose bytes live in a temp directory removed by
 * close(); `DOWNLOAD_URL` (`/rest/download.json`, single byte ranges) and `uploadUrl`
 * (`/rest/upload.json`, multipart, streamed to disk) carry the caller's credential; external links
 * are `/~token`. Other sandbox code reaches it as `state.drive` (drive.ts: folderForChat, putFile…).
 *
 * Deviations from a real portal, each with its reason: DEVIATIONS.md beside this file.
 */
import { serve } from '../common/server.js';
import { PortalError } from './errors.js';
import type { FaultInjector } from '../common/faults.js';
import { AuthRegistry } from './auth.js';
import { LeakyBucket, OperatingTime, type OperatingLimit, type RateLimit } from './limits.js';
import { PortalState } from './state.js';
import { Portal, emptyStats, type PortalStats } from './portal.js';
import { readScopeList } from './scopes.js';
import { defaultUploadMaxBytes, isStreamedUpload } from './disk-transfer.js';

export { PortalState, Table } from './state.js';
export type { User, Department, Section, CalendarEvent, MeetingStatus } from './state.js';
export { EntityStore } from './entity-store.js';
export { DriveStore, driveTasks } from './drive.js';
export type { Storage, DriveObject, FileVersion, Right, AccessLevel, DriveActor } from './drive.js';
export type { PortalStats } from './portal.js';
export { costModel } from './limits.js';
export { portalScopes } from './scopes.js';

/** Scopes of the webhook and of the OAuth application: a list of names or "crm,user". */
export interface Bitrix24Scopes {
  webhook?: readonly string[] | string;
  app?: readonly string[] | string;
}

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
  /** the largest body the Drive's upload address takes, in bytes (default: a cloud portal's 2 GB); larger ones get 413 */
  uploadMaxBytes?: number;
  accessTokenLifetimeSeconds?: number; // default 3600
  /**
   * What the webhook and the application may call (default: every scope in `portalScopes`).
   * A method outside them answers 403 insufficient_scope.
   */
  scope?: Bitrix24Scopes;
  seed?: { deals?: number; leads?: number; users?: number; tasks?: number; randomSeed?: number };
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
  /** Changes the scopes of the webhook and/or the application from the next call on. */
  setScope(scopes: Bitrix24Scopes): void;
  /** the administrator removes the OAuth application: its tokens die, the token endpoint answers invalid_client */
  uninstallApp(): void;
  /**
   * The portal's data: `users`, `departments`, `sections`, `events` (tables by ID), `deals` and
   * `leads` (ID-sorted stores with add/update/delete/get), `tasks` (the task store:
   * tasks/store.ts), `drive` (the Drive), `messenger` (chats, messages, notifications, statuses,
   * typing notices), `feed` (posts, comments), `reset()` to reseed.
   */
  state: PortalState;
  /** counters: requests, served, rateLimited (503s), operatingLimited (429s), refreshes … */
  stats: PortalStats;
  close(): Promise<void>;
}

/** The largest request body taken (a cloud portal takes 2 GB; see DEVIATIONS.md). */
export const maxRequestBytes = 32 * 1024 * 1024;

export async function startBitrix24Sandbox(options: Bitrix24SandboxOptions = {}): Promise<Bitrix24Sandbox> {
  const state = new PortalState(options.seed ?? {});
  const auth = new AuthRegistry(options.accessTokenLifetimeSeconds ?? 3600);
  const setScope = (scopes: Bitrix24Scopes): void => {
    if (scopes.webhook !== undefined) auth.webhookScopes = new Set(readScopeList(scopes.webhook, 'webhook scope'));
    if (scopes.app !== undefined) auth.appScopes = new Set(readScopeList(scopes.app, 'application scope'));
  };
  if (options.scope) setScope(options.scope);
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
    uploadMaxBytes: options.uploadMaxBytes ?? defaultUploadMaxBytes,
    stats,
    baseUrl: () => baseUrl,
  });
  // The Drive's bytes are on disk already (the seed's files): a sandbox that cannot start removes them.
  const server = await serve({
    name: 'bitrix24',
    handler: (req, body, res) => portal.handle(req, body, res),
    // A JSON answer cut short, as a proxy dropping the connection mid-body would leave it.
    malformed: { contentType: 'application/json; charset=utf-8', body: '{"result":[{"ID":"1","TITLE":"Сделка' },
    bodyLimit: {
      bytes: maxRequestBytes,
      answer: (_req, res) => {
        const error = new PortalError(400, 'INVALID_REQUEST', `Request body is larger than ${maxRequestBytes} bytes`);
        res.writeHead(error.status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(error.toBody()));
      },
    },
    streamed: isStreamedUpload,
    admin: { '/_sandbox/scope': (method, body) => scopeRoute(method, body, auth, setScope) },
    reset: () => {
      state.reset();
      bucket?.reset();
      operating?.reset();
    },
    port: options.port,
    host: options.host,
    tls: options.tls,
    certDir: options.certDir,
  }).catch((error: unknown) => {
    state.drive.close();
    throw error;
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
    setScope,
    uninstallApp: () => auth.uninstall(),
    state,
    stats,
    close: () => server.close().then(() => state.drive.close()),
  };
}

/**
 * GET /_sandbox/scope answers `{webhook, app}` (lists of scopes); POST takes the same shape, either
 * side a list or a comma-separated string, and changes only the sides given. For a sandbox started
 * by `uzel sandbox`, where setScope cannot be reached.
 */
function scopeRoute(method: string, body: Buffer, auth: AuthRegistry, setScope: (scopes: Bitrix24Scopes) => void): { status: number; body: unknown } {
  const current = () => ({ webhook: [...auth.webhookScopes], app: [...auth.appScopes] });
  if (method === 'GET') return { status: 200, body: current() };
  if (method !== 'POST') return { status: 405, body: { error: 'use GET to read the scopes, POST to set them' } };
  const shape = 'the body must be JSON {"webhook": [...], "app": [...]} (either side, a list of scopes or a comma-separated string)';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { status: 400, body: { error: shape } };
  }
  const isScopeList = (v: unknown) => typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
  const keys = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.keys(parsed) : [];
  const fits = keys.length > 0 && keys.every((k) => (k === 'webhook' || k === 'app') && isScopeList((parsed as Record<string, unknown>)[k]));
  if (!fits) return { status: 400, body: { error: shape } };
  const wanted = parsed as Bitrix24Scopes;
  try {
    // Both sides are read before either is set, so a typo in one changes nothing.
    if (wanted.webhook !== undefined) readScopeList(wanted.webhook, 'webhook scope');
    if (wanted.app !== undefined) readScopeList(wanted.app, 'application scope');
  } catch (error) {
    return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
  }
  setScope(wanted);
  return { status: 200, body: current() };
}
