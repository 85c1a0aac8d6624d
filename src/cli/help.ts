// Help text, rendered from the catalogue: the services, a service's methods grouped by section
// (as the docs are), and one method with every option's type, requiredness, default and an example.
import { commandName, isRequired, type AnyEntry, type ServiceDefinition } from '../core/catalogue.js';
import { exitCodeHelp } from './exit-codes.js';
import { topHelpText } from './top-help.js';
import type { ServiceName } from '../core/errors.js';
import { loadService, serviceNames } from '../services/registry.js';
import { exampleCommand, optionText, runCommand } from './examples.js';
import { methodOptions, shortFormNotes, type CliOption } from './options.js';
import { defaultOf, describeType, jsonSchemaOf } from '../core/schema-info.js';

export interface ServiceSummary {
  id: string;
  /** Absent when the service could not be loaded. */
  service?: ServiceDefinition;
}

/** Every service with its catalogue, for the top help (a service that fails to load is shown as such). */
export async function serviceSummaries(names: ServiceName[] = serviceNames): Promise<ServiceSummary[]> {
  return Promise.all(
    names.map(async (id) => {
      try {
        return { id, service: await loadService(id) };
      } catch {
        return { id };
      }
    }),
  );
}

/** Commands a service adds beyond its catalogue (Bitrix24's call and batch). */
export interface ExtraCommandHelp {
  usage: string;
  summary: { en: string; ru: string };
}

/** The top help (`npx uzel --help`) from loaded services (a service that failed to load is shown as such). */
export function topHelp(services: ServiceSummary[]): string {
  return topHelpText(services.map(({ id, service }) => (service ? { id, title: service.title, methods: service.methods.length } : { id })));
}

export function serviceHelp(service: ServiceDefinition, extras: ExtraCommandHelp[]): string {
  const lines: string[] = [
    `${service.title.en} / ${service.title.ru} — ${runCommand} ${service.id} <method> [--option value …]`,
    '',
  ];
  const width = Math.min(40, Math.max(...service.methods.map((e) => commandName(e).length)) + 2);
  const bySection = new Map<string, AnyEntry[]>();
  for (const entry of service.methods) bySection.set(entry.section, [...(bySection.get(entry.section) ?? []), entry]);
  const sections = [...service.sections];
  for (const id of bySection.keys()) if (!sections.some((s) => s.id === id)) sections.push({ id, title: { en: id, ru: id } });
  for (const section of sections) {
    const entries = bySection.get(section.id);
    if (!entries) continue;
    lines.push(`${section.title.en} / ${section.title.ru}:`);
    for (const entry of entries) {
      lines.push(`  ${commandName(entry).padEnd(width)}${entry.ruName}`);
      lines.push(`  ${''.padEnd(width)}${entry.summary.en} / ${entry.summary.ru}`);
    }
    lines.push('');
  }
  if (extras.length > 0) {
    lines.push(`Other commands / Прочие команды:`);
    for (const extra of extras) {
      lines.push(`  ${extra.usage}`);
      lines.push(`      ${extra.summary.en} / ${extra.summary.ru}`);
    }
    lines.push('');
  }
  lines.push('Connection / Подключение:');
  for (const c of service.connection) {
    lines.push(`  --${c.cli}${c.short ? `, -${c.short}` : ''}  (${c.env})  ${c.description.en} / ${c.description.ru}`);
  }
  lines.push('  --profile NAME  connection settings from a profile / настройки из профиля');
  lines.push('  A connection comes whole from one source: options (or --profile), else the environment (or UZEL_PROFILE).');
  lines.push('  Подключение берётся целиком из одного источника: параметры (или --profile), иначе окружение (или UZEL_PROFILE).');
  lines.push('  Short forms follow oint and may differ between commands: a command\'s --help notes where.');
  lines.push('  Короткие формы — как в oint и могут различаться у команд: справка команды это отмечает.');
  lines.push('');
  lines.push(`Details of a method / Подробнее о методе: ${runCommand} ${service.id} <method> --help`);
  lines.push('');
  lines.push(exitCodeHelp);
  return `${lines.join('\n')}\n`;
}

function flagText(option: CliOption): string {
  const value = option.takes === 'flag' ? '' : option.takes === 'optional' ? ' [value]' : ' <value>';
  return `--${option.long}${option.short ? `, -${option.short}` : ''}${value}`;
}

/** Type, requiredness and default of a parameter option, as help and docs show them. */
export function paramFacts(option: CliOption, lang: 'en' | 'ru'): { type: string; required: boolean; default?: string } {
  if (!option.param) return { type: lang === 'ru' ? 'Строка' : 'string', required: false };
  const js = jsonSchemaOf(option.param.schema);
  const def = defaultOf(js);
  return {
    type: describeType(js, lang),
    required: isRequired(option.param),
    ...(def !== undefined ? { default: optionText(def) } : {}),
  };
}

export function methodHelp(service: ServiceDefinition, entry: AnyEntry): string {
  const lines: string[] = [
    `${runCommand} ${service.id} ${commandName(entry)}  (${entry.ruName})`,
    '',
    `  ${entry.summary.en}`,
    `  ${entry.summary.ru}`,
    '',
    entry.template
      ? `  API method / Метод API: none, a template of ${entry.remote}'s input built from the catalogue / нет, шаблон входа ${entry.remote} из каталога`
      : entry.build
        ? `  API method / Метод API: none, a part of ${entry.remote}'s input built here / нет, часть входа ${entry.remote}, собранная на месте`
        : `  API method / Метод API: ${entry.remote} (${entry.access === 'read' ? 'reads' : 'writes'})`,
    `  Documentation / Документация: ${entry.docs}`,
    '',
    'Options / Параметры:',
  ];
  const options = methodOptions(service, entry);
  const notes = shortFormNotes(service, entry);
  for (const option of options.filter((o) => o.kind === 'param')) {
    const facts = paramFacts(option, 'en');
    const tags = [facts.type, facts.required ? 'required / обязательный' : 'optional / необязательный'];
    if (facts.default !== undefined) tags.push(`default / по умолчанию: ${facts.default}`);
    lines.push(`  ${flagText(option)}`);
    lines.push(`      ${option.description.en} / ${option.description.ru}`);
    lines.push(`      [${tags.join('; ')}]`);
    if (notes.has(option.long)) lines.push(`      ${notes.get(option.long)}`);
    if (option.param?.example !== undefined) lines.push(`      e.g. / например: ${optionText(option.param.example)}`);
  }
  if (!options.some((o) => o.kind === 'param')) lines.push('  (no parameters / без параметров)');
  const connection = options.filter((o) => o.kind === 'connection');
  if (connection.length > 0) lines.push('', 'Connection / Подключение:');
  for (const option of connection) {
    lines.push(`  ${flagText(option)}  ${option.connection?.env ?? ''}`);
    lines.push(`      ${option.description.en} / ${option.description.ru}`);
    if (notes.has(option.long)) lines.push(`      ${notes.get(option.long)}`);
  }
  lines.push('', 'Output and diagnostics / Вывод и диагностика:');
  for (const option of options.filter((o) => o.kind === 'global')) {
    lines.push(`  ${flagText(option).padEnd(20)}${option.description.en} / ${option.description.ru}`);
  }
  lines.push('', 'Example / Пример:', `  ${exampleCommand(service, entry, 'bash')}`, `  ${exampleCommand(service, entry, 'bash', { name: entry.ruName })}`);
  lines.push('', 'Exit codes / Коды завершения: 0 ok, 1 failure, 2 usage, 3 API error, 4 network error, 5 --out not written');
  return `${lines.join('\n')}\n`;
}
