// `uzel <service> …`: loads only that service, finds the method by either of its names, and runs it.
import { commandName, type AnyEntry, type ServiceDefinition } from '../core/catalogue.js';
import { echo } from '../core/echo.js';
import type { ServiceName } from '../core/errors.js';
import { loadService } from '../services/registry.js';
import { UsageError } from './exit-codes.js';
import { loadExtras } from './extras/index.js';
import { methodHelp, serviceHelp } from './help.js';
import { write, type Diagnostics, type Io } from './io.js';
import { methodOptions } from './options.js';
import { runMethod } from './run-method.js';
import { editDistance } from './suggest.js';

export function findEntry(service: ServiceDefinition, name: string): AnyEntry | undefined {
  const lower = name.toLowerCase();
  return service.methods.find(
    (e) => commandName(e) === lower || e.ruName === name || e.ruName.toLowerCase() === lower || e.name.toLowerCase() === lower,
  );
}

function wantsHelp(args: string[], usesShortH: boolean): boolean {
  return args.includes('--help') || (!usesShortH && args.includes('-h'));
}

export async function loadServiceForCli(name: ServiceName): Promise<ServiceDefinition> {
  try {
    return await loadService(name);
  } catch (error) {
    throw new UsageError(`${name}: ${(error as Error).message}`);
  }
}

export async function runService(name: ServiceName, args: string[], io: Io, diag: Diagnostics): Promise<number> {
  const service = await loadServiceForCli(name);
  const [methodName, ...rest] = args;
  if (!methodName || methodName === '--help' || methodName === '-h' || methodName === 'help') {
    const extras = await loadExtras(name);
    await write(methodName ? io.stdout : io.stderr, serviceHelp(service, extras));
    return methodName ? 0 : 2;
  }
  const entry = findEntry(service, methodName);
  if (entry) {
    const usesShortH = methodOptions(service, entry).some((o) => o.short === 'h');
    if (wantsHelp(rest, usesShortH)) {
      await write(io.stdout, methodHelp(service, entry));
      return 0;
    }
    return runMethod(service, entry, rest, io, diag);
  }
  const extra = (await loadExtras(name)).find((c) => c.name === methodName || (methodName !== undefined && c.aliases?.includes(methodName)));
  if (extra) {
    if (wantsHelp(rest, false)) {
      await write(io.stdout, extra.help);
      return 0;
    }
    return extra.run(service, rest, io, diag);
  }
  const typed = methodName.toLowerCase();
  const names = service.methods.map(commandName);
  const near = [
    ...names.filter((n) => editDistance(typed, n) <= Math.max(1, Math.floor(typed.length / 4))),
    ...names.filter((n) => n.includes(typed) || typed.includes(n.split('-')[1] ?? '\0')),
  ];
  const shownNear = [...new Set(near)].slice(0, 3);
  throw new UsageError(
    `${name} has no method ${echo(methodName)}${shownNear.length ? ` (did you mean ${shownNear.join(', ')}?)` : ''}; see: npx uzel ${name} --help`,
  );
}
