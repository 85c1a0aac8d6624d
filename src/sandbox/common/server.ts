// The HTTP(S) server every sandbox runs on: loopback by default, optional self-signed TLS,
// the fault injector in front of the service's own handler, and a small admin API under
// /_sandbox/ (faults, reset, and paths a service adds) so that a sandbox started from the command line can be steered too.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { FaultInjector, parseFaultRule, type MalformedBody } from './faults.js';
import { generateCertificate } from './tls.js';

export type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => Promise<void> | void;

/** The largest request body a service takes, and how the service refuses a larger one. */
export interface BodyLimit {
  /** In bytes; a body of exactly this size is still taken. */
  bytes: number;
  /**
   * Writes the service's own answer to a larger body (its status and error format). The body has
   * been read to its end and dropped by then, so the client gets this answer, not a reset.
   */
  answer: (req: IncomingMessage, res: ServerResponse) => void;
}

/** A sandbox that cannot start for a reason the caller can fix: a port out of range, busy or forbidden. */
export class SandboxStartError extends Error {
  override name = 'SandboxStartError';
  constructor(
    message: string,
    /** Which mistake: the port out of range, in use, needing privileges, or a host not of this machine. */
    readonly reason: 'port-range' | 'port-busy' | 'port-denied' | 'host',
  ) {
    super(message);
  }
}

/** A service's own admin path under /_sandbox/: gets the HTTP method and body, answers JSON. */
export type AdminRoute = (method: string, body: Buffer) => { status: number; body: unknown };

export interface ServeOptions {
  /** Service name, used in the certificate's directory name. */
  name: string;
  handler: Handler;
  bodyLimit: BodyLimit;
  /**
   * Requests whose body the handler reads itself from `req`, streamed (a large upload): they get
   * an empty `body` and no body limit.
   */
  streamed?: (req: IncomingMessage) => boolean;
  /** What a `malformed` fault sends: a broken body of the service's usual content type. */
  malformed: MalformedBody;
  /** Called by POST /_sandbox/reset: back to the seeded state. */
  reset?: () => void;
  /** The service's own admin paths, e.g. `/_sandbox/scope`. */
  admin?: Record<string, AdminRoute>;
  port?: number;
  host?: string;
  tls?: boolean;
  /**
   * Where to write cert.pem / key.pem with `tls` (kept after close). When absent, a fresh temp
   * directory that close() removes, and so does the process's exit if close() was never called.
   */
  certDir?: string;
}

export interface RunningServer {
  /** Base address, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  port: number;
  host: string;
  /** Path of the self-signed certificate served with `tls` (trust it with NODE_EXTRA_CA_CERTS). */
  certPath?: string;
  /** The same certificate as PEM text. */
  certPem?: string;
  faults: FaultInjector;
  close(): Promise<void>;
}

/**
 * Reads a request body up to `limit` bytes. A larger one is read on to its end and dropped (so the
 * client's upload completes and it gets an answer), and `undefined` is returned.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => resolve(size <= limit ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}

// Temp certificate directories still present, removed at exit if their server was never closed.
const tempDirs = new Set<string>();
let exitHookSet = false;

function removeTempDir(dir: string): void {
  tempDirs.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

function trackTempDir(dir: string): void {
  tempDirs.add(dir);
  if (exitHookSet) return;
  exitHookSet = true;
  process.once('exit', () => {
    for (const d of tempDirs) removeTempDir(d);
  });
}

/** Node's listen errors, in words the user can act on. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `port ${port} on ${host}`;
  if (error.code === 'EADDRINUSE') {
    return new SandboxStartError(`${where} is already in use: stop the program listening there, or choose another port (0 or none: any free port)`, 'port-busy');
  }
  if (error.code === 'EACCES') {
    return new SandboxStartError(`${where} needs administrator rights: choose a port above 1023 (0 or none: any free port)`, 'port-denied');
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return new SandboxStartError(`cannot listen on ${host}: it is not an address of this machine (the default is 127.0.0.1)`, 'host');
  }
  return error;
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new SandboxStartError(`port ${String(port)} is out of range: give a whole number from 0 to 65535 (0: any free port)`, 'port-range');
  }
  const faults = new FaultInjector(options.malformed);

  const listener = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const body = options.streamed?.(req) ? Buffer.alloc(0) : await readBody(req, options.bodyLimit.bytes);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (body === undefined) {
        if (path.startsWith('/_sandbox/')) sendJson(res, 413, { error: `the body is larger than ${options.bodyLimit.bytes} bytes` });
        else options.bodyLimit.answer(req, res);
        return;
      }
      if (path.startsWith('/_sandbox/')) {
        adminRequest(path, req.method ?? 'GET', body, res);
        return;
      }
      if (await faults.apply(req, res)) return;
      await options.handler(req, body, res);
    } catch (error) {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`sandbox error: ${error instanceof Error ? error.message : String(error)}`);
      } else {
        res.end();
      }
    }
  };

  const adminRequest = (path: string, method: string, body: Buffer, res: ServerResponse): void => {
    if (path === '/_sandbox/faults' && method === 'GET') return sendJson(res, 200, faults.list());
    if (path === '/_sandbox/faults' && method === 'DELETE') {
      faults.clear();
      return sendJson(res, 200, []);
    }
    if (path === '/_sandbox/faults' && method === 'POST') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        return sendJson(res, 400, { error: 'the body must be a JSON fault rule' });
      }
      const rule = parseFaultRule(parsed);
      if (typeof rule === 'string') return sendJson(res, 400, { error: rule });
      faults.add(rule);
      return sendJson(res, 200, faults.list());
    }
    if (path === '/_sandbox/reset' && method === 'POST') {
      faults.clear();
      options.reset?.();
      return sendJson(res, 200, { reset: true });
    }
    const route = options.admin?.[path];
    if (route) {
      const answer = route(method, body);
      return sendJson(res, answer.status, answer.body);
    }
    return sendJson(res, 404, { error: 'unknown sandbox admin path' });
  };

  let server: Server;
  let certPath: string | undefined;
  let certPem: string | undefined;
  let tempDir: string | undefined;
  if (options.tls) {
    const { cert, key } = await generateCertificate(host);
    let dir = options.certDir;
    if (dir) mkdirSync(dir, { recursive: true });
    else trackTempDir((dir = tempDir = mkdtempSync(join(tmpdir(), `uzel-sandbox-${options.name}-`))));
    certPath = join(dir, 'cert.pem');
    writeFileSync(certPath, cert);
    writeFileSync(join(dir, 'key.pem'), key, { mode: 0o600 });
    certPem = cert;
    server = createHttpsServer({ cert, key }, (req, res) => void listener(req, res));
  } else {
    server = createHttpServer((req, res) => void listener(req, res));
  }
  // Keep-alive sockets must not hold close() up.
  server.keepAliveTimeout = 5000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (error) {
    if (tempDir) removeTempDir(tempDir);
    throw listenError(error as NodeJS.ErrnoException, host, port);
  }
  const bound = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${hostInUrl}:${bound}`,
    port: bound,
    host,
    certPath,
    certPem,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          if (tempDir) removeTempDir(tempDir);
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
