/**
 * The Kontur Diadoc sandbox: a local emulator of the Diadoc HTTP API in its JSON form, written from
 * the official documentation and sharing no code with any client.
 *
 * Authentication (every API call carries one):
 * - `Authorization: DiadocAuth ddauth_api_client_id=<key>,ddauth_token=<token>`; pairs split on
 *   commas, spaces around them allowed, values may contain '=' (Base64 padding) or be quoted.
 *   Tokens come from `POST /V3/Authenticate?type=password` (header with the key only, JSON body
 *   `{"login","password"}`, answer: the token as a text/plain body) or `type=sid` (the auth.sid as a
 *   text/plain body; `info.authSid` is the administrator's). `certificate` answers 400 (GOST crypto
 *   is out of scope). Tokens live
 *   `tokenLifetimeSeconds` (24 h by default); `expireTokens()` expires them all at once.
 * - `Authorization: Bearer <access_token>` from the sandbox's OAuth 2 token endpoint
 *   `POST /connect/token` (form-encoded; client credentials in the body or HTTP Basic):
 *   `grant_type=refresh_token` (+ refresh_token) and `grant_type=password` (+ username, password).
 *   Answer `{access_token, expires_in, token_type: "Bearer", refresh_token, scope}`; refresh tokens
 *   rotate (a spent one answers 400 invalid_grant). `expireTokens()` expires access tokens, not
 *   refresh tokens. authorization_code is not served (no browser in a sandbox).
 * - GetBox and GetOrganization, like the service, need only a valid developer key (a token is not
 *   required); everything else needs a user's token. 401 answers carry `WWW-Authenticate`.
 *
 * Format: JSON only. The service answers protobuf unless asked for JSON; the sandbox does not speak
 * protobuf, so a request without `Accept: application/json` gets 406, text/plain, with
 * `X-Diadoc-ErrorCode: Http.NotAcceptable`, rather than a body a client could misread. Request bodies
 * must be sent with `Content-Type: application/json` (otherwise 400, as the service would fail to read
 * them as protobuf). Field names are PascalCase, enums by name, timestamps `{"Ticks": n}` (.NET ticks,
 * written and read as exact integers even past 2^53).
 *
 * Errors: text/plain; charset=utf-8 bodies in Russian, the code in `X-Diadoc-ErrorCode`. The docs list
 * no codes; `Http.Auth` (401) is the real one, the others follow its pattern: Http.BadRequest 400,
 * Http.PaymentRequired 402, Http.Forbidden 403, Http.NotFound 404, Http.MethodNotAllowed 405 (with
 * `Allow`), Http.NotAcceptable 406, Http.Conflict 409, Http.Gone 410, Http.InternalServerError 500.
 * Box methods check, in order: boxId given and a box id (400), box exists (404, or 403 where the page has no 404), the caller is an
 * employee and not blocked (403), the box's API subscription is active (402), administrator for
 * admin-only methods (403). Paths and query parameter names are case-insensitive.
 *
 * Sources: the GitHub docs (diadoc/diadocapi-docs) and, where they differ, the current site
 * (developer.kontur.ru/doc/diadoc-api), which wins:
 * - boxId takes both forms proto/Box carries: BoxIdGuid (the GUID) and BoxId (`<hex>@diadoc.ru`,
 *   what Organization.Boxes hand out); anything else is a 400.
 * - GetEmployees lists registered employees first, then unregistered ones, each by creation time.
 * - V2/GetOrganizationUsers lists users (registered accounts) only, with CurrentUserId.
 * - GetDepartment is `/V2/GetDepartment?boxId&departmentId` (proto Department with IsDisabled, any
 *   authenticated user). `/GetDepartment?orgId`, `/admin/GetDepartment` and `/GetOrganizationUsers`
 *   (v1) were removed after 10 November 2026: they answer 410 naming the replacement.
 * - GetOrganization also takes foreignTaxpayerCode; several organizations for one INN is a 404.
 *
 * Every decision where the docs conflict or are silent, and every deliberate departure (JSON
 * only, statuses no page lists, CreationTimestamp, organization keys…): DEVIATIONS.md.
 *
 * Seeded data (deterministic for a given `seed.randomSeed`): ООО «Северный ветер» (the main box: the
 * administrator, a non-administrator user, the GetEmployee employee of the docs' example, and
 * `seed.employees` generated employees, 250 by default), АО «Уральская кровля» (API subscription
 * ended: 402; the administrator works there too), ООО «Торговый дом Волга» (the administrator has no
 * access: 403). Faults and /_sandbox/reset come from the common server; `malformed` sends a truncated
 * JSON body as application/json.
 */
import { randomBytes } from 'node:crypto';
import { serve } from '../common/server.js';
import { badRequest, sendError } from './errors.js';
import type { FaultInjector } from '../common/faults.js';
import { Authenticator, TokenStore, type AuthSettings } from './auth.js';
import { createRouter, type Stats } from './router.js';
import { seedState, type SeedDirectory } from './seed.js';
import type { DiadocState } from './state.js';

export interface DiadocSandboxOptions {
  port?: number;
  host?: string;
  tls?: boolean;
  certDir?: string;
  /** DiadocAuth token lifetime, default 24 h. */
  tokenLifetimeSeconds?: number;
  /** OAuth access token lifetime (expires_in), default 3600. */
  accessTokenLifetimeSeconds?: number;
  seed?: { employees?: number; randomSeed?: number };
}

export interface DiadocSandboxInfo {
  service: 'diadoc';
  url: string;
  /** The developer key (ddauth_api_client_id). */
  clientId: string;
  /** An administrator of the main box. */
  login: string;
  password: string;
  /** A non-administrator employee of the same box. */
  userLogin: string;
  userPassword: string;
  /** A ready DiadocAuth token of the administrator. */
  token: string;
  /** An auth.sid of the administrator, as another Kontur service would give it (for /V3/Authenticate?type=sid). */
  authSid: string;
  oauth: { tokenUrl: string; clientId: string; clientSecret: string; accessToken: string; refreshToken: string };
  boxId: string;
  orgId: string;
  /** One employee to GetEmployee (the one of the documentation's example). */
  employeeUserId: string;
  certPath?: string;
}

export interface DiadocSandbox {
  url: string;
  info: DiadocSandboxInfo;
  faults: FaultInjector;
  /** Expires every DiadocAuth token and OAuth access token now (refresh tokens stay valid). */
  expireTokens(): void;
  /** The live data (replaced by a reset). */
  readonly state: DiadocState;
  /** The seeded people and boxes, including the 402 and 403 boxes. */
  directory: SeedDirectory;
  stats: Stats;
  close(): Promise<void>;
}

export type { SeedDirectory } from './seed.js';
export type { Stats as DiadocSandboxStats } from './router.js';
export { DiadocState } from './state.js';

const malformedBody = '{"Employees":[{"User":{"UserId":"6dc8c481-7cec-4675-8fd3-711cbe752eaa","Login":"email@exa';

/** "Не должен превышать 70Мб с учетом служебной информации" (SignedContent); see DEVIATIONS.md. */
export const maxRequestBytes = 70 * 1024 * 1024;

export async function startDiadocSandbox(options: DiadocSandboxOptions = {}): Promise<DiadocSandbox> {
  const settings: AuthSettings = {
    clientId: `uzel-sandbox-${randomBytes(8).toString('hex')}`,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 24 * 3600,
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600,
    oauthClientId: 'uzel-sandbox-oauth',
    oauthClientSecret: randomBytes(24).toString('base64url'),
  };
  let seeded = seedState(options.seed);
  const tokens = new TokenStore(settings);
  const auth = new Authenticator(settings, tokens, () => seeded.state);
  const stats: Stats = { requests: 0, byMethod: {}, byStatus: {} };

  const ready = {
    token: randomBytes(96).toString('base64'),
    accessToken: randomBytes(32).toString('base64url'),
    refreshToken: randomBytes(32).toString('hex').toUpperCase(),
    authSid: randomBytes(24).toString('hex'),
  };
  const issueReadyTokens = (): void => {
    tokens.issueDiadocToken(seeded.directory.adminUserId, ready.token);
    tokens.issueOAuth(seeded.directory.adminUserId, settings.oauthClientId, ready);
    tokens.issueAuthSid(seeded.directory.adminUserId, ready.authSid);
  };
  issueReadyTokens();

  const server = await serve({
    name: 'diadoc',
    handler: createRouter(auth, () => seeded.state, stats),
    malformed: { contentType: 'application/json; charset=utf-8', body: malformedBody },
    bodyLimit: {
      bytes: maxRequestBytes,
      answer: (_req, res) => sendError(res, badRequest('Размер запроса превышает 70 МБ (с учётом служебной информации)')),
    },
    reset: () => {
      seeded = seedState(options.seed);
      issueReadyTokens();
    },
    port: options.port,
    host: options.host,
    tls: options.tls,
    certDir: options.certDir,
  });

  const directory = seeded.directory;
  const info: DiadocSandboxInfo = {
    service: 'diadoc',
    url: server.url,
    clientId: settings.clientId,
    login: directory.adminLogin,
    password: directory.adminPassword,
    userLogin: directory.userLogin,
    userPassword: directory.userPassword,
    token: ready.token,
    authSid: ready.authSid,
    oauth: {
      tokenUrl: `${server.url}/connect/token`,
      clientId: settings.oauthClientId,
      clientSecret: settings.oauthClientSecret,
      accessToken: ready.accessToken,
      refreshToken: ready.refreshToken,
    },
    boxId: directory.mainBoxId,
    orgId: directory.mainOrgId,
    employeeUserId: directory.employeeUserId,
    certPath: server.certPath,
  };

  return {
    url: server.url,
    info,
    faults: server.faults,
    expireTokens: () => tokens.expireAll(),
    get state() {
      return seeded.state;
    },
    directory,
    stats,
    close: () => server.close(),
  };
}
