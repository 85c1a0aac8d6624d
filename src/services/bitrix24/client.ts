// The Bitrix24 client: authentication and refresh, the portal's limits, retries that know what is
// safe, batch, lists and full exports, and the catalogue methods as typed functions.
import { templateAnswer } from '../../core/template.js';
import {
  ApiError,
  InvalidResponseError,
  RateLimitError,
  ValidationError,
} from '../../core/errors.js';
import { echo } from '../../core/echo.js';
import { requireSecureUrl, send, type FetchLike } from '../../core/http.js';
import { checkClientOptions, rateLimitOption } from '../../core/client-options.js';
import { LeakyBucket, type LeakyBucketOptions } from '../../core/limiter.js';
import { Paginator } from '../../core/paging.js';
import { SecretSet } from '../../core/redact.js';
import { defaultRetry, mayRepeat, sleep, withRetry, type RetryOptions } from '../../core/retry.js';
import {
  parseInput,
  toWireParams,
  type AnyEntry,
  type CallOptions,
  type CatalogueClient,
  type IterateOptions,
} from '../../core/catalogue.js';
import { renewOnce, seedCredentials, type SharedCredentials } from '../../core/shared-refresh.js';
import { readAnswer, type Bitrix24Answer } from './answer.js';
import {
  normalizePortal,
  parseWebhookUrl,
  requestTokens,
  type Bitrix24Auth,
  type Bitrix24Tokens,
  type OAuthApp,
} from './auth.js';
import { guessAccess, type Access } from './access.js';
import { OperatingTracker, defaultOperatingLimit, type OperatingLimit } from './operating.js';
import { normalizeParams, type WireParams } from './encode.js';
import { runBatch, type BatchCommands, type BatchOptions, type BatchResult } from './batch.js';
import { exportRows, listRows, type ExportCheckpoint, type ExportOptions, type ExportTransport } from './export.js';
import { bitrix24Sharing, type Bitrix24Sharing, type Bitrix24SharedOptions } from './shared.js';
import type { Bitrix24Methods } from './catalogue.js';
import { bindIndexed } from '../../core/catalogue-index.js';
import { bitrix24Index } from './catalogue-index.js';
import { sendChatFile, type ChatFileInput, type UploadSteps } from './upload.js';
import { defaultInlineUploadBytes, downloadFile, uploadFile, type TransferHost } from './drive-transfer.js';

/** Waits for `promise`, or rejects when the signal aborts or the deadline (epoch ms) passes. */
function abortable(promise: Promise<void>, signal: AbortSignal | undefined, deadline: number | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      done();
      reject(signal!.reason);
    };
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (deadline !== undefined) {
      timer = setTimeout(() => {
        done();
        reject(new Error('deadline'));
      }, Math.max(0, deadline - Date.now()));
    }
    void promise.then(() => {
      done();
      resolve();
    });
  });
}

function isOperatingTimeLimit(error: unknown): boolean {
  return error instanceof RateLimitError && error.code === 'OPERATION_TIME_LIMIT';
}

/**
 * The `auth` parameter of a download link the portal made (`…/rest/download.json?auth=…`) inside
 * an answer's JSON text, whose slashes PHP may escape; it ends at "&", a quote or an escape. Only
 * that path: an `auth=` in text a user wrote must not turn their words into masked "secrets".
 */
const linkCredential = /\\?\/rest\\?\/download\.json\?auth=([^&"\\\s]+)/g;
/** The most link credentials one client learns (a token's links repeat one value). */
const maxLearnt = 100;

/** Rate presets of the portal's leaky bucket. */
export const rateLimits = {
  standard: { capacity: 50, drainPerSecond: 2 },
  enterprise: { capacity: 250, drainPerSecond: 5 },
} satisfies Record<string, LeakyBucketOptions>;

/** The portal's bucket, and how much of it this client leaves unused. */
export interface Bitrix24RateLimit extends LeakyBucketOptions {
  /**
   * Units of the portal's bucket kept in reserve. The portal counts requests when they arrive,
   * we when they leave, and uneven network delays can pack a burst tighter on arrival; other
   * programs may share the webhook too. Default: a quarter second of drain (1 of the standard 50).
   */
  reserve?: number;
}

function clientBucket(portal: Bitrix24RateLimit): LeakyBucketOptions {
  const reserve = portal.reserve ?? Math.max(1, Math.ceil(portal.drainPerSecond * 0.25));
  return { capacity: Math.max(1, portal.capacity - reserve), drainPerSecond: portal.drainPerSecond };
}

export interface Bitrix24CommonOptions {
  /** The portal's leaky bucket (a preset or its numbers) for the client to stay under, or false to send unthrottled. */
  rateLimit?: keyof typeof rateLimits | Bitrix24RateLimit | false;
  /**
   * The portal's operating-time limit per method (480 s in a 600 s window on real portals), or
   * false to neither track it nor wait out its 429s (they are then thrown at once).
   */
  operatingLimit?: Partial<OperatingLimit> | false;
  retry?: Partial<RetryOptions>;
  /** Per request; real portals stop a request at 60 s. */
  timeoutMs?: number;
  /** A fetch of your own (a proxy, a custom CA through undici's dispatcher, a test double). */
  fetch?: FetchLike;
  /** Check every catalogue result against its schema (useful in tests; off by default). */
  validateResults?: boolean;
  /**
   * The largest local file sendFile uploads, in bytes (default: the cloud's 2 GB request limit,
   * chatFileMaxBytes); checked before any request, and while streaming when the size is unknown.
   */
  uploadMaxBytes?: number;
  /** Receives a line per request and answer, secrets masked. */
  onDebug?: (line: string) => void;
  /**
   * Receives the credentials found in answers: links the portal makes for the caller (a Drive
   * file's DOWNLOAD_URL, an upload address) carry one as their `auth` parameter, which for a
   * webhook is a key the client did not know. They are masked in debug lines and errors from
   * then on; a front end masks them in what it prints.
   */
  onSecrets?: (values: string[]) => void;
  /**
   * Share the portal's bucket, the operating time and the OAuth tokens with every process that
   * serves the same portal, through Redis (README: "Many processes, one portal"). Without it the
   * state lives in this client alone.
   */
  shared?: Bitrix24SharedOptions;
  /**
   * Drive uploads: files up to this many bytes go in the request as base64; larger ones through
   * the portal's upload address, streamed from disk (default 4 MiB).
   */
  inlineUploadBytes?: number;
}

export type Bitrix24ClientOptions = Bitrix24Auth & Bitrix24CommonOptions;

export interface RequestOptions extends CallOptions {
  /** Whether the method only reads (safe to repeat after a failure). Guessed from its name when absent. */
  access?: Access;
  /** Called when the request leaves, after the bucket admitted it (each attempt). */
  onSent?: () => void;
}

/**
 * The answer of an entry that makes no request — oint's structure functions (a template built
 * from the catalogue) and block builders — or undefined for every other entry. Input is parsed.
 */
export function offlineAnswer(entry: AnyEntry, parsed: Record<string, unknown>): Bitrix24Answer | undefined {
  if (entry.template) return { result: templateAnswer(entry.template, parsed) } as Bitrix24Answer;
  if (entry.build) return { result: entry.build(parsed) } as Bitrix24Answer;
  return undefined;
}

// The catalogue's typed functions are attached in the constructor; this merge declares them.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Bitrix24Client extends Bitrix24Methods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Bitrix24Client implements CatalogueClient {
  private readonly secrets = new SecretSet();
  private readonly fetchImpl: FetchLike;
  private readonly bucket: LeakyBucket | undefined;
  private readonly operating: OperatingTracker | undefined;
  private readonly operatingLimit: OperatingLimit | undefined;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;
  private readonly options: Bitrix24ClientOptions;
  /** Base of every method URL: …/rest/<user>/<code>/ or …/rest/ */
  private readonly base: string;
  private accessToken: string | undefined;
  private refreshToken: string | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly sharing: Bitrix24Sharing;
  /** The stored tokens adopted once, before the first OAuth call (shared mode: newer than ours). */
  private tokensSeeded: Promise<void> | undefined;

  constructor(options: Bitrix24ClientOptions) {
    checkClientOptions('Bitrix24Client', options, '{ webhookUrl } or { portal, accessToken }', ['webhookUrl', 'portal', 'accessToken', 'refreshToken']);
    this.options = options;
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 70_000;
    this.retry = { ...defaultRetry, ...options.retry };
    const rate = rateLimitOption('Bitrix24Client', options.rateLimit, rateLimits) ?? rateLimits.standard;
    if ('webhookUrl' in options) {
      const hook = parseWebhookUrl(options.webhookUrl);
      this.secrets.add(hook.code);
      this.base = hook.base;
    } else {
      if (!options.accessToken) throw new ValidationError([{ path: 'accessToken', message: 'an OAuth access token is required' }]);
      this.base = `${normalizePortal(options.portal).toString()}rest/`;
      this.accessToken = options.accessToken;
      this.refreshToken = options.refreshToken;
      this.secrets.add(options.accessToken, options.refreshToken, options.app?.clientSecret);
    }
    this.sharing = bitrix24Sharing(options, this.base, options.shared);
    this.bucket = rate === false ? undefined : new LeakyBucket(clientBucket(rate), { store: this.sharing.store, key: this.sharing.bucketKey });
    this.operatingLimit = options.operatingLimit === false ? undefined : { ...defaultOperatingLimit, ...options.operatingLimit };
    this.operating =
      this.operatingLimit === undefined
        ? undefined
        : new OperatingTracker(this.operatingLimit, options.shared && { store: this.sharing.store, key: this.sharing.operatingKey });
    // Bound through the index: a section's schemas are built on its first call, not with the client.
    Object.assign(this, bindIndexed(this, bitrix24Index));
  }

  /** Masks every secret this client knows, and well-known secret shapes, in a text. */
  redact(text: string): string {
    return this.secrets.redact(text);
  }

  private debug(line: string): void {
    this.options.onDebug?.(this.secrets.redact(line));
  }

  private get oauthApp(): OAuthApp | undefined {
    return 'app' in this.options ? this.options.app : undefined;
  }

  /**
   * Calls any REST method; resolves to the portal's whole answer (result, time, total, next).
   * Parameters are normalised first (encode.ts), so they mean the same here as in batch() and
   * export(); bad ones are refused with a ValidationError before any request.
   *
   * Limits: the portal's bucket is kept to (503s are retried after it drains). A method over its
   * operating time (429 OPERATION_TIME_LIMIT) is waited out until the reset its earlier answers
   * announced and then sent again, reads and writes alike (the portal ran nothing); this does not
   * count against `retry`. The call fails only when the caller's deadline (`timeoutMs` of this
   * call, or its `signal`) comes before the method is free again: a RateLimitError whose message
   * and `retryAfter` say when that is.
   */
  async call<R = unknown>(method: string, params: Record<string, unknown> = {}, options: RequestOptions = {}): Promise<Bitrix24Answer<R>> {
    if (!/^[a-z0-9_.]+$/i.test(method)) {
      throw new ValidationError([{ path: 'method', message: `${echo(method)} is not a REST method name (letters, digits, dots)` }]);
    }
    const wire = normalizeParams(params, method);
    const access = options.access ?? guessAccess(method);
    const deadline = options.timeoutMs !== undefined ? Date.now() + options.timeoutMs : undefined;
    await this.seedTokens();
    for (let refreshed = false; ; ) {
      let tokenUsed: string | undefined;
      // Outside the try: past the deadline, its error is the caller's answer, not another refusal.
      await this.waitForOperatingTime(method, options.signal, deadline);
      const releaseProbe = this.operating?.claimProbe(method);
      try {
        return (await withRetry(
          async () => {
            tokenUsed = this.accessToken;
            return this.sendOnce(method, wire, options);
          },
          (error) => this.retryVerdict(access, error),
          this.retry,
          options.signal,
        )) as Bitrix24Answer<R>;
      } catch (error) {
        if (this.operating && isOperatingTimeLimit(error)) {
          this.operating.refused(method);
          continue;
        }
        if (!refreshed && this.isExpiredToken(error) && this.canRefresh()) {
          refreshed = true;
          await this.refreshAfterExpiry(tokenUsed);
          continue;
        }
        throw error;
      } finally {
        releaseProbe?.();
      }
    }
  }

  /**
   * Waits until `method` is free of the operating-time limit (and, after a block, until the one
   * request probing the window has its answer), unless the caller's deadline comes first.
   */
  private async waitForOperatingTime(method: string, signal: AbortSignal | undefined, deadline: number | undefined): Promise<void> {
    await this.operating?.sync(method);
    for (;;) {
      const wait = this.operating?.delayFor(method) ?? 0;
      const probe = wait > 0 ? undefined : this.operating?.probeInFlight(method);
      if (wait <= 0 && !probe) return;
      const freeAt = Date.now() + wait;
      if (deadline !== undefined && freeAt > deadline) throw this.operatingTimeError(method, freeAt, 'the call\'s deadline (timeoutMs) comes first');
      if (wait > 0) this.debug(`… ${method}: waiting ${Math.ceil(wait / 1000)} s for its operating time to free up (${new Date(freeAt).toISOString()})`);
      try {
        if (wait > 0) await sleep(wait, signal);
        else await abortable(probe!, signal, deadline);
      } catch {
        throw this.operatingTimeError(method, freeAt, signal?.aborted ? 'the call was cancelled while waiting' : 'the call\'s deadline (timeoutMs) came first');
      }
    }
  }

  private operatingTimeError(method: string, freeAt: number, why: string): RateLimitError {
    const seconds = Math.max(1, Math.ceil((freeAt - Date.now()) / 1000));
    return new RateLimitError(
      {
        service: 'bitrix24',
        method,
        status: 429,
        code: 'OPERATION_TIME_LIMIT',
        description: `the method is over its operating time until ${new Date(freeAt).toISOString()} (in ${seconds} s); ${why}`,
        hint: {
          en: 'call again after that moment, or give the call a later deadline',
          ru: 'повторите вызов после этого момента или дайте вызову более поздний срок',
        },
        retryAfter: seconds,
      },
      (s) => this.redact(s),
    );
  }

  private async sendOnce(method: string, params: WireParams, options: RequestOptions): Promise<Bitrix24Answer> {
    await this.bucket?.acquire(1, options.signal);
    options.onSent?.();
    const body = this.accessToken ? { ...params, auth: this.accessToken } : params;
    const url = `${this.base}${method}.json`;
    const json = JSON.stringify(body);
    this.debug(`→ POST ${url} ${json}`);
    const started = performance.now();
    const response = await send(
      {
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
        body: json,
        timeoutMs: options.timeoutMs ?? this.timeoutMs,
        signal: options.signal,
      },
      this.fetchImpl,
      this.secrets,
    );
    if (response.text.includes('download.json?auth=')) this.learnLinkCredentials(response.text);
    this.debug(`← ${response.status} ${method} in ${Math.round(performance.now() - started)} ms (${response.text.length} bytes)`);
    const answer = readAnswer(method, response.status, response.headers['content-type'] ?? '', response.text, (s) => this.redact(s));
    if (answer instanceof Error) throw answer;
    this.operating?.record(method, answer.time);
    return answer;
  }

  /** Keeps the `auth` values of links in an answer as secrets (see onSecrets). */
  private learned = 0;

  private learnLinkCredentials(text: string): void {
    const found = new Set<string>();
    for (const m of text.matchAll(linkCredential)) {
      found.add(m[1]!);
      try {
        found.add(decodeURIComponent(m[1]!));
      } catch {
        // A broken escape: the text as it is was kept.
      }
    }
    const fresh = [...found].filter((v) => v.length >= 8 && !this.secrets.has(v)).slice(0, Math.max(0, maxLearnt - this.learned));
    if (fresh.length === 0) return;
    this.learned += fresh.length;
    this.secrets.add(...fresh);
    this.options.onSecrets?.(fresh);
  }

  /** false: give up; true: back off and retry; a number: retry after that many ms. */
  private retryVerdict(access: Access, error: unknown): boolean | number {
    if (error instanceof RateLimitError) {
      // Operating time is waited out by call() itself, not by this retry budget.
      if (isOperatingTimeLimit(error)) return false;
      // The portal refused before executing anything, so even a write may be repeated.
      this.bucket?.fill();
      return true;
    }
    return mayRepeat(error, access);
  }

  private isExpiredToken(error: unknown): boolean {
    return error instanceof ApiError && (error.code === 'expired_token' || error.code === 'invalid_token');
  }

  private canRefresh(): boolean {
    return Boolean(this.refreshToken && this.oauthApp);
  }

  /** Refreshes once for all calls that failed with the same expired token. */
  private async refreshAfterExpiry(tokenUsed: string | undefined): Promise<void> {
    if (this.refreshing) return this.refreshing;
    if (tokenUsed !== this.accessToken) return; // someone refreshed already: just repeat
    await this.refreshTokens();
  }

  /**
   * Exchanges the refresh token for new tokens now (oint: ОбновитьТокен), and hands them to
   * onTokens. With `shared`, one process refreshes for all serving the portal (under a lock that
   * expires after `refreshLockMs`); the others take the stored new tokens, and only the one that
   * refreshed calls its onTokens. When another process refreshed since this one last looked, its
   * tokens are taken instead of refreshing again.
   */
  refreshTokens(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    const app = this.oauthApp;
    if (!app || !this.refreshToken) {
      return Promise.reject(
        new ValidationError([{ path: 'refreshToken', message: 'refreshing needs the refresh token and the application (clientId, clientSecret)' }]),
      );
    }
    const spent = this.accessToken;
    const lockMs = this.sharing.refreshLockMs;
    // Shared: the request ends before the lock does, so no other process refreshes while it may still land.
    const timeoutMs = this.options.shared ? Math.min(this.timeoutMs, Math.max(1000, lockMs - 1000)) : this.timeoutMs;
    const context = { ...this.tokenContext(), timeoutMs };
    const lockNote = this.options.shared ? ` (holding the portal's refresh lock in ${this.sharing.store.where})` : '';
    this.refreshing = (async () => {
      await this.seedTokens();
      const { value, renewedHere } = await renewOnce<Bitrix24Tokens>(
        this.tokenPlace(),
        (stored) => stored.accessToken === spent,
        (stored) => {
          this.debug(`… refreshing the OAuth access token${lockNote}`);
          return requestTokens(app, { grant_type: 'refresh_token', refresh_token: stored?.refreshToken ?? this.refreshToken! }, context);
        },
      );
      this.adopt(value);
      if (renewedHere && 'onTokens' in this.options && this.options.onTokens) await this.options.onTokens(value);
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private tokenPlace(): SharedCredentials {
    return { store: this.sharing.store, key: this.sharing.tokensKey, lockMs: this.sharing.refreshLockMs };
  }

  private adopt(tokens: Pick<Bitrix24Tokens, 'accessToken' | 'refreshToken'>): void {
    this.secrets.add(tokens.accessToken, tokens.refreshToken);
    this.accessToken = tokens.accessToken;
    this.refreshToken = tokens.refreshToken;
  }

  /** Once, before the first call that may refresh: stores our tokens, or takes newer stored ones. */
  private seedTokens(): Promise<void> {
    if (!this.canRefresh()) return Promise.resolve();
    this.tokensSeeded ??= seedCredentials<Bitrix24Tokens>(this.tokenPlace(), { accessToken: this.accessToken!, refreshToken: this.refreshToken! }).then(
      (stored) => this.adopt(stored.value),
      (error: unknown) => {
        this.tokensSeeded = undefined;
        throw error;
      },
    );
    return this.tokensSeeded;
  }

  /** Closes the Redis connection the client opened from a `shared.redis` URL (a client you passed stays open). */
  close(): Promise<void> {
    return this.sharing.close();
  }

  private tokenContext() {
    return { fetch: this.fetchImpl, timeoutMs: this.timeoutMs, secrets: this.secrets };
  }

  /** Exchanges an authorization code for tokens (oint: ПолучитьТокен). */
  static async getTokens(app: OAuthApp, code: string, options: Pick<Bitrix24CommonOptions, 'fetch' | 'timeoutMs'> = {}): Promise<Bitrix24Tokens> {
    return requestTokens(app, { grant_type: 'authorization_code', code }, {
      fetch: options.fetch ?? fetch,
      timeoutMs: options.timeoutMs ?? 70_000,
      secrets: new SecretSet(),
    });
  }

  /**
   * Runs any number of commands through `batch` (50 per request), with references between them.
   * Each command's parameters are normalised as call() does. A command the portal refused for its
   * method's operating time is sent again once the method is free (it ran nothing), unless a command
   * of the same request referred to it (that one ran seeing it fail: it stays a RateLimitError).
   */
  batch(commands: BatchCommands, options: BatchOptions = {}): Promise<BatchResult> {
    return runBatch(
      {
        send: async (params, access, methods, signal, onSent) => {
          for (const m of methods) await this.waitForOperatingTime(m, signal, undefined);
          return this.call('batch', params, { access, signal, onSent });
        },
        recordTime: (method, time) => this.operating?.record(method, time),
        refused: (method) => {
          if (!this.operating) return false;
          this.operating.refused(method);
          return true;
        },
      },
      commands,
      options,
    );
  }

  /**
   * Walks a list method page by page (`start`/`next`); rows at `rows` inside `result` when
   * nested — for a method of the catalogue, where its entry says (tasks.task.list: `tasks`).
   */
  list<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}, options: { rows?: string } & CallOptions = {}): Paginator<T, number> {
    const rows = options.rows ?? listShapeOf(method).rows;
    if (Number(params.start) < 0) {
      // Without counting the portal sends no `next`: there is nothing to page by.
      throw new ValidationError(
        [{ path: 'start', message: 'start=-1 gives no next page; use export() to read a whole list, or page by an ID filter yourself' }],
        method,
      );
    }
    return new Paginator<T, number>(Number(params.start ?? 0), async (start) => {
      const answer = await this.call(method, { ...params, start }, { access: 'read', signal: options.signal });
      return {
        page: { items: listRows(answer.result, rows, method) as T[], total: answer.total },
        next: typeof answer.next === 'number' ? answer.next : undefined,
      };
    });
  }

  /**
   * Reads a whole list as fast as the limits allow: no counting, disjoint ID slices read with
   * start=-1, fifty slices per batch, as many batches in flight as the client's bucket has room
   * for (a fresh client spends its whole burst, a busy one what is left), under the method's
   * operating time (a list too large for one window paces itself from the answers' time blocks);
   * rows stream in bounded memory, in ID order (ascending, or from the top with
   * `order: { ID: 'DESC' }`). A method of the catalogue brings its rows' place and ID names
   * (tasks.task.list: rows at `tasks`, `id` in the rows, `ID` in requests); options given here
   * win. `onCheckpoint` hands out, after every batch, the state to resume from (`resume`) with no
   * row lost or repeated. Parameters are
   * normalised as call() does. Throws a ValidationError (before any request) for what it would
   * otherwise override: `start`, an order on another field, ID bounds in the filter.
   */
  export<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}, options: ExportOptions = {}): AsyncIterable<T> {
    return exportRows<T>(this.exportTransport(), method, params, { ...listShapeOf(method), ...definedOnly(options) });
  }

  private exportTransport(): ExportTransport {
    return {
      call: (m, p, signal) => this.call(m, p, { access: 'read', signal }),
      batch: (cmds, signal, onSent) => this.batch(cmds, { signal, onSent }),
      bucket: this.bucket && { room: () => this.bucket!.room(), capacity: this.bucket.options.capacity, drainPerSecond: this.bucket.options.drainPerSecond },
      operatingBudget: this.operatingLimit,
    };
  }

  /** The client's steps for a file upload: REST calls with this call's options, a streamed POST, masking. */
  private uploadSteps(options: CallOptions): UploadSteps {
    return {
      call: (method, params) => this.call(method, params, { ...options, access: method === 'im.disk.folder.get' ? 'read' : 'write' }),
      post: async (url, body, headers) => {
        requireSecureUrl(url, 'the upload address the portal gave');
        this.debug(`→ POST ${this.redact(url)} (multipart, streamed)`);
        // An upload is never repeated: the stream is spent, and the portal may have the file.
        return send({ method: 'POST', url, headers, body, timeoutMs: options.timeoutMs ?? this.timeoutMs, signal: options.signal }, this.fetchImpl, this.secrets);
      },
      redact: (text) => this.redact(text),
      addSecrets: (...values) => this.secrets.add(...values),
    };
  }

  // ——— the catalogue ———

  async invoke(entry: AnyEntry, input: unknown, options: CallOptions = {}): Promise<Bitrix24Answer> {
    const parsed = parseInput(entry, input);
    const offline = offlineAnswer(entry, parsed);
    if (offline) return offline;
    if (entry.flow === 'chat-file') return sendChatFile(this.uploadSteps(options), parsed as unknown as ChatFileInput, this.options.uploadMaxBytes);
    const wire = toWireParams(entry, parsed);
    let answer: Bitrix24Answer;
    if (entry.transfer?.kind === 'upload') answer = await uploadFile(this.transferHost(), entry.remote, wire, options, this.options.inlineUploadBytes ?? defaultInlineUploadBytes);
    else if (entry.transfer?.kind === 'download') answer = await downloadFile(this.transferHost(), wire, options);
    else answer = await this.call(entry.remote, wire, { ...options, access: entry.access });
    if (entry.reshape) answer = { ...answer, result: entry.reshape(answer.result, parsed) };
    if (this.options.validateResults) {
      const check = entry.result.safeParse(answer.result);
      if (!check.success) {
        throw new InvalidResponseError(
          `bitrix24 ${entry.remote}: the result does not match the documented shape: ${check.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
            .join('; ')}`,
          'bitrix24',
          entry.remote,
          200,
          'application/json',
          this.redact(JSON.stringify(answer.result).slice(0, 200)),
        );
      }
    }
    return answer;
  }

  /** What the Drive's byte transfers (drive-transfer.ts) use of this client. */
  private transferHost(): TransferHost {
    return {
      call: (method, params, options) => this.call(method, params, options),
      fetchImpl: this.fetchImpl,
      timeoutMs: this.timeoutMs,
      secrets: this.secrets,
      debug: (line) => this.debug(line),
      redact: (text) => this.redact(text),
    };
  }

  /**
   * CRM lists (crm.*.list: filter, order and select objects, start=-1, rows with ID) are read whole
   * by export(), and resume from its checkpoints. Other start/next lists (user.get, department.get
   * sort and order by strings) are paged.
   */
  canResume(entry: AnyEntry): boolean {
    return entry.paging?.style === 'bitrix-start' && !entry.paging.rows && /^crm\.[a-z.]+\.list$/i.test(entry.remote);
  }

  /**
   * Every row of a list entry. CRM lists go through export() (no counting, the portal's bound,
   * checkpoints) when the input allows it (no offset, no order but by ID), else page by page
   * through list().
   */
  async *iterate(entry: AnyEntry, input: unknown, options: IterateOptions = {}): AsyncGenerator<unknown> {
    const paging = entry.paging;
    if (!paging) throw new ValidationError([{ path: '', message: `${entry.name} is not a list method` }], entry.name);
    const wire = toWireParams(entry, parseInput(entry, input));
    if (paging.style === 'bitrix-start') {
      // Named as the entry names it (offset, --offset), not as list() knows it (start).
      const param = Object.entries(entry.params).find(([key, spec]) => (spec.wire ?? key) === 'start')?.[0] ?? 'start';
      if (Number(wire.start) < 0) {
        throw new ValidationError(
          [{ path: param, message: '-1 skips counting, so there is no next page to follow when reading every row; leave it out' }],
          entry.name,
        );
      }
      const exporting = wire.start === undefined && this.canResume(entry);
      if (!exporting && options.resume !== undefined) {
        throw new ValidationError([{ path: param, message: 'a list read from an offset cannot be resumed; leave the offset out' }], entry.name);
      }
      if (exporting) {
        const rows = exportRows<unknown>(this.exportTransport(), entry.remote, wire, {
          rows: paging.rows,
          signal: options.signal,
          onProgress: options.onProgress,
          onCheckpoint: options.onCheckpoint,
          resume: options.resume as ExportCheckpoint | undefined,
        });
        const first = await rows.next().catch((error: unknown) => {
          // What export() cannot honour (an order on another field, ID bounds in the filter) is
          // refused before any request: such a list is paged instead, unless a resume was asked.
          if (error instanceof ValidationError && options.resume === undefined && error.issues.every((i) => i.path !== 'idField' && i.path !== 'rows')) return undefined;
          throw error;
        });
        if (first) {
          if (!first.done) yield first.value;
          yield* rows;
          return;
        }
      }
      let read = 0;
      for await (const row of this.list(entry.remote, wire, { rows: paging.rows, signal: options.signal })) {
        yield row;
        options.onProgress?.((read += 1));
      }
      return;
    }
    if (paging.style === 'offset-limit') {
      for (let offset = Number(wire[paging.offset] ?? 0); ; ) {
        const answer = await this.call(entry.remote, { ...wire, [paging.offset]: offset, [paging.limit]: paging.max }, { access: 'read', signal: options.signal });
        const rows = Array.isArray(answer.result) ? answer.result : [];
        yield* rows;
        if (rows.length < paging.max) return;
        offset += rows.length;
      }
    }
    throw new ValidationError([{ path: '', message: `paging style ${paging.style} is not spoken by Bitrix24` }], entry.name);
  }
}

type ListShape = Pick<ExportOptions, 'rows' | 'idField' | 'idKey'>;

/**
 * What the catalogue's list entries say of their answers — where the rows sit, what their ID is
 * called in rows and in requests — by remote method (from the generated index, so no section is
 * loaded), so that list() and export() called with a method's name read it as iterate() does.
 */
function listShapeOf(method: string): ListShape {
  const lists = bitrix24Index.lists ?? {};
  const key = method.trim().toLowerCase();
  // Own keys only: a method named "constructor" must not find Object's.
  return Object.hasOwn(lists, key) ? lists[key]! : {};
}

/** The options the caller set: an option given as undefined does not erase the catalogue's. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}

