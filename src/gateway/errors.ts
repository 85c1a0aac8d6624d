// One JSON shape for every error the gateway answers, with an HTTP status that means what the
// CLI's exit code means (src/cli/exit-codes.ts): bad input (exit 2) is 400; the service's error
// (exit 3) keeps the service's status; no usable answer (exit 4) is 502, or 504 for a timeout;
// anything unexpected (exit 1) is 500. The gateway's own refusals: 401 no or unknown key, 403 not
// allowed for the key, 404 no such route, 429 over the key's limit, 503 the service has no
// connection on this gateway.
import {
  ApiError,
  ConfigurationError,
  ConnectionError,
  InvalidResponseError,
  TimeoutError,
  ValidationError,
  type ValidationIssue,
} from '../core/errors.js';

export type ErrorKind =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'rate-limit'
  | 'not-configured'
  | 'service'
  | 'network'
  | 'timeout'
  | 'invalid-response'
  | 'internal';

export interface ErrorBody {
  error: {
    status: number;
    kind: ErrorKind;
    message: string;
    /** validation: each parameter at fault. */
    issues?: ValidationIssue[];
    /** service: which service and method answered, with its own code and text. */
    service?: string;
    method?: string;
    code?: string;
    description?: string;
    hint?: { en: string; ru: string };
    /** rate-limit: seconds to wait. */
    retryAfter?: number;
  };
}

/** A refusal by the gateway itself, with its status. */
export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly status: number,
    readonly kind: ErrorKind,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** The status and body for an error; `mask` hides secrets in every text. */
export function errorReply(error: unknown, mask: (text: string) => string): ErrorBody['error'] {
  if (error instanceof GatewayError) {
    return { status: error.status, kind: error.kind, message: mask(error.message), ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}) };
  }
  if (error instanceof ValidationError) {
    return {
      status: 400,
      kind: 'validation',
      message: mask(error.message),
      issues: error.issues.map((issue) => ({ path: issue.path, message: mask(issue.message) })),
    };
  }
  if (error instanceof ApiError) {
    return {
      // A service that signals errors inside a 200 (Planfix's XML) gave no usable answer: 502.
      status: error.status >= 400 && error.status <= 599 ? error.status : 502,
      kind: 'service',
      message: mask(error.message),
      service: error.service,
      method: error.method,
      code: error.code,
      description: mask(error.description),
      ...(error.hint ? { hint: error.hint } : {}),
      ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
    };
  }
  if (error instanceof TimeoutError) return { status: 504, kind: 'timeout', message: mask(error.message) };
  if (error instanceof ConnectionError) return { status: 502, kind: 'network', message: mask(error.message) };
  if (error instanceof InvalidResponseError) return { status: 502, kind: 'invalid-response', message: mask(error.message) };
  // The connection of a service is set up on this machine: the caller can do nothing but wait.
  if (error instanceof ConfigurationError) return { status: 503, kind: 'not-configured', message: mask(error.message) };
  return { status: 500, kind: 'internal', message: "unexpected failure; the gateway's log has the details" };
}
