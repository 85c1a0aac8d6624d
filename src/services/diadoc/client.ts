// The Kontur Diadoc client: three ways to authenticate with shared renewal, JSON on the wire with
// exact timestamps, errors that say what the status means, retries only where they are safe, paging,
// and the catalogue methods as typed functions.
import {
  AuthenticationError,
  ConfigurationError,
  InvalidResponseError,
  RateLimitError,
  ServerError,
  ValidationError,
} from '../../core/errors.js';
import { checkClientOptions } from '../../core/client-options.js';
import { echo } from '../../core/echo.js';
import { requireSecureUrl, send, type FetchLike } from '../../core/http.js';
import { Paginator, getPath } from '../../core/paging.js';
import { SecretSet } from '../../core/redact.js';
import { defaultRetry, mayRepeat, withRetry, type RetryOptions } from '../../core/retry.js';
import {
  bindMethods,
  parseInput,
  type AnyEntry,
  type CallOptions,
  type CatalogueClient,
  type InputOf,
} from '../../core/catalogue.js';
import { diadocError, readJsonAnswer } from './answer.js';
import { boxIdForms, toBoxIdGuid } from './box-id.js';
import { authenticateByPassword, createCredentials, type Credentials, type DiadocAuth } from './auth.js';
import { diadocCatalogue, type DiadocCatalogue, type DiadocMethods } from './catalogue.js';
import { stringifyDiadocJson } from './json.js';
import { buildRequest } from './wire.js';
import { diadocSharing, type DiadocSharedOptions, type DiadocSharing } from './shared.js';
import type { z } from 'zod';
import type { adminDepartment, employee } from './methods/schemas.js';

export const diadocProductionUrl = 'https://diadoc-api.kontur.ru';

/** A deprecated method answered with a Sunset header (the date it will be switched off). */
export interface DiadocDeprecation {
  method: string;
  /** The header as sent, e.g. "Wed, 11 Nov 2026 11:11:11 GMT". */
  sunset: string;
  /** The parsed date, when the header is a valid HTTP date. */
  date?: Date;
  /** The `Link` header (rel="sunset": where the migration is described), when sent. */
  link?: string;
}

export interface DiadocCommonOptions {
  /** Base address; production by default. Test environments have their own. */
  url?: string;
  retry?: Partial<RetryOptions>;
  /** Per request, in ms. */
  timeoutMs?: number;
  /** A fetch of your own (a proxy, a custom CA, a test double). */
  fetch?: FetchLike;
  /** Check every catalogue result against its documented shape (useful in tests; off by default). */
  validateResults?: boolean;
  /** Receives a line per request and answer, secrets masked. */
  onDebug?: (line: string) => void;
  /**
   * Called once per deprecated method that answers with `Sunset`. Without it the client emits a
   * process warning (DiadocDeprecationWarning) once per method.
   */
  onDeprecation?: (notice: DiadocDeprecation) => void;
  /**
   * With login and password: share the token with every process signing in with the same login,
   * through Redis (README: "Many processes, one portal"), so that they authenticate once for all.
   */
  shared?: DiadocSharedOptions;
}

export type DiadocClientOptions = DiadocAuth & DiadocCommonOptions;

export interface DiadocRequestOptions extends CallOptions {
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** The JSON body (bigint values go out as exact integers). */
  body?: unknown;
}

/** An employee as the service returns it (Ticks as bigint). */
export type DiadocEmployee = z.output<typeof employee>;
export type DiadocDepartment = z.output<typeof adminDepartment>;

// Ask the service to wait at most this long ourselves; a longer Retry-After is the caller's to honour.
const maxHonouredRetryAfterMs = 60_000;

// The catalogue's typed functions are attached in the constructor; this merge declares them.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface DiadocClient extends DiadocMethods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class DiadocClient implements CatalogueClient {
  /** The base address, without a trailing slash. */
  readonly baseUrl: string;
  private readonly secrets = new SecretSet();
  private readonly fetchImpl: FetchLike;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;
  private readonly credentials: Credentials;
  private readonly options: DiadocClientOptions;
  private readonly deprecatedSeen = new Set<string>();
  private readonly sharing: DiadocSharing;

  constructor(options: DiadocClientOptions) {
    checkClientOptions('DiadocClient', options, '{ clientId, token }, { clientId, login, password } or { bearer }', ['url', 'clientId', 'token', 'login', 'password']);
    this.options = options;
    this.baseUrl = normalizeBaseUrl(options.url ?? diadocProductionUrl);
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.retry = { ...defaultRetry, ...options.retry };
    this.sharing = diadocSharing(options, this.baseUrl, options.shared);
    this.credentials = createCredentials(options, {
      baseUrl: this.baseUrl,
      fetch: this.fetchImpl,
      timeoutMs: this.timeoutMs,
      secrets: this.secrets,
      debug: (line) => this.debug(line),
      share: this.sharing.share,
    });
    Object.assign(this, bindMethods(this, diadocCatalogue));
  }

  /** Closes the Redis connection the client opened from a `shared.redis` URL (a client you passed stays open). */
  close(): Promise<void> {
    return this.sharing.close();
  }

  /** Obtains a DiadocAuth token by login and password (to store and pass later as `token`). */
  static async authenticate(
    options: { clientId: string; login: string; password: string } & Pick<DiadocCommonOptions, 'url' | 'fetch' | 'timeoutMs'>,
  ): Promise<string> {
    const secrets = new SecretSet();
    secrets.add(options.clientId, options.password);
    return authenticateByPassword(options.clientId, options.login, options.password, {
      baseUrl: normalizeBaseUrl(options.url ?? diadocProductionUrl),
      fetch: options.fetch ?? fetch,
      timeoutMs: options.timeoutMs ?? 60_000,
      secrets,
      debug: () => undefined,
    });
  }

  /** Masks every secret this client knows, and well-known secret shapes, in a text. */
  redact(text: string): string {
    return this.secrets.redact(text);
  }

  private debug(line: string): void {
    this.options.onDebug?.(this.secrets.redact(line));
  }

  /**
   * Calls any Diadoc method: `request('GET', '/GetBox', { query: { boxId } })`. Resolves to the
   * JSON answer with every Ticks as bigint, or null for an empty answer. A 401 renews the
   * credentials once (when they can be renewed) and repeats the call. A `boxId` query value is
   * taken in either form proto/Box carries (BoxIdGuid or `<hex>@diadoc.ru`) and sent as the GUID;
   * anything else throws ValidationError before the request.
   */
  async request(httpMethod: 'GET' | 'POST', path: string, options: DiadocRequestOptions = {}): Promise<unknown> {
    if (!/^\/[A-Za-z0-9/]+$/.test(path)) {
      throw new ValidationError([{ path: 'path', message: `${echo(path)} is not a Diadoc method path such as /GetEmployee or /V2/GetMyUser` }]);
    }
    const method = path.slice(1);
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value === undefined) continue;
      // A box id in either documented form goes out as the BoxIdGuid; anything else stops here.
      const text = name.toLowerCase() === 'boxid' ? toBoxIdGuid(String(value)) : String(value);
      if (text === undefined) throw new ValidationError([{ path: name, message: `expected ${boxIdForms}` }], method);
      query.set(name, text);
    }
    const url = `${this.baseUrl}${path}${query.size ? `?${query}` : ''}`;
    const body = options.body === undefined ? undefined : stringifyDiadocJson(options.body);
    for (let renewed = false; ; renewed = true) {
      let used: string | undefined;
      try {
        return await withRetry(
          async () => {
            used = undefined;
            const authorization = await this.credentials.header(options.signal);
            used = authorization;
            return this.sendOnce(method, httpMethod, url, authorization, body, options);
          },
          (error) => this.retryVerdict(httpMethod, error),
          this.retry,
          options.signal,
        );
      } catch (error) {
        // Only a 401 to the call itself (not a refused Authenticate or refresh) is worth one renewal.
        if (!renewed && used !== undefined && error instanceof AuthenticationError && error.method === method && error.status === 401) {
          if (await this.credentials.renew(used, options.signal)) continue;
        }
        throw error;
      }
    }
  }

  private async sendOnce(
    method: string,
    httpMethod: 'GET' | 'POST',
    url: string,
    authorization: string,
    body: string | undefined,
    options: CallOptions,
  ): Promise<unknown> {
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    this.debug(`→ ${httpMethod} ${url}${body !== undefined ? ` ${body.length > 2000 ? `${body.slice(0, 2000)}…` : body}` : ''}`);
    const started = performance.now();
    const response = await send(
      { method: httpMethod, url, headers, body, timeoutMs: options.timeoutMs ?? this.timeoutMs, signal: options.signal },
      this.fetchImpl,
      this.secrets,
    );
    this.debug(`← ${response.status} ${method} in ${Math.round(performance.now() - started)} ms (${response.text.length} chars)`);
    const sunset = response.headers['sunset'];
    if (sunset) this.noteDeprecation(method, sunset, response.headers['link']);
    const redact = (s: string) => this.redact(s);
    if (response.status >= 400) throw diadocError(method, response, redact);
    return readJsonAnswer(method, response, redact);
  }

  private noteDeprecation(method: string, sunset: string, link: string | undefined): void {
    this.debug(`! ${method} is deprecated: Sunset ${sunset}${link ? ` ${link}` : ''}`);
    if (this.deprecatedSeen.has(method)) return;
    this.deprecatedSeen.add(method);
    const at = Date.parse(sunset);
    const notice: DiadocDeprecation = { method, sunset, ...(!Number.isNaN(at) && { date: new Date(at) }), ...(link && { link }) };
    if (this.options.onDeprecation) this.options.onDeprecation(notice);
    else process.emitWarning(`Diadoc method ${method} is deprecated and will be switched off after ${sunset}${link ? ` (${link})` : ''}`, 'DiadocDeprecationWarning');
  }

  /** false: give up; true: back off and retry; a number: retry after that many ms. */
  private retryVerdict(httpMethod: 'GET' | 'POST', error: unknown): boolean | number {
    const access = httpMethod === 'GET' ? 'read' : 'write';
    // A refusal for pace or an overloaded service may name its wait; only reads are repeated.
    if (access === 'read' && (error instanceof RateLimitError || error instanceof ServerError) && error.retryAfter !== undefined) {
      const ms = error.retryAfter * 1000;
      return ms <= maxHonouredRetryAfterMs ? ms : false;
    }
    if (access === 'read' && error instanceof RateLimitError) return true;
    return mayRepeat(error, access);
  }

  // ——— the catalogue ———

  private prepare(entry: AnyEntry, input: unknown): Record<string, unknown> {
    if (entry.service !== 'diadoc') {
      throw new ValidationError([{ path: '', message: `${entry.name} belongs to ${entry.service}, not to Diadoc` }], entry.name);
    }
    return parseInput(entry, input);
  }

  private async callEntry(entry: AnyEntry, parsed: Record<string, unknown>, options: CallOptions): Promise<unknown> {
    const parts = buildRequest(entry, parsed);
    const answer = await this.request(parts.httpMethod, parts.path, {
      ...options,
      query: Object.fromEntries(parts.query),
      ...(parts.body !== undefined && { body: parts.body }),
    });
    if (this.options.validateResults) {
      const check = entry.result.safeParse(answer);
      if (!check.success) {
        throw new InvalidResponseError(
          `diadoc ${entry.remote}: the answer does not match the documented shape: ${check.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
            .join('; ')}`,
          'diadoc',
          parts.path.slice(1),
          200,
          'application/json',
          this.redact(stringifyDiadocJson(answer).slice(0, 200)),
        );
      }
    }
    return answer;
  }

  /** Calls one catalogue method; resolves to the service's JSON answer (Ticks as bigint). */
  async invoke(entry: AnyEntry, input: unknown, options: CallOptions = {}): Promise<unknown> {
    return this.callEntry(entry, this.prepare(entry, input), options);
  }

  /**
   * The pages of a paged method (GetEmployees, GetDepartments), from the given page (1 by
   * default) with the given size (the largest the method allows by default). Stops at an empty
   * or short page, or when TotalCount rows are covered.
   */
  pages(entry: AnyEntry, input: unknown, options: CallOptions = {}): Paginator<unknown, number> {
    const paging = entry.paging;
    if (!paging || paging.style !== 'page') {
      throw new ValidationError([{ path: '', message: `${entry.name} is not a paged method` }], entry.name);
    }
    const parsed = this.prepare(entry, input);
    const keyOf = (wire: string) => Object.entries(entry.params).find(([key, spec]) => (spec.wire ?? key) === wire)?.[0] ?? wire;
    const pageKey = keyOf(paging.page);
    const sizeKey = keyOf(paging.size);
    const size = Number(parsed[sizeKey] ?? paging.max);
    return new Paginator<unknown, number>(Number(parsed[pageKey] ?? 1), async (page) => {
      const answer = await this.callEntry(entry, { ...parsed, [pageKey]: page, [sizeKey]: size }, options);
      const rows = getPath(answer, paging.items);
      const items = Array.isArray(rows) ? (rows as unknown[]) : [];
      const totalValue = getPath(answer, paging.total);
      const total = typeof totalValue === 'number' ? totalValue : undefined;
      const done = items.length === 0 || items.length < size || (total !== undefined && page * size >= total);
      return { page: { items, ...(total !== undefined && { total }) }, next: done ? undefined : page + 1 };
    });
  }

  /** Walks every row of a paged method. */
  async *iterate(entry: AnyEntry, input: unknown, options: CallOptions = {}): AsyncGenerator<unknown> {
    yield* this.pages(entry, input, options);
  }

  /** Every employee of a box, page after page (`for await`, or `.toArray()`). */
  allEmployees(input: Omit<InputOf<DiadocCatalogue['getEmployees']>, 'page'>, options: CallOptions = {}): Paginator<DiadocEmployee, number> {
    return this.pages(diadocCatalogue.getEmployees, input, options) as Paginator<DiadocEmployee, number>;
  }

  /** Every department of a box (the head department first). */
  allDepartments(input: Omit<InputOf<DiadocCatalogue['getDepartments']>, 'page'>, options: CallOptions = {}): Paginator<DiadocDepartment, number> {
    return this.pages(diadocCatalogue.getDepartments, input, options) as Paginator<DiadocDepartment, number>;
  }
}

function normalizeBaseUrl(url: string): string {
  const trimmed = url.trim();
  if (!trimmed) throw new ConfigurationError('the Diadoc address is empty');
  const parsed = requireSecureUrl(trimmed, 'the Diadoc address');
  return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
}
