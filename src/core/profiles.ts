// Named profiles: connection settings kept in one JSON file under the user's config directory,
// readable only by its owner (0600), shared by every front end (CLI, MCP server, HTTP gateway).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { jsonErrorPlace } from './json.js';
import { echo, kindOf } from './echo.js';
import { ConfigurationError } from './errors.js';

export interface Profile {
  service: string;
  /** Connection values by key (the service's `connection[].key` and `stored[].key`). */
  values: Record<string, string>;
}

export interface ProfileFile {
  /** As read: each profile is checked when it is used (checkProfile), so one bad profile hides no other. */
  profiles: Record<string, Profile>;
}

/** $UZEL_CONFIG, else $XDG_CONFIG_HOME/uzel/config.json, else ~/.config/uzel/config.json. */
export function profilesPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.UZEL_CONFIG) return env.UZEL_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'uzel', 'config.json');
}

/** Reads the file; a missing file has no profiles. Anything else unreadable is a ConfigurationError. */
export function readProfiles(path: string): ProfileFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw new ConfigurationError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`the config file ${path} is not valid JSON${jsonErrorPlace(text, error)}; fix it (every value is a JSON string in quotes) or remove it`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigurationError(`the config file ${path} must hold a JSON object {"profiles": {…}}, not ${kindOf(parsed)}`);
  }
  const profiles = (parsed as { profiles?: unknown }).profiles ?? {};
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) {
    throw new ConfigurationError(`"profiles" in the config file ${path} must be an object of named profiles, not ${kindOf(profiles)}`);
  }
  return { profiles: profiles as Record<string, Profile> };
}

/** Checks one profile's shape: a service name and text values, each mistake named. */
export function checkProfile(name: string, raw: unknown, path: string): Profile {
  const where = `profile ${echo(name)} in ${path}`;
  const fix = `fix the file, or add the profile again: npx uzel profile add ${echo(name)} <service> --<option> value …`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigurationError(`${where} must be an object {"service", "values"}, not ${kindOf(raw)}; ${fix}`);
  }
  const { service, values } = raw as { service?: unknown; values?: unknown };
  if (typeof service !== 'string' || service === '') {
    throw new ConfigurationError(`${where}: "service" must be a service name such as "bitrix24", not ${kindOf(service)}; ${fix}`);
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new ConfigurationError(`${where}: "values" must be an object of text settings, not ${kindOf(values)}; ${fix}`);
  }
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'string') {
      throw new ConfigurationError(`${where}: ${echo(key)} must be text (a JSON string), not ${kindOf(value)}; ${fix}`);
    }
  }
  return { service, values: values as Record<string, string> };
}

export function findProfile(path: string, name: string): Profile {
  const { profiles } = readProfiles(path);
  const raw = Object.hasOwn(profiles, name) ? profiles[name] : undefined;
  if (raw === undefined) throw new ConfigurationError(`no profile named ${echo(name)} in ${path} (see: npx uzel profile list)`);
  return checkProfile(name, raw, path);
}

/** Writes the file atomically (a temp file renamed over it), with mode 0600 from the first byte. */
export function writeProfiles(path: string, file: ProfileFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(temp, 0o600);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Checks, before a request whose result must be stored, that the file can be written (its folder is made 0700). */
export function checkProfilesWritable(path: string): void {
  const probe = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(probe, '', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    throw new ConfigurationError(`cannot write the config file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  } finally {
    rmSync(probe, { force: true });
  }
}

/**
 * Merges values into one profile (creating it for `service` when `service` is given and it does
 * not exist), re-reading the file first so that every other profile stays as it is.
 */
export function updateProfile(path: string, name: string, values: Record<string, string>, service?: string): void {
  const file = readProfiles(path);
  const exists = Object.hasOwn(file.profiles, name);
  if (!exists && service === undefined) throw new ConfigurationError(`no profile named ${echo(name)} in ${path} (see: npx uzel profile list)`);
  const profile = exists ? checkProfile(name, file.profiles[name], path) : { service: service!, values: {} };
  if (service !== undefined && profile.service !== service) {
    throw new ConfigurationError(`profile ${echo(name)} is for ${echo(profile.service)}, not ${service}`);
  }
  file.profiles[name] = { ...profile, values: { ...profile.values, ...values } };
  writeProfiles(path, file);
}
