import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDiadocJson, stringifyDiadocJson } from '../../../src/services/diadoc/json.js';
import { formatJson } from '../../../src/core/json-text.js';
import { dateToTicks, ticksToDate, ticksToIsoString, toDiadocTimestamp, unixEpochTicks } from '../../../src/services/diadoc/ticks.js';

describe('diadoc JSON: exact Ticks', () => {
  test('the seed value keeps every digit (plain JSON.parse would not)', () => {
    const text = '{"CreationTimestamp":{"Ticks":638780603013048865}}';
    assert.notEqual(String((JSON.parse(text) as { CreationTimestamp: { Ticks: number } }).CreationTimestamp.Ticks), '638780603013048865');
    const parsed = parseDiadocJson(text) as { CreationTimestamp: { Ticks: bigint } };
    assert.equal(parsed.CreationTimestamp.Ticks, 638780603013048865n);
  });

  test('every integer Ticks becomes a bigint, small or past 2^63, negative too; other numbers stay numbers', () => {
    const text =
      '{"A":{"Ticks":0},"B":{"Ticks" : -5},"C":{"Ticks":\n9223372036854775807},"D":{"Ticks":99999999999999999999},"TotalCount":61,"Ticks2":638780603013048865}';
    const v = parseDiadocJson(text) as Record<string, { Ticks: bigint } | number>;
    assert.deepEqual(v.A, { Ticks: 0n });
    assert.deepEqual(v.B, { Ticks: -5n });
    assert.deepEqual(v.C, { Ticks: 9223372036854775807n });
    assert.deepEqual(v.D, { Ticks: 99999999999999999999n });
    assert.equal(v.TotalCount, 61);
    assert.equal(typeof v.Ticks2, 'number');
  });

  test('"Ticks" inside strings, escaped quotes and string values are left alone', () => {
    const text = '{"Note":"say \\"Ticks\\": 1 here","Ticks":"123","X":{"Ticks":null},"Y":{"Ticks":{"Ticks":42}},"Z":["\\"Ticks\\":7"]}';
    const v = parseDiadocJson(text) as Record<string, unknown>;
    assert.equal(v.Note, 'say "Ticks": 1 here');
    assert.equal(v.Ticks, '123');
    assert.deepEqual(v.X, { Ticks: null });
    assert.deepEqual(v.Y, { Ticks: { Ticks: 42n } });
    assert.deepEqual(v.Z, ['"Ticks":7']);
  });

  test('fractions and exponents are not integers and stay numbers', () => {
    const v = parseDiadocJson('[{"Ticks":1.5},{"Ticks":1e3}]') as { Ticks: number }[];
    assert.equal(v[0]!.Ticks, 1.5);
    assert.equal(v[1]!.Ticks, 1000);
  });

  test('invalid JSON is still rejected', () => {
    assert.throws(() => parseDiadocJson('{"Ticks":12'), SyntaxError);
    assert.throws(() => parseDiadocJson('{"Employees":[{"User":{"UserId":"6dc8'), SyntaxError);
  });

  test('a round trip keeps the exact digits: bigint goes out as a bare integer', () => {
    const values = ['638780603013048865', '9007199254740993', '-9223372036854775808', '3155378975999999999', '0'];
    for (const digits of values) {
      const text = `{"Position":"Бухгалтер","CreationTimestamp":{"Ticks":${digits}},"List":[{"Ticks":${digits}}]}`;
      assert.equal(stringifyDiadocJson(parseDiadocJson(text)), text);
    }
  });

  test('stringify: bigint anywhere is an exact integer; strings that look alike are untouched', () => {
    const text = stringifyDiadocJson({ a: 9007199254740993n, b: ['x', -1n], c: 'x\u0000y', d: '9007199254740993' });
    assert.equal(text, '{"a":9007199254740993,"b":["x",-1],"c":"x\\u0000y","d":"9007199254740993"}');
    assert.equal(stringifyDiadocJson({ p: 1 }), '{"p":1}');
  });
});

describe('diadoc ticks and dates', () => {
  test('the seed ticks are 2025-03-20T09:38:21.3048865Z', () => {
    assert.equal(ticksToIsoString(638780603013048865n), '2025-03-20T09:38:21.3048865Z');
    assert.equal(ticksToDate({ Ticks: 638780603013048865n }).toISOString(), '2025-03-20T09:38:21.304Z');
  });

  test('dateToTicks and ticksToDate are inverse to the millisecond; extra ticks set the digits below', () => {
    const d = new Date('2025-03-20T09:38:21.304Z');
    assert.equal(dateToTicks(d, 8865), 638780603013048865n);
    assert.equal(ticksToDate(dateToTicks(d)).getTime(), d.getTime());
    assert.equal(dateToTicks(new Date(0)), unixEpochTicks);
    assert.deepEqual(toDiadocTimestamp(new Date(0), 1), { Ticks: unixEpochTicks + 1n });
  });

  test('moments before 1970 round towards the past', () => {
    assert.equal(ticksToDate(unixEpochTicks - 1n).getTime(), -1);
    assert.equal(ticksToIsoString(unixEpochTicks - 1n), '1969-12-31T23:59:59.9999999Z');
    assert.equal(ticksToIsoString(0n), '0001-01-01T00:00:00.0000000Z');
  });

  test('out-of-range input is refused', () => {
    assert.throws(() => dateToTicks(new Date(Number.NaN)), RangeError);
    assert.throws(() => dateToTicks(new Date(0), 10_000), RangeError);
    assert.throws(() => dateToTicks(new Date('-000100-01-01T00:00:00Z')), RangeError);
  });

  test('ticks outside the .NET range (0 … 3155378975999999999) are refused, never a wrong date or an Invalid Date', () => {
    const max = 3_155_378_975_999_999_999n;
    assert.equal(ticksToIsoString(max), '9999-12-31T23:59:59.9999999Z');
    assert.equal(ticksToDate({ Ticks: max }).toISOString(), '9999-12-31T23:59:59.999Z');
    assert.equal(ticksToDate(0n).toISOString(), '0001-01-01T00:00:00.000Z');
    for (const ticks of [-1n, max + 1n, 10n ** 30n, -(10n ** 20n)]) {
      assert.throws(() => ticksToDate(ticks), (error: unknown) => error instanceof RangeError && /outside the \.NET DateTime range \(0 … 3155378975999999999/.test(error.message));
      assert.throws(() => ticksToDate({ Ticks: ticks }), RangeError);
      assert.throws(() => ticksToIsoString(ticks), RangeError);
    }
    assert.throws(() => ticksToDate(5 as unknown as bigint), TypeError);
    assert.throws(() => ticksToDate(undefined as unknown as bigint), TypeError);
  });

  test('every number of an answer keeps its text; Ticks stay bigint, small or large', () => {
    const text = '{"Ticks":5,"T":{"Ticks":638780603013048865},"Big":123456789012345678901234567890,"Huge":1e400,"Price":1.50,"Small":7}';
    const parsed = parseDiadocJson(text) as Record<string, unknown>;
    assert.equal(parsed.Ticks, 5n);
    assert.deepEqual(parsed.T, { Ticks: 638780603013048865n });
    assert.equal(parsed.Big, Number('123456789012345678901234567890'));
    assert.equal(parsed.Huge, Number.POSITIVE_INFINITY);
    assert.equal(formatJson(parsed, false), text);
  });
});
