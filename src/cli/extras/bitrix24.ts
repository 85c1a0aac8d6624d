// Bitrix24's commands beyond the catalogue: `call` reaches any REST method, `batch` runs many
// commands in as few requests as the portal allows (50 per request), `auth-link` builds the
// OAuth authorization link as oint's ПолучитьСсылкуАвторизацииПриложения does.
import { z } from 'zod';
import type { ServiceDefinition } from '../../core/catalogue.js';
import { ApiError } from '../../core/errors.js';
import { SecretSet } from '../../core/redact.js';
import { authorizeUrl, defaultOAuthTokenUrl, requestTokens, type Bitrix24Tokens, type OAuthApp } from '../../services/bitrix24/auth.js';
import { tokenValues } from '../../services/bitrix24/service.js';
import { configPath, findProfile, readConfig } from '../config.js';
import { checkProfilesWritable, updateProfile } from '../../core/profiles.js';
import { coerceOption } from '../coerce.js';
import { echo } from '../../core/echo.js';
import { ourWords } from '../../core/zod-messages.js';
import { openClient, resolveConnection } from '../credentials.js';
import { exitCodes, OutputError, UsageError } from '../exit-codes.js';
import { write, type Diagnostics, type Io } from '../io.js';
import { formatJson } from '../../core/json-text.js';
import { emitAnswer, openOutput, type OutputTarget } from '../output.js';
import { globalOptions, type CliOption } from '../options.js';
import { parseOptions, type RawValues } from '../parse-options.js';
import { connectionValues, globalFlags } from '../run-method.js';
import type { ExtraCommand } from './types.js';

interface Bitrix24Like {
  call(method: string, params?: Record<string, unknown>): Promise<unknown>;
  batch(commands: unknown, options?: { halt?: boolean }): Promise<{
    result: Record<string, unknown>;
    errors: Record<string, ApiError>;
    total: Record<string, number>;
    next: Record<string, number>;
    time: Record<string, unknown>;
    skipped: string[];
  }>;
}

const textOption = (key: string, short: string | undefined, en: string, ru: string): CliOption => ({
  kind: 'param',
  key,
  long: key,
  ...(short ? { short } : {}),
  takes: 'value',
  description: { en, ru },
  param: { schema: z.string().min(1), cli: key, description: { en: '', ru: '' } },
});

const flagOption = (key: string, en: string, ru: string): CliOption => ({ kind: 'param', key, long: key, takes: 'flag', description: { en, ru } });

const paramsOption: CliOption = {
  kind: 'param',
  key: 'params',
  long: 'params',
  short: 'p',
  takes: 'value',
  description: { en: 'Method parameters: JSON object, @file.json or a .json path', ru: 'Параметры метода: объект JSON, @файл.json или путь к .json' },
  param: {
    schema: z.record(z.string(), z.unknown()).optional(),
    cli: 'params',
    description: { en: '', ru: '' },
  },
};

const commandsOption: CliOption = {
  kind: 'param',
  key: 'commands',
  long: 'commands',
  short: 'c',
  takes: 'value',
  description: {
    en: 'Commands: {"name": "method?query" | {"method", "params"}} or a list of them; JSON, @file.json or a .json path',
    ru: 'Команды: {"имя": "метод?запрос" | {"method", "params"}} или их список; JSON, @файл.json или путь к .json',
  },
  param: {
    schema: z.union([
      z.record(z.string(), z.union([z.string(), z.object({ method: z.string(), params: z.record(z.string(), z.unknown()).optional() })])),
      z.array(z.union([z.string(), z.object({ method: z.string(), params: z.record(z.string(), z.unknown()).optional() })])),
    ]),
    cli: 'commands',
    description: { en: '', ru: '' },
  },
};

const haltOption = flagOption('halt', 'Stop at the first failing command', 'Остановиться на первой ошибке');

function connectionOptions(service: ServiceDefinition): CliOption[] {
  return service.connection.map((c) => ({
    kind: 'connection' as const,
    key: c.key,
    long: c.cli,
    short: c.short,
    takes: 'value' as const,
    description: c.description,
    connection: c,
  }));
}

const outputOptions = globalOptions.filter((o) => o.key !== 'all');

function valueOf(raw: RawValues, option: CliOption): unknown {
  const values = raw.get(option);
  if (!values || !option.param) return undefined;
  const value = coerceOption(values, option.param.schema, `--${option.long}`);
  const check = option.param.schema.safeParse(value, { error: ourWords });
  if (!check.success) {
    throw new UsageError(`--${option.long}: ${check.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ')}`);
  }
  return check.data;
}

function connect(service: ServiceDefinition, raw: RawValues, io: Io, diag: Diagnostics): Bitrix24Like {
  const flags = globalFlags(raw);
  if (flags.debug) diag.debug = true;
  const client = openClient(service, resolveConnection(service, connectionValues(raw), flags.profile, io, diag), diag);
  const candidate = client as unknown as Partial<Bitrix24Like>;
  if (typeof candidate.call !== 'function' || typeof candidate.batch !== 'function') {
    throw new Error('this client has no call/batch');
  }
  return candidate as Bitrix24Like;
}

/** Opens --out (or stdout) before the request, so that a bad path costs nothing. */
function outputTarget(raw: RawValues, io: Io): Promise<OutputTarget> {
  return openOutput(globalFlags(raw).out, io);
}

async function output(value: unknown, raw: RawValues, io: Io, target: OutputTarget, carriedOut: string): Promise<void> {
  const flags = globalFlags(raw);
  const pretty = flags.pretty ?? (flags.out !== undefined || io.stdoutIsTTY);
  try {
    await emitAnswer(target, `${formatJson(value, pretty)}\n`, io, carriedOut);
  } finally {
    await target.discard();
  }
}

function optionHelp(options: CliOption[]): string {
  return options
    .map((o) => `  --${o.long}${o.short ? `, -${o.short}` : ''}${o.takes === 'flag' ? '' : ' <value>'}\n      ${o.description.en} / ${o.description.ru}`)
    .join('\n');
}

const call: ExtraCommand = {
  name: 'call',
  usage: 'call <rest.method> [--params JSON]',
  summary: { en: 'Calls any REST method, also those not in the catalogue', ru: 'Вызывает любой метод REST, в том числе не описанный в каталоге' },
  help: '',
  async run(service, args, io, diag) {
    const method = args[0];
    if (!method || method.startsWith('-')) throw new UsageError('usage: npx uzel bitrix24 call <rest.method> [--params JSON]');
    const options = [paramsOption, ...connectionOptions(service), ...outputOptions];
    const raw = parseOptions(options, args.slice(1), 'npx uzel bitrix24 call');
    const params = (valueOf(raw, paramsOption) as Record<string, unknown> | undefined) ?? {};
    const client = connect(service, raw, io, diag);
    const target = await outputTarget(raw, io);
    let answer: unknown;
    try {
      answer = await client.call(method, params);
    } catch (error) {
      await target.discard();
      throw error;
    }
    await output(answer, raw, io, target, `${method} was carried out`);
    return 0;
  },
};

const batch: ExtraCommand = {
  name: 'batch',
  usage: 'batch --commands JSON|@file [--halt]',
  summary: {
    en: 'Runs many commands through batch, 50 per request, with $result[…] references',
    ru: 'Выполняет много команд через batch, по 50 за запрос, со ссылками $result[…]',
  },
  help: '',
  async run(service, args, io, diag) {
    const options = [commandsOption, haltOption, ...connectionOptions(service), ...outputOptions];
    const raw = parseOptions(options, args, 'npx uzel bitrix24 batch');
    const commands = valueOf(raw, commandsOption);
    if (commands === undefined) throw new UsageError('missing required option: --commands (JSON, @file.json or a .json path)');
    if (Object.keys(commands as object).length === 0) {
      throw new UsageError('--commands holds no command: give at least one, e.g. --commands \'{"me": "user.current"}\' (see: npx uzel bitrix24 batch --help)');
    }
    const client = connect(service, raw, io, diag);
    const target = await outputTarget(raw, io);
    let answer: Awaited<ReturnType<Bitrix24Like['batch']>>;
    try {
      answer = await client.batch(commands, { halt: raw.has(haltOption) });
    } catch (error) {
      await target.discard();
      throw error;
    }
    const errors: Record<string, unknown> = {};
    for (const [name, error] of Object.entries(answer.errors)) {
      errors[name] = error instanceof ApiError ? { error: error.code, error_description: error.description, status: error.status } : String(error);
    }
    try {
      await output(
        { result: answer.result, result_error: errors, result_total: answer.total, result_next: answer.next, result_time: answer.time, skipped: answer.skipped },
        raw,
        io,
        target,
        'the batch was carried out',
      );
    } finally {
      reportBatchFailures(answer, diag);
    }
    return Object.keys(errors).length > 0 ? exitCodes.api : 0;
  },
};

/** Names each failed command (its code and description) and each command not run, on stderr. */
function reportBatchFailures(answer: { errors: Record<string, unknown>; skipped: string[] }, diag: Diagnostics): void {
  for (const [name, error] of Object.entries(answer.errors)) {
    const what = error instanceof ApiError ? `${error.code || '(empty code)'}${error.description ? `: ${error.description}` : ''}` : String(error);
    diag.error(`batch command ${echo(name)} failed: ${what}`);
  }
  if (answer.skipped.length > 0) {
    diag.error(`batch commands not run (--halt stopped at the first failure): ${answer.skipped.map((n) => echo(n)).join(', ')}`);
  }
}

const domainOption = textOption('domain', 'd', 'Portal address, e.g. your.bitrix24.ru', 'Адрес портала, например ваш.bitrix24.ru');

const clientIdOption = textOption('clientid', 'c', "The application's client_id", 'client_id приложения');

const authLink: ExtraCommand = {
  name: 'auth-link',
  aliases: ['ПолучитьСсылкуАвторизацииПриложения'],
  usage: 'auth-link --domain PORTAL --clientid ID',
  summary: {
    en: 'Builds the link that lets a user authorize an OAuth application on the portal',
    ru: 'Формирует ссылку для авторизации OAuth-приложения пользователем портала',
  },
  help: '',
  async run(_service, args, io) {
    const options = [domainOption, clientIdOption, ...outputOptions];
    const raw = parseOptions(options, args, 'npx uzel bitrix24 auth-link');
    const domain = valueOf(raw, domainOption) as string | undefined;
    const clientId = valueOf(raw, clientIdOption) as string | undefined;
    if (domain === undefined) throw new UsageError('missing required option: --domain (the portal address)');
    if (clientId === undefined) throw new UsageError('missing required option: --clientid (the application\'s client_id)');
    await output(authorizeUrl(domain, clientId), raw, io, await outputTarget(raw, io), 'the link was built');
    return 0;
  },
};

// ——— OAuth tokens (oint: ПолучитьТокен, ОбновитьТокен) ———

// The short forms are oint's: -c client id, -l client secret, -d code, -r refresh token.
const appIdOption = textOption('clientid', 'c', "The application's client_id (else the profile's)", 'client_id приложения (иначе из профиля)');
const appSecretOption = textOption('clientsecret', 'l', "The application's client_secret (else the profile's)", 'client_secret приложения (иначе из профиля)');
const codeOption = textOption('code', 'd', 'The authorization code the portal gave (see auth-link)', 'Код авторизации, выданный порталом (см. auth-link)');
const refreshOption = textOption('refresh', 'r', "The refresh token (else the profile's)", 'Токен обновления (иначе из профиля)');
const tokenUrlOption = textOption('tokenurl', undefined, `OAuth token endpoint (default ${defaultOAuthTokenUrl})`, `Адрес выдачи токенов OAuth (по умолчанию ${defaultOAuthTokenUrl})`);
const showTokensOption = flagOption('show-tokens', 'Print the tokens themselves (they are secrets)', 'Вывести сами токены (это секреты)');

/** Exchanges a code or a refresh token for tokens; stores them in a profile, prints them only when asked. */
async function exchangeTokens(grant: 'authorization_code' | 'refresh_token', service: ServiceDefinition, args: string[], io: Io, diag: Diagnostics): Promise<number> {
  const command = grant === 'authorization_code' ? 'get-token' : 'refresh-token';
  const label = `npx uzel bitrix24 ${command}`;
  const secretOption = grant === 'authorization_code' ? codeOption : refreshOption;
  const options = [appIdOption, appSecretOption, secretOption, tokenUrlOption, showTokensOption, ...outputOptions];
  const raw = parseOptions(options, args, label);
  const flags = globalFlags(raw);
  if (flags.debug) diag.debug = true;
  const given = (option: CliOption) => valueOf(raw, option) as string | undefined;
  const profileName = flags.profile ?? (io.env.UZEL_PROFILE || undefined);
  const show = raw.has(showTokensOption);
  if (profileName === undefined && !show) {
    throw new UsageError(
      `say where the tokens go: --profile NAME stores them in that profile (file mode 0600) for later commands, --show-tokens prints them (they are secrets) (see: ${label} --help)`,
    );
  }
  const file = configPath(io.env);
  const existing = profileName !== undefined && Object.hasOwn(readConfig(file).profiles, profileName) ? findProfile(file, profileName) : undefined;
  if (existing && existing.service !== service.id) throw new UsageError(`profile ${echo(profileName)} is for ${echo(existing.service)}, not ${service.id}`);

  // The application comes whole from the command line or whole from the profile, never mixed.
  const fromOptions = [appIdOption, appSecretOption, tokenUrlOption, ...(grant === 'refresh_token' ? [refreshOption] : [])].filter((o) => raw.has(o));
  const stored = fromOptions.length === 0 ? (existing?.values ?? {}) : {};
  const app: OAuthApp = {
    clientId: given(appIdOption) ?? stored.clientid ?? '',
    clientSecret: given(appSecretOption) ?? stored.clientsecret ?? '',
    ...((given(tokenUrlOption) ?? stored.tokenurl) ? { tokenUrl: (given(tokenUrlOption) ?? stored.tokenurl)! } : {}),
  };
  const secret = given(secretOption) ?? (grant === 'refresh_token' ? stored.refresh : undefined);
  const missing = [
    ...(app.clientId ? [] : ['--clientid']),
    ...(app.clientSecret ? [] : ['--clientsecret']),
    ...(secret ? [] : [`--${secretOption.long}`]),
  ];
  if (missing.length > 0) {
    const where = fromOptions.length > 0 ? 'the application is taken whole from the command line when any of its options is given' : profileName ? `profile ${echo(profileName)} has none` : 'no profile was named';
    throw new UsageError(`missing ${missing.join(', ')} (${where}; see: ${label} --help)`);
  }
  diag.addSecrets([app.clientSecret, secret!]);
  // A code or refresh token works once: make sure the tokens can be kept before spending it.
  if (profileName !== undefined) checkProfilesWritable(file);
  const target = await openOutput(flags.out, io);
  let tokens: Bitrix24Tokens;
  try {
    const ctx = { fetch, timeoutMs: 60_000, secrets: new SecretSet() };
    tokens = await requestTokens(app, grant === 'authorization_code' ? { grant_type: grant, code: secret! } : { grant_type: grant, refresh_token: secret! }, ctx);
  } catch (error) {
    await target.discard();
    throw error;
  }
  diag.addSecrets([tokens.accessToken, tokens.refreshToken]);
  const values = tokenValues(tokens);
  const portal = tokens.clientEndpoint ? new URL(tokens.clientEndpoint).origin : tokens.domain;
  if (profileName !== undefined) {
    try {
      updateProfile(file, profileName, {
        ...(portal ? { url: portal } : {}),
        ...values,
        ...(fromOptions.length > 0 ? { clientid: app.clientId, clientsecret: app.clientSecret, ...(app.tokenUrl ? { tokenurl: app.tokenUrl } : {}) } : {}),
      }, service.id);
    } catch (error) {
      await target.discard();
      // The code (or the old refresh token) is spent: the new tokens exist only here now.
      await write(io.stdout, `${formatJson(tokens, true)}\n`);
      throw new OutputError(`the tokens were issued but could not be stored in profile ${echo(profileName)} (${(error as Error).message}); they are printed above: store them yourself, the ${grant === 'authorization_code' ? 'code' : 'old refresh token'} cannot be used again`);
    }
    diag.line(`tokens stored in profile ${echo(profileName)} in ${file} (mode 0600); commands with --profile ${profileName} use them and refresh them when they expire`);
  }
  const expires = values.expires !== undefined ? new Date(Number(values.expires) * 1000).toISOString() : undefined;
  const summary = { ...(profileName !== undefined ? { profile: profileName } : {}), portal, expires, scope: tokens.scope, userId: tokens.userId };
  await output(show ? tokens : summary, raw, io, target, `the ${grant === 'authorization_code' ? 'code' : 'refresh token'} was exchanged`);
  return 0;
}

const getToken: ExtraCommand = {
  name: 'get-token',
  aliases: ['ПолучитьТокен'],
  usage: 'get-token --code CODE --profile NAME [--clientid ID --clientsecret SECRET] [--show-tokens]',
  summary: {
    en: 'Exchanges an authorization code for OAuth tokens and stores them in a profile',
    ru: 'Обменивает код авторизации на токены OAuth и сохраняет их в профиле',
  },
  help: '',
  run: (service, args, io, diag) => exchangeTokens('authorization_code', service, args, io, diag),
};

const refreshToken: ExtraCommand = {
  name: 'refresh-token',
  aliases: ['ОбновитьТокен'],
  usage: 'refresh-token --profile NAME [--clientid ID --clientsecret SECRET --refresh TOKEN] [--show-tokens]',
  summary: {
    en: "Refreshes a profile's OAuth tokens now (commands also do it when the token expires)",
    ru: 'Обновляет токены OAuth профиля сейчас (команды делают это и сами, когда токен истекает)',
  },
  help: '',
  run: (service, args, io, diag) => exchangeTokens('refresh_token', service, args, io, diag),
};

const tokenHelp = (command: ExtraCommand, ruName: string, example: string, options: CliOption[]): string =>
  `npx uzel bitrix24 ${command.usage}\n  (oint: ${ruName})\n\n  ${command.summary.en}\n  ${command.summary.ru}\n\n` +
  '  The application (client id and secret) comes from the profile, or whole from the command line; the\n' +
  '  tokens are stored in the profile (mode 0600) and printed only with --show-tokens.\n' +
  '  Приложение (client id и secret) берётся из профиля или целиком из командной строки; токены\n' +
  '  сохраняются в профиле (режим 0600) и выводятся только с --show-tokens.\n\n' +
  `  e.g. ${example}\n\n${optionHelp(options)}\n`;

getToken.help = tokenHelp(
  getToken,
  'ПолучитьТокен',
  'npx uzel profile add app bitrix24 --url your.bitrix24.ru --clientid local.abc --clientsecret "$SECRET"; npx uzel bitrix24 get-token --profile app --code CODE',
  [appIdOption, appSecretOption, codeOption, tokenUrlOption, showTokensOption, ...outputOptions],
);
refreshToken.help = tokenHelp(refreshToken, 'ОбновитьТокен', 'npx uzel bitrix24 refresh-token --profile app', [
  appIdOption,
  appSecretOption,
  refreshOption,
  tokenUrlOption,
  showTokensOption,
  ...outputOptions,
]);

call.help = `npx uzel bitrix24 ${call.usage}\n\n  ${call.summary.en}\n  ${call.summary.ru}\n\n  e.g. npx uzel bitrix24 call user.get --params '{"ID": 1}' --url "$UZEL_BITRIX24_URL"\n\n${optionHelp([paramsOption, ...outputOptions])}\n`;
batch.help = `npx uzel bitrix24 ${batch.usage}\n\n  ${batch.summary.en}\n  ${batch.summary.ru}\n\n  e.g. npx uzel bitrix24 batch --commands '{"me": "user.current", "dep": "department.get?ID=$result[me][UF_DEPARTMENT][0]"}'\n\n${optionHelp([commandsOption, haltOption, ...outputOptions])}\n`;

authLink.help = `npx uzel bitrix24 ${authLink.usage}\n  (oint: ПолучитьСсылкуАвторизацииПриложения)\n\n  ${authLink.summary.en}\n  ${authLink.summary.ru}\n\n  e.g. npx uzel bitrix24 ПолучитьСсылкуАвторизацииПриложения --domain your.bitrix24.ru --clientid local.abc123\n\n${optionHelp([domainOption, clientIdOption, ...outputOptions])}\n`;

export const bitrix24Commands: ExtraCommand[] = [call, batch, authLink, getToken, refreshToken];
