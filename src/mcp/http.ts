// Streamable HTTP for remote agents: one MCP session per client (the SDK's transport keeps its id),
// at /mcp. A bearer key (UZEL_MCP_TOKEN) guards it; without one the server listens on loopback
// only, with the SDK's DNS-rebinding guard on, so a web page cannot reach it through a browser.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export interface HttpSettings {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The bearer key clients must send; none on loopback means none asked. */
  token?: string;
}

export interface HttpHost {
  /** The endpoint, e.g. http://127.0.0.1:8765/mcp. */
  url: string;
  close(): Promise<void>;
}

export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\./.test(host);

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  // Digests of equal length: the comparison's time says nothing of the token, not even its length.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token));
}

function answer(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

/** Serves MCP over Streamable HTTP; `newServer` builds the server of each new session. */
export async function serveHttp(newServer: () => Server, settings: HttpSettings): Promise<HttpHost> {
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: Server }>();
  let allowedHosts: string[] | undefined;

  const http = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path !== '/mcp') return answer(res, 404, 'the MCP endpoint is /mcp');
      if (!authorized(req, settings.token)) return answer(res, 401, 'a bearer key is required (Authorization: Bearer …)', { 'www-authenticate': 'Bearer' });
      const id = req.headers['mcp-session-id'];
      if (typeof id === 'string') {
        const session = sessions.get(id);
        if (!session) return answer(res, 404, 'no such session: start a new one');
        return session.transport.handleRequest(req, res);
      }
      if (req.method !== 'POST') return answer(res, 400, 'start a session with an initialize request (POST)');
      const server = newServer();
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sessionId) => void sessions.set(sessionId, { transport, server }),
        ...(allowedHosts && { enableDnsRebindingProtection: true, allowedHosts }),
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
        void server.close();
      };
      await server.connect(transport);
      await transport.handleRequest(req, res);
    })().catch((error: unknown) => {
      if (!res.headersSent) answer(res, 500, `the request failed: ${(error as Error).message}`);
      else res.end();
    });
  });
  http.listen(settings.port, settings.host);
  await new Promise<void>((resolve, reject) => {
    http.once('listening', resolve);
    http.once('error', reject);
  });
  const { port } = http.address() as AddressInfo;
  const shownHost = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  if (isLoopback(settings.host)) allowedHosts = [`${shownHost}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`];
  return {
    url: `http://${shownHost}:${port}/mcp`,
    async close() {
      for (const { transport } of [...sessions.values()]) await transport.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
