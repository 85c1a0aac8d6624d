// The connections of a server front end (the MCP server, the HTTP gateway), which serves several
// services at once: each service's connection comes whole from one source, as the CLI's does
// (core/connection.ts) — a profile named for it, else its UZEL_<SERVICE>_* variables, else the
// profile UZEL_PROFILE names when that profile is for this service.
import type { ServiceDefinition } from './catalogue.js';
import { resolveConnection, type ResolvedConnection } from './connection.js';
import { echo } from './echo.js';
import { ConfigurationError } from './errors.js';
import { findProfile } from './profiles.js';

export interface ServiceConnectionsRequest {
  /** The services that may be served. */
  services: readonly ServiceDefinition[];
  /** Profiles named by the front end (each is for one service; at most one per service). */
  profiles: readonly string[];
  env: NodeJS.ProcessEnv;
  profilesFile: string;
}

export interface ServiceConnection {
  service: ServiceDefinition;
  connection: ResolvedConnection;
}

export interface ServiceConnections {
  connected: ServiceConnection[];
  /** Services with no credentials anywhere, with what would give them (no value). */
  missing: { service: ServiceDefinition; how: string }[];
}

const given = (value: string | undefined): value is string => value !== undefined && value !== '';

/**
 * Resolves the connection of every service that has credentials. A named profile that is for no
 * served service, or two profiles for one service, is a ConfigurationError; a service without any
 * credentials is listed in `missing`, for the front end to decide.
 */
export function resolveServiceConnections(request: ServiceConnectionsRequest): ServiceConnections {
  const served = new Set(request.services.map((s) => s.id as string));
  const named = new Map<string, string>();
  for (const name of request.profiles) {
    const profile = findProfile(request.profilesFile, name);
    if (!served.has(profile.service)) {
      throw new ConfigurationError(`profile ${echo(name)} is for ${echo(profile.service)}, which is not served here (served: ${[...served].join(', ')})`);
    }
    const other = named.get(profile.service);
    if (other !== undefined) throw new ConfigurationError(`profiles ${echo(other)} and ${echo(name)} are both for ${profile.service}: name one profile per service`);
    named.set(profile.service, name);
  }
  const envProfileName = given(request.env.UZEL_PROFILE) ? request.env.UZEL_PROFILE : undefined;
  // A UZEL_PROFILE that cannot be read speaks for no service: the others still connect from their
  // own variables, and the services left without credentials say why.
  let envProfileService: string | undefined;
  let envProfileProblem = '';
  if (envProfileName !== undefined) {
    try {
      envProfileService = findProfile(request.profilesFile, envProfileName).service;
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      envProfileProblem = ` (UZEL_PROFILE names a profile that cannot be used: ${error.message})`;
    }
  }

  const out: ServiceConnections = { connected: [], missing: [] };
  for (const service of request.services) {
    const profile = named.get(service.id);
    const hasEnv = service.connection.some((c) => given(request.env[c.env]));
    const ownEnvProfile = envProfileService === service.id;
    if (profile === undefined && !hasEnv && !ownEnvProfile) {
      out.missing.push({ service, how: `its ${service.connection[0]?.env.replace(/[^_]+$/, '') ?? 'UZEL_'}* variables (e.g. ${service.connection[0]?.env}), or a profile of ${service.id}${envProfileProblem}` });
      continue;
    }
    // UZEL_PROFILE speaks for its own service only.
    const env = ownEnvProfile ? request.env : { ...request.env, UZEL_PROFILE: undefined };
    const connection = resolveConnection(service, { options: {}, ...(profile !== undefined && { profile }), env, profilesFile: request.profilesFile });
    out.connected.push({ service, connection });
  }
  return out;
}
