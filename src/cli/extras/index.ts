// Service-specific commands, loaded only with their service.
import type { ServiceName } from '../../core/errors.js';
import type { ExtraCommand } from './types.js';

export const extraLoaders: Partial<Record<ServiceName, () => Promise<ExtraCommand[]>>> = {
  bitrix24: async () => (await import('./bitrix24.js')).bitrix24Commands,
};

export async function loadExtras(service: ServiceName): Promise<ExtraCommand[]> {
  return (await extraLoaders[service]?.()) ?? [];
}
