// The services a front end can reach, each loaded only when used (the CLI starts faster when a
// command imports just the one service it calls).
import type { ServiceDefinition } from '../core/catalogue.js';
import type { ServiceName } from '../core/errors.js';

export const serviceLoaders: Record<ServiceName, () => Promise<ServiceDefinition>> = {
  bitrix24: async () => (await import('./bitrix24/service.js')).bitrix24Service,
  planfix: async () => (await import('./planfix/service.js')).planfixService,
  diadoc: async () => (await import('./diadoc/service.js')).diadocService,
};

export const serviceNames = Object.keys(serviceLoaders) as ServiceName[];

export function loadService(name: ServiceName): Promise<ServiceDefinition> {
  return serviceLoaders[name]();
}
