// Named profiles: connection settings kept in a JSON file under the user's config directory,
// readable only by its owner (0600), so that secrets need not be typed on every command line.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { UsageError } from './exit-codes.js';

export interface Profile {
  service: string;
  /** Connection values by key (the service's `connection[].key`). */
  values: Record<string, string>;
}

export interface Config {
  profiles: Record<string, Profile>;
}

/** $UZEL_CONFIG, else $XDG_CONFIG_HOME/uzel/config.json, else ~/.config/uzel/config.json. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.UZEL_CONFIG) return env.UZEL_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'uzel', 'config.json');
}

export function readConfig(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw new UsageError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const profiles = (parsed as { profiles?: unknown } | null)?.profiles;
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) return { profiles: {} };
  return { profiles: profiles as Record<string, Profile> };
}

/** Writes the file atomically, with mode 0600 from the first byte. */
export function writeConfig(path: string, config: Config): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}

export function findProfile(path: string, name: string): Profile {
  const profile = readConfig(path).profiles[name];
  if (!profile) throw new UsageError(`no profile named "${name}" in ${path} (see: uzel profile list)`);
  return profile;
}
