// The gateway's routes, derived from the catalogue: one per method (POST /v1/<service>/<method>,
// the CLI's names) and one per handler of the config (POST /v1/handlers/<name>: a method with
// fixed arguments the caller cannot override, as OpenIntegrations' Melezh has them).
import { commandName, touchesLocalFiles, type AnyEntry, type ServiceDefinition } from '../core/catalogue.js';
import { echo } from '../core/echo.js';
import { ConfigurationError } from '../core/errors.js';
import type { HandlerConfig } from './config.js';

export interface Route {
  path: string;
  service: ServiceDefinition;
  entry: AnyEntry;
  /** service/method, or handlers/<name>: how the log and the key's allow list name the route. */
  name: string;
  handler?: HandlerConfig;
}

export const methodPath = (entry: AnyEntry): string => `/v1/${entry.service}/${commandName(entry)}`;
export const handlerPath = (name: string): string => `/v1/handlers/${name}`;

/**
 * Every route: the catalogue's methods in its order, then the handlers. Methods that read or write
 * files on this machine by path (uploads, downloads: core/catalogue.ts touchesLocalFiles) are no
 * routes: a caller must not reach the gateway's own files.
 */
export function buildRoutes(services: ServiceDefinition[], handlers: HandlerConfig[]): Route[] {
  const routes: Route[] = [];
  for (const service of services) {
    for (const entry of service.methods.filter((e) => !touchesLocalFiles(e))) routes.push({ path: methodPath(entry), service, entry, name: `${service.id}/${commandName(entry)}` });
  }
  for (const handler of handlers) {
    const [serviceId, command] = handler.method.split('/') as [string, string];
    const service = services.find((s) => s.id === serviceId);
    const entry = service?.methods.find((e) => commandName(e) === command && !touchesLocalFiles(e));
    if (!service || !entry) throw new ConfigurationError(`handler ${echo(handler.name)}: no method ${echo(handler.method)} (name it as the CLI does: bitrix24/get-deals)`);
    const unknown = Object.keys(handler.fixed).filter((key) => !(key in entry.params));
    if (unknown.length > 0) {
      throw new ConfigurationError(
        `handler ${echo(handler.name)}: ${handler.method} has no parameter ${unknown.map((k) => echo(k)).join(', ')} (its parameters: ${Object.keys(entry.params).join(', ') || 'none'})`,
      );
    }
    routes.push({ path: handlerPath(handler.name), service, entry, name: `handlers/${handler.name}`, handler });
  }
  return routes;
}
