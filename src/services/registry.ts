// The services a front end can reach, each loaded only when used (the CLI starts faster when a
// command imports just the one service it calls). A base is the service without its catalogue:
// with its index, a command loads only the section that declares it.
import type { ServiceBase, ServiceDefinition } from '../core/catalogue.js';
import type { CatalogueIndex } from '../core/catalogue-index.js';
import type { ServiceName } from '../core/errors.js';

export const serviceLoaders: Record<ServiceName, () => Promise<ServiceDefinition>> = {
  bitrix24: async () => (await import('./bitrix24/service.js')).bitrix24Service,
  planfix: async () => (await import('./planfix/service.js')).planfixService,
  diadoc: async () => (await import('./diadoc/service.js')).diadocService,
};

export const baseLoaders: Record<ServiceName, () => Promise<ServiceBase>> = {
  bitrix24: async () => (await import('./bitrix24/service-base.js')).bitrix24Base,
  planfix: async () => (await import('./planfix/service-base.js')).planfixBase,
  diadoc: async () => (await import('./diadoc/service-base.js')).diadocBase,
};

/** The indexes alone (no client, no schemas): enough to list the services and count their methods. */
export const indexLoaders: Record<ServiceName, () => Promise<CatalogueIndex>> = {
  bitrix24: async () => (await import('./bitrix24/catalogue-index.js')).bitrix24Index,
  planfix: async () => (await import('./planfix/catalogue-index.js')).planfixIndex,
  diadoc: async () => (await import('./diadoc/catalogue-index.js')).diadocIndex,
};

export const serviceNames = Object.keys(serviceLoaders) as ServiceName[];

export function loadService(name: ServiceName): Promise<ServiceDefinition> {
  return serviceLoaders[name]();
}

export function loadBase(name: ServiceName): Promise<ServiceBase> {
  return baseLoaders[name]();
}

export function loadIndex(name: ServiceName): Promise<CatalogueIndex> {
  return indexLoaders[name]();
}
