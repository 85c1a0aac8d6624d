// Retries with exponential backoff and full jitter. What may be retried is the caller's decision
// (it knows whether the request was a read, and whether the service executed it).
import { ConnectionError, InvalidResponseError, ServerError } from './errors.js';

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff, in ms; doubled on each retry. */
  baseDelayMs: number;
  /** Upper bound of one backoff, in ms. */
  maxDelayMs: number;
}

export const defaultRetry: RetryOptions = { retries: 3, baseDelayMs: 500, maxDelayMs: 10_000 };

export function backoffDelay(attempt: number, options: RetryOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    // The listener goes with the timer: a long-lived signal must not collect one per wait.
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Runs `attempt` until it succeeds, the error is not retryable, or retries run out; the last
 * error is thrown as it was (the real code, not a generic "retries exhausted").
 * `retryable` may return a delay in ms to wait instead of the computed backoff.
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  retryable: (error: unknown) => boolean | number,
  options: RetryOptions,
  signal?: AbortSignal,
): Promise<T> {
  for (let n = 0; ; n += 1) {
    try {
      return await attempt(n);
    } catch (error) {
      const verdict = n < options.retries ? retryable(error) : false;
      if (verdict === false) throw error;
      await sleep(typeof verdict === 'number' ? verdict : backoffDelay(n, options), signal);
    }
  }
}

/**
 * The rule every client shares for failures without a usable answer: a request that certainly
 * never arrived may be sent again, whatever it does; one that may have been carried out is
 * repeated only when it just reads (a repeated write could create or change twice).
 */
export function mayRepeat(error: unknown, access: 'read' | 'write'): boolean {
  if (error instanceof ConnectionError) return error.reachedServer === 'no' || access === 'read';
  if (error instanceof ServerError || error instanceof InvalidResponseError) return access === 'read';
  return false;
}
