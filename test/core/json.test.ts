// Answers read without losing a number's text, and written back exactly (the CLI's output).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { exactNumberText, parseJson } from '../../src/core/json.js';
import { formatJson } from '../../src/core/json-text.js';

describe('exact JSON numbers', () => {
  test('values are what JSON.parse reads; every number a double does not reproduce keeps its text', () => {
    const text = '{"Big":123456789012345678901234567890,"Huge":1e400,"Neg":-1e400,"Price":1.50,"E":1E5,"Z":-0,"Ok":42,"F":0.5,"s":"1e400 \\" 9007199254740993","a":[9007199254740993,1,{"x":1e-400}]}';
    const parsed = parseJson(text) as Record<string, unknown>;
    assert.deepEqual(parsed, JSON.parse(text));
    assert.equal(exactNumberText(parsed, 'Big'), '123456789012345678901234567890');
    assert.equal(exactNumberText(parsed, 'Huge'), '1e400');
    assert.equal(exactNumberText(parsed, 'Ok'), undefined);
    assert.equal(exactNumberText(parsed.a as object, '0'), '9007199254740993');
    assert.equal(formatJson(parsed, false), text);
  });

  test('pretty output keeps the texts too; a value changed after reading is written as it now is', () => {
    const parsed = parseJson('{"result":{"ID":"7","Big":123456789012345678901234567890,"list":[1e400]}}') as { result: Record<string, unknown> };
    assert.equal(
      formatJson(parsed, true),
      '{\n  "result": {\n    "ID": "7",\n    "Big": 123456789012345678901234567890,\n    "list": [\n      1e400\n    ]\n  }\n}',
    );
    parsed.result.Big = 5;
    assert.equal(formatJson(parsed.result, false), '{"ID":"7","Big":5,"list":[1e400]}');
  });

  test('bigint keys give bigint for any integer, other numbers under them unchanged', () => {
    // 638780603013048800 is a double's own spelling: unmarked, it must still come out as that bigint.
    const parsed = parseJson('{"Ticks":638780603013048865,"w":{"Ticks":638780603013048800},"x":{"Ticks":5},"y":{"Ticks":1.5},"z":[{"Ticks":"7"}]}', { bigintKeys: new Set(['Ticks']) });
    assert.deepEqual(parsed, { Ticks: 638780603013048865n, w: { Ticks: 638780603013048800n }, x: { Ticks: 5n }, y: { Ticks: 1.5 }, z: [{ Ticks: '7' }] });
  });

  test('JSON that is not valid is refused as JSON.parse refuses it; a plain answer is parsed as is', () => {
    assert.throws(() => parseJson('{"a":1e400'), SyntaxError);
    assert.throws(() => parseJson('{"a":'), SyntaxError);
    // Runs of number characters that are no JSON number are never taken for one.
    for (const text of ['[1-2]', '[-]', '[1.]', '{"a":1.2.3}', '[01]', '[1e5e5]', '10+', '[1e]', '[.5]', '[+1]', '["a\\"1.50]']) {
      assert.throws(() => JSON.parse(text), SyntaxError, text);
      assert.throws(() => parseJson(text), SyntaxError, text);
    }
    assert.deepEqual(parseJson('{"a":[1,"2",null,true]}'), { a: [1, '2', null, true] });
  });
});
