// The XML endpoint's pipeline: limits, envelope, account and API key, signature, session or
// token, then the method. Every answer is `<response status="ok|error">` in application/xml.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Handler } from '../common/server.js';
import { PlanfixError } from './errors.js';
import type { DailyQuota, PerSecondLimiter } from './limits.js';
import { methods } from './methods/index.js';
import { bool, value } from './params.js';
import type { Credentials } from './seed.js';
import type { Sessions } from './sessions.js';
import { computeSignature } from './signature.js';
import type { PlanfixState } from './state.js';
import { buildResponse, child, parseXml, type OutObject, type XmlNode } from './xml.js';

export interface PlanfixStats {
  /** Requests that reached the XML endpoint (faults and admin calls excluded). */
  requests: number;
  byMethod: Record<string, number>;
  /** Error answers by code. */
  errors: Record<string, number>;
  /** Requests turned away by the per-second limit. */
  rateLimited: number;
  /** Requests that carried <silent>1</silent>. */
  silent: number;
  /**
   * The last error answers with the sandbox's explanation of each (the answers themselves carry
   * only the code, as documented): a debugging aid, newest last.
   */
  lastErrors: { method: string; code: string; detail: string }[];
}

const lastErrorsKept = 20;

export interface PipelineOptions {
  credentials: Credentials;
  state: PlanfixState;
  sessions: Sessions;
  perSecond?: PerSecondLimiter;
  daily?: DailyQuota;
  stats: PlanfixStats;
}

interface BasicAuth {
  apiKey: string;
  password: string;
}

function basicAuth(req: IncomingMessage): BasicAuth | undefined {
  const header = req.headers.authorization;
  const m = header ? /^Basic\s+(\S+)\s*$/i.exec(header) : null;
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? { apiKey: decoded, password: '' } : { apiKey: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The documented error answer, which carries the code and nothing else (Коды ошибок XML API v1);
 * the detail is counted and kept in the sandbox's own record of the last errors.
 */
export function errorAnswer(error: PlanfixError, stats: PlanfixStats): string {
  stats.errors[error.code] = (stats.errors[error.code] ?? 0) + 1;
  stats.lastErrors.push({ method: error.method ?? '', code: error.code, detail: error.message });
  if (stats.lastErrors.length > lastErrorsKept) stats.lastErrors.shift();
  return buildResponse('error', { code: error.code });
}

export function createPlanfixHandler(options: PipelineOptions): Handler {
  const { credentials, state, sessions, perSecond, daily, stats } = options;

  const send = (res: ServerResponse, httpStatus: number, xml: string, extra: Record<string, string> = {}): void => {
    const headers: Record<string, string> = { 'content-type': 'application/xml; charset=utf-8', ...extra };
    if (daily) headers['x-ratelimit-remaining'] = String(daily.remaining);
    res.writeHead(httpStatus, headers);
    res.end(xml);
  };

  const sendError = (res: ServerResponse, error: PlanfixError, httpStatus = 200, extra: Record<string, string> = {}): void =>
    send(res, httpStatus, errorAnswer(error, stats), extra);

  /** Everything after the envelope has been read; throws PlanfixError for error answers. */
  const answer = (request: XmlNode, method: string, auth: BasicAuth | undefined): OutObject => {
    if (value(request, 'account') !== credentials.account) throw new PlanfixError('0004');
    if (!auth || auth.apiKey !== credentials.apiKey) throw new PlanfixError('0001');
    if (daily && !daily.take()) throw new PlanfixError('0007');
    // An empty <signature/> (the docs' request templates all carry one) counts as no signature.
    const signature = child(request, 'signature')?.text.trim();
    if (signature && signature.toLowerCase() !== computeSignature(request, credentials.signatureKey)) {
      throw new PlanfixError('0006');
    }
    if (bool(request, 'silent')) stats.silent += 1;
    if (method === 'auth.login') return login(request);
    const handler = methods.get(method);
    if (!handler) throw new PlanfixError('0008', method);
    const userId = identify(request, auth);
    return handler({ request, state, userId });
  };

  const login = (request: XmlNode): OutObject => {
    const loginName = value(request, 'login');
    const password = child(request, 'password')?.text;
    if (loginName === undefined) throw new PlanfixError('0009', 'login');
    if (password === undefined || password === '') throw new PlanfixError('0009', 'password');
    const user = [...state.users.values()].find((u) => u.login === loginName);
    if (!user || user.password !== password) throw new PlanfixError('1001');
    if (user.status !== 'ACTIVE') throw new PlanfixError('0014');
    return { sid: sessions.open(user.id) };
  };

  /** Token mode when the Basic password is not empty, login mode (sid) otherwise. */
  const identify = (request: XmlNode, auth: BasicAuth): number => {
    let userId: number;
    if (auth.password !== '') {
      const owner = state.tokens.get(auth.password);
      if (owner === undefined) throw new PlanfixError('0012', 'the token does not exist');
      userId = owner;
    } else {
      const session = sessions.lookup(value(request, 'sid'));
      if (session === 'missing') throw new PlanfixError('0012', 'no sid and no token');
      if (session === 'expired') throw new PlanfixError('0005');
      userId = session.userId;
    }
    const user = state.users.get(userId);
    if (!user) throw new PlanfixError('0013');
    if (user.status !== 'ACTIVE') throw new PlanfixError('0014');
    return userId;
  };

  return (req, body, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path !== '/xml/' && path !== '/xml') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found: the Planfix XML API lives at /xml/');
      return;
    }
    stats.requests += 1;
    if (req.method !== 'POST') {
      sendError(res, new PlanfixError('0003', 'send the XML request with POST'), 405, { allow: 'POST' });
      return;
    }
    const auth = basicAuth(req);
    // The docs give the limit (one request a second) but not the answer when it is exceeded,
    // and no code of the error table means "too fast" (0020 is "not allowed to perform the
    // function", 0007 the spent daily quota). So the refusal is made at the HTTP level, before
    // the API reads the request, as a front proxy would: HTTP 429 Too Many Requests with
    // Retry-After and a plain-text body, no <response> and no Planfix code (DEVIATIONS.md).
    if (perSecond && !perSecond.take(auth?.apiKey ?? `address:${req.socket.remoteAddress ?? ''}`)) {
      stats.rateLimited += 1;
      const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' };
      if (daily) headers['x-ratelimit-remaining'] = String(daily.remaining);
      res.writeHead(429, headers);
      res.end('Too Many Requests: the Planfix API takes one request per second\n');
      return;
    }
    const request = parseXml(body.toString('utf8'));
    if (!request || request.name !== 'request') {
      sendError(res, new PlanfixError('0003'));
      return;
    }
    const method = request.attributes.method?.trim() ?? '';
    stats.byMethod[method] = (stats.byMethod[method] ?? 0) + 1;
    try {
      send(res, 200, buildResponse('ok', answer(request, method, auth)));
    } catch (error) {
      if (!(error instanceof PlanfixError)) throw error;
      error.method = method;
      sendError(res, error);
    }
  };
}
