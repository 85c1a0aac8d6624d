// The gateway's small parts on their own: statuses of errors, callers' buckets, the log's mask.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, ConfigurationError, ConnectionError, InvalidResponseError, TimeoutError, ValidationError } from '../../src/core/errors.js';
import { errorReply, GatewayError } from '../../src/gateway/errors.js';
import { RequestLog } from '../../src/gateway/log.js';
import { CallerBuckets } from '../../src/gateway/rate-limit.js';
import { bearerKey } from '../../src/gateway/keys.js';

const none = (text: string) => text;

test('errors map to the statuses the CLI\'s exit codes mean', () => {
  assert.equal(errorReply(new ValidationError([{ path: 'dealId', message: 'expected an ID' }]), none).status, 400);
  const api = errorReply(new ApiError({ service: 'bitrix24', method: 'crm.deal.get', status: 400, code: '', description: 'Not found' }), none);
  assert.deepEqual([api.status, api.kind, api.code, api.service, api.method], [400, 'service', '', 'bitrix24', 'crm.deal.get']);
  assert.equal(errorReply(new ApiError({ service: 'diadoc', method: 'GET /GetEmployee', status: 404, code: '', description: '' }), none).status, 404);
  assert.equal(errorReply(new ApiError({ service: 'planfix', method: 'task.get', status: 200, code: '3001', description: '' }), none).status, 502);
  assert.equal(errorReply(new TimeoutError('no answer in 70 s', 'maybe'), none).status, 504);
  assert.equal(errorReply(new ConnectionError('refused', 'no'), none).status, 502);
  assert.equal(errorReply(new InvalidResponseError('html', 'bitrix24', 'crm.deal.get', 200, 'text/html', '<html>'), none).status, 502);
  assert.equal(errorReply(new ConfigurationError('no credentials'), none).status, 503);
  const unexpected = errorReply(new TypeError('secret-detail at x.js:1'), none);
  assert.deepEqual([unexpected.status, unexpected.kind], [500, 'internal']);
  assert.doesNotMatch(unexpected.message, /secret-detail|x\.js/);
  const limited = errorReply(new GatewayError(429, 'rate-limit', 'slow down', 3), none);
  assert.equal(limited.retryAfter, 3);
});

test('every text of an error passes the mask', () => {
  const mask = (text: string) => text.replaceAll('hunter22', '***');
  const api = errorReply(new ApiError({ service: 'bitrix24', method: 'x', status: 401, code: 'NO_AUTH_FOUND', description: 'bad hunter22' }), mask);
  assert.doesNotMatch(JSON.stringify(api), /hunter22/);
  const bad = errorReply(new ValidationError([{ path: 'token', message: 'not hunter22' }]), mask);
  assert.doesNotMatch(JSON.stringify(bad), /hunter22/);
});

test("callers' buckets: the burst, then the rate; each key its own", () => {
  let now = 0;
  const buckets = new CallerBuckets(() => now);
  const limit = { perMinute: 60, burst: 2 };
  assert.equal(buckets.take('a', limit), 0);
  assert.equal(buckets.take('a', limit), 0);
  assert.equal(buckets.take('a', limit), 1, 'one a second: wait 1 s');
  assert.equal(buckets.take('b', limit), 0, 'another key is not slowed');
  now += 1000;
  assert.equal(buckets.take('a', limit), 0);
  assert.ok(buckets.take('a', { perMinute: 6, burst: 2 }) >= 1);
});

test('the log masks known secrets and well-known shapes; the bearer header is read strictly', () => {
  const lines: string[] = [];
  const log = new RequestLog((line) => lines.push(line), () => ['s3cr3t-code']);
  log.add({ time: 't', id: '1', ip: '::1', method: 'POST', path: '/rest/1/s3cr3t-code/x', status: 500, ms: 1, error: 'token=abcdef failed' });
  log.note('refresh of s3cr3t-code');
  assert.equal(lines.length, 2);
  assert.doesNotMatch(lines.join(''), /s3cr3t-code|abcdef/);
  for (const line of lines) JSON.parse(line);
  assert.equal(bearerKey('Bearer uzel_x'), 'uzel_x');
  assert.equal(bearerKey('bearer   uzel_x '), 'uzel_x');
  assert.equal(bearerKey('Basic uzel_x'), undefined);
  assert.equal(bearerKey('Bearer a b'), undefined);
  assert.equal(bearerKey(undefined), undefined);
});
