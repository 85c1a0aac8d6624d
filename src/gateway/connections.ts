// One client per service connection, opened when the gateway starts and shared by every request:
// the client's limiter is the one place the service's limits are kept, so any number of callers
// reach the account at the pace it allows, never beyond (no 503 from the portal). Connections
// are resolved as the MCP server resolves them (src/core/service-connections.ts): a profile the
// config names for the service, else its UZEL_<SERVICE>_* variables, else UZEL_PROFILE when that
// profile is for this service.
import type { CatalogueClient, ServiceDefinition } from '../core/catalogue.js';
import { describeSource } from '../core/connection.js';
import { echo } from '../core/echo.js';
import { ConfigurationError } from '../core/errors.js';
import { openClient } from '../core/open-client.js';
import { findProfile, profilesPath } from '../core/profiles.js';
import { resolveServiceConnections } from '../core/service-connections.js';
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
    const profilesFile = profilesPath(env);
    const profiles: string[] = [];
    for (const [id, settings] of Object.entries(config.connections)) {
      if (settings?.profile === undefined) continue;
      // Each profile is for one service: the one the config lists it under.
      const { service } = findProfile(profilesFile, settings.profile);
      if (service !== id) throw new ConfigurationError(`connections.${id}.profile names ${echo(settings.profile)}, a profile for ${echo(service)}, not ${id}`);
      profiles.push(settings.profile);
    }
    const { connected, missing } = resolveServiceConnections({ services, profiles, env, profilesFile });
    const connections = new Map(connected.map(({ service, connection }) => [service.id as string, connection]));
    const wanting = new Map(missing.map(({ service, how }) => [service.id as string, how]));
    for (const service of services) {
      const settings = config.connections[service.id];
      const connection = connections.get(service.id);
      try {
        if (!connection) throw new ConfigurationError(`no credentials for ${service.id}: give ${wanting.get(service.id) ?? 'a profile'}`);
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
