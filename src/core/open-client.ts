// A service's client built from a resolved connection, for every front end (CLI, MCP server,
// HTTP gateway): a setting the client refuses is named with its source, and values the client
// changes (rotated OAuth tokens) are written back into the profile they came from.
import type { CatalogueClient, ConnectOptions, ServiceBase } from './catalogue.js';
import { describeSource, secretsOf, type ResolvedConnection } from './connection.js';
import { ConfigurationError, ValidationError } from './errors.js';

export interface OpenClientHooks {
  /** A line per request and answer, secrets masked (the CLI's --debug). */
  onDebug?: (line: string) => void;
  /** Secrets the client learnt later (rotated tokens): to be masked from now on. */
  addSecrets?: (values: string[]) => void;
  /** The refreshed values could not be stored: the message says what to do (no value in it). */
  onSaveError?: (message: string) => void;
  /** The refreshed values were stored: which settings, and where (no value in it). */
  onSaved?: (message: string) => void;
  /** The service's request limit as the account has it (ConnectOptions.rateLimit). */
  rateLimit?: ConnectOptions['rateLimit'];
  /** The HTTP transport (ConnectOptions.fetch). */
  fetch?: ConnectOptions['fetch'];
}

/** Builds the client; a ConfigurationError names the connection's source (never a value). */
export function openClient(service: ServiceBase, connection: ResolvedConnection, hooks: OpenClientHooks = {}): CatalogueClient {
  const save = connection.save;
  const where = describeSource(connection.source);
  const options: ConnectOptions = {
    ...(hooks.onDebug ? { onDebug: hooks.onDebug } : {}),
    ...(hooks.rateLimit !== undefined ? { rateLimit: hooks.rateLimit } : {}),
    ...(hooks.fetch ? { fetch: hooks.fetch } : {}),
    ...(hooks.addSecrets ? { onSecrets: hooks.addSecrets } : {}),
    ...(save
      ? {
          onValues: (values: Record<string, string>) => {
            hooks.addSecrets?.(secretsOf(service, values));
            try {
              save(values);
            } catch (error) {
              // The call goes on with the new tokens; only keeping them failed. Never show them unasked.
              hooks.onSaveError?.(
                `the refreshed tokens could not be stored in ${where} (${(error as Error).message}); ` +
                  `the old refresh token is spent: fix the file, then get new tokens (see: npx uzel ${service.id} --help)`,
              );
              return;
            }
            hooks.onSaved?.(`stored the new ${Object.keys(values).join(', ')} in ${where}`);
          },
        }
      : {}),
  };
  try {
    return service.connect(connection.values, options);
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof ValidationError) {
      throw new ConfigurationError(`${service.id} connection from ${where}: ${error.message}`);
    }
    throw error;
  }
}
