import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LeakyBucket } from '../../src/core/limiter.js';

test('lets a burst through at once, then drains at the set rate', async () => {
  const bucket = new LeakyBucket({ capacity: 5, drainPerSecond: 10 });
  const started = performance.now();
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: 10 }, () => bucket.acquire().then(() => times.push(performance.now() - started))),
  );
  times.sort((a, b) => a - b);
  // Wide margins: this checks who waits, not how fast the machine is.
  assert.ok(times[4]! < 250, `the burst of 5 waits for nothing (took ${times[4]} ms)`);
  // 5 more at 10/s need about 500 ms of draining.
  assert.ok(times[9]! >= 450, `the rest wait for the drain (took ${times[9]} ms)`);
});

test('serves waiters in order', async () => {
  const bucket = new LeakyBucket({ capacity: 1, drainPerSecond: 100 });
  const order: number[] = [];
  await Promise.all([1, 2, 3, 4].map((n) => bucket.acquire().then(() => order.push(n))));
  assert.deepEqual(order, [1, 2, 3, 4]);
});

test('fill() makes the next request wait a full drain step', async () => {
  const bucket = new LeakyBucket({ capacity: 2, drainPerSecond: 20 });
  bucket.fill();
  const started = performance.now();
  await bucket.acquire();
  assert.ok(performance.now() - started >= 40);
});

test('rejects nonsense settings', () => {
  assert.throws(() => new LeakyBucket({ capacity: 0, drainPerSecond: 1 }), RangeError);
  assert.throws(() => new LeakyBucket({ capacity: 1, drainPerSecond: 0 }), RangeError);
});
