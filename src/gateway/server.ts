// The HTTP gateway (`uzel serve`): fastify routes derived from the catalogue, each call checked
// in this order — gateway key (401), the key's limit (429), its allow list (403), the parameters
// against the entry's schema (400) — before the one shared client of the service is used.
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { parseInput, type CatalogueClient, type ServiceDefinition } from '../core/catalogue.js';
import { echo } from '../core/echo.js';
import { ValidationError } from '../core/errors.js';
import { parseJson, jsonErrorPlace } from '../core/json.js';
import { formatJson } from '../core/json-text.js';
import { allows, refusal, type AccessPolicy } from '../core/policy.js';
import { maskLiterals, redact } from '../core/redact.js';
import { packageVersion } from '../core/version.js';
import { defaultCallerLimit, type GatewayConfig, type KeyConfig } from './config.js';
import { Connections } from './connections.js';
import { errorReply, GatewayError } from './errors.js';
import { bearerKey, matchKey } from './keys.js';
import { RequestLog } from './log.js';
import { buildOpenApi } from './openapi.js';
import { referencePage } from './page.js';
import { CallerBuckets } from './rate-limit.js';
import { buildRoutes, type Route } from './routes.js';

/** The largest request body taken, in bytes. */
export const bodyLimit = 8 * 1024 * 1024;

export interface GatewayOptions {
  config: GatewayConfig;
  /** The services offered, loaded (src/services/registry.ts). */
  services: ServiceDefinition[];
  /** Where connections come from, as the CLI reads them (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Receives each log line (JSON, newline-terminated), secrets masked. */
  log: (line: string) => void;
  /** Keys valid for this run only, besides the config's (`uzel serve` with no keys configured). */
  extraKeys?: KeyConfig[];
}

export interface Gateway {
  app: FastifyInstance;
  routes: Route[];
  document: Record<string, unknown>;
  /** Listens; resolves to the base address, e.g. http://127.0.0.1:8787. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/** What the log line of a request says, filled in as the request goes. */
interface RequestState {
  started: number;
  key?: string;
  route?: string;
  rows?: number;
  error?: string;
}

function policyOf(key: KeyConfig): AccessPolicy {
  // A key given handlers and no services or methods reaches those handlers only.
  const handlersOnly = key.handlers !== undefined && key.services === undefined && key.methods === undefined;
  return {
    ...(handlersOnly ? { services: [] } : key.services ? { services: key.services } : {}),
    ...(key.methods ? { methods: key.methods } : {}),
    write: key.write,
    destructive: key.destructive,
  };
}

/** Why the key may not call the route; undefined when it may. */
function routeRefusal(key: KeyConfig, route: Route): string | undefined {
  if (route.handler && key.handlers !== undefined) {
    return key.handlers.includes(route.handler.name) ? undefined : `the handler ${route.handler.name} is not among the key's handlers`;
  }
  const policy = policyOf(key);
  if (allows(policy, route.entry)) return undefined;
  return `${refusal(policy, route.entry)} for the key ${key.name}`;
}

/** `?all=`: whether every row is asked for. */
function wantsAll(query: unknown): boolean {
  const value = (query as Record<string, unknown> | undefined)?.all;
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true' || value === '') return true;
  throw new ValidationError([{ path: 'all', message: `expected 1 or true (every row as NDJSON), or 0 or false, not ${echo(value)}` }]);
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, services } = options;
  const keys = [...config.keys, ...(options.extraKeys ?? [])];
  const hashes = keys.map((k) => k.hash);
  const routes = buildRoutes(services, config.handlers);
  checkFixed(routes);
  const document = buildOpenApi(services, routes, { version: packageVersion() });
  const documentText = formatJson(document, false);
  const page = referencePage();
  const buckets = new CallerBuckets();

  const secrets = (): Iterable<string> => connections.secrets;
  const mask = (text: string): string => redact(text, secrets());
  const log = new RequestLog(options.log, secrets);
  const connections = new Connections(services, config, options.env ?? process.env, (message) => log.note(message));
  for (const [id, status] of Object.entries(connections.status())) {
    log.note(status.connected ? `${id}: connected from ${status.source}` : `${id}: not connected (no profile or UZEL_* variables for it)`);
  }

  const app = Fastify({ logger: false, bodyLimit, forceCloseConnections: true, return503OnClosing: true });
  const states = new WeakMap<FastifyRequest, RequestState>();
  const state = (request: FastifyRequest): RequestState => states.get(request)!;

  // JSON with every number as sent (core/json.ts); an empty body is no parameters.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'application/x-ndjson'], { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, {});
    try {
      done(null, parseJson(text));
    } catch (error) {
      const place = jsonErrorPlace(text, error) || (/end of JSON/i.test((error as Error).message) ? ': it ends too early' : '');
      done(new ValidationError([{ path: '', message: `the body is not valid JSON${place}` }]), undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const entry: RequestState = { started: performance.now() };
    states.set(request, entry);
    reply.raw.once('close', () => {
      log.add({
        time: new Date().toISOString(),
        id: request.id,
        ip: request.ip,
        method: request.method,
        path: request.url.split('?')[0]!,
        status: reply.raw.statusCode,
        ms: Math.round(performance.now() - entry.started),
        ...(entry.key ? { key: entry.key } : {}),
        ...(entry.route ? { route: entry.route } : {}),
        ...(entry.rows !== undefined ? { rows: entry.rows } : {}),
        ...(!reply.raw.writableFinished ? { aborted: true } : {}),
        ...(entry.error ? { error: entry.error } : {}),
      });
    });
  });

  app.setErrorHandler((error, request, reply) => {
    const reason = fastifyRefusal(error) ?? error;
    const body = errorReply(reason, mask);
    const entry = states.get(request);
    if (entry) entry.error = body.kind === 'internal' ? mask(String((error as Error)?.message ?? error)) : body.message;
    return sendError(reply, body);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, errorReply(new GatewayError(404, 'not-found', `no route ${request.method} ${echo(request.url.split('?')[0])}; the routes are listed at /openapi.json`), mask)),
  );

  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    const status = connections.status();
    const ready = Object.values(status).some((s) => s.connected);
    const shown = Object.fromEntries(Object.entries(status).map(([id, s]) => [id, s.connected ? 'connected' : 'not connected']));
    return reply.code(ready ? 200 : 503).send({ ready, services: shown });
  });
  app.get('/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(documentText));
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'").send(page));

  const authenticate = (request: FastifyRequest): KeyConfig => {
    const presented = bearerKey(request.headers.authorization);
    if (presented === undefined) throw new GatewayError(401, 'unauthorized', 'give a gateway key: Authorization: Bearer <key>');
    const index = matchKey(presented, hashes);
    if (index === -1) throw new GatewayError(401, 'unauthorized', 'the gateway key is not known here');
    return keys[index]!;
  };

  // The key, its limit and its allow list are checked before the body is read (onRequest comes
  // before fastify parses it): a caller without a valid key gets 401, whatever it sent.
  const admit = (route: Route) => async (request: FastifyRequest): Promise<void> => {
    const entry = state(request);
    entry.route = route.name;
    const key = authenticate(request);
    entry.key = key.name;
    const wait = buckets.take(key.name, key.rateLimit ?? defaultCallerLimit);
    if (wait > 0) throw new GatewayError(429, 'rate-limit', `the key ${key.name} is over its limit; try again in ${wait} s`, wait);
    const why = routeRefusal(key, route);
    if (why) throw new GatewayError(403, 'forbidden', why);
  };

  for (const route of routes) {
    app.post(route.path, { onRequest: admit(route) }, async (request, reply) => {
      const entry = state(request);
      const input = callerInput(route, request.body);
      parseInput(route.entry, input);
      const all = wantsAll(request.query);
      if (all && !route.entry.paging) throw new ValidationError([{ path: 'all', message: `${route.name} is not a list method: it has no rows to stream` }]);
      const client = connections.client(route.service.id);
      // A caller that goes away stops what it asked for while it waits, unless that changes data:
      // a write, once queued, is carried out (its result stays in the log).
      const gone = new AbortController();
      reply.raw.once('close', () => gone.abort(new GatewayError(499, 'internal', 'the caller went away')));
      const timeoutMs = config.timeoutMs;
      if (all) return streamRows(client, route, input, reply, entry, gone, mask, (text) => maskLiterals(text, secrets()), timeoutMs);
      const signal = route.entry.access === 'read' ? gone.signal : undefined;
      const answer = await client.invoke(route.entry, input, { ...(signal ? { signal } : {}), ...(timeoutMs ? { timeoutMs } : {}) });
      // An answer may carry the server's own credential (a Drive file's DOWNLOAD_URL holds the access token).
      return reply.type('application/json; charset=utf-8').send(maskLiterals(formatJson(answer, false), secrets()));
    });
  }

  return {
    app,
    routes,
    document,
    async listen(port = 0, host = '127.0.0.1') {
      const address = await app.listen({ port, host });
      log.note(`listening on ${address}`);
      return address;
    },
    async close() {
      await app.close();
      await connections.close();
    },
  };
}

function sendError(reply: FastifyReply, body: ReturnType<typeof errorReply>): FastifyReply {
  if (body.retryAfter !== undefined) reply.header('retry-after', String(body.retryAfter));
  if (body.status === 401) reply.header('www-authenticate', 'Bearer');
  return reply.code(body.status).type('application/json; charset=utf-8').send(formatJson({ error: body }, false));
}

/** fastify's own refusals (wrong content type, body too large, a malformed request) in our words. */
function fastifyRefusal(error: unknown): GatewayError | undefined {
  const code = (error as { code?: string }).code;
  const status = (error as { statusCode?: number }).statusCode;
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new GatewayError(415, 'validation', 'send the parameters as JSON (Content-Type: application/json)');
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new GatewayError(413, 'validation', `the body is larger than ${bodyLimit} bytes`);
  if (typeof status === 'number' && status >= 400 && status < 500 && code?.startsWith('FST_')) return new GatewayError(status, 'validation', 'the request could not be read');
  return undefined;
}

/** The input of a call: the caller's parameters, and a handler's fixed ones, which the caller may not give. */
function callerInput(route: Route, body: unknown): unknown {
  if (!route.handler) return body;
  // JSON null is no parameters, as an empty body is: the fixed ones still apply.
  if (body === null || body === undefined) return { ...route.handler.fixed };
  if (typeof body !== 'object' || Array.isArray(body)) return body;
  const fixed = route.handler.fixed;
  const given = Object.keys(body).filter((key) => Object.hasOwn(fixed, key));
  if (given.length > 0) {
    throw new ValidationError(
      given.map((key) => ({ path: key, message: `fixed by the handler ${route.handler!.name}; leave it out` })),
      route.name,
    );
  }
  return { ...body, ...fixed };
}

/** Each handler's fixed arguments must be valid for its method, checked once at start. */
function checkFixed(routes: Route[]): void {
  for (const route of routes) {
    if (!route.handler) continue;
    try {
      parseInput(route.entry, route.handler.fixed);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const own = error.issues.filter((issue) => Object.hasOwn(route.handler!.fixed, issue.path.split('.')[0]!));
      if (own.length > 0) throw new ValidationError(own, `handler ${route.handler.name}`);
    }
  }
}

/**
 * Every row as a line of JSON. The first row is read before the answer starts, so an error that
 * comes at once is an ordinary error answer; a later one ends the stream with a line {"error": …}.
 * The caller going away aborts the client's walk: no further page is asked for.
 */
async function streamRows(
  client: CatalogueClient,
  route: Route,
  input: unknown,
  reply: FastifyReply,
  state: RequestState,
  gone: AbortController,
  mask: (text: string) => string,
  /** Rows may carry the server's own credential, as answers may. */
  maskRow: (text: string) => string,
  timeoutMs: number | undefined,
): Promise<FastifyReply> {
  const iterator = client.iterate(route.entry, input, { signal: gone.signal, ...(timeoutMs ? { timeoutMs } : {}) })[Symbol.asyncIterator]();
  const first = await iterator.next();
  state.rows = 0;
  async function* lines(): AsyncGenerator<string> {
    try {
      for (let next = first; !next.done; next = await iterator.next()) {
        state.rows! += 1;
        yield `${maskRow(formatJson(next.value, false))}\n`;
      }
    } catch (error) {
      if (gone.signal.aborted) return;
      const body = errorReply(error, mask);
      state.error = body.message;
      yield `${formatJson({ error: body }, false)}\n`;
    } finally {
      gone.abort();
    }
  }
  return reply.type('application/x-ndjson; charset=utf-8').send(Readable.from(lines()));
}
