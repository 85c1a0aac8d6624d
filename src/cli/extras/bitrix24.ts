// Bitrix24's commands beyond the catalogue: `call` reaches any REST method, `batch` runs many
// commands in as few requests as the portal allows (50 per request), `auth-link` builds the
// OAuth authorization link as oint's ПолучитьСсылкуАвторизацииПриложения does.
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ServiceDefinition } from '../../core/catalogue.js';
import { ApiError } from '../../core/errors.js';
import { authorizeUrl } from '../../services/bitrix24/auth.js';
import { coerceOption } from '../coerce.js';
import { configPath } from '../config.js';
import { resolveConnection } from '../credentials.js';
import { UsageError } from '../exit-codes.js';
import { write, type Diagnostics, type Io } from '../io.js';
import { formatJson } from '../json-text.js';
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

const haltOption: CliOption = {
  kind: 'param',
  key: 'halt',
  long: 'halt',
  takes: 'flag',
  description: { en: 'Stop at the first failing command', ru: 'Остановиться на первой ошибке' },
};

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
  const check = option.param.schema.safeParse(value);
  if (!check.success) {
    throw new UsageError(`--${option.long}: ${check.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ')}`);
  }
  return check.data;
}

async function connect(service: ServiceDefinition, raw: RawValues, io: Io, diag: Diagnostics): Promise<Bitrix24Like> {
  const flags = globalFlags(raw);
  if (flags.debug) diag.debug = true;
  const connection = resolveConnection(service, connectionValues(raw), io.env, flags.profile ?? (io.env.UZEL_PROFILE || undefined), configPath(io.env));
  diag.addSecrets(connection.secrets);
  const client = service.connect(connection.values, flags.debug ? { onDebug: (line) => diag.line(`debug: ${line}`) } : {});
  const candidate = client as unknown as Partial<Bitrix24Like>;
  if (typeof candidate.call !== 'function' || typeof candidate.batch !== 'function') {
    throw new Error('this client has no call/batch');
  }
  return candidate as Bitrix24Like;
}

async function output(value: unknown, raw: RawValues, io: Io): Promise<void> {
  const flags = globalFlags(raw);
  const pretty = flags.pretty ?? (flags.out !== undefined || io.stdoutIsTTY);
  const text = `${formatJson(value, pretty)}\n`;
  if (flags.out !== undefined) await writeFile(flags.out, text);
  else await write(io.stdout, text);
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
    const raw = parseOptions(options, args.slice(1), 'uzel bitrix24 call');
    const params = (valueOf(raw, paramsOption) as Record<string, unknown> | undefined) ?? {};
    const client = await connect(service, raw, io, diag);
    await output(await client.call(method, params), raw, io);
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
    const raw = parseOptions(options, args, 'uzel bitrix24 batch');
    const commands = valueOf(raw, commandsOption);
    if (commands === undefined) throw new UsageError('missing required option: --commands (JSON, @file.json or a .json path)');
    const client = await connect(service, raw, io, diag);
    const answer = await client.batch(commands, { halt: raw.has(haltOption) });
    const errors: Record<string, unknown> = {};
    for (const [name, error] of Object.entries(answer.errors)) {
      errors[name] = error instanceof ApiError ? { error: error.code, error_description: error.description, status: error.status } : String(error);
    }
    await output(
      { result: answer.result, result_error: errors, result_total: answer.total, result_next: answer.next, result_time: answer.time, skipped: answer.skipped },
      raw,
      io,
    );
    return Object.keys(errors).length > 0 ? 3 : 0;
  },
};

const domainOption: CliOption = {
  kind: 'param',
  key: 'domain',
  long: 'domain',
  short: 'd',
  takes: 'value',
  description: { en: 'Portal address, e.g. your.bitrix24.ru', ru: 'Адрес портала, например ваш.bitrix24.ru' },
  param: { schema: z.string().min(1), cli: 'domain', description: { en: '', ru: '' } },
};

const clientIdOption: CliOption = {
  kind: 'param',
  key: 'clientid',
  long: 'clientid',
  short: 'c',
  takes: 'value',
  description: { en: 'The application\'s client_id', ru: 'client_id приложения' },
  param: { schema: z.string().min(1), cli: 'clientid', description: { en: '', ru: '' } },
};

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
    const raw = parseOptions(options, args, 'uzel bitrix24 auth-link');
    const domain = valueOf(raw, domainOption) as string | undefined;
    const clientId = valueOf(raw, clientIdOption) as string | undefined;
    if (domain === undefined) throw new UsageError('missing required option: --domain (the portal address)');
    if (clientId === undefined) throw new UsageError('missing required option: --clientid (the application\'s client_id)');
    await output(authorizeUrl(domain, clientId), raw, io);
    return 0;
  },
};

call.help = `npx uzel bitrix24 ${call.usage}\n\n  ${call.summary.en}\n  ${call.summary.ru}\n\n  e.g. npx uzel bitrix24 call user.get --params '{"ID": 1}' --url "$UZEL_BITRIX24_URL"\n\n${optionHelp([paramsOption, ...outputOptions])}\n`;
batch.help = `npx uzel bitrix24 ${batch.usage}\n\n  ${batch.summary.en}\n  ${batch.summary.ru}\n\n  e.g. npx uzel bitrix24 batch --commands '{"me": "user.current", "dep": "department.get?ID=$result[me][UF_DEPARTMENT][0]"}'\n\n${optionHelp([commandsOption, haltOption, ...outputOptions])}\n`;

authLink.help = `npx uzel bitrix24 ${authLink.usage}\n  (oint: ПолучитьСсылкуАвторизацииПриложения)\n\n  ${authLink.summary.en}\n  ${authLink.summary.ru}\n\n  e.g. npx uzel bitrix24 ПолучитьСсылкуАвторизацииПриложения --domain your.bitrix24.ru --clientid local.abc123\n\n${optionHelp([domainOption, clientIdOption, ...outputOptions])}\n`;

export const bitrix24Commands: ExtraCommand[] = [call, batch, authLink];
