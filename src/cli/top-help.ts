// The top help (`npx uzel --help`), built from the services' indexes: no catalogue is loaded and
// no schema built, so the listing costs what Node's boot does.
import type { Text } from '../core/catalogue.js';
import type { ServiceName } from '../core/errors.js';
import { loadIndex, serviceNames } from '../services/registry.js';
import { exitCodeHelp } from './exit-codes.js';

/**
 * How every command line we print starts. `uzel` alone is on the PATH only after a global
 * install; `npx uzel` runs in a clone (the package's own bin), in a project that depends on uzel,
 * and after a global install, in bash and in cmd alike.
 */
export const runCommand = 'npx uzel';

/** A service in the top help: its title and number of methods; absent when it could not be loaded. */
export interface ServiceListing {
  id: string;
  title?: Text;
  methods?: number;
}

/** Every service from its index (a service whose index fails to load is shown as such). */
export async function serviceListings(names: ServiceName[] = serviceNames): Promise<ServiceListing[]> {
  return Promise.all(
    names.map(async (id) => {
      try {
        const index = await loadIndex(id);
        return { id, title: index.title, methods: index.entries.length };
      } catch {
        return { id };
      }
    }),
  );
}

function summaryLine({ id, title, methods }: ServiceListing): string {
  if (!title) return `  ${id.padEnd(10)}(not available in this build / недоступен в этой сборке)`;
  return `  ${id.padEnd(10)}${title.en} / ${title.ru}: ${methods ?? 0} methods / методов (${runCommand} ${id} --help)`;
}

export function topHelpText(services: ServiceListing[]): string {
  return `uzel — typed clients, a CLI and local sandboxes for Bitrix24, Planfix and Kontur Diadoc
uzel — клиенты, командная строка и локальные песочницы для Битрикс24, Планфикса и Контур.Диадока

Usage / Использование (npx uzel: in a clone or a project with uzel; uzel alone after npm install -g):
  npx uzel <service> <method> [--option value …]   call an API method / вызвать метод API
  npx uzel <service> --help                        the service's methods / методы сервиса
  npx uzel <service> <method> --help               a method's options / параметры метода
  npx uzel profile add|list|remove …               named connection profiles / профили подключения
  npx uzel sandbox [bitrix24|planfix|diadoc|all]   start local sandboxes / запустить песочницы
  npx uzel mcp [--http] [--allow-write] …          an MCP server for AI agents / MCP-сервер для ИИ-агентов
  npx uzel serve [--port N] [--config FILE]        HTTP gateway / HTTP-шлюз
  npx uzel --version

Services / Сервисы:
${services.map(summaryLine).join('\n')}

Methods answer to an English name and to the Russian name OpenIntegrations (oint) users know:
Методы вызываются по английскому имени и по русскому имени из OpenIntegrations (oint):
  npx uzel bitrix24 get-user-participation-status --url "$UZEL_BITRIX24_URL" --event 2520
  npx uzel bitrix24 ПолучитьСтатусУчастияПользователя --url "https://portal/rest/1/code/" --event 2520

Values / Значения: numbers and strings as they are; arrays and objects as JSON text, @file.json
or a path to a .json file; booleans true/false or Y/N; dates in ISO 8601 (YYYY-MM-DD…).

Credentials / Учётные данные: a connection comes whole from one source, never mixed: the
command line (--url, --token, … or --profile NAME), else the environment UZEL_<SERVICE>_<KEY>
(UZEL_BITRIX24_URL, UZEL_BITRIX24_TOKEN, …), else UZEL_PROFILE. Подключение берётся целиком из
одного источника: опции (или --profile), иначе окружение, иначе UZEL_PROFILE. Profiles live in
$UZEL_CONFIG, or $XDG_CONFIG_HOME/uzel/config.json, or ~/.config/uzel/config.json.

Output / Вывод: the service's JSON answer on stdout, indented on a terminal, compact when piped.

${exitCodeHelp}
`;
}

