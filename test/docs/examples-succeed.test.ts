// Every catalogue example must work against its sandbox: a reference page that shows an error
// as its result example means the example names something the sandbox does not have.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const errorHeadings = ['The sandbox answered the example above with an error', 'Песочница ответила ошибкой на пример выше'];

test('no reference page shows an error as the result of its example', () => {
  const failing = readdirSync('docs', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .filter((f) => errorHeadings.some((h) => readFileSync(join('docs', f), 'utf8').includes(h)));
  assert.deepEqual(failing, [], 'fix these entries\' `example` so that they work against the sandbox');
});
