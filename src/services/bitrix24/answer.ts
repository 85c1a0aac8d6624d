// The shapes every Bitrix24 answer shares, and how an answer becomes a result or an error.
import {
  createApiError,
  InvalidResponseError,
  type ApiError,
  type ApiErrorKind,
} from '../../core/errors.js';
import { parseJson } from '../../core/json.js';

/** The `time` block of every answer (seed 000). The two operating fields may be missing. */
export interface Bitrix24Time {
  start: number;
  finish: number;
  duration: number;
  processing: number;
  date_start: string;
  date_finish: string;
  operating_reset_at?: number;
  operating?: number;
}

/** A successful answer, exactly as the portal sent it. */
export interface Bitrix24Answer<R = unknown> {
  result: R;
  time: Bitrix24Time;
  /** List methods: the size of the whole selection (absent with start=-1). */
  total?: number;
  /** List methods: the `start` of the next page, when more rows remain. */
  next?: number;
  /** Downloads (entry.transfer 'download'): what was written. Not from the portal. */
  download?: DownloadFacts;
}

/** What a download adds to disk.file.get's answer. */
export interface DownloadFacts {
  /** Bytes written. */
  bytes: number;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  /** The file written, when `to` was a path. */
  path?: string;
  /** How many times a broken transfer was resumed. */
  resumed: number;
}

const kinds: Record<string, ApiErrorKind> = {
  QUERY_LIMIT_EXCEEDED: 'rate-limit',
  OVERLOAD_LIMIT: 'rate-limit',
  OPERATION_TIME_LIMIT: 'rate-limit',
  expired_token: 'auth',
  invalid_token: 'auth',
  NO_AUTH_FOUND: 'auth',
  INVALID_CREDENTIALS: 'auth',
  ACCESS_DENIED: 'permission',
  insufficient_scope: 'permission',
  user_access_error: 'permission',
  ERROR_METHOD_NOT_FOUND: 'not-found',
};

const hints: Record<string, { en: string; ru: string }> = {
  QUERY_LIMIT_EXCEEDED: {
    en: 'too many requests: the portal allows a burst, then a steady rate; slow down',
    ru: 'слишком много запросов: портал допускает всплеск, затем постоянный темп; снизьте частоту',
  },
  OPERATION_TIME_LIMIT: {
    en: 'this method used up its execution time in the 10-minute window; wait for operating_reset_at',
    ru: 'метод исчерпал лимит времени выполнения в 10-минутном окне; дождитесь operating_reset_at',
  },
  expired_token: { en: 'the access token has expired: refresh it', ru: 'срок действия токена истёк: обновите его' },
  invalid_token: { en: 'the access token is not valid', ru: 'токен доступа недействителен' },
  NO_AUTH_FOUND: {
    en: 'no credentials reached the portal: check the webhook URL or token',
    ru: 'портал не получил данных авторизации: проверьте URL вебхука или токен',
  },
  INVALID_CREDENTIALS: {
    en: 'the webhook code or token is wrong, or lacks this scope',
    ru: 'неверный код вебхука или токен, либо у него нет нужного доступа',
  },
  insufficient_scope: {
    en: 'the webhook or application lacks the scope this method needs',
    ru: 'у вебхука или приложения нет прав (scope), нужных методу',
  },
  ERROR_METHOD_NOT_FOUND: { en: 'no such REST method on this portal', ru: 'на портале нет такого метода REST' },
};

/**
 * Every documented answer that means "no such object", by method: the catalogue methods' error
 * tables (bitrix-tools/b24-rest-docs, api-reference/…). Such an answer becomes a NotFoundError
 * that keeps the portal's code and text. Where a page documents one answer for "does not exist,
 * or you may not touch it", it is here too: either way the object is out of reach, and the hint
 * says both.
 */
export const notFoundAnswers: readonly {
  /** The methods whose pages document the answer; a RegExp where a whole family shares it. */
  methods: readonly string[] | RegExp;
  code: string;
  description: string;
  /** The page the answer comes from. */
  page: string;
  hint?: { en: string; ru: string };
}[] = [
  {
    // crm.deal.get/update/delete, crm.lead.get/update/delete; every CRM entity answers the same.
    methods: /^crm\.[a-z]+\.(get|update|delete)$/,
    code: '',
    description: 'Not found',
    page: 'api-reference/crm/deals/crm-deal-get.md',
  },
  {
    methods: ['department.update', 'department.delete'],
    code: 'ERROR_CORE',
    description: 'Department not found',
    page: 'api-reference/departments/department-update.md',
  },
  {
    methods: ['calendar.section.update', 'calendar.section.delete'],
    code: '',
    description: 'Доступ запрещен',
    page: 'api-reference/calendar/calendar-section-update.md',
    hint: { en: 'no such calendar, or no right to change it', ru: 'такого календаря нет, или нет прав на его изменение' },
  },
  {
    methods: ['calendar.event.update'],
    code: '',
    description: 'Доступ запрещен',
    page: 'api-reference/calendar/calendar-event/calendar-event-update.md',
    hint: { en: 'no such event, or no right to change events in its calendar', ru: 'такого события нет, или нет прав на изменение событий в его календаре' },
  },
  {
    methods: ['calendar.event.delete'],
    code: '',
    description: 'При удалении события произошла ошибка',
    page: 'api-reference/calendar/calendar-event/calendar-event-delete.md',
    hint: { en: 'no such event, or no access to its calendar', ru: 'такого события нет, или нет доступа к его календарю' },
  },
  {
    methods: ['user.update'],
    code: 'ERROR_CORE',
    description: '',
    page: 'api-reference/user/user-update.md',
  },
  {
    methods: ['user.update'],
    code: 'ERROR_CORE',
    description: 'access_denied',
    page: 'api-reference/user/user-update.md',
    hint: { en: 'no user with this ID, or no right to change them', ru: 'пользователя с таким ID нет, или нет прав на его изменение' },
  },
];

function notFoundAnswer(method: string, code: string, description: string) {
  const m = method.toLowerCase();
  const text = description.trim().replace(/\.$/, '');
  return notFoundAnswers.find(
    (a) => a.code === code && a.description === text && (a.methods instanceof RegExp ? a.methods.test(m) : a.methods.includes(m)),
  );
}

export function bitrixError(
  method: string,
  status: number,
  code: string,
  description: string,
  redact: (s: string) => string,
  /** Codes that mean something else at another endpoint (the OAuth server's). */
  ownKinds?: Record<string, { kind: ApiErrorKind; hint?: { en: string; ru: string } }>,
): ApiError {
  const own = ownKinds?.[code];
  const notFound = own ? undefined : notFoundAnswer(method, code, description);
  const kind: ApiErrorKind =
    own?.kind ??
    (notFound ? 'not-found' : undefined) ??
    kinds[code] ??
    (status === 401 ? 'auth' : status === 403 ? 'permission' : status >= 500 ? 'server' : 'other');
  return createApiError(
    { service: 'bitrix24', method, status, code, description, hint: own?.hint ?? notFound?.hint ?? hints[code] },
    redact,
    kind,
  );
}

/** Reads an answer body: the answer on success; an ApiError or InvalidResponseError to throw otherwise. */
export function readAnswer(
  method: string,
  status: number,
  contentType: string,
  text: string,
  redact: (s: string) => string,
): Bitrix24Answer | ApiError | InvalidResponseError {
  let body: unknown;
  try {
    body = parseJson(text); // numbers keep their text for exact output
  } catch {
    const what = /<html|<!doctype/i.test(text) ? 'an HTML page' : text.trim() === '' ? 'an empty body' : 'a body that is not JSON';
    return new InvalidResponseError(
      `bitrix24 ${method}: the portal answered HTTP ${status} with ${what}`,
      'bitrix24',
      method,
      status,
      contentType,
      redact(text.slice(0, 200)),
    );
  }
  if (body !== null && typeof body === 'object' && 'error' in body) {
    const b = body as { error: unknown; error_description?: unknown };
    return bitrixError(method, status, String(b.error ?? ''), String(b.error_description ?? ''), redact);
  }
  if (status >= 400 || body === null || typeof body !== 'object' || !('result' in body)) {
    return new InvalidResponseError(
      `bitrix24 ${method}: unexpected answer (HTTP ${status}) without "result" or "error"`,
      'bitrix24',
      method,
      status,
      contentType,
      redact(text.slice(0, 200)),
    );
  }
  return body as Bitrix24Answer;
}
