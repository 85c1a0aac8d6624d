// The HTTP(S) server every sandbox runs on: loopback by default, optional self-signed TLS,
// the fault injector in front of the service's own handler, and a small admin API under
// /_sandbox/ (faults, reset) so that a sandbox started from the command line can be steered too.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { FaultInjector, parseFaultRule, type MalformedBody } from './faults.js';
import { generateCertificate } from './tls.js';

export type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => Promise<void> | void;

export interface ServeOptions {
  /** Service name, used in the certificate's directory name. */
  name: string;
  handler: Handler;
  /** What a `malformed` fault sends: a broken body of the service's usual content type. */
  malformed: MalformedBody;
  /** Called by POST /_sandbox/reset: back to the seeded state. */
  reset?: () => void;
  port?: number;
  host?: string;
  tls?: boolean;
  /** Where to write cert.pem / key.pem with `tls`; a fresh temp directory when absent. */
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

const maxBody = 32 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const faults = new FaultInjector(options.malformed);

  const listener = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const body = await readBody(req);
      const path = (req.url ?? '/').split('?')[0] ?? '/';
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
    return sendJson(res, 404, { error: 'unknown sandbox admin path' });
  };

  let server: Server;
  let certPath: string | undefined;
  let certPem: string | undefined;
  if (options.tls) {
    const { cert, key } = await generateCertificate(host);
    const dir = options.certDir ?? join(tmpdir(), `uzel-sandbox-${options.name}-${process.pid}-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${hostInUrl}:${port}`,
    port,
    host,
    certPath,
    certPem,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
