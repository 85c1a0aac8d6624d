// Where a connection's settings come from, for every front end (CLI, MCP server, HTTP gateway).
// A connection comes WHOLE from one source, never mixed: a token from the environment must not
// travel to an address typed on the command line. In order:
//   1. the front end's own options (the command line): connection options, or a named profile;
//   2. the environment: UZEL_<SERVICE>_<KEY>, else UZEL_PROFILE naming a profile.
import type { ServiceBase, StoredSetting } from './catalogue.js';
import { echo } from './echo.js';
import { ConfigurationError } from './errors.js';
import { findProfile, updateProfile } from './profiles.js';
import { redactUrl } from './redact.js';

export interface ConnectionRequest {
  /** Connection values given as options, by key. */
  options: Record<string, string | undefined>;
  /** A profile named as an option (the CLI's --profile). */
  profile?: string;
  env: NodeJS.ProcessEnv;
  /** The profiles file (see profilesPath). */
  profilesFile: string;
  /** How the front end spells an option, for messages: key → '--url'. */
  optionName?: (key: string) => string;
}

export type ConnectionSource =
  | { kind: 'options'; keys: string[] }
  | { kind: 'environment'; variables: string[] }
  | { kind: 'profile'; name: string; file: string; namedBy: 'option' | 'environment' };

export interface ResolvedConnection {
  values: Record<string, string | undefined>;
  /** Literal secrets to mask: the secret values and the secret-looking parts of secret URLs. */
  secrets: string[];
  source: ConnectionSource;
  /** Sources that were present but not used (one line each, no values). */
  ignored: string[];
  /** Stores changed values (rotated tokens) back into the source; only a profile can take them. */
  save?: (values: Record<string, string>) => void;
}

const given = (value: string | undefined): value is string => value !== undefined && value !== '';

/** Settings a profile may hold: the connection options and the stored-only settings. */
export function profileSettings(service: ServiceBase): StoredSetting[] {
  return [...service.connection, ...(service.stored ?? [])];
}

/** Says where a connection came from, without any value. */
export function describeSource(source: ConnectionSource, optionName: (key: string) => string = (k) => `--${k}`): string {
  switch (source.kind) {
    case 'options':
      return `the command line (${source.keys.map(optionName).join(', ')})`;
    case 'environment':
      return `the environment (${source.variables.join(', ')})`;
    case 'profile':
      return `profile ${echo(source.name)} in ${source.file}${source.namedBy === 'environment' ? ' (named by UZEL_PROFILE)' : ''}`;
  }
}

export function resolveConnection(service: ServiceBase, request: ConnectionRequest): ResolvedConnection {
  const optionName = request.optionName ?? ((key: string) => `--${key}`);
  const fromOptions = service.connection.filter((c) => given(request.options[c.key]));
  const fromEnv = service.connection.filter((c) => given(request.env[c.env]));
  const envProfile = given(request.env.UZEL_PROFILE) ? request.env.UZEL_PROFILE : undefined;
  if (fromOptions.length > 0 && request.profile !== undefined) {
    throw new ConfigurationError(
      `give either a profile or connection options (${fromOptions.map((c) => optionName(c.key)).join(', ')}), not both: ` +
        'a connection is taken whole from one source',
    );
  }
  const ignoredEnv = fromEnv.length > 0 ? [`the environment (${fromEnv.map((c) => c.env).join(', ')})`] : [];
  const ignoredEnvProfile = envProfile !== undefined ? [`profile ${echo(envProfile)} named by UZEL_PROFILE`] : [];

  let values: Record<string, string | undefined> = {};
  let source: ConnectionSource;
  let ignored: string[];
  let save: ResolvedConnection['save'];
  if (fromOptions.length > 0) {
    for (const c of fromOptions) values[c.key] = request.options[c.key];
    source = { kind: 'options', keys: fromOptions.map((c) => c.key) };
    ignored = [...ignoredEnv, ...ignoredEnvProfile];
  } else if (request.profile !== undefined || (fromEnv.length === 0 && envProfile !== undefined)) {
    const name = (request.profile ?? envProfile)!;
    const profile = findProfile(request.profilesFile, name);
    if (profile.service !== service.id) {
      throw new ConfigurationError(`profile ${echo(name)} is for ${echo(profile.service)}, not ${service.id}`);
    }
    const known = new Set(profileSettings(service).map((s) => s.key));
    for (const [key, value] of Object.entries(profile.values)) if (known.has(key) && given(value)) values[key] = value;
    source = { kind: 'profile', name, file: request.profilesFile, namedBy: request.profile !== undefined ? 'option' : 'environment' };
    ignored = request.profile !== undefined ? [...ignoredEnv, ...ignoredEnvProfile] : [];
    save = (changed) => updateProfile(request.profilesFile, name, changed);
  } else if (fromEnv.length > 0) {
    for (const c of fromEnv) values[c.key] = request.env[c.env];
    source = { kind: 'environment', variables: fromEnv.map((c) => c.env) };
    ignored = ignoredEnvProfile;
  } else {
    const how = service.connection.map((c) => `${optionName(c.key)} (or ${c.env})`).join(', ');
    throw new ConfigurationError(`no credentials for ${service.id}: give ${how}, or a profile (--profile NAME or UZEL_PROFILE)`);
  }
  values = Object.fromEntries(Object.entries(values).filter(([, v]) => given(v)));
  return { values, secrets: secretsOf(service, values), source, ignored, ...(save ? { save } : {}) };
}

/**
 * The secret parts of an address setting (a webhook URL carries its code in the path; a bare
 * portal address carries none), so that the host stays readable; undefined when `key` is not an
 * address or the value is not one, and the whole value is then the secret.
 */
function addressSecrets(key: string, value: string): string[] | undefined {
  if (!/url|address|portal|host/i.test(key)) return undefined;
  let url: URL;
  try {
    if (/^https?:\/\//i.test(value)) url = new URL(value);
    // A bare portal address, as oint accepts it with --token.
    else if (/^[\w.-]+\.[\w-]+(:\d+)?(\/\S*)?$/.test(value)) url = new URL(`https://${value}`);
    else return undefined;
  } catch {
    return undefined;
  }
  const out: string[] = [];
  for (const part of url.pathname.split('/')) if (part.length >= 6 && !/^\d+$/.test(part) && part !== 'rest') out.push(part);
  for (const v of url.searchParams.values()) if (v.length >= 6) out.push(v);
  if (url.password) out.push(url.password);
  return out;
}

export function secretsOf(service: ServiceBase, values: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const option of profileSettings(service)) {
    const value = values[option.key];
    if (!option.secret || !value) continue;
    const parts = addressSecrets(option.key, value);
    if (parts) out.push(...parts);
    else out.push(value);
  }
  return out;
}

/**
 * A value as a listing shows it: an address with its secret parts masked (a plain portal address
 * shown whole), any other secret hidden. `key` names the setting (url, token, …).
 */
export function maskValue(value: string, secret: boolean, key = 'url'): string {
  if (!secret) return value;
  const parts = addressSecrets(key, value);
  if (!parts) return '***';
  return parts.length === 0 ? redactUrl(value) : redactUrl(value, parts);
}
