// `uzel sandbox [bitrix24|planfix|diadoc|all]`: starts local sandboxes in this process, prints how
// to reach them (commands ready to paste, or one JSON line each with --json), runs until stopped.
import { commandName, isRequired, type AnyEntry, type ServiceDefinition } from '../core/catalogue.js';
import type { ServiceName } from '../core/errors.js';
import { loadService } from '../services/registry.js';
import { sandboxNames, SandboxStartError, startSandbox, SandboxUnavailableError, type RunningSandbox } from '../sandbox/index.js';
import { UsageError } from './exit-codes.js';
import { optionText, quote, runCommand } from './examples.js';
import { write, type Diagnostics, type Io } from './io.js';
import { formatJson } from '../core/json-text.js';
import type { CliOption } from './options.js';
import { parseOptions } from './parse-options.js';
import { sandboxConnections } from './connection-hints.js';
import { stopSignal } from './stop-signal.js';

export const sandboxHelp = `npx uzel sandbox [bitrix24|planfix|diadoc|all] [--port N] [--tls] [--json]

  Starts local sandboxes (emulators of the services) in this process and prints how to reach them.
  Запускает локальные песочницы (эмуляторы сервисов) и печатает, как к ним подключиться.

  --port N   first port, 0–65535 (all: N, N+1, N+2); a free port when absent or 0
             первый порт (all: N, N+1, N+2); без него или 0 — любой свободный
  --tls      HTTPS with a self-signed certificate / HTTPS с самоподписанным сертификатом
  --json     one JSON line per sandbox with what a client needs / по строке JSON на песочницу

  Stops on Ctrl+C, SIGTERM or SIGHUP, and when the program that started it (npx) ends; its
  temporary certificate folder goes with it.
  Останавливается по Ctrl+C, SIGTERM или SIGHUP и вместе с запустившей её программой (npx);
  временная папка сертификата удаляется.

  e.g. / например:  npx uzel sandbox bitrix24 --port 8080
`;

const options: CliOption[] = [
  { kind: 'global', key: 'port', long: 'port', short: 'p', takes: 'value', description: { en: '', ru: '' } },
  { kind: 'global', key: 'tls', long: 'tls', takes: 'flag', description: { en: '', ru: '' } },
  { kind: 'global', key: 'json', long: 'json', takes: 'flag', description: { en: '', ru: '' } },
];

/** A read method whose example covers its required parameters: the one to show first. */
function showcase(service: ServiceDefinition): AnyEntry | undefined {
  const covered = (e: AnyEntry) => Object.entries(e.params).every(([k, p]) => !isRequired(p) || e.example?.[k] !== undefined);
  const reads = service.methods.filter((e) => e.access === 'read' && covered(e));
  // Methods that need no ID work on any data; an example ID may not exist in the sandbox.
  const needsNothing = (e: AnyEntry) => Object.values(e.params).every((p) => !isRequired(p));
  return (
    reads.find((e) => Object.keys(e.params).length === 0) ??
    reads.find((e) => e.paging !== undefined && needsNothing(e)) ??
    reads.find(needsNothing) ??
    reads[0]
  );
}

async function hints(name: ServiceName, sandbox: RunningSandbox): Promise<string[]> {
  const lines = [`${name} sandbox: ${sandbox.url}`];
  let service: ServiceDefinition | undefined;
  try {
    service = await loadService(name);
  } catch {
    service = undefined;
  }
  const ways = sandboxConnections[name]?.(sandbox.info) ?? [];
  if (!service || ways.length === 0) {
    lines.push(`  ${formatJson(sandbox.info, false)}`);
    return lines;
  }
  const certPath = typeof sandbox.info.certPath === 'string' ? sandbox.info.certPath : undefined;
  if (certPath) lines.push(`  export NODE_EXTRA_CA_CERTS=${quote(certPath, 'bash')}`);
  const entry = showcase(service);
  const args = entry
    ? Object.entries(entry.params)
        .filter(([key]) => entry.example?.[key] !== undefined)
        .map(([key, p]) => ` --${p.cli} ${quote(optionText(entry.example![key]), 'bash')}`)
        .join('')
    : '';
  for (const [i, way] of ways.entries()) {
    const given = service.connection.filter((c) => way.values[c.key] !== undefined);
    if (given.length === 0) continue;
    lines.push(`  # ${way.label}`);
    if (i === 0) {
      // The first way as environment variables: every later command needs no credentials.
      for (const c of given) lines.push(`  export ${c.env}=${quote(way.values[c.key]!, 'bash')}`);
      if (entry) lines.push(`  ${runCommand} ${name} ${commandName(entry)}${args}`);
    } else if (entry) {
      const creds = given.map((c) => ` --${c.cli} ${quote(way.values[c.key]!, 'bash')}`).join('');
      lines.push(`  ${runCommand} ${name} ${commandName(entry)}${creds}${args}`);
    }
  }
  if (!certPath) lines.push('  (plain HTTP on loopback; add --tls for HTTPS)');
  return lines;
}

export async function runSandbox(args: string[], io: Io, diag: Diagnostics, signal?: AbortSignal): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    await write(io.stdout, sandboxHelp);
    return 0;
  }
  const which = args[0] && !args[0].startsWith('-') ? args[0] : 'all';
  const rest = args[0] && !args[0].startsWith('-') ? args.slice(1) : args;
  if (which !== 'all' && !sandboxNames.includes(which as ServiceName)) {
    throw new UsageError(`unknown sandbox "${which}" (one of: ${sandboxNames.join(', ')}, all)`);
  }
  const raw = parseOptions(options, rest, 'npx uzel sandbox');
  const get = (key: string) => [...raw].find(([o]) => o.key === key)?.[1];
  const names = which === 'all' ? sandboxNames : [which as ServiceName];
  const portText = get('port')?.at(-1);
  const port = parsePort(portText === undefined ? undefined : String(portText), names.length);
  const tls = Boolean(get('tls'));
  const json = Boolean(get('json'));

  const running: { name: ServiceName; sandbox: RunningSandbox }[] = [];
  const stopped = stopSignal(signal, io.env);
  try {
    for (const [i, name] of names.entries()) {
      try {
        const sandbox = await startSandbox(name, { port: port === undefined || port === 0 ? port : port + i, tls });
        running.push({ name, sandbox });
      } catch (error) {
        if (error instanceof SandboxStartError) throw new UsageError(`${name} sandbox: ${error.message}`);
        if (!(error instanceof SandboxUnavailableError) || which !== 'all') throw error;
        diag.line(`uzel: ${error.message}; skipped`);
      }
    }
    if (running.length === 0) throw new Error('no sandbox could be started');
    for (const { name, sandbox } of running) {
      if (json) await write(io.stdout, `${formatJson({ service: name, url: sandbox.url, ...sandbox.info }, false)}\n`);
      else await write(io.stdout, `${(await hints(name, sandbox)).join('\n')}\n\n`);
    }
    if (!json) diag.line(`Running (pid ${process.pid}); stop with Ctrl+C. / Работает (pid ${process.pid}); остановить: Ctrl+C.`);
    await stopped.promise;
  } finally {
    stopped.dispose();
    await Promise.allSettled(running.map(({ sandbox }) => sandbox.close()));
  }
  return 0;
}

/** --port as typed: decimal digits only, and room for every sandbox started (all: N, N+1, N+2). */
function parsePort(text: string | undefined, count: number): number | undefined {
  if (text === undefined) return undefined;
  const shown = JSON.stringify(text.length > 20 ? `${text.slice(0, 20)}…` : text);
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new UsageError(`--port: expected a port number from 0 to 65535 (0: any free port), got ${shown}`);
  }
  const port = Number(text);
  if (port !== 0 && port + count - 1 > 65535) {
    throw new UsageError(`--port: ${count} sandboxes need ports ${port}–${port + count - 1}, past 65535; choose ${65536 - count} or lower`);
  }
  return port;
}
