// The CLI's side of connection settings: the command line's options and --profile, handed to the
// shared resolver (src/core/connection.ts: one source per connection, never mixed), and a --debug
// line saying which source was used, without any value.
import type { CatalogueClient, ServiceBase } from '../core/catalogue.js';
import { describeSource, resolveConnection as resolveShared, type ResolvedConnection } from '../core/connection.js';
import { openClient as openShared } from '../core/open-client.js';
import { configPath } from './config.js';
import type { Diagnostics, Io } from './io.js';
import { nodeFetch } from '../core/node-fetch.js';

export { maskValue, secretsOf } from '../core/connection.js';
export type { ResolvedConnection };

/** The connection of one command: options (or --profile) > environment (or UZEL_PROFILE), taken whole. */
export function resolveConnection(
  service: ServiceBase,
  fromOptions: Record<string, string | undefined>,
  profile: string | undefined,
  io: Pick<Io, 'env'>,
  diag?: Diagnostics,
): ResolvedConnection {
  const optionName = (key: string) => `--${service.connection.find((c) => c.key === key)?.cli ?? key}`;
  const connection = resolveShared(service, { options: fromOptions, profile, env: io.env, profilesFile: configPath(io.env), optionName });
  diag?.addSecrets(connection.secrets);
  if (diag?.debug) {
    const unused = connection.ignored.length > 0 ? `; not used: ${connection.ignored.join(', ')}` : '';
    diag.line(`debug: ${service.id} connection from ${describeSource(connection.source, optionName)}${unused}`);
  }
  return connection;
}

/** Builds the service's client (core/open-client.ts), its messages and new secrets going to the CLI's diagnostics. */
export function openClient(service: ServiceBase, connection: ResolvedConnection, diag: Diagnostics): CatalogueClient {
  return openShared(service, connection, {
    // One call per process: node:http costs far less to load than Node's fetch (core/node-fetch.ts).
    fetch: nodeFetch,
    ...(diag.debug ? { onDebug: (line: string) => diag.line(`debug: ${line}`) } : {}),
    addSecrets: (values) => diag.addSecrets(values),
    onSaveError: (message) => diag.error(message),
    onSaved: (message) => {
      if (diag.debug) diag.line(`debug: ${message}`);
    },
  });
}
