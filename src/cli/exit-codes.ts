// Exit codes, one per kind of failure, so that scripts can tell a typo from a refusal or an outage.
import { ApiError, ConfigurationError, ConnectionError, InvalidResponseError, ValidationError } from '../core/errors.js';

export const exitCodes = {
  ok: 0,
  /** Anything unexpected. */
  failure: 1,
  /** Bad command line: unknown command or option, missing or invalid value, bad credentials setup. */
  usage: 2,
  /** The service answered with an error. */
  api: 3,
  /** No usable answer: connection failed, timed out, or the answer was not what the service sends. */
  network: 4,
  /** The request was carried out, but its answer could not be written to --out (it went to stdout instead). */
  output: 5,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** Raised by the CLI itself for a bad command line. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The answer could not be written where --out said, after the request was carried out. */
export class OutputError extends Error {
  override name = 'OutputError';
}

export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof UsageError || error instanceof ValidationError || error instanceof ConfigurationError) {
    return exitCodes.usage;
  }
  if (error instanceof ApiError) return exitCodes.api;
  if (error instanceof OutputError) return exitCodes.output;
  if (error instanceof ConnectionError || error instanceof InvalidResponseError) return exitCodes.network;
  return exitCodes.failure;
}

/** The exit-code table as --help and the README show it. */
export const exitCodeHelp = `Exit codes / Коды завершения:
  0  success / успех
  1  unexpected failure / непредвиденная ошибка
  2  usage error: unknown command or option, missing or invalid value / ошибка вызова
  3  API error: the service answered with an error / сервис вернул ошибку
  4  network error: no connection, timeout, or an answer that is not the service's / ошибка сети
  5  output error: the request was carried out, but --out could not be written; the answer
     went to stdout instead / запрос выполнен, но файл --out не записан; ответ выведен в stdout`;
