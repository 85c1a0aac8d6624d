// The request pipeline of the emulated portal: address → rate limit → auth → operating-time
// check → method → modelled processing delay → the answer with its `time` block. `batch`
// runs its commands through the same steps (except the rate limit, counted once).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PortalError } from './errors.js';
import { isoUtc } from './dates.js';
import { isRecord, parseQuery, readParams, toBool, toStr, type Params } from './params.js';
import { LeakyBucket, OperatingTime, modelledSeconds } from './limits.js';
import type { AuthRegistry, Caller } from './auth.js';
import type { PortalState } from './state.js';
import type { MethodHandler, MethodResult } from './methods/types.js';
import { calendarMethods } from './methods/calendar.js';
import { userMethods } from './methods/users.js';
import { departmentMethods } from './methods/departments.js';
import { crmMethods } from './methods/crm.js';
import { taskMethods } from './methods/tasks.js';
import { taskCommentMethods } from './methods/task-comments.js';
import { serverMethods } from './methods/server.js';
import { timemanMethods } from './methods/timeman.js';
import { taskUserFieldMethods } from './methods/task-user-fields.js';
import { taskChecklistMethods } from './methods/task-checklists.js';
import { taskElapsedMethods } from './methods/task-elapsed.js';
import { taskStageMethods } from './methods/task-stages.js';
import { chatMethods } from './methods/chats.js';
import { messageMethods } from './methods/messages.js';
import { newsFeedMethods } from './methods/news-feed.js';
import { diskMethods } from './methods/disk.js';
import { DiskTransfer, isTransferPath } from './disk-transfer.js';
import { allowed } from './scopes.js';
import { toXml } from './xml.js';
import { phpMap } from './php.js';

export const methods: Record<string, MethodHandler> = {
  ...calendarMethods,
  ...userMethods,
  ...departmentMethods,
  ...crmMethods,
  ...taskMethods,
  ...taskCommentMethods,
  ...timemanMethods,
  ...taskUserFieldMethods,
  ...taskChecklistMethods,
  ...taskElapsedMethods,
  ...taskStageMethods,
  ...chatMethods,
  ...messageMethods,
  ...newsFeedMethods,
  ...diskMethods,
  ...serverMethods(() => ['batch', ...Object.keys(methods)].sort()),
};

export interface PortalStats {
  /** Every request to /rest/ and /oauth/. */
  requests: number;
  /** REST calls answered 2xx (a batch counts once). */
  served: number;
  /** 503 QUERY_LIMIT_EXCEEDED answers. */
  rateLimited: number;
  /** 429 OPERATION_TIME_LIMIT answers and batch commands refused for it. */
  operatingLimited: number;
  /** Other error answers (auth, method errors, not found …). */
  errors: number;
  /** refresh_token grants that succeeded. */
  refreshes: number;
  /** authorization_code grants that succeeded. */
  codeExchanges: number;
  batches: number;
  batchCommands: number;
  /** Calls per method, batch commands included. */
  byMethod: Record<string, number>;
  /** Sum of modelled processing seconds. */
  processingSeconds: number;
}

export function emptyStats(): PortalStats {
  return {
    requests: 0,
    served: 0,
    rateLimited: 0,
    operatingLimited: 0,
    errors: 0,
    refreshes: 0,
    codeExchanges: 0,
    batches: 0,
    batchCommands: 0,
    byMethod: {},
    processingSeconds: 0,
  };
}

export interface PortalOptions {
  state: PortalState;
  auth: AuthRegistry;
  bucket: LeakyBucket | null;
  operating: OperatingTime | null;
  timeScale: number;
  stats: PortalStats;
  /** Base address, set once the server listens. */
  baseUrl: () => string;
  /** The largest upload body the Drive's upload address takes, in bytes. */
  uploadMaxBytes: number;
}

const maxBatch = 50;

/** The answer's form: JSON, or XML when the method name ends in `.xml`. */
type Format = 'json' | 'xml';

function send(res: ServerResponse, status: number, body: Record<string, unknown>, format: Format = 'json'): void {
  writeAnswer(res, status, serialize(body, format), format);
}

function serialize(body: Record<string, unknown>, format: Format): string {
  return format === 'xml' ? toXml(body) : JSON.stringify(body);
}

function writeAnswer(res: ServerResponse, status: number, text: string, format: Format): void {
  res.writeHead(status, { 'content-type': format === 'xml' ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8' });
  res.end(text);
}

/** Splits `crm.deal.list.json` / `batch.xml` into the method and the answer's form. */
function methodAndFormat(text: string): { method: string; format: Format } {
  const lower = text.trim().toLowerCase();
  if (lower.endsWith('.xml')) return { method: lower.slice(0, -'.xml'.length), format: 'xml' };
  return { method: lower.replace(/\.json$/, ''), format: 'json' };
}

/** 403 insufficient_scope, as the system errors table words it (_includes/system-errors.md). */
function insufficientScope(description = 'The request requires higher privileges than provided by the webhook token'): PortalError {
  return new PortalError(403, 'insufficient_scope', description);
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/**
 * Waits until `finishSec`, the moment the modelled processing ends. The sandbox's own work (running
 * the command, writing the answer) happens inside that time, as a portal's does: it is not added
 * on top, which would make a busy sandbox slower than the model it stands for (DEVIATIONS.md, "The
 * cost model").
 */
function until(finishSec: number): Promise<void> {
  return sleep(finishSec * 1000 - Date.now());
}

interface CommandOutcome {
  ok: boolean;
  result?: MethodResult;
  error?: PortalError;
  seconds: number;
  startSec: number;
}

export class Portal {
  /** The Drive's download, upload and external-link routes. */
  private readonly transfer: DiskTransfer;

  constructor(private readonly o: PortalOptions) {
    this.transfer = new DiskTransfer({ state: o.state, auth: o.auth, baseUrl: o.baseUrl, uploadMaxBytes: o.uploadMaxBytes });
  }

  async handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const [rawPath = '/', query = ''] = (req.url ?? '/').split(/\?(.*)/s);
    let path = rawPath;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      // A broken escape stays as it came; the route lookup then fails normally.
    }
    if (path.startsWith('/oauth/')) {
      this.o.stats.requests += 1;
      return this.oauth(path, query, body, req, res);
    }
    if (isTransferPath(path)) {
      this.o.stats.requests += 1;
      return this.transfer.handle(path, query, req, res);
    }
    if (!path.startsWith('/rest/')) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body><h1>404 Not Found</h1></body></html>');
      return;
    }
    this.o.stats.requests += 1;
    const startSec = Date.now() / 1000;
    let format: Format = 'json';
    try {
      if (this.o.bucket && !this.o.bucket.take()) {
        this.o.stats.rateLimited += 1;
        return send(res, 503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
      }
      // A portal's workers start on each request as it arrives. The sandbox's one thread has noted
      // this arrival; it lets the requests that came with it be read and noted too before it runs
      // this one, so that its own work on one request does not delay another's start.
      await new Promise((resolve) => setImmediate(resolve));
      const parts = path.slice('/rest/'.length).split('/').filter((p) => p !== '');
      const params = await readParams(query, body, req.headers['content-type']);
      if (params === 'bad-json') throw new PortalError(400, 'INVALID_REQUEST', 'Invalid JSON in the request body');
      let caller: Caller;
      let methodPart: string | undefined;
      if (parts.length === 3) {
        caller = this.o.auth.webhook(parts[0]!, parts[1]!);
        methodPart = parts[2];
      } else if (parts.length === 1) {
        caller = this.o.auth.token(params.auth ?? params.access_token, startSec);
        methodPart = parts[0];
      } else {
        throw new PortalError(401, 'NO_AUTH_FOUND', 'Wrong authorization data');
      }
      const target = methodAndFormat(methodPart ?? '');
      const method = target.method;
      format = target.format;
      delete params.auth;
      if (method === 'batch') return await this.batch(params, caller, startSec, res, format);
      const outcome = this.runCommand(method, params, caller, startSec);
      const finish = this.finishOf(startSec, outcome.seconds);
      if (!outcome.ok) {
        await until(finish);
        throw outcome.error!;
      }
      const r = outcome.result!;
      const answer: Record<string, unknown> = { result: r.result };
      if (r.next !== undefined) answer.next = r.next;
      if (r.total !== undefined) answer.total = r.total;
      answer.time = this.timeBlock(startSec, finish, outcome.seconds, caller, method);
      const text = serialize(answer, format);
      await until(finish);
      this.o.stats.served += 1;
      return writeAnswer(res, 200, text, format);
    } catch (error) {
      if (!(error instanceof PortalError)) throw error;
      if (error.status === 429) this.o.stats.operatingLimited += 1;
      else this.o.stats.errors += 1;
      return send(res, error.status, error.toBody(), format);
    }
  }

  /** One method call with its limits; used for single calls and batch commands alike. */
  private runCommand(method: string, params: Params, caller: Caller, startSec: number, inBatch = false): CommandOutcome {
    const handler = methods[method];
    if (!handler) {
      return { ok: false, error: new PortalError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!'), seconds: 0, startSec };
    }
    if (!allowed(method, caller.scopes)) {
      // Inside a batch the portal leaves the description empty (the batch page's error example).
      return { ok: false, error: inBatch ? insufficientScope('') : insufficientScope(), seconds: 0, startSec };
    }
    this.o.stats.byMethod[method] = (this.o.stats.byMethod[method] ?? 0) + 1;
    const nowSec = Date.now() / 1000;
    if (this.o.operating?.status(caller.principal, method, nowSec).blocked) {
      return {
        ok: false,
        error: new PortalError(429, 'OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit'),
        seconds: 0,
        startSec,
      };
    }
    let outcome: CommandOutcome;
    try {
      const result = handler(params, {
        userId: caller.userId,
        state: this.o.state,
        nowSec,
        caller: {
          kind: caller.kind,
          scopes: caller.scopes,
          ...(caller.kind === 'app' ? { appCode: this.o.auth.clientId } : {}),
          ...(caller.credential ? { credential: caller.credential } : {}),
        },
        baseUrl: this.o.baseUrl(),
      });
      outcome = { ok: true, result, seconds: modelledSeconds(result.rows ?? 0, result.counted ?? 0, fieldsOf(result.result)), startSec };
    } catch (error) {
      if (!(error instanceof PortalError)) throw error;
      outcome = { ok: false, error, seconds: modelledSeconds(0, 0), startSec };
    }
    this.o.operating?.add(caller.principal, method, outcome.seconds, nowSec);
    this.o.stats.processingSeconds += outcome.seconds;
    return outcome;
  }

  /** When an answer that arrived at `startSec` and costs `processing` modelled seconds is sent. */
  private finishOf(startSec: number, processing: number): number {
    return Math.max(Date.now() / 1000, startSec + processing * this.o.timeScale);
  }

  private timeBlock(startSec: number, finish: number, processing: number, caller: Caller | null, method: string | null, withOperating = true): Record<string, unknown> {
    const block: Record<string, unknown> = {
      start: startSec,
      finish,
      duration: finish - startSec,
      processing,
      date_start: isoUtc(startSec),
      date_finish: isoUtc(finish),
    };
    if (withOperating && this.o.operating && caller && method) {
      const status = this.o.operating.status(caller.principal, method, Date.now() / 1000);
      block.operating_reset_at = Math.ceil(status.resetAt);
      block.operating = status.operating;
    }
    return block;
  }

  private async batch(params: Params, caller: Caller, startSec: number, res: ServerResponse, format: Format): Promise<void> {
    this.o.stats.batches += 1;
    const cmd = params.cmd;
    const entries: [string, unknown][] = Array.isArray(cmd) ? cmd.map((c, i) => [String(i), c]) : isRecord(cmd) ? Object.entries(cmd) : [];
    const halt = toBool(params.halt) ?? false;
    const results = new Map<string, unknown>();
    const errors = new Map<string, unknown>();
    const totals = new Map<string, unknown>();
    const nexts = new Map<string, unknown>();
    const times = new Map<string, unknown>();
    let seconds = 0;
    for (const [index, [name, raw]] of entries.entries()) {
      this.o.stats.batchCommands += 1;
      const text = toStr(raw) ?? '';
      const [methodText = '', queryText = ''] = text.split(/\?(.*)/s);
      const method = methodAndFormat(methodText).method;
      const commandStart = Date.now() / 1000;
      let outcome: CommandOutcome;
      if (index >= maxBatch) {
        // The batch page: the request still answers 200; each command past 50 fails alone.
        outcome = {
          ok: false,
          error: new PortalError(400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded'),
          seconds: 0,
          startSec: commandStart,
        };
      } else if (method === 'batch') {
        outcome = {
          ok: false,
          error: new PortalError(405, 'ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage'),
          seconds: 0,
          startSec: commandStart,
        };
      } else {
        const commandParams = substitute(parseQuery(queryText), results) as Params;
        delete commandParams.auth;
        outcome = this.runCommand(method, commandParams, caller, commandStart, true);
      }
      seconds += outcome.seconds;
      if (outcome.ok) {
        const r = outcome.result!;
        results.set(name, r.result ?? null);
        if (r.total !== undefined) totals.set(name, r.total);
        if (r.next !== undefined) nexts.set(name, r.next);
        times.set(name, {
          start: commandStart,
          finish: commandStart + outcome.seconds * this.o.timeScale,
          duration: outcome.seconds * this.o.timeScale,
          processing: outcome.seconds,
          date_start: isoUtc(commandStart),
          date_finish: isoUtc(commandStart + outcome.seconds * this.o.timeScale),
        });
      } else {
        if (outcome.error!.status === 429) this.o.stats.operatingLimited += 1;
        errors.set(name, outcome.error!.toBody());
        if (halt) break;
      }
    }
    const finish = this.finishOf(startSec, seconds);
    const text = serialize(
      {
        result: {
          result: phpMap(results),
          result_error: phpMap(errors),
          result_total: phpMap(totals),
          result_next: phpMap(nexts),
          result_time: phpMap(times),
        },
        time: this.timeBlock(startSec, finish, seconds, caller, null, false),
      },
      format,
    );
    await until(finish);
    this.o.stats.served += 1;
    writeAnswer(res, 200, text, format);
  }

  private async oauth(path: string, query: string, body: Buffer, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const params = await readParams(query, body, req.headers['content-type']);
    const nowSec = Date.now() / 1000;
    const base = this.o.baseUrl();
    if (params === 'bad-json') return send(res, 400, { error: 'invalid_request', error_description: 'Invalid request' });
    try {
      if (path === '/oauth/token/' || path === '/oauth/token') {
        const answer = this.o.auth.grant(params, nowSec, { client: `${base}/rest/`, server: `${base}/rest/`, domain: new URL(base).host });
        this.o.stats.refreshes = this.o.auth.refreshes;
        this.o.stats.codeExchanges = this.o.auth.codeExchanges;
        return send(res, 200, answer);
      }
      if (path === '/oauth/authorize/' || path === '/oauth/authorize') {
        // Stands for the user's consent page: the user (user_id, default the administrator)
        // is taken as logged in and agreeing.
        if (params.client_id !== this.o.auth.clientId) throw new PortalError(400, 'invalid_client', 'Invalid client data');
        const userId = Number(toStr(params.user_id) ?? 1);
        if (!this.o.state.users.get(userId)) throw new PortalError(400, 'invalid_request', 'Unknown user');
        const reply = {
          code: this.o.auth.authorizationCode(userId, nowSec),
          state: toStr(params.state) ?? '',
          domain: new URL(base).host,
          member_id: this.o.auth.memberId,
          scope: this.o.auth.appScopeText(),
          server_domain: new URL(base).host,
        };
        const redirect = toStr(params.redirect_uri);
        if (redirect) {
          const target = new URL(redirect);
          for (const [k, v] of Object.entries(reply)) target.searchParams.set(k, v);
          res.writeHead(302, { location: target.toString() });
          res.end();
          return;
        }
        return send(res, 200, reply);
      }
      throw new PortalError(404, 'invalid_request', 'Unknown OAuth path');
    } catch (error) {
      if (!(error instanceof PortalError)) throw error;
      this.o.stats.errors += 1;
      return send(res, error.status, error.toBody());
    }
  }
}

/** Fields a row of a list answer carries (a list of plain values: one). */
function fieldsOf(result: unknown): number {
  const first: unknown = Array.isArray(result) ? result[0] : undefined;
  return isRecord(first) ? Object.keys(first).length : 1;
}

const reference = /\$result\[([^\]]+)\]((?:\[[^\]]*\])*)/g;

function resolve(results: Map<string, unknown>, name: string, path: string): unknown {
  let value: unknown = results.get(name);
  for (const m of path.matchAll(/\[([^\]]*)\]/g)) {
    const key = m[1]!;
    if (Array.isArray(value)) value = value[Number(key)];
    else if (isRecord(value)) value = value[key];
    else return undefined;
  }
  return value;
}

/** Replaces $result[name][FIELD] references with the results of earlier commands. */
function substitute(value: unknown, results: Map<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = /^\$result\[([^\]]+)\]((?:\[[^\]]*\])*)$/.exec(value);
    if (whole) {
      const found = resolve(results, whole[1]!, whole[2]!);
      return found === undefined || found === null ? '' : found;
    }
    return value.replace(reference, (_m, name: string, path: string) => {
      const found = resolve(results, name, path);
      return found === undefined || found === null ? '' : typeof found === 'object' ? JSON.stringify(found) : String(found);
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, results));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, results)]));
  return value;
}
