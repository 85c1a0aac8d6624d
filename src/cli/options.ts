// The options of one method's command: its parameters (oint's names and short forms), the
// service's connection options, and the options every command has. Help, parsing and the docs
// all read this one list.
import { isOffline, type AnyEntry, type ConnectionOption, type ParamSpec, type ServiceBase, type ServiceDefinition, type Text } from '../core/catalogue.js';
import { jsonSchemaOf, kinds } from '../core/schema-info.js';

export interface CliOption {
  kind: 'param' | 'connection' | 'global';
  /** Parameter key, connection key, or the global option's name. */
  key: string;
  long: string;
  short?: string;
  /** 'flag' takes no value; 'optional' may stand alone (booleans: --current means true). */
  takes: 'value' | 'optional' | 'flag';
  description: Text;
  param?: ParamSpec;
  connection?: ConnectionOption;
}

/** Options every method command has; catalogue parameters must not use these names. */
export const globalOptions: CliOption[] = [
  {
    kind: 'global',
    key: 'profile',
    long: 'profile',
    takes: 'value',
    description: { en: 'Take connection settings from this profile', ru: 'Взять настройки подключения из профиля' },
  },
  {
    kind: 'global',
    key: 'out',
    long: 'out',
    takes: 'value',
    description: { en: 'Write the result to this file instead of stdout', ru: 'Записать результат в файл, а не в stdout' },
  },
  {
    kind: 'global',
    key: 'all',
    long: 'all',
    takes: 'flag',
    description: {
      en: 'List methods: fetch every page, one row per line (NDJSON)',
      ru: 'Списочные методы: получить все страницы, по строке JSON на запись (NDJSON)',
    },
  },
  {
    kind: 'global',
    key: 'resume',
    long: 'resume',
    takes: 'value',
    description: {
      en: 'With --all and --out: keep the export\'s state in this file after every batch; run again with it to go on after a crash (nothing lost or repeated)',
      ru: 'С --all и --out: хранить состояние выгрузки в этом файле после каждого пакета; повторный запуск с ним продолжает после сбоя (без потерь и повторов)',
    },
  },
  {
    kind: 'global',
    key: 'pretty',
    long: 'pretty',
    takes: 'flag',
    description: { en: 'Indented JSON even when piped', ru: 'JSON с отступами даже в конвейере' },
  },
  {
    kind: 'global',
    key: 'compact',
    long: 'compact',
    takes: 'flag',
    description: { en: 'One-line JSON even on a terminal', ru: 'JSON в одну строку даже в терминале' },
  },
  {
    kind: 'global',
    key: 'raw',
    long: 'raw',
    takes: 'flag',
    description: {
      en: "The answer's text as received, where the client keeps it (Planfix: the XML)",
      ru: 'Текст ответа как он пришёл, если клиент его сохраняет (Планфикс: XML)',
    },
  },
  {
    kind: 'global',
    key: 'template',
    long: 'input-template',
    takes: 'flag',
    description: {
      en: "Print a template of the method's input to fill (no request)",
      ru: 'Напечатать шаблон входных параметров метода для заполнения (без запроса)',
    },
  },
  {
    kind: 'global',
    key: 'debug',
    long: 'debug',
    takes: 'flag',
    description: {
      en: 'Print requests and timing to stderr (secrets masked), and stack traces',
      ru: 'Печатать запросы и время в stderr (секреты скрыты) и трассировку ошибок',
    },
  },
];

export const reservedNames = new Set([...globalOptions.map((o) => o.long), 'help']);

function takesFor(param: ParamSpec): CliOption['takes'] {
  const k = kinds(jsonSchemaOf(param.schema));
  return k.size === 1 && k.has('boolean') ? 'optional' : 'value';
}

export function methodOptions(service: Pick<ServiceBase, 'connection'>, entry: AnyEntry): CliOption[] {
  const out: CliOption[] = [];
  const shorts = new Set<string>();
  const longs = new Set<string>(reservedNames);
  const claimShort = (s: string | undefined): string | undefined => {
    if (!s || shorts.has(s)) return undefined;
    shorts.add(s);
    return s;
  };
  for (const [key, param] of Object.entries(entry.params)) {
    if (longs.has(param.cli)) continue;
    longs.add(param.cli);
    out.push({ kind: 'param', key, long: param.cli, short: claimShort(param.short), takes: takesFor(param), description: param.description, param });
  }
  // An entry answered without a request (a template, a block) takes no connection.
  for (const connection of isOffline(entry) ? [] : service.connection) {
    if (longs.has(connection.cli)) continue;
    longs.add(connection.cli);
    const short = claimShort(connection.short) ?? claimShort(connection.shortWhenTaken);
    out.push({ kind: 'connection', key: connection.key, long: connection.cli, short, takes: 'value', description: connection.description, connection });
  }
  for (const global of globalOptions) {
    if ((global.key === 'all' || global.key === 'resume') && !entry.paging) continue;
    out.push(global);
  }
  return out;
}

/** Parameters whose CLI name clashes with another option of the same command (a catalogue mistake). */
export function clashes(service: Pick<ServiceBase, 'connection'>, entry: AnyEntry): string[] {
  const seen = new Set<string>(reservedNames);
  for (const c of isOffline(entry) ? [] : service.connection) seen.add(c.cli);
  const out: string[] = [];
  const own = new Set<string>();
  for (const param of Object.values(entry.params)) {
    if (seen.has(param.cli) || own.has(param.cli)) out.push(param.cli);
    own.add(param.cli);
  }
  return out;
}

/**
 * What each short form means across a service's commands: letter → long names. oint gives some
 * letters different meanings in different commands (-t is --token in most Bitrix24 commands and
 * --type in a few); the help and the errors say so.
 */
export function serviceShorts(service: ServiceDefinition): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const entry of service.methods) {
    for (const option of methodOptions(service, entry)) {
      if (!option.short) continue;
      const longs = out.get(option.short) ?? new Map<string, number>();
      longs.set(option.long, (longs.get(option.long) ?? 0) + 1);
      out.set(option.short, longs);
    }
  }
  return out;
}

/** Notes for a method's help, by long name: where a short form here means something else than in most of the service's commands. */
export function shortFormNotes(service: ServiceDefinition, entry: AnyEntry): Map<string, string> {
  const across = serviceShorts(service);
  const usual = (letter: string): string | undefined => [...(across.get(letter) ?? [])].sort((a, b) => b[1] - a[1])[0]?.[0];
  const options = methodOptions(service, entry);
  const notes = new Map<string, string>();
  const here = new Map(options.filter((o) => o.short).map((o) => [o.short!, o.long]));
  for (const option of options) {
    const most = option.short ? usual(option.short) : undefined;
    if (option.short && most !== undefined && most !== option.long) {
      notes.set(option.long, `note: -${option.short} here is --${option.long}; in most ${service.id} commands -${option.short} is --${most}`);
    } else if (option.kind === 'connection' && option.connection?.short && option.short !== option.connection.short) {
      const letter = option.connection.short;
      const takenBy = here.get(letter);
      notes.set(option.long, `note: ${option.short ? `-${option.short} here` : 'no short form here'}${takenBy ? `: -${letter} is --${takenBy} in this command` : ''}`);
    }
  }
  return notes;
}
