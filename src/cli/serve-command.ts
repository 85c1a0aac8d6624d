// `uzel serve`: the HTTP gateway (src/gateway/) in this process until stopped. The gateway and
// fastify are loaded only here, so other commands start as fast as before.
import { createWriteStream } from 'node:fs';
import { loadService, serviceNames } from '../services/registry.js';
import { UsageError } from './exit-codes.js';
import { write, type Diagnostics, type Io } from './io.js';
import type { CliOption } from './options.js';
import { parseOptions } from './parse-options.js';
import { stopSignal } from './stop-signal.js';

export const serveHelp = `npx uzel serve [--port N] [--host ADDRESS] [--config FILE]
npx uzel serve --new-key NAME

  Starts the HTTP gateway: every catalogue method as POST /v1/<service>/<method> with its
  parameters as JSON, the OpenAPI 3.1 document at /openapi.json, a reference page at /,
  /health and /ready. Service credentials stay here: profiles or UZEL_* variables, as the CLI
  reads them. Callers give a gateway key: Authorization: Bearer <key>.
  Запускает HTTP-шлюз: каждый метод каталога — POST /v1/<сервис>/<метод> с параметрами в JSON,
  документ OpenAPI 3.1 — /openapi.json, справочник — /, а также /health и /ready. Учётные данные
  сервисов остаются здесь (профили или переменные UZEL_*); клиенты передают ключ шлюза.

  --port N          port, 0–65535 (default: the config's, else 8787) / порт
  --host ADDRESS    address to listen on (default 127.0.0.1) / адрес
  --config FILE     keys with their allow lists and limits, handlers, connections, log (README:
                    "HTTP gateway"); without it a read-only key for this run is printed
                    ключи с разрешениями и лимитами, обработчики, подключения, журнал; без него
                    печатается ключ только для чтения на время работы
  --new-key NAME    print a new key and the line for the config's "keys" / новый ключ и строка для "keys"

  e.g. / например:  npx uzel serve --config gateway.json --port 8787
`;

const options: CliOption[] = [
  { kind: 'global', key: 'port', long: 'port', short: 'p', takes: 'value', description: { en: '', ru: '' } },
  { kind: 'global', key: 'host', long: 'host', takes: 'value', description: { en: '', ru: '' } },
  { kind: 'global', key: 'config', long: 'config', short: 'c', takes: 'value', description: { en: '', ru: '' } },
  { kind: 'global', key: 'new-key', long: 'new-key', takes: 'value', description: { en: '', ru: '' } },
];

export const defaultPort = 8787;

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new UsageError(`--port: expected a port number from 0 to 65535 (0: any free port), got ${JSON.stringify(text.slice(0, 20))}`);
  }
  return Number(text);
}

export async function runServe(args: string[], io: Io, diag: Diagnostics, signal?: AbortSignal): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    await write(io.stdout, serveHelp);
    return 0;
  }
  const raw = parseOptions(options, args, 'npx uzel serve');
  const get = (key: string) => {
    const values = [...raw].find(([o]) => o.key === key)?.[1];
    return values === undefined ? undefined : String(values.at(-1));
  };
  const { hashKey, newKey } = await import('../gateway/keys.js');
  const newName = get('new-key');
  if (newName !== undefined) {
    const { parseConfig } = await import('../gateway/config.js');
    const key = newKey();
    const line = { name: newName, hash: hashKey(key) };
    parseConfig({ keys: [line] }, '--new-key');
    await write(io.stdout, `${key}\n${JSON.stringify(line)}\n`);
    diag.line('The first line is the key: give it to the caller, it is not stored anywhere. The second goes into the config\'s "keys".');
    diag.line('Первая строка — ключ: передайте его клиенту, он нигде не хранится. Вторая — в "keys" конфигурации.');
    return 0;
  }

  const { readConfig, parseConfig } = await import('../gateway/config.js');
  const configPath = get('config');
  const config = configPath !== undefined ? readConfig(configPath) : parseConfig({});
  const portText = get('port');
  const port = portText !== undefined ? parsePort(portText) : (config.port ?? defaultPort);
  const host = get('host') ?? config.host ?? '127.0.0.1';

  const services = await Promise.all(serviceNames.map((name) => loadService(name)));
  const logStream = config.log && config.log !== '-' ? createWriteStream(config.log, { flags: 'a', mode: 0o600 }) : undefined;
  const logTo = logStream ?? io.stderr;
  const runKey = config.keys.length === 0 ? newKey() : undefined;
  const { createGateway } = await import('../gateway/server.js');
  const gateway = await createGateway({
    config,
    services,
    env: io.env,
    log: (line) => logTo.write(line),
    ...(runKey ? { extraKeys: [{ name: 'this-run', hash: hashKey(runKey), write: false, destructive: false }] } : {}),
  });
  const stopped = stopSignal(signal, io.env);
  try {
    let address: string;
    try {
      address = await gateway.listen(port, host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new UsageError(`--port: ${port} is taken on ${host}; choose another, or 0 for any free port`);
      if (code === 'EACCES') throw new UsageError(`--port: ${port} needs more rights on this machine; choose 1024 or above`);
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`--host: ${host} is not an address of this machine`);
      throw error;
    }
    await write(io.stdout, `Uzel gateway: ${address}  (reference / справочник: ${address}/, OpenAPI: ${address}/openapi.json)\n`);
    if (runKey) {
      await write(io.stdout, `Key for this run, read-only / ключ на время работы, только чтение: ${runKey}\n`);
      await write(io.stdout, `  curl -s -X POST ${address}/v1/<service>/<method> -H "Authorization: Bearer ${runKey}" -H "Content-Type: application/json" -d '{}'\n`);
    }
    diag.line(`Running (pid ${process.pid}); stop with Ctrl+C. / Работает (pid ${process.pid}); остановить: Ctrl+C.`);
    await stopped.promise;
  } finally {
    stopped.dispose();
    await gateway.close();
    if (logStream) await new Promise<void>((resolve) => logStream.end(resolve));
  }
  return 0;
}
