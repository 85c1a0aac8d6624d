// The reference page in real headless Chromium (playwright-core, Debian's /usr/bin/chromium):
// it loads with nothing from outside the gateway, lists every method, and a call tried from it
// reaches the sandbox and shows the answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { leaks, setup, type Setup } from './helpers.js';

let s: Setup;
let context: BrowserContext;
let page: Page;
let profileDir: string;
const requested: string[] = [];
const problems: string[] = [];

before(async () => {
  s = await setup({ keys: { reader: {} } });
  profileDir = mkdtempSync(join(tmpdir(), 'uzel-chromium-'));
  // playwright takes the profile folder itself (a fresh --user-data-dir) through launchPersistentContext.
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('request', (request) => requested.push(request.url()));
  page.on('pageerror', (error) => problems.push(String(error)));
  // The 401 a wrong key gets is a refused request, which Chromium reports as a console error too.
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 401/.test(message.text())) problems.push(message.text());
  });
  // The machine may be busy: generous waits, never a fixed sleep.
  page.setDefaultTimeout(120_000);
});

after(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  await s?.close();
});

test('the page loads from the gateway alone and lists every method of the document', async () => {
  const response = await page.goto(`${s.url}/`);
  assert.equal(response?.status(), 200);
  await page.waitForSelector('body[data-ready="true"]');
  const doc = (await (await fetch(`${s.url}/openapi.json`)).json()) as { paths: Record<string, { post?: unknown }> };
  const methods = Object.keys(doc.paths).filter((path) => doc.paths[path]!.post);
  const listed = await page.$$eval('details.op', (nodes) => nodes.map((node) => node.getAttribute('data-path')));
  assert.deepEqual(listed, methods);
  assert.match((await page.textContent('#count')) ?? '', new RegExp(`^${methods.length} methods`));
  // Sections by service, summaries and the Russian descriptions are shown.
  const headings = await page.$$eval('section.group h2', (nodes) => nodes.map((node) => node.textContent));
  assert.ok(headings.some((h) => h?.startsWith('Bitrix24: ')) && headings.some((h) => h?.startsWith('Planfix: ')) && headings.some((h) => h?.startsWith('Kontur Diadoc: ')));
  const text = (await page.textContent('details.op[data-path="/v1/bitrix24/get-user-participation-status"]')) ?? '';
  assert.match(text, /participation/i);
  assert.match(text, /ПолучитьСтатусУчастияПользователя/);
  assert.match(text, /[а-я]{4,}/, 'a Russian description');
  assert.deepEqual(requested.filter((url) => !url.startsWith(s.url)), [], 'nothing from outside the gateway');
  assert.deepEqual(problems, []);
});

test('the filter narrows the list', async () => {
  await page.fill('#filter', 'get-departments-info');
  const visible = await page.$$eval('details.op', (nodes) => nodes.filter((node) => !(node as unknown as { hidden: boolean }).hidden).map((node) => node.getAttribute('data-path')));
  assert.deepEqual(visible, ['/v1/bitrix24/get-departments-info']);
  await page.fill('#filter', '');
});

test('a call tried from the page reaches the sandbox and shows its answer; a wrong key shows the 401', async () => {
  const op = 'details.op[data-path="/v1/bitrix24/get-departments-info"]';
  await page.click(`${op} > summary`);
  const before = s.bitrix24.stats.byMethod['im.department.get'] ?? 0;

  await page.fill('#key', 'uzel_not-a-key');
  await page.click(`${op} button.try`);
  await page.waitForSelector(`${op} pre.result[data-status]`);
  assert.equal(await page.getAttribute(`${op} pre.result`, 'data-status'), '401');
  assert.equal(s.bitrix24.stats.byMethod['im.department.get'] ?? 0, before);

  await page.fill('#key', s.keys.reader!);
  await page.fill(`${op} textarea`, JSON.stringify({ departmentIds: [1, 2] }));
  await page.click(`${op} button.try`);
  await page.waitForSelector(`${op} pre.result[data-status="200"]`);
  const shown = (await page.textContent(`${op} pre.result`)) ?? '';
  assert.match(shown, /^HTTP 200\n/);
  const answer = JSON.parse(shown.slice(shown.indexOf('\n') + 1)) as { result: { id: string | number; name: string }[] };
  assert.deepEqual(answer.result.map((d) => Number(d.id)).sort(), [1, 2]);
  assert.equal((s.bitrix24.stats.byMethod['im.department.get'] ?? 0) - before, 1, 'the call reached the sandbox once');
  assert.deepEqual(problems, []);
});

test('no secret on the page, in its answers or the log', async () => {
  const html = await page.content();
  const secrets = s.secrets.filter((secret) => secret !== s.keys.reader);
  assert.deepEqual(leaks(html.replace(/<input[^>]*id="key"[^>]*>/, ''), secrets), []);
  assert.deepEqual(leaks(s.log.join(''), s.secrets), []);
});
