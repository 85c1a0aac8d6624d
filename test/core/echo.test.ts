// Echoed input made safe for a terminal: controls escaped, reordering characters shown, long values cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cut, echo, escapeControls, kindOf } from '../../src/core/echo.js';

test('every C0/C1 control, DEL and the reordering characters are escaped; text stays readable', () => {
  assert.equal(escapeControls('red \x1b[31mX\x1b[0m'), 'red \\e[31mX\\e[0m');
  assert.equal(escapeControls('a\rb\bc\x07d\x7fe\x9bf'), 'a\\rb\\bc\\x07d\\x7fe\\x9bf');
  assert.equal(escapeControls('\u202eevil\u2066'), '\\u202eevil\\u2066');
  assert.equal(escapeControls('line\nnext\ttab'), 'line\nnext\ttab');
  assert.equal(escapeControls('line\nnext\ttab', true), 'line\\nnext\\ttab');
  assert.equal(escapeControls('Сделка «Вектор» — 100 ₽ 😀'), 'Сделка «Вектор» — 100 ₽ 😀');
  // eslint-disable-next-line no-control-regex -- looking for control characters
  for (let c = 0; c < 0x20; c++) if (c !== 10 && c !== 9) assert.doesNotMatch(escapeControls(String.fromCharCode(c)), /[\x00-\x1f]/);
  for (let c = 0x7f; c <= 0x9f; c++) assert.doesNotMatch(escapeControls(String.fromCharCode(c)), /[\x7f-\x9f]/);
});

test('echo quotes one line, cut to a limit, saying how much was left out', () => {
  assert.equal(echo('--dea\x1b[2J'), '"--dea\\e[2J"');
  assert.equal(echo('two\nlines'), '"two\\nlines"');
  assert.equal(echo('say "hi"'), '"say \\"hi\\""');
  const long = echo('x'.repeat(10_000));
  assert.equal(long, `"${'x'.repeat(80)}… (9920 more characters)"`);
  assert.equal(cut('абв😀где', 4), 'абв😀… (3 more characters)', 'cut by characters, never inside one');
  assert.equal(echo(12), '"12"');
});

test('kindOf names a value for a message', () => {
  assert.deepEqual([123, 'x', null, [1], {}, undefined, true].map(kindOf), ['a number', 'a string', 'null', 'a list', 'an object', 'an undefined', 'a boolean']);
});
