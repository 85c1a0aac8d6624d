// Where connection values come from, in order: the command line, the environment
// (UZEL_<SERVICE>_<KEY>), a named profile. Also collects the secrets to mask in every output.
import type { ServiceDefinition } from '../core/catalogue.js';
import { redact, redactUrl } from '../core/redact.js';
import { findProfile } from './config.js';
import { UsageError } from './exit-codes.js';

export interface ResolvedConnection {
  values: Record<string, string | undefined>;
  /** Literal secrets to mask: the secret values and the secret-looking parts of secret URLs. */
  secrets: string[];
}

export function resolveConnection(
  service: ServiceDefinition,
  fromOptions: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv,
  profileName: string | undefined,
  configFile: string,
): ResolvedConnection {
  const profile = profileName ? findProfile(configFile, profileName) : undefined;
  if (profile && profile.service !== service.id) {
    throw new UsageError(`profile "${profileName}" is for ${profile.service}, not ${service.id}`);
  }
  const values: Record<string, string | undefined> = {};
  for (const option of service.connection) {
    const value = fromOptions[option.key] ?? (env[option.env] || undefined) ?? profile?.values[option.key];
    if (value !== undefined && value !== '') values[option.key] = value;
  }
  if (Object.keys(values).length === 0) {
    const how = service.connection.map((o) => `--${o.cli} (or ${o.env})`).join(', ');
    throw new UsageError(`no credentials for ${service.id}: give ${how}, or --profile NAME`);
  }
  return { values, secrets: secretsOf(service, values) };
}

export function secretsOf(service: ServiceDefinition, values: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const option of service.connection) {
    const value = values[option.key];
    if (!option.secret || !value) continue;
    // A webhook URL carries its secret in the path: mask those parts, keep the host readable.
    let url: URL | undefined;
    const isAddress = /url|address|portal|host/i.test(option.key);
    try {
      if (isAddress && /^https?:\/\//i.test(value)) url = new URL(value);
      // A bare portal address, as oint accepts it with --token.
      else if (isAddress && /^[\w.-]+\.[\w-]+(:\d+)?(\/\S*)?$/.test(value)) url = new URL(`https://${value}`);
    } catch {
      url = undefined;
    }
    if (!url) {
      out.push(value);
      continue;
    }
    for (const part of url.pathname.split('/')) if (part.length >= 6 && !/^\d+$/.test(part) && part !== 'rest') out.push(part);
    for (const v of url.searchParams.values()) if (v.length >= 6) out.push(v);
    if (url.password) out.push(url.password);
  }
  return out;
}

/** A value as `profile list` shows it: URLs with their secret parts masked, other secrets hidden. */
export function maskValue(value: string, secret: boolean): string {
  if (!secret) return value;
  if (/^https?:\/\//i.test(value)) {
    const masked = redactUrl(value);
    return masked === value ? redact(value, [value]) : masked;
  }
  return '***';
}
