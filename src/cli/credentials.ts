// The CLI's side of connection settings: the command line's options and --profile, handed to the
// shared resolver (src/core/connection.ts: one source per connection, never mixed), and a --debug
// line saying which source was used, without any value.
import type { CatalogueClient, ConnectOptions, ServiceBase } from '../core/catalogue.js';
import { describeSource, resolveConnection as resolveShared, secretsOf, type ResolvedConnection } from '../core/connection.js';
import { ConfigurationError, ValidationError } from '../core/errors.js';
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

/**
 * Builds the service's client from a resolved connection. A setting the client refuses is named
 * with its source; values the client changes (rotated OAuth tokens) are written back into the
 * profile they came from, atomically.
 */
export function openClient(service: ServiceBase, connection: ResolvedConnection, diag: Diagnostics): CatalogueClient {
  const save = connection.save;
  const options: ConnectOptions = {
    // One call per process: node:http costs far less to load than Node's fetch (core/node-fetch.ts).
    fetch: nodeFetch,
    ...(diag.debug ? { onDebug: (line: string) => diag.line(`debug: ${line}`) } : {}),
    ...(save
      ? {
          onValues: (values: Record<string, string>) => {
            diag.addSecrets(secretsOf(service, values));
            try {
              save(values);
            } catch (error) {
              // The call goes on with the new tokens; only keeping them failed. Never print them unasked.
              diag.error(
                `the refreshed tokens could not be stored in ${describeSource(connection.source)} (${(error as Error).message}); ` +
                  `the old refresh token is spent: fix the file, then get new tokens (see: npx uzel ${service.id} --help)`,
              );
              return;
            }
            if (diag.debug) diag.line(`debug: stored the new ${Object.keys(values).join(', ')} in ${describeSource(connection.source)}`);
          },
        }
      : {}),
  };
  try {
    return service.connect(connection.values, options);
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof ValidationError) {
      throw new ConfigurationError(`${service.id} connection from ${describeSource(connection.source)}: ${error.message}`);
    }
    throw error;
  }
}
