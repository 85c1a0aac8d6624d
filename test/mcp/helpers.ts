// Shared by the MCP server tests: the three sandboxes in this process, `uzel mcp` started as a
// child (the real command, over stdio or Streamable HTTP) with credentials in its environment,
// and the SDK's own client over a transport that records every JSON-RPC message both ways.
import { spawn, type ChildProcess } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../src/sandbox/bitrix24/index.js';
import { startDiadocSandbox, type DiadocSandbox } from '../../src/sandbox/diadoc/index.js';
import { startPlanfixSandbox, type PlanfixSandbox } from '../../src/sandbox/planfix/index.js';
import { bin, isolatedEnv } from '../cli/helpers.js';

export interface Sandboxes {
  bitrix24: Bitrix24Sandbox;
  planfix: PlanfixSandbox;
  diadoc: DiadocSandbox;
  /** Every secret the sandboxes hand out: none may appear in a message of a session. */
  secrets: string[];
  /** Requests the sandboxes have received, all services together. */
  requests(): number;
  /** Credentials of all three services, as environment variables (and a config file of its own). */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function startSandboxes(deals = 260): Promise<Sandboxes> {
  const [bitrix24, planfix, diadoc] = await Promise.all([
    startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals, leads: 10 } }),
    startPlanfixSandbox({ rateLimit: false }),
    startDiadocSandbox(),
  ]);
  const b = bitrix24.info;
  const p = planfix.info;
  const d = diadoc.info;
  return {
    bitrix24,
    planfix,
    diadoc,
    secrets: [
      b.webhookUrl.split('/').at(-2)!, b.accessToken, b.refreshToken, b.clientSecret,
      p.apiKey, p.token, p.password, p.signatureKey,
      d.clientId, d.token, d.password, d.authSid, d.oauth.clientSecret, d.oauth.accessToken, d.oauth.refreshToken,
    ],
    requests: () => bitrix24.stats.requests + planfix.stats.requests + diadoc.stats.requests,
    env: (extra = {}) =>
      isolatedEnv({
        UZEL_BITRIX24_URL: b.webhookUrl,
        UZEL_PLANFIX_URL: p.url,
        UZEL_PLANFIX_ACCOUNT: p.account,
        UZEL_PLANFIX_APIKEY: p.apiKey,
        UZEL_PLANFIX_TOKEN: p.token,
        UZEL_DIADOC_URL: d.url,
        UZEL_DIADOC_CLIENTID: d.clientId,
        UZEL_DIADOC_TOKEN: d.token,
        ...extra,
      }),
    close: async () => void (await Promise.all([bitrix24.close(), planfix.close(), diadoc.close()])),
  };
}

/** Passes every message on, keeping a copy of each: what the client sent and what it received. */
class RecordingTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport['onmessage'];

  constructor(
    private readonly inner: Transport,
    private readonly log: JSONRPCMessage[],
  ) {}

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  start(): Promise<void> {
    this.inner.onmessage = (message, extra) => {
      this.log.push(message);
      this.onmessage?.(message, extra);
    };
    this.inner.onclose = () => this.onclose?.();
    this.inner.onerror = (error) => this.onerror?.(error);
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: Parameters<Transport['send']>[1]): Promise<void> {
    this.log.push(message);
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export type TransportKind = 'stdio' | 'http';

export interface Session {
  client: Client;
  /** Every JSON-RPC message of the session, both ways. */
  messages: JSONRPCMessage[];
  /** What the server wrote for a person (stderr). */
  stderr(): string;
  close(): Promise<void>;
}

/** Starts `uzel mcp` with these switches and connects the SDK's client to it. */
export async function connect(kind: TransportKind, args: string[], env: NodeJS.ProcessEnv): Promise<Session> {
  const messages: JSONRPCMessage[] = [];
  let stderr = '';
  let inner: Transport;
  let child: ChildProcess | undefined;
  if (kind === 'stdio') {
    const stdio = new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp', ...args], env: env as Record<string, string>, stderr: 'pipe' });
    stdio.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    inner = stdio;
  } else {
    const started = spawn(process.execPath, [bin, 'mcp', '--http', '--port', '0', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    child = started;
    const url = await new Promise<string>((resolve, reject) => {
      started.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const found = /listening on (\S+)/.exec(stderr)?.[1];
        if (found) resolve(found);
      });
      started.once('exit', (code) => reject(new Error(`uzel mcp --http ended (${code}): ${stderr}`)));
    });
    inner = new StreamableHTTPClientTransport(new URL(url));
  }
  const client = new Client({ name: 'uzel-tests', version: '1.0.0' });
  await client.connect(new RecordingTransport(inner, messages));
  return {
    client,
    messages,
    stderr: () => stderr,
    close: async () => {
      await client.close();
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** The structured answer of a successful tool call (fails the test with the tool's text otherwise). */
export function structured<T = Record<string, unknown>>(result: Awaited<ReturnType<Client['callTool']>>): T {
  if (result.isError) throw new Error(`the tool failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent as T;
}

/** The text of a tool result. */
export function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  return (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('\n');
}
