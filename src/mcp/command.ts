// `npx uzel mcp`: reads its switches, connects every service that has credentials (profiles and
// environment variables, as the CLI does), and serves MCP over stdio or Streamable HTTP. On stdio
// the protocol owns stdout: everything meant for a person goes to stderr.
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { openClient } from '../core/open-client.js';
import { echo } from '../core/echo.js';
import { ConfigurationError, type ServiceName } from '../core/errors.js';
import { allows } from '../core/policy.js';
import { profilesPath } from '../core/profiles.js';
import { resolveServiceConnections } from '../core/service-connections.js';
import { loadService, serviceNames } from '../services/registry.js';
import type { Grant, McpAccess } from './access.js';
import type { Served } from './call.js';
import { isLoopback, serveHttp } from './http.js';
import { Offer } from './offer.js';
import { createServer, toolList, type ServerSettings, type ToolMode } from './server.js';

export interface McpIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export const mcpHelp = `npx uzel mcp — an MCP server of the catalogue's methods / MCP-сервер методов каталога

  npx uzel mcp [--profile NAME]… [--allow-write[=LIST]] [--allow-destructive[=LIST]]
  npx uzel mcp --http [--port N] [--host ADDRESS] …

Services are served when they have credentials: a --profile for them, their UZEL_<SERVICE>_*
variables, or the profile UZEL_PROFILE names. Read-only unless writes are allowed.
Сервис обслуживается, если для него есть доступ: --profile, переменные UZEL_<СЕРВИС>_* или
профиль из UZEL_PROFILE. Только чтение, пока запись не разрешена.

  --profile NAME               a profile to serve (one per service; repeat) / профиль (по одному на сервис)
  --services LIST              only these services, e.g. bitrix24,planfix / только эти сервисы
  --methods LIST               only these methods, e.g. bitrix24/get-deals / только эти методы
  --allow-write[=LIST]         methods that change data: all, or of the listed services/methods
                               / разрешить изменение данных: всё или перечисленные сервисы/методы
  --allow-destructive[=LIST]   also methods that delete or discard (needs --allow-write)
                               / также удаление (нужен и --allow-write)
  --tools auto|all|compact     a tool per method, or search/describe/call (auto: compact when the
                               full list exceeds 40 KB) / инструмент на метод или поиск/описание/вызов
  --export-dir DIR             where export_rows writes files (default: the system's temp folder)
                               / куда export_rows пишет файлы
  --http                       serve Streamable HTTP at /mcp instead of stdio / HTTP вместо stdio
  --port N                     HTTP port (default 8765; 0 picks a free one) / порт HTTP
  --host ADDRESS               HTTP address (default 127.0.0.1); any other needs UZEL_MCP_TOKEN,
                               the key clients send as "Authorization: Bearer …" / адрес HTTP

Examples / Примеры:
  UZEL_BITRIX24_URL=https://portal.bitrix24.ru/rest/1/… npx uzel mcp
  npx uzel mcp --profile crm --profile tasks --allow-write=planfix
  UZEL_MCP_TOKEN=… npx uzel mcp --http --host 0.0.0.0 --port 8765 --profile crm
`;

export interface McpOptions {
  profiles: string[];
  services?: ServiceName[];
  access: McpAccess;
  mode: ToolMode;
  exportDir: string;
  http?: { host: string; port: number };
}

const list = (value: string): string[] => value.split(',').map((s) => s.trim()).filter(Boolean);

function grantOf(value: string | undefined, option: string): Grant {
  if (value === undefined) return false;
  if (value === '*') return true;
  const names = list(value);
  if (names.length === 0) throw new ConfigurationError(`${option}= needs services or methods, e.g. ${option}=planfix (or ${option} alone for all)`);
  return names;
}

/** Reads the command line; a ConfigurationError names what is wrong. */
export function parseMcpArgs(args: string[]): McpOptions | 'help' {
  // --allow-write alone grants every method; parseArgs wants a value, so the bare switch gets '*'.
  const normalised = args.map((a) => (a === '--allow-write' || a === '--allow-destructive' ? `${a}=*` : a));
  let parsed: ReturnType<typeof parseMcpOptions>;
  try {
    parsed = parseMcpOptions(normalised);
  } catch (error) {
    throw new ConfigurationError(`${(error as Error).message.replace(/\. To specify.*$/s, '')} (see: npx uzel mcp --help)`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length > 0) {
    throw new ConfigurationError(`unexpected ${echo(parsed.positionals[0])}: lists follow an equals sign, e.g. --allow-write=planfix (see: npx uzel mcp --help)`);
  }
  const services = v.services !== undefined ? list(v.services) : undefined;
  for (const name of services ?? []) {
    if (!serviceNames.includes(name as ServiceName)) throw new ConfigurationError(`--services: no service ${echo(name)} (services: ${serviceNames.join(', ')})`);
  }
  const write = grantOf(v['allow-write'], '--allow-write');
  const destructive = grantOf(v['allow-destructive'], '--allow-destructive');
  if (destructive !== false && write === false) throw new ConfigurationError('--allow-destructive needs --allow-write too: removing data is a change of it');
  const mode = v.tools ?? 'auto';
  if (mode !== 'auto' && mode !== 'all' && mode !== 'compact') throw new ConfigurationError(`--tools: expected auto, all or compact, not ${echo(mode)}`);
  let http: McpOptions['http'];
  if (v.http) {
    const port = Number(v.port ?? 8765);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigurationError(`--port: expected a port number from 0 to 65535, not ${echo(v.port)}`);
    http = { host: v.host ?? '127.0.0.1', port };
  } else if (v.port !== undefined || v.host !== undefined) {
    throw new ConfigurationError('--port and --host are for --http (stdio needs neither)');
  }
  return {
    profiles: v.profile ?? [],
    ...(services && { services: services as ServiceName[] }),
    access: {
      ...(services && { services }),
      ...(v.methods !== undefined && { methods: list(v.methods) }),
      write,
      destructive,
    },
    mode,
    exportDir: resolve(v['export-dir'] ?? join(tmpdir(), 'uzel-exports')),
    ...(http && { http }),
  };
}

function parseMcpOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      profile: { type: 'string', multiple: true },
      services: { type: 'string' },
      methods: { type: 'string' },
      'allow-write': { type: 'string' },
      'allow-destructive': { type: 'string' },
      tools: { type: 'string' },
      'export-dir': { type: 'string' },
      http: { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
    },
  });
}

/**
 * Connects the services (those named by --services, else every one with credentials) and builds
 * what the server offers. `note` receives lines for a person (never a value of a secret).
 */
export async function prepareOffer(options: McpOptions, env: NodeJS.ProcessEnv, note: (line: string) => void): Promise<Offer> {
  const candidates = await Promise.all((options.services ?? serviceNames).map((name) => loadService(name)));
  const { connected, missing } = resolveServiceConnections({ services: candidates, profiles: options.profiles, env, profilesFile: profilesPath(env) });
  if (options.services) {
    const absent = missing[0];
    if (absent) throw new ConfigurationError(`--services names ${absent.service.id}, which has no credentials: give ${absent.how}`);
  }
  if (connected.length === 0) {
    throw new ConfigurationError(`no service has credentials: give ${missing.map((m) => m.how).join('; or ')} (see: npx uzel mcp --help)`);
  }
  for (const m of missing) note(`${m.service.id} is not served: no credentials (${m.how})`);
  const served: Served[] = connected.map(({ service, connection }) => {
    const secrets = new Set(connection.secrets);
    const client = openClient(service, connection, {
      addSecrets: (more) => more.forEach((s) => secrets.add(s)),
      onSaveError: note,
    });
    return { service, client, secrets };
  });
  const offer = new Offer(served, options.access);
  checkNames(offer, options.access);
  if (offer.entries.length === 0) throw new ConfigurationError('these switches leave no method to offer (see: npx uzel mcp --help)');
  return offer;
}

/** A method named in --methods or a grant that is no method of a served service is a mistake, said at once. */
function checkNames(offer: Offer, access: McpAccess): void {
  const services = new Set(offer.served.map((s) => s.service.id as string));
  const entries = offer.served.flatMap((s) => s.service.methods);
  const lists: [string, Grant | readonly string[] | undefined][] = [
    ['--methods', access.methods],
    ['--allow-write', access.write],
    ['--allow-destructive', access.destructive],
  ];
  for (const [option, names] of lists) {
    if (typeof names === 'boolean' || names === undefined) continue;
    for (const name of names) {
      if (services.has(name) || entries.some((entry) => allows({ methods: [name], write: true, destructive: true }, entry))) continue;
      throw new ConfigurationError(`${option}: ${echo(name)} is no method of ${[...services].join(', ')} (name one as npx uzel names it, e.g. bitrix24/get-deals)`);
    }
  }
}

/** Runs `uzel mcp`; resolves when the session ends (stdio) or the process is told to stop (HTTP). */
export async function runMcp(args: string[], io: McpIo, version: string): Promise<number> {
  const options = parseMcpArgs(args);
  if (options === 'help') {
    io.stdout.write(mcpHelp);
    return 0;
  }
  const note = (line: string) => void io.stderr.write(`uzel mcp: ${line}\n`);
  const token = io.env.UZEL_MCP_TOKEN || undefined;
  if (options.http && !isLoopback(options.http.host) && token === undefined) {
    throw new ConfigurationError(`--host ${options.http.host} lets other machines in: set UZEL_MCP_TOKEN to the key they must send (Authorization: Bearer …)`);
  }
  const offer = await prepareOffer(options, io.env, note);
  const settings: ServerSettings = { mode: options.mode, export: { folder: options.exportDir }, version };
  const tools = toolList(offer, settings);
  const writes = options.access.write === false ? 'read-only' : options.access.destructive === false ? 'writes allowed' : 'writes and removals allowed';
  note(`${offer.served.map((s) => s.service.id).join(', ')}: ${offer.entries.length} methods (${writes}); ${tools.mode} tools: ${tools.tools.length} (${tools.bytes} bytes)`);
  const closeClients = () => Promise.all(offer.served.map((s) => s.client.close?.()));

  if (options.http) {
    const host = await serveHttp(() => createServer(offer, settings), { ...options.http, ...(token !== undefined && { token }) });
    note(`listening on ${host.url}`);
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await host.close();
    await closeClients();
    return 0;
  }
  const server = createServer(offer, settings);
  const transport = new StdioServerTransport(io.stdin as Readable, io.stdout as Writable);
  const closed = new Promise<void>((done) => (server.onclose = done));
  await server.connect(transport);
  // The agent ends the session by closing our stdin.
  io.stdin.once('end', () => void server.close());
  await closed;
  await closeClients();
  return 0;
}
