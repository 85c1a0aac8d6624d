// oint's ПолучитьСсылкуАвторизацииПриложения: the OAuth authorization link, no request made.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runUzel } from './helpers.js';

test('the oint command line gives the portal\'s authorization link', async () => {
  const r = await runUzel(['bitrix24', 'ПолучитьСсылкуАвторизацииПриложения', '--domain', 'b24-ar17wx.bitrix24.by', '--clientid', 'local.abc']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout), 'https://b24-ar17wx.bitrix24.by/oauth/authorize/?client_id=local.abc&response_type=code');
});

test('auth-link with short options; a missing option is a usage error naming it', async () => {
  const ok = await runUzel(['bitrix24', 'auth-link', '-d', 'https://portal.example.ru', '-c', 'app.1']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(JSON.parse(ok.stdout) as string, /^https:\/\/portal\.example\.ru\/oauth\/authorize\/\?client_id=app\.1/);
  const missing = await runUzel(['bitrix24', 'auth-link', '--domain', 'portal.example.ru']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--clientid/);
  const insecure = await runUzel(['bitrix24', 'auth-link', '--domain', 'http://portal.example.ru', '--clientid', 'x']);
  assert.notEqual(insecure.code, 0);
  assert.match(insecure.stderr, /https/);
});

test('the extra commands word bad values as the catalogue does: the option named, no validation-library phrasing', async () => {
  const cases: string[][] = [
    ['bitrix24', 'auth-link', '--domain', '', '--clientid', 'local.abc'],
    ['bitrix24', 'auth-link', '--domain', 'your.bitrix24.ru', '--clientid', ''],
    ['bitrix24', 'call', 'user.get', '--params', '[1,2]', '--url', 'https://a.bitrix24.ru/rest/1/abc123/'],
  ];
  for (const args of cases) {
    const r = await runUzel(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /uzel: error: --(domain|clientid|params): /, args.join(' '));
    assert.doesNotMatch(r.stderr, /Too small|Too big|Invalid input|expected record|[<>]=?\s?\d/, args.join(' '));
  }
});
