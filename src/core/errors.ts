// One error hierarchy for every service. Messages are redacted when the error is built, so
// printing an error (message, stack, toString, JSON) can never leak a secret.

export type ServiceName = 'bitrix24' | 'planfix' | 'diadoc';

export class UzelError extends Error {
  override name = 'UzelError';
}

export interface ValidationIssue {
  /** The parameter (or CLI option) at fault, as the user named it; '' for the whole input. */
  path: string;
  message: string;
}

/** Bad input, found before any request was sent. */
export class ValidationError extends UzelError {
  override name = 'ValidationError';
  constructor(
    readonly issues: ValidationIssue[],
    readonly method?: string,
  ) {
    super(
      `${method ? `${method}: ` : ''}${issues
        .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
        .join('; ')}`,
    );
  }
}

/** Wrong or missing configuration of a client (credentials, address). */
export class ConfigurationError extends UzelError {
  override name = 'ConfigurationError';
}

export interface ApiErrorInit {
  service: ServiceName;
  method: string;
  status: number;
  /** The service's own error code; may be the empty string (Bitrix24 calendar methods). */
  code: string;
  description: string;
  headers?: Record<string, string>;
  /** Extra explanation of the code (e.g. Planfix's documented meaning), English and Russian. */
  hint?: { en: string; ru: string };
  /** Seconds the service asked us to wait, when it said. */
  retryAfter?: number;
}

/** The service answered, and the answer is an error. */
export class ApiError extends UzelError {
  override name = 'ApiError';
  readonly service: ServiceName;
  readonly method: string;
  readonly status: number;
  readonly code: string;
  readonly description: string;
  readonly headers: Record<string, string>;
  readonly hint?: { en: string; ru: string };
  readonly retryAfter?: number;

  constructor(init: ApiErrorInit, redactText: (s: string) => string = (s) => s) {
    const description = redactText(init.description);
    const code = init.code === '' ? '(empty code)' : init.code;
    super(
      `${init.service} ${init.method} failed: HTTP ${init.status} ${code}${description ? `: ${description}` : ''}` +
        (init.hint ? ` — ${init.hint.en}` : ''),
    );
    this.service = init.service;
    this.method = init.method;
    this.status = init.status;
    this.code = init.code;
    this.description = description;
    this.headers = init.headers ?? {};
    if (init.hint) this.hint = init.hint;
    if (init.retryAfter !== undefined) this.retryAfter = init.retryAfter;
  }
}

export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}
export class PermissionError extends ApiError {
  override name = 'PermissionError';
}
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}
/** The service refused because of a limit: the request was not carried out. */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
}
export class ServerError extends ApiError {
  override name = 'ServerError';
}

export type ApiErrorKind = 'auth' | 'permission' | 'not-found' | 'rate-limit' | 'server' | 'other';

const classes: Record<ApiErrorKind, typeof ApiError> = {
  auth: AuthenticationError,
  permission: PermissionError,
  'not-found': NotFoundError,
  'rate-limit': RateLimitError,
  server: ServerError,
  other: ApiError,
};

/** Picks the class by status, unless the service says better (a limit code inside a 400, say). */
export function createApiError(
  init: ApiErrorInit,
  redactText?: (s: string) => string,
  kind?: ApiErrorKind,
): ApiError {
  const k: ApiErrorKind =
    kind ??
    (init.status === 401
      ? 'auth'
      : init.status === 403
        ? 'permission'
        : init.status === 404
          ? 'not-found'
          : init.status === 429 || init.status === 503
            ? 'rate-limit'
            : init.status >= 500
              ? 'server'
              : 'other');
  return new classes[k](init, redactText);
}

/** No answer: the connection failed. `reachedServer` tells whether the request may have arrived. */
export class ConnectionError extends UzelError {
  override name = 'ConnectionError';
  constructor(
    message: string,
    readonly reachedServer: 'no' | 'maybe',
    readonly code?: string,
  ) {
    super(message);
  }
}

export class TimeoutError extends ConnectionError {
  override name = 'TimeoutError';
}

/**
 * The store of state shared between processes (Redis) did not answer. Nothing was sent to the
 * service: without the shared limits and tokens no request leaves, so a portal is never overrun.
 */
export class SharedStateError extends ConnectionError {
  override name = 'SharedStateError';
  constructor(message: string, code?: string) {
    super(message, 'no', code);
  }
}

/** The service answered with something that is not what it should send (broken JSON, HTML page). */
export class InvalidResponseError extends UzelError {
  override name = 'InvalidResponseError';
  constructor(
    message: string,
    readonly service: ServiceName,
    readonly method: string,
    readonly status: number,
    readonly contentType: string,
    /** The first characters of the body, redacted. */
    readonly bodyStart: string,
  ) {
    super(message);
  }
}
