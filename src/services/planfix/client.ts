// The Planfix XML API client: the XML envelope, token or session auth with one shared re-login,
// the optional signature, one request per second, retries only where repeating is safe, paged
// lists, and the catalogue methods as typed functions.
import {
  ApiError,
  InvalidResponseError,
  RateLimitError,
  ValidationError,
} from '../../core/errors.js';
import { checkClientOptions, rateLimitOption } from '../../core/client-options.js';
import { echo } from '../../core/echo.js';
import { requireSecureUrl, send, type FetchLike } from '../../core/http.js';
import { LeakyBucket, type LeakyBucketOptions } from '../../core/limiter.js';
import { Paginator, getPath } from '../../core/paging.js';
import { SecretSet } from '../../core/redact.js';
import { defaultRetry, mayRepeat, withRetry, type RetryOptions } from '../../core/retry.js';
import {
  parseInput,
  toWireParams,
  type AnyEntry,
  type CallOptions,
  type CatalogueClient,
} from '../../core/catalogue.js';
import { basicAuthorization, checkAuth, isLoginAuth, type PlanfixAuth } from './auth.js';
import { readAnswer } from './answer.js';
import { planfixEndpoints } from './codes.js';
import { inSignedOrder, signRequest } from './signature.js';
import { buildRequest, toWireTree, type XmlTree } from './xml.js';
import type { PlanfixMethods } from './catalogue.js';
import { bindIndexed } from '../../core/catalogue-index.js';
import { planfixIndex } from './catalogue-index.js';
import { planfixSharing, type PlanfixSharing, type PlanfixSharedOptions } from './shared.js';
import { renewOnce } from '../../core/shared-refresh.js';

/** One request per second: the service's documented pace. */
export const planfixRateLimit: LeakyBucketOptions = { capacity: 1, drainPerSecond: 1 };

export interface PlanfixCommonOptions {
  /** The XML endpoint of the account's data centre; Europe's by default. Error 0024 means another one. */
  url?: string;
  /** The account name: `name` for https://name.planfix.com. */
  account: string;
  /**
   * Signs every request when given: md5(function name + the parameters glued by the documented
   * rule + key), see "ПланФикс API: Формирование цифровой подписи". At each level elements are
   * glued in name order, subtrees recursively, and the items of a list sorted by value — the
   * page's prose; its PHP sample keeps lists in document order instead. A signed request is sent
   * with its lists already in sorted order, so both readings give the same signature (the order
   * of list items means nothing to the functions called). A wrong key or rule answers 0006.
   */
  signatureKey?: string;
  /**
   * Client-side pace: one request per second by default ("1 запрос в секунду"); your own numbers,
   * or false for none. The docs name no answer for going faster, so any HTTP 429 is read as a
   * RateLimitError (code '' unless the body carries one), waited out for its Retry-After (1 s when
   * absent) and repeated; 0007, the spent daily quota, is not repeated.
   */
  rateLimit?: LeakyBucketOptions | false;
  retry?: Partial<RetryOptions>;
  /** Per request, in ms (60 s by default). */
  timeoutMs?: number;
  /** A fetch of your own (a proxy, a custom CA, a test double). */
  fetch?: FetchLike;
  /** Check every catalogue result against its documented shape (useful in tests; off by default). */
  validateResults?: boolean;
  /**
   * Share the account's pace and the login session with every process serving the same account,
   * through Redis (README: "Many processes, one portal"). Without it they live in this client alone.
   */
  shared?: PlanfixSharedOptions;
  /** Receives a line per request and answer, secrets masked. */
  onDebug?: (line: string) => void;
}

export type PlanfixClientOptions = PlanfixAuth & PlanfixCommonOptions;

export interface PlanfixRequestOptions extends CallOptions {
  /** Whether the method only reads (safe to repeat after a failure). Guessed from the name when absent. */
  access?: 'read' | 'write';
}

export interface PlanfixCallOptions extends CallOptions {
  /** Resolve to the service's XML text exactly as received instead of the parsed answer (the CLI's --raw). */
  raw?: boolean;
}

/** One successful exchange: the parsed answer and the text it came from. */
export interface PlanfixExchange {
  body: Record<string, unknown>;
  text: string;
  headers: Record<string, string>;
}

const reserved = new Set(['account', 'sid', 'signature']);

/** Reads begin with get (task.get, task.getList, user.getMulti…); auth.login may be repeated too. */
export function guessPlanfixAccess(method: string): 'read' | 'write' {
  const action = method.slice(method.indexOf('.') + 1);
  return /^get/.test(action) || method === 'auth.login' ? 'read' : 'write';
}

// The catalogue's typed functions are attached in the constructor; this merge declares them.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface PlanfixClient extends PlanfixMethods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class PlanfixClient implements CatalogueClient {
  /** The XML endpoint in use. */
  readonly url: string;
  readonly account: string;
  /** The last `X-RateLimit-Remaining` the service sent: the rough remaining daily quota. */
  rateLimitRemaining: number | undefined;
  /** The XML text of the last answer, exactly as received (also for error answers). */
  lastRawResponse: string | undefined;

  private readonly secrets = new SecretSet();
  private readonly auth: PlanfixAuth;
  private readonly options: PlanfixClientOptions;
  private readonly fetchImpl: FetchLike;
  private readonly bucket: LeakyBucket | undefined;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;
  private sid: string | undefined;
  private loggingIn: Promise<string> | undefined;
  private readonly sharing: PlanfixSharing;
  /** The session close() forgot: not to be taken from the store again. */
  private closedSid: string | undefined;

  constructor(options: PlanfixClientOptions) {
    checkClientOptions('PlanfixClient', options, '{ account, apiKey, token } or { account, apiKey, login, password }', ['url', 'account', 'apiKey', 'token', 'login', 'password', 'signatureKey']);
    checkAuth(options);
    if (!options.account) throw new ValidationError([{ path: 'account', message: 'the account name is required' }]);
    this.options = options;
    this.auth = options;
    this.account = options.account;
    this.url = requireSecureUrl(options.url ?? planfixEndpoints.europe, 'the Planfix XML endpoint').toString();
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.retry = { ...defaultRetry, ...options.retry };
    const rate = rateLimitOption('PlanfixClient', options.rateLimit, {}) ?? planfixRateLimit;
    this.sharing = planfixSharing(options.account, isLoginAuth(options) ? options.login : undefined, options.shared);
    this.bucket = rate === false ? undefined : new LeakyBucket(rate, { store: this.sharing.store, key: this.sharing.bucketKey });
    this.secrets.add(options.apiKey, options.signatureKey, 'token' in options ? options.token : undefined);
    if (isLoginAuth(options)) this.secrets.add(options.password);
    // Bound through the index: a section's schemas are built on its first call, not with the client.
    Object.assign(this, bindIndexed(this, planfixIndex));
  }

  /** Masks every secret this client knows (keys, token, password, sids) and well-known secret shapes. */
  redact(text: string): string {
    return this.secrets.redact(text);
  }

  private debug(line: string): void {
    this.options.onDebug?.(this.secrets.redact(line));
  }

  /** Whether the client logs in (auth.login → sid) rather than sending a token. */
  get usesSession(): boolean {
    return isLoginAuth(this.auth);
  }

  /** Calls any XML API function; resolves to the children of `<response status="ok">`. */
  async call(method: string, params: XmlTree = {}, options: PlanfixRequestOptions = {}): Promise<Record<string, unknown>> {
    return (await this.exchange(method, params, options)).body;
  }

  /** Like call, and also gives the XML text and the headers of the answer. */
  async exchange(method: string, params: XmlTree = {}, options: PlanfixRequestOptions = {}): Promise<PlanfixExchange> {
    if (!/^[A-Za-z]+\.[A-Za-z]+$/.test(method)) {
      throw new ValidationError([{ path: 'method', message: `${echo(method)} is not a Planfix function name (like task.get)` }]);
    }
    for (const name of Object.keys(params)) {
      if (reserved.has(name)) {
        throw new ValidationError([{ path: name, message: 'set by the client; do not pass it as a parameter' }], method);
      }
    }
    const access = options.access ?? guessPlanfixAccess(method);
    for (let relogged = false; ; relogged = true) {
      let sidUsed: string | undefined;
      try {
        return await withRetry(
          async () => {
            sidUsed = this.usesSession ? await this.session() : undefined;
            return this.sendOnce(method, params, sidUsed, options);
          },
          (error) => this.retryVerdict(access, error),
          this.retry,
          options.signal,
        );
      } catch (error) {
        // The service refused before doing anything, so even a write may be repeated once.
        if (!relogged && this.usesSession && error instanceof ApiError && error.code === '0005') {
          await this.reloginAfterExpiry(sidUsed);
          continue;
        }
        throw error;
      }
    }
  }

  private async sendOnce(method: string, params: XmlTree, sid: string | undefined, options: CallOptions): Promise<PlanfixExchange> {
    const plain = toWireTree({ account: this.account, ...(sid !== undefined ? { sid } : {}), ...params }, method);
    const key = this.options.signatureKey;
    const tree = key ? inSignedOrder(plain) : plain;
    if (key) tree.signature = signRequest(method, tree, key);
    const xml = buildRequest(method, tree);
    await this.bucket?.acquire();
    this.debug(`→ POST ${this.url} ${xml}`);
    const started = performance.now();
    const response = await send(
      {
        method: 'POST',
        url: this.url,
        headers: {
          'content-type': 'application/xml; charset=utf-8',
          accept: 'application/xml',
          authorization: basicAuthorization(this.auth),
        },
        body: xml,
        timeoutMs: options.timeoutMs ?? this.timeoutMs,
        signal: options.signal,
      },
      this.fetchImpl,
      this.secrets,
    );
    const remaining = Number.parseInt(response.headers['x-ratelimit-remaining'] ?? '', 10);
    if (Number.isFinite(remaining)) this.rateLimitRemaining = remaining;
    this.lastRawResponse = response.text;
    this.debug(
      `← ${response.status} ${method} in ${Math.round(performance.now() - started)} ms (${response.text.length} bytes)` +
        (Number.isFinite(remaining) ? `, X-RateLimit-Remaining: ${remaining}` : '') +
        ` ${response.text.slice(0, 2000)}`,
    );
    const answer = readAnswer(method, response.status, response.text, {
      url: this.url,
      headers: response.headers,
      redact: (s) => this.redact(s),
    });
    if (!answer.ok) throw answer.error;
    return { body: answer.body, text: response.text, headers: response.headers };
  }

  /** false: give up; true: back off and retry; a number: wait that many ms, then retry. */
  private retryVerdict(access: 'read' | 'write', error: unknown): boolean | number {
    if (error instanceof RateLimitError) {
      // 0007 is the daily quota: no point in trying again today. Anything else refused for pace
      // (HTTP 429): wait as long as the service asked, at least the one second of its pace.
      if (error.code === '0007') return false;
      this.bucket?.fill();
      return error.retryAfter !== undefined ? Math.min(error.retryAfter, 60) * 1000 : true;
    }
    // 3014: the task is being changed by someone else; the request was refused, not carried out.
    if (error instanceof ApiError && error.code === '3014') return true;
    return mayRepeat(error, access);
  }

  // ——— sessions (login auth) ———

  private session(): Promise<string> {
    if (this.sid !== undefined) return Promise.resolve(this.sid);
    return this.openSession(this.closedSid);
  }

  /**
   * Logs in now (auth.login), replacing the session this client holds, and keeps the sid;
   * concurrent callers share one login. With `shared`, one process logs in for all serving the
   * account (under a lock that expires after `loginLockMs`), and the others take its session.
   */
  login(): Promise<string> {
    return this.openSession(this.sid ?? this.closedSid);
  }

  /** A session other than `spent`: the stored one when there is one, else a new login. */
  private openSession(spent: string | undefined): Promise<string> {
    if (this.loggingIn) return this.loggingIn;
    const auth = this.auth;
    if (!isLoginAuth(auth)) {
      return Promise.reject(new ValidationError([{ path: 'login', message: 'this client uses token auth; there is no session to open' }]));
    }
    const place = { store: this.sharing.store, key: this.sharing.sessionKey, lockMs: this.sharing.loginLockMs };
    this.loggingIn = (async () => {
      const { value: sid } = await renewOnce<string>(place, (stored) => stored === spent, async () => {
        this.debug('… logging in (auth.login)');
        const { body } = await withRetry(
          () => this.sendOnce('auth.login', { login: auth.login, password: auth.password }, undefined, {}),
          (error) => this.retryVerdict('read', error),
          this.retry,
        );
        if (typeof body.sid !== 'string' || body.sid === '') {
          throw new InvalidResponseError(
            'planfix auth.login: the answer carries no <sid>',
            'planfix',
            'auth.login',
            200,
            'application/xml',
            this.redact(JSON.stringify(body).slice(0, 200)),
          );
        }
        return body.sid;
      });
      this.secrets.add(sid);
      this.sid = sid;
      return sid;
    })().finally(() => {
      this.loggingIn = undefined;
    });
    return this.loggingIn;
  }

  /** Logs in again once for all calls that failed with the same expired sid. */
  private async reloginAfterExpiry(sidUsed: string | undefined): Promise<void> {
    if (this.loggingIn) {
      await this.loggingIn;
      return;
    }
    if (sidUsed !== this.sid) return; // someone logged in again already: just repeat
    this.sid = undefined;
    await this.openSession(sidUsed);
  }

  /** Forgets the session (the next call logs in again), and closes a Redis connection opened from a `shared.redis` URL. */
  async close(): Promise<void> {
    this.closedSid = this.sid ?? this.closedSid;
    this.sid = undefined;
    await this.sharing.close();
  }

  // ——— the catalogue ———

  private wireOf(entry: AnyEntry, input: unknown): XmlTree {
    if (entry.service !== 'planfix') {
      throw new ValidationError([{ path: '', message: `${entry.name} is a ${entry.service} method, not a Planfix one` }], entry.name);
    }
    return toWireParams(entry, parseInput(entry, input), '/') as XmlTree;
  }

  /**
   * Calls one catalogue method; resolves to the children of `<response>` as plain objects, or to
   * the XML text as received when `raw` is set.
   */
  async invoke(entry: AnyEntry, input: unknown, options: PlanfixCallOptions = {}): Promise<unknown> {
    const wire = this.wireOf(entry, input);
    const { body, text } = await this.exchange(entry.remote, wire, { signal: options.signal, timeoutMs: options.timeoutMs, access: entry.access });
    if (options.raw) return text;
    if (this.options.validateResults) {
      const check = entry.result.safeParse(body);
      if (!check.success) {
        throw new InvalidResponseError(
          `planfix ${entry.remote}: the answer does not match the documented shape: ${check.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
            .join('; ')}`,
          'planfix',
          entry.remote,
          200,
          'application/xml',
          this.redact(text.slice(0, 200)),
        );
      }
    }
    return body;
  }

  /**
   * The pages of a list method: pageCurrent from 1 (or the input's), pageSize at most 100, until
   * a short page or `totalCount` says the selection is done.
   */
  pages(entry: AnyEntry, input: unknown, options: CallOptions = {}): Paginator<unknown, number> {
    const paging = entry.paging;
    if (!paging || paging.style !== 'page') {
      throw new ValidationError([{ path: '', message: `${entry.name} is not a paged list method` }], entry.name);
    }
    const wire = this.wireOf(entry, input);
    const size = Math.max(1, Math.min(paging.max, Number(wire[paging.size] ?? paging.max)));
    const first = Math.max(1, Number(wire[paging.page] ?? 1));
    return new Paginator<unknown, number>(first, async (page) => {
      const body = await this.call(
        entry.remote,
        { ...wire, [paging.page]: page, [paging.size]: size },
        { access: 'read', signal: options.signal, timeoutMs: options.timeoutMs },
      );
      const rows = getPath(body, paging.items);
      const items = Array.isArray(rows) ? rows : [];
      const totalValue = getPath(body, paging.total);
      const total = typeof totalValue === 'number' ? totalValue : undefined;
      const done = items.length === 0 || items.length < size || (total !== undefined && page * size >= total);
      return { page: total !== undefined ? { items, total } : { items }, next: done ? undefined : page + 1 };
    });
  }

  /** Every row of a list method, page after page. */
  iterate(entry: AnyEntry, input: unknown, options: CallOptions = {}): AsyncIterable<unknown> {
    return this.pages(entry, input, options);
  }
}
