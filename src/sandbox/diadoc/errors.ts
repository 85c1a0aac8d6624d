// Diadoc-style errors: a status, a machine code in X-Diadoc-ErrorCode and a Russian text/plain body.
// The documentation names no code list; `Http.Auth` is the code real 401 answers carry, and the
// others follow the same `Http.<Reason>` pattern (a sandbox choice, documented in index.ts).
import type { ServerResponse } from 'node:http';
import { stringifyJson } from './json.js';

export const errorCodes = {
  400: 'Http.BadRequest',
  401: 'Http.Auth',
  402: 'Http.PaymentRequired',
  403: 'Http.Forbidden',
  404: 'Http.NotFound',
  405: 'Http.MethodNotAllowed',
  406: 'Http.NotAcceptable',
  409: 'Http.Conflict',
  410: 'Http.Gone',
  500: 'Http.InternalServerError',
} as const;

export type ErrorStatus = keyof typeof errorCodes;

export class DiadocError extends Error {
  constructor(
    readonly status: ErrorStatus,
    message: string,
    /** Extra response headers (WWW-Authenticate, Allow). */
    readonly headers: Record<string, string | string[]> = {},
  ) {
    super(message);
  }

  get code(): string {
    return errorCodes[this.status];
  }
}

export const badRequest = (message: string): DiadocError => new DiadocError(400, message);
export const notFound = (message: string): DiadocError => new DiadocError(404, message);
export const forbidden = (message: string): DiadocError => new DiadocError(403, message);

export function sendError(res: ServerResponse, error: DiadocError): void {
  res.writeHead(error.status, {
    ...error.headers,
    'content-type': 'text/plain; charset=utf-8',
    'x-diadoc-errorcode': error.code,
  });
  res.end(error.message);
}

export function sendJson(res: ServerResponse, value: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(stringifyJson(value));
}
