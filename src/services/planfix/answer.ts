// How a Planfix answer becomes a result or an error: `<response status="ok">` gives its children,
// `<response status="error">` an ApiError with the code (a string), the documented meaning of the
// code as the hint, and the method.
import { createApiError, InvalidResponseError, type ApiError, type ApiErrorKind } from '../../core/errors.js';
import { planfixEndpoints, planfixErrorCodes } from './codes.js';
import { parseResponse } from './xml.js';

export interface PlanfixErrorContext {
  /** The XML endpoint the client used (for the wrong-data-centre hint). */
  url: string;
  headers: Record<string, string>;
  redact: (s: string) => string;
}

/** The documented meaning of a code, with what to do about it where the code calls for it. */
export function planfixHint(code: string, url?: string): { en: string; ru: string } | undefined {
  const info = planfixErrorCodes[code];
  if (!info) return undefined;
  if (code === '0024') {
    const list = Object.values(planfixEndpoints).join(', ');
    const used = url ? ` (this client used ${url})` : '';
    return {
      en: `${info.en}${used}; the endpoints are ${list}`,
      ru: `${info.ru}${used ? ` (клиент обращался к ${url})` : ''}; адреса: ${list}`,
    };
  }
  return { en: info.en, ru: info.ru };
}

/** Seconds of a `Retry-After` header given in seconds (the HTTP-date form is not used here). */
function retryAfterSeconds(headers: Record<string, string>): number | undefined {
  const raw = headers['retry-after']?.trim();
  return raw !== undefined && /^\d{1,6}$/.test(raw) ? Number(raw) : undefined;
}

export function planfixError(
  method: string,
  status: number,
  code: string,
  message: string,
  context: PlanfixErrorContext,
): ApiError {
  // HTTP 429 is a refusal for pace whatever comes with it: nothing was carried out. The docs set
  // the pace (one request a second) but no code for going over it, so the status decides.
  const paced = status === 429;
  const kind: ApiErrorKind = paced ? 'rate-limit' : (planfixErrorCodes[code]?.kind ?? (status >= 500 ? 'server' : 'other'));
  const hint = planfixHint(code, context.url);
  return createApiError(
    {
      service: 'planfix',
      method,
      status,
      code,
      description: message,
      headers: context.headers,
      hint: paced
        ? {
            en: `too many requests: the API takes one request per second${hint ? ` (code ${code}: ${hint.en})` : ''}`,
            ru: `слишком много запросов: API принимает один запрос в секунду${hint ? ` (код ${code}: ${hint.ru})` : ''}`,
          }
        : hint,
      ...(paced ? { retryAfter: retryAfterSeconds(context.headers) ?? 1 } : {}),
    },
    context.redact,
    kind,
  );
}

export type PlanfixAnswer =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; error: ApiError | InvalidResponseError };

/** Reads one HTTP answer of the XML endpoint. */
export function readAnswer(method: string, status: number, text: string, context: PlanfixErrorContext): PlanfixAnswer {
  const contentType = context.headers['content-type'] ?? '';
  const parsed = parseResponse(text);
  if (!parsed || (parsed.status !== 'ok' && parsed.status !== 'error')) {
    // Not the API speaking: a proxy's page, a broken body, or a refusal before the API.
    // HTTP 429 is the refusal for pace (RateLimitError, to be waited out).
    if (status === 429) return { ok: false, error: planfixError(method, status, '', `HTTP 429 Too Many Requests`, context) };
    if (status === 503 || (status >= 500 && !parsed)) {
      return {
        ok: false,
        error: createApiError(
          { service: 'planfix', method, status, code: '', description: `HTTP ${status} without an API answer`, headers: context.headers },
          context.redact,
        ),
      };
    }
    const what = /<html|<!doctype/i.test(text)
      ? 'an HTML page'
      : text.trim() === ''
        ? 'an empty body'
        : parsed
          ? `a <response> with status "${parsed.status}"`
          : 'a body that is not a well-formed XML <response>';
    return {
      ok: false,
      error: new InvalidResponseError(
        `planfix ${method}: the service answered HTTP ${status} with ${what}`,
        'planfix',
        method,
        status,
        contentType,
        context.redact(text.slice(0, 200)),
      ),
    };
  }
  if (parsed.status === 'error') {
    const code = parsed.body.code;
    const message = parsed.body.message;
    return {
      ok: false,
      error: planfixError(
        method,
        status,
        typeof code === 'string' || typeof code === 'number' ? String(code) : '',
        typeof message === 'string' ? message : '',
        context,
      ),
    };
  }
  return { ok: true, body: parsed.body };
}
