// How a Diadoc answer becomes a result or an error. Errors come as a text/plain body (often
// Russian), a machine code in X-Diadoc-ErrorCode, and sometimes an HTML page from the front proxy.
import { createApiError, InvalidResponseError, type ApiError, type ApiErrorKind } from '../../core/errors.js';
import type { HttpResponse } from '../../core/http.js';
import { parseDiadocJson } from './json.js';

const hints: Record<number, { en: string; ru: string }> = {
  400: {
    en: 'the request is malformed or a required parameter is missing (check boxId, userId and the body)',
    ru: 'запрос имеет неверный формат или в нём нет обязательного параметра (проверьте boxId, userId и тело запроса)',
  },
  401: {
    en: 'the credentials were refused: the developer key (ddauth_api_client_id) is not registered, or the token is missing, damaged or expired',
    ru: 'данные авторизации отклонены: ключ разработчика (ddauth_api_client_id) не зарегистрирован, либо токен отсутствует, повреждён или просрочен',
  },
  402: {
    en: "the box's Diadoc API subscription has ended: the organisation must renew its API plan; the request itself is fine",
    ru: 'у ящика закончилась подписка на API Диадока: организации нужно продлить тариф с доступом к API; сам запрос корректен',
  },
  403: {
    en: 'no access: this user has no access to the box (GetMyOrganizations lists the boxes they can use), or the method is for the organisation\'s administrators only',
    ru: 'нет доступа: у пользователя нет доступа к ящику (доступные ящики возвращает GetMyOrganizations), либо метод доступен только администраторам организации',
  },
  404: { en: 'not found: no such box, user, department or organisation', ru: 'не найдено: нет такого ящика, пользователя, подразделения или организации' },
  405: {
    en: 'wrong HTTP method for this API method (GET for reads, POST for changes)',
    ru: 'неподходящий HTTP-метод для этого метода API (GET для чтения, POST для изменений)',
  },
  409: {
    en: 'conflict: the object already exists (for CreateEmployee: the user is already an employee of the box)',
    ru: 'конфликт: объект уже существует (для CreateEmployee: пользователь уже сотрудник этого ящика)',
  },
  410: { en: 'the method has been removed from the API', ru: 'метод удалён из API' },
  429: { en: 'too many requests: slow down and retry later', ru: 'слишком много запросов: снизьте частоту и повторите позже' },
};

/** Seconds to wait from a Retry-After header: a number of seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

const isHtml = (contentType: string, text: string) => contentType.includes('html') || /^\s*<(!doctype|html)/i.test(text);

/** The readable part of an HTML error page: its title, or its text with the tags removed. */
function htmlSummary(text: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
  const body = text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  return `HTML page: ${title || body.slice(0, 200)}`;
}

/** Builds the error of a failed answer (any status ≥ 400). */
export function diadocError(method: string, response: HttpResponse, redact: (s: string) => string): ApiError {
  const contentType = response.headers['content-type'] ?? '';
  const text = response.text.trim();
  const description = isHtml(contentType, text) ? htmlSummary(text) : text.slice(0, 2000);
  const retryAfter = parseRetryAfter(response.headers['retry-after']);
  const kind: ApiErrorKind | undefined = response.status === 402 ? 'permission' : undefined;
  return createApiError(
    {
      service: 'diadoc',
      method,
      status: response.status,
      code: response.headers['x-diadoc-errorcode'] ?? '',
      description,
      headers: response.headers,
      hint: hints[response.status],
      ...(retryAfter !== undefined && { retryAfter }),
    },
    redact,
    kind,
  );
}

/**
 * Reads a successful answer: the JSON value (Ticks as bigint), or null for an empty body
 * (DeleteEmployee). Anything else is an InvalidResponseError.
 */
export function readJsonAnswer(method: string, response: HttpResponse, redact: (s: string) => string): unknown {
  const contentType = response.headers['content-type'] ?? '';
  if (response.text.trim() === '') return null;
  const fail = (what: string) =>
    new InvalidResponseError(
      `diadoc ${method}: the service answered HTTP ${response.status} with ${what}`,
      'diadoc',
      method,
      response.status,
      contentType,
      redact(response.text.slice(0, 200)),
    );
  if (isHtml(contentType, response.text)) throw fail('an HTML page instead of JSON');
  if (contentType && !contentType.includes('json')) {
    // Protobuf (application/x-protobuf) is what Diadoc sends when it was not asked for JSON.
    throw fail(`${contentType.split(';')[0]} instead of JSON`);
  }
  try {
    return parseDiadocJson(response.text);
  } catch {
    throw fail('a body that is not valid JSON');
  }
}
