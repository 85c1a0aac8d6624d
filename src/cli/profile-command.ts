// `uzel profile add|list|remove`: named connection settings in the config file (mode 0600).
import type { ServiceName } from '../core/errors.js';
import { serviceNames } from '../services/registry.js';
import { configPath, readConfig, writeConfig } from './config.js';
import { profileSettings } from '../core/connection.js';
import { checkProfile } from '../core/profiles.js';
import { echo, escapeControls, escapeControlsInJson, hasControls } from '../core/echo.js';
import { maskValue, secretsOf } from './credentials.js';
import { UsageError } from './exit-codes.js';
import { write, type Diagnostics, type Io } from './io.js';
import type { CliOption } from './options.js';
import { parseOptions } from './parse-options.js';
import { loadServiceForCli } from './service-command.js';

export const profileHelp = `npx uzel profile — named connection profiles / именованные профили подключения

  npx uzel profile add <name> <service> --<option> value …   e.g. npx uzel profile add work bitrix24 --url "https://portal/rest/1/code/"
  npx uzel profile add app bitrix24 --url PORTAL --clientid ID --clientsecret SECRET [--tokenurl URL]
                                                             OAuth app / OAuth-приложение, then / затем: npx uzel bitrix24 get-token --profile app --code CODE
  npx uzel profile list [--json]                             secrets masked / секреты скрыты
  npx uzel profile remove <name>

  e.g. / например:
  npx uzel profile add work bitrix24 --url "https://your.bitrix24.ru/rest/1/xxxxxxxx/"
  npx uzel bitrix24 get-server-time --profile work        (or / или: UZEL_PROFILE=work)

A name is any text without control characters / Имя — любой текст без управляющих символов.
File / Файл: $UZEL_CONFIG, or $XDG_CONFIG_HOME/uzel/config.json, or ~/.config/uzel/config.json (mode 0600)
`;

const listOptions: CliOption[] = [{ kind: 'global', key: 'json', long: 'json', takes: 'flag', description: { en: '', ru: '' } }];

export async function runProfile(args: string[], io: Io, diag: Diagnostics): Promise<number> {
  const [action, ...rest] = args;
  // `profile list --help` and the like show the help, never run the action.
  if (args.includes('--help') || args.includes('-h')) {
    await write(io.stdout, profileHelp);
    return 0;
  }
  const file = configPath(io.env);
  switch (action) {
    case 'add': {
      const [name, serviceName, ...options] = rest;
      if (!name || !serviceName || name.startsWith('-')) throw new UsageError('usage: npx uzel profile add <name> <service> --<option> value …');
      if (hasControls(name, true)) {
        throw new UsageError(`a profile name cannot contain control characters (got "${escapeControls(name, true)}"); use letters, digits, spaces or punctuation`);
      }
      if (!serviceNames.includes(serviceName as ServiceName)) throw new UsageError(`unknown service ${echo(serviceName)} (one of: ${serviceNames.join(', ')})`);
      const service = await loadServiceForCli(serviceName as ServiceName);
      const cliOptions: CliOption[] = profileSettings(service).map((c) => ({
        kind: 'connection',
        key: c.key,
        long: c.cli,
        ...('short' in c && c.short ? { short: c.short as string } : {}),
        takes: 'value',
        description: c.description,
      }));
      const raw = parseOptions(cliOptions, options, `npx uzel profile add ${name} ${serviceName}`);
      const values: Record<string, string> = {};
      for (const [option, given] of raw) {
        const last = given[given.length - 1];
        if (typeof last === 'string' && last !== '') values[option.key] = last;
      }
      if (Object.keys(values).length === 0) {
        throw new UsageError(`give at least one of: ${profileSettings(service).map((c) => `--${c.cli}`).join(', ')}`);
      }
      diag.addSecrets(secretsOf(service, values));
      const config = readConfig(file);
      const existed = name in config.profiles;
      config.profiles[name] = { service: service.id, values };
      writeConfig(file, config);
      diag.line(`profile "${name}" ${existed ? 'replaced' : 'added'} (${service.id}) in ${file}`);
      return 0;
    }
    case 'list': {
      const json = Boolean(parseOptions(listOptions, rest, 'npx uzel profile list').size);
      const config = readConfig(file);
      const rows: { name: string; service: string; values: Record<string, string> }[] = [];
      for (const [name, raw] of Object.entries(config.profiles)) {
        const profile = checkProfile(name, raw, file); // a hand-broken one is named, as every command names it
        let secretKeys: Set<string>;
        try {
          const service = await loadServiceForCli(profile.service as ServiceName);
          secretKeys = new Set(profileSettings(service).filter((c) => c.secret).map((c) => c.key));
        } catch {
          secretKeys = new Set(Object.keys(profile.values)); // unknown service: hide everything
        }
        const values: Record<string, string> = {};
        for (const [key, value] of Object.entries(profile.values ?? {})) values[key] = maskValue(String(value), secretKeys.has(key), key);
        rows.push({ name, service: profile.service, values });
      }
      if (json) {
        // Still valid JSON, the same strings: the escapes only keep the terminal safe.
        await write(io.stdout, `${escapeControlsInJson(JSON.stringify(rows))}\n`);
      } else if (rows.length === 0) {
        diag.line(`no profiles in ${file} (add one: npx uzel profile add <name> <service> --<option> value …)`);
      } else {
        const text = rows
          .map((r) => [r.name, r.service, Object.entries(r.values).map(([k, v]) => `${k}=${v}`).join(' ')].map((x) => escapeControls(String(x), true)).join('\t'))
          .join('\n');
        await write(io.stdout, `${text}\n`);
      }
      return 0;
    }
    case 'remove': {
      const [name] = rest;
      if (!name) throw new UsageError('usage: npx uzel profile remove <name>');
      const config = readConfig(file);
      if (!(name in config.profiles)) throw new UsageError(`no profile named "${name}" in ${file}`);
      delete config.profiles[name];
      writeConfig(file, config);
      diag.line(`profile "${name}" removed from ${file}`);
      return 0;
    }
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      await write(action ? io.stdout : io.stderr, profileHelp);
      return action ? 0 : 2;
    default:
      throw new UsageError(`unknown profile action ${echo(action)} (add, list, remove)`);
  }
}
