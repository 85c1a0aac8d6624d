import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redact, redactUrl, SecretSet } from '../../src/core/redact.js';

test('masks a Bitrix24 webhook code in a URL', () => {
  assert.equal(redact('https://b24.example.ru/rest/1/h0m7secret99/server.time.json'), 'https://b24.example.ru/rest/1/***/server.time.json');
});

test('masks name=value secrets in queries and headers', () => {
  const text = 'GET /oauth/token/?grant_type=refresh_token&client_id=app.1&client_secret=S3cr3t&refresh_token=r-123';
  const out = redact(text);
  assert.ok(!out.includes('S3cr3t') && !out.includes('r-123'));
  assert.ok(out.includes('client_id=app.1'), 'a client id is not a secret');
  assert.equal(redact('DiadocAuth ddauth_api_client_id=key,ddauth_token=tok-999'), 'DiadocAuth ddauth_api_client_id=key,ddauth_token=***');
});

test('masks JSON, XML and Authorization secrets', () => {
  assert.equal(redact('{"eventId":1,"auth":"abc123"}'), '{"eventId":1,"auth":"***"}');
  assert.equal(redact('<request><sid>s-1</sid><signature>ff</signature></request>'), '<request><sid>***</sid><signature>***</signature></request>');
  assert.equal(redact('Authorization: Bearer eyJhbGciOi.x.y'), 'Authorization: Bearer ***');
  assert.equal(redact('Authorization: Basic YWJjOmRlZg=='), 'Authorization: Basic ***');
});

test('masks literal secrets wherever they appear, but not short words', () => {
  const secrets = new SecretSet();
  secrets.add('tok-long-secret', 'ab', undefined);
  assert.equal(secrets.redact('token tok-long-secret in a sentence; ab stays'), 'token *** in a sentence; ab stays');
});

test('masks user:password in URLs', () => {
  assert.equal(redactUrl('https://key:pass@api.example.com/xml/'), 'https://***:***@api.example.com/xml/');
});
