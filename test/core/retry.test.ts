import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { backoffDelay, sleep, withRetry } from '../../src/core/retry.js';

const fast = { retries: 3, baseDelayMs: 1, maxDelayMs: 4 };

test('retries a retryable failure, then succeeds', async () => {
  let calls = 0;
  const value = await withRetry(async () => {
    calls += 1;
    if (calls < 3) throw new Error('flaky');
    return 'ok';
  }, () => true, fast);
  assert.equal(value, 'ok');
  assert.equal(calls, 3);
});

test('throws the real last error when retries run out', async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(async () => {
      calls += 1;
      throw new Error(`failure ${calls}`);
    }, () => true, fast),
    /failure 4/,
  );
  assert.equal(calls, 4);
});

test('does not retry what the caller says is unsafe', async () => {
  let calls = 0;
  await assert.rejects(withRetry(async () => {
    calls += 1;
    throw new Error('write failed');
  }, () => false, fast));
  assert.equal(calls, 1);
});

test('backoff grows and stays under the ceiling', () => {
  const options = { retries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  for (let attempt = 0; attempt < 6; attempt += 1) {
    const ceiling = Math.min(1000, 100 * 2 ** attempt);
    const delay = backoffDelay(attempt, options);
    assert.ok(delay >= ceiling / 2 && delay <= ceiling, `attempt ${attempt}: ${delay}`);
  }
});

test('sleep leaves no abort listener behind once its time is up', async () => {
  const controller = new AbortController();
  for (let i = 0; i < 20; i++) await sleep(1, controller.signal);
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  const waiting = sleep(10_000, controller.signal);
  controller.abort(new Error('stop'));
  await assert.rejects(waiting, /stop/);
});
