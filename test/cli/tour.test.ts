// `npm start`'s tour runs to the end against the in-process sandboxes, every stop succeeding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { isolatedEnv } from './helpers.js';

test('scripts/tour.js visits the seed methods and exits 0', async () => {
  const result = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/tour.js'], { env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
  assert.equal(result.code, 0, result.out);
  for (const seed of ['000', '001', '002']) assert.match(result.out, new RegExp(`seed ${seed}, bitrix24`));
  assert.match(result.out, /ПолучитьСтатусУчастияПользователя --url "\$UZEL_BITRIX24_URL" --event \d+ --pretty\n\{\n {2}"result": "[YNQH]"/);
  assert.doesNotMatch(result.out, /failed:|exit code [1-9]/);
  assert.match(result.out, /^Done\./m);
});
