// `uzel <service> …`: finds the method by either of its names in the service's index, loads only
// the section that declares it, and runs it. Help, suggestions and extra commands load the whole service.
import { commandName, type AnyEntry, type ServiceBase, type ServiceDefinition } from '../core/catalogue.js';
import { findIndexed, loadIndexed } from '../core/catalogue-index.js';
import { echo } from '../core/echo.js';
import type { ServiceName } from '../core/errors.js';
import { loadBase, loadService } from '../services/registry.js';
import { UsageError } from './exit-codes.js';
import { loadExtras } from './extras/index.js';
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

async function loadBaseForCli(name: ServiceName): Promise<ServiceBase> {
  try {
    return await loadBase(name);
  } catch (error) {
    throw new UsageError(`${name}: ${(error as Error).message}`);
  }
}

/** A method's help, or the method run; its help reads the whole catalogue (short forms across commands). */
async function runEntry(service: ServiceBase, entry: AnyEntry, args: string[], io: Io, diag: Diagnostics): Promise<number> {
  const usesShortH = methodOptions(service, entry).some((o) => o.short === 'h');
  if (wantsHelp(args, usesShortH)) {
    const whole = 'methods' in service ? (service as ServiceDefinition) : await loadServiceForCli(service.id);
    const { methodHelp } = await import('./help.js');
    await write(io.stdout, methodHelp(whole, entry));
    return 0;
  }
  return runMethod(service, entry, args, io, diag);
}

export async function runService(name: ServiceName, args: string[], io: Io, diag: Diagnostics): Promise<number> {
  const [methodName, ...rest] = args;
  if (methodName && methodName !== '--help' && methodName !== '-h' && methodName !== 'help') {
    // The usual path: the index names the section that declares the method; only it is loaded.
    const base = await loadBaseForCli(name);
    const indexed = findIndexed(base.index, methodName);
    const entry = indexed && (await loadIndexed(base.index, indexed));
    if (entry) return runEntry(base, entry, rest, io, diag);
  }
  const service = await loadServiceForCli(name);
  if (!methodName || methodName === '--help' || methodName === '-h' || methodName === 'help') {
    const extras = await loadExtras(name);
    const { serviceHelp } = await import('./help.js');
    await write(methodName ? io.stdout : io.stderr, serviceHelp(service, extras));
    return methodName ? 0 : 2;
  }
  // An index not yet regenerated (`npm run docs`) still finds a method registered in the catalogue.
  const entry = findEntry(service, methodName);
  if (entry) return runEntry(service, entry, rest, io, diag);
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
