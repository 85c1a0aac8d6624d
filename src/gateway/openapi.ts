// The OpenAPI 3.1 document of a gateway, generated from the catalogue: each route with its
// parameters (JSON Schema from the entries' zod schemas), its answer, its errors, and the
// descriptions in English and Russian. Served at /openapi.json and read by the reference page.
import { exampleInput, isRequired, type AnyEntry, type ServiceDefinition, type Text } from '../core/catalogue.js';
import { effectOf } from '../core/policy.js';
import { jsonSchemaOf, type JsonSchema } from '../core/schema-info.js';
import type { ErrorKind } from './errors.js';
import type { Route } from './routes.js';

type Json = Record<string, unknown>;

const both = (text: Text): string => (text.en === text.ru ? text.en : `${text.en}\n\n${text.ru}`);
const inline = (text: Text): string => (text.en === text.ru ? text.en : `${text.en} / ${text.ru}`);

/**
 * A JSON Schema made to live inside the document: its `$defs` move to components.schemas under
 * `prefix`, references follow them, and a reference to the root ("#", recursive shapes) points to
 * the root's own component. `open`: objects may carry more than they list (an answer passes on
 * every field the service sent, the schema names the documented ones).
 */
function embed(js: JsonSchema, prefix: string, components: Json, open = false): Json {
  const copy = structuredClone(js) as Json;
  delete copy.$schema;
  const defs = (copy.$defs ?? {}) as Record<string, Json>;
  delete copy.$defs;
  const name = (def: string) => `${prefix}.${def}`.replace(/[^A-Za-z0-9._-]/g, '_');
  let rootUsed = false;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        if (value === '#') {
          rootUsed = true;
          out[key] = `#/components/schemas/${name('root')}`;
        } else out[key] = value.replace(/^#\/\$defs\/(.+)$/, (_m, def: string) => `#/components/schemas/${name(def)}`);
      } else if (!(open && key === 'additionalProperties' && value === false)) out[key] = rewrite(value);
    }
    return out;
  };
  const root = rewrite(copy) as Json;
  for (const [def, schema] of Object.entries(defs)) components[name(def)] = rewrite(schema);
  if (rootUsed) {
    components[name('root')] = root;
    return { $ref: `#/components/schemas/${name('root')}` };
  }
  return root;
}

/** The request body's schema: the entry's parameters, with their descriptions; `fixed` left out. */
function inputSchema(entry: AnyEntry, prefix: string, components: Json, fixed: Json = {}): Json {
  const properties: Json = {};
  const required: string[] = [];
  for (const [key, spec] of Object.entries(entry.params)) {
    if (key in fixed) continue;
    properties[key] = { ...embed(jsonSchemaOf(spec.schema), `${prefix}.${key}`, components), description: inline(spec.description) };
    if (isRequired(spec)) required.push(key);
  }
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

const errorStatuses: [number, ErrorKind[], string][] = [
  [400, ['validation'], 'Bad input, refused before any request / Неверные параметры, отклонены до запроса'],
  [401, ['unauthorized'], 'No gateway key or an unknown one / Нет ключа шлюза или ключ неизвестен'],
  [403, ['forbidden'], "Not in the key's allow list; nothing was sent / Не разрешено ключу; ничего не отправлено"],
  [429, ['rate-limit'], "Over the key's limit; wait Retry-After seconds / Превышен лимит ключа; подождите Retry-After секунд"],
  [502, ['network', 'invalid-response'], 'No usable answer from the service / Нет пригодного ответа сервиса'],
  [503, ['not-configured'], 'The service is not connected on this gateway / Сервис не подключён к шлюзу'],
  [504, ['timeout'], 'The service did not answer in time / Сервис не ответил вовремя'],
];

function errorResponses(): Json {
  const out: Json = {};
  for (const [status] of errorStatuses) out[String(status)] = { $ref: `#/components/responses/E${status}` };
  out.default = { $ref: '#/components/responses/ServiceError' };
  return out;
}

function operation(route: Route, components: Json): Json {
  const { entry, service, handler } = route;
  const prefix = route.name.replace('/', '.');
  const fixed = handler?.fixed ?? {};
  const result = service.answer ? service.answer.schema(entry.result) : entry.result;
  const example = Object.fromEntries(Object.entries(exampleInput(entry)).filter(([key]) => !(key in fixed)));
  const body = inputSchema(entry, prefix, components, fixed);
  const lines = [
    ...(handler?.description ? [both(handler.description)] : []),
    both(entry.summary),
    handler ? `Handler bound to ${service.id}/${route.entry.name} with fixed ${Object.keys(fixed).join(', ') || 'nothing'} / Обработчик метода с фиксированными параметрами.` : '',
    `Service method / Метод сервиса: \`${entry.remote}\` (${entry.ruName}). Docs / Документация: ${entry.docs}`,
    entry.paging ? 'Every row as NDJSON with `?all=1` / Все строки в формате NDJSON с `?all=1`.' : '',
  ].filter(Boolean);
  return {
    operationId: route.name.replace(/[^A-Za-z0-9]+/g, '_'),
    summary: entry.summary.en,
    description: lines.join('\n\n'),
    tags: [handler ? 'Handlers' : `${service.title.en}: ${entry.sectionTitle.en}`],
    ...(entry.paging
      ? {
          parameters: [
            {
              name: 'all',
              in: 'query',
              required: false,
              description: 'Every row of the list, one JSON value per line (NDJSON) / Все строки списка, по одному JSON на строку',
              schema: { type: 'string', enum: ['1', 'true'] },
            },
          ],
        }
      : {}),
    // A body is required where a parameter is; without one the call takes no parameters.
    requestBody: {
      required: body.required !== undefined,
      content: { 'application/json': { schema: body, example } },
    },
    responses: {
      '200': {
        description: "The service's answer as the library returns it / Ответ сервиса в том виде, как его возвращает библиотека",
        content: {
          'application/json': { schema: embed(jsonSchemaOf(result, 'output'), `${prefix}.result`, components, true) },
          ...(entry.paging
            ? { 'application/x-ndjson': { schema: { type: 'string', description: 'One row per line; a last line {"error": …} when reading stopped on an error' } } }
            : {}),
        },
      },
      ...errorResponses(),
    },
    'x-uzel': { service: service.id, method: entry.name, ruName: entry.ruName, remote: entry.remote, effect: effectOf(entry), docs: entry.docs, ...(handler ? { handler: handler.name } : {}) },
  };
}

const errorSchema: Json = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['status', 'kind', 'message'],
      properties: {
        status: { type: 'integer' },
        kind: { type: 'string', enum: ['validation', 'unauthorized', 'forbidden', 'not-found', 'rate-limit', 'not-configured', 'service', 'network', 'timeout', 'invalid-response', 'internal'] },
        message: { type: 'string' },
        issues: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } }, required: ['path', 'message'] } },
        service: { type: 'string' },
        method: { type: 'string' },
        code: { type: 'string', description: "The service's own error code (may be empty) / Код ошибки сервиса (может быть пустым)" },
        description: { type: 'string' },
        hint: { type: 'object', properties: { en: { type: 'string' }, ru: { type: 'string' } } },
        retryAfter: { type: 'integer' },
      },
    },
  },
};

const plainGet = (summary: string, description: string, schema: Json): Json => ({
  get: { summary, description, security: [], responses: { '200': { description: summary, content: { 'application/json': { schema } } } } },
});

export interface OpenApiInfo {
  version: string;
}

/** The document for these routes. */
export function buildOpenApi(services: ServiceDefinition[], routes: Route[], info: OpenApiInfo): Json {
  const schemas: Json = { Error: errorSchema };
  const paths: Json = {
    '/health': plainGet('Health / Работоспособность', 'The gateway process answers / Процесс шлюза отвечает', { type: 'object', properties: { status: { type: 'string' } } }),
    '/ready': plainGet(
      'Readiness / Готовность',
      'Which services are connected; 503 while none is / Какие сервисы подключены; 503, пока не подключён ни один',
      { type: 'object', properties: { ready: { type: 'boolean' }, services: { type: 'object' } } },
    ),
    '/openapi.json': plainGet('This document / Этот документ', 'OpenAPI 3.1', { type: 'object' }),
  };
  for (const route of routes) paths[route.path] = { post: operation(route, schemas) };
  const responses: Json = {
    ServiceError: {
      description: "The service's error, with the service's HTTP status / Ошибка сервиса с его HTTP-статусом",
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
  };
  for (const [status, , description] of errorStatuses) {
    responses[`E${status}`] = {
      description,
      ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait / Секунд ожидания', schema: { type: 'integer' } } } } : {}),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  const tags = [
    ...services.flatMap((service) =>
      service.sections.map((section) => ({ name: `${service.title.en}: ${section.title.en}`, description: `${service.title.ru}: ${section.title.ru}` })),
    ),
    ...(routes.some((r) => r.handler) ? [{ name: 'Handlers', description: 'Methods with fixed arguments / Методы с фиксированными параметрами' }] : []),
  ].filter((tag) => routes.some((route) => (route.handler ? 'Handlers' : `${route.service.title.en}: ${route.entry.sectionTitle.en}`) === tag.name));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Uzel HTTP gateway',
      version: info.version,
      description:
        'Every catalogue method of Uzel as a route: POST the parameters as JSON with `Authorization: Bearer <gateway key>`. ' +
        'Errors have one shape, `{"error": {status, kind, message, …}}`.\n\n' +
        'Каждый метод каталога Uzel — маршрут: отправьте параметры POST-запросом в JSON с заголовком `Authorization: Bearer <ключ шлюза>`. ' +
        'Ошибки имеют одну форму, `{"error": {status, kind, message, …}}`.',
    },
    servers: [{ url: '/' }],
    security: [{ gatewayKey: [] }],
    tags,
    paths,
    components: {
      schemas,
      responses,
      securitySchemes: { gatewayKey: { type: 'http', scheme: 'bearer', description: 'A gateway key (npx uzel serve --new-key) / Ключ шлюза' } },
    },
  };
}
