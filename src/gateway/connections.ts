// One client per service connection, opened when the gateway starts and shared by every request:
// the client's limiter is the one place the service's limits are kept, so any number of callers
// reach the account at the pace it allows, never beyond (no 503 from the portal). Connections
// come from profiles or the environment as the CLI reads them (src/core/connection.ts).
import type { CatalogueClient, ServiceDefinition } from '../core/catalogue.js';
import { describeSource, resolveConnection } from '../core/connection.js';
import { ConfigurationError } from '../core/errors.js';
import { openClient } from '../core/open-client.js';
import { profilesPath } from '../core/profiles.js';
import type { GatewayConfig } from './config.js';

interface Slot {
  client?: CatalogueClient;
  /** Why there is no client (no value in it). */
  problem?: string;
  /** Where the connection came from (no value in it). */
  source?: string;
}

export class Connections {
  private readonly slots = new Map<string, Slot>();
  /** Every secret of every connection, to mask in answers and the log; grows when tokens rotate. */
  readonly secrets = new Set<string>();

  constructor(services: ServiceDefinition[], config: GatewayConfig, env: NodeJS.ProcessEnv, note: (message: string) => void) {
    for (const service of services) {
      const settings = config.connections[service.id];
      try {
        const connection = resolveConnection(service, { options: {}, profile: settings?.profile, env, profilesFile: profilesPath(env) });
        for (const secret of connection.secrets) this.secrets.add(secret);
        const client = openClient(service, connection, {
          addSecrets: (values) => values.forEach((v) => this.secrets.add(v)),
          onSaveError: note,
          onSaved: note,
          ...(settings?.rateLimit !== undefined ? { rateLimit: settings.rateLimit } : {}),
        });
        this.slots.set(service.id, { client, source: describeSource(connection.source) });
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        // A service named in the config must connect; the others are simply not offered.
        if (settings) throw error;
        this.slots.set(service.id, { problem: error.message });
      }
    }
  }

  /** The shared client of a service; a ConfigurationError (503) when it has no connection here. */
  client(service: string): CatalogueClient {
    const slot = this.slots.get(service);
    if (slot?.client) return slot.client;
    throw new ConfigurationError(`${service} is not connected on this gateway (its connection is set up where the gateway runs: a profile or UZEL_* variables)`);
  }

  /** Each service: connected (and from where, no value), or why not. */
  status(): Record<string, { connected: boolean; source?: string }> {
    const out: Record<string, { connected: boolean; source?: string }> = {};
    for (const [id, slot] of this.slots) out[id] = slot.client ? { connected: true, ...(slot.source ? { source: slot.source } : {}) } : { connected: false };
    return out;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.slots.values()].map((slot) => slot.client?.close?.()));
  }
}
