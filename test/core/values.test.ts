// The shared value rules: an ID is the ID typed, a date is a real date, a period runs forward —
// in the three services' schemas alike, with messages in our words.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { comparePoints, int32Max, isoParts, wholeNumber, wholeNumberList } from '../../src/core/values.js';
import * as bitrix from '../../src/services/bitrix24/methods/schemas.js';
import * as planfix from '../../src/services/planfix/methods/schemas.js';
import * as diadoc from '../../src/services/diadoc/methods/schemas.js';

const messageOf = (schema: z.ZodType, value: unknown): string => {
  const result = schema.safeParse(value);
  assert.equal(result.success, false, `${JSON.stringify(value)} should be refused`);
  return result.error!.issues.map((i) => i.message).join('; ');
};

const ids = [bitrix.id(), planfix.id()];

describe('IDs', () => {
  test('digits and safe integers within 1 … 2^31−1 are taken, as numbers', () => {
    for (const id of ids) {
      for (const [value, wire] of [[5, 5], ['5', 5], ['007', 7], [int32Max, int32Max], [String(int32Max), int32Max]] as const) {
        assert.equal(id.parse(value), wire);
      }
    }
  });

  test('exponent, sign, fraction, spaces, other digits are refused as text', () => {
    for (const id of ids) {
      for (const text of ['5e2', '1E3', '+5', '-5', '1.5', ' 5', '5 ', '0x10', '５', '5\n', '', 'abc']) {
        assert.match(messageOf(id, text), /^expected an ID: a whole number from 1 to 2147483647, in digits/);
      }
    }
  });

  test('0 and negatives are refused before any request (IDs start at 1)', () => {
    for (const id of ids) {
      assert.equal(messageOf(id, 0), '0 is not an ID: the smallest is 1');
      assert.equal(messageOf(id, '0'), '0 is not an ID: the smallest is 1');
      assert.equal(messageOf(id, -5), '-5 is below the smallest ID, 1');
    }
  });

  test('IDs past the range are refused with the digits as typed, never rounded or written as 1e+30', () => {
    for (const id of ids) {
      assert.equal(messageOf(id, '9007199254740993'), '9007199254740993 is beyond the largest ID, 2147483647');
      assert.equal(messageOf(id, '2147483648'), '2147483648 is beyond the largest ID, 2147483647');
      assert.match(messageOf(id, '1000000000000000000000000000000'), /^10000000000000000000… is beyond the largest ID/);
      assert.match(messageOf(id, 1e30), /^1e\+30 is beyond the largest ID/);
      assert.match(messageOf(id, 2 ** 53 + 2), /beyond the largest ID/);
    }
  });

  test('other kinds are named as what they are', () => {
    assert.match(messageOf(bitrix.id(), true), /, not true$/);
    assert.match(messageOf(bitrix.id(), [1]), /, not a list$/);
    assert.match(messageOf(bitrix.id(), { id: 1 }), /, not an object$/);
    assert.match(messageOf(bitrix.id(), 1.5), /1\.5 has a fraction/);
    assert.match(messageOf(bitrix.id(), Number.NaN), /not finite/);
    assert.match(messageOf(bitrix.id(), undefined), /^required: expected an ID/);
  });

  test('Planfix ids that may be 0 say so; lists name the item at fault', () => {
    assert.equal(planfix.idOrZero().parse('0'), 0);
    assert.match(messageOf(planfix.idOrZero(), '5e2'), /0 for none/);
    assert.deepEqual(planfix.ids().parse('1, 2,3'), [1, 2, 3]);
    assert.deepEqual(bitrix.ids().parse(['1', 2]), [1, 2]);
    assert.equal(messageOf(bitrix.ids(), [1, 0]), 'item 2: 0 is not an ID: the smallest is 1');
    assert.equal(messageOf(planfix.ids(), '1,5e2'), 'item 2: expected an ID: a whole number from 1 to 2147483647, in digits; no exponent, sign, fraction or spaces');
    assert.match(messageOf(planfix.ids(2), [1, 2, 3]), /at most 2\); got 3$/);
    assert.match(messageOf(bitrix.ids(), []), /got an empty list$/);
  });

  test('counts and page sizes follow the same rule with their own range', () => {
    assert.equal(messageOf(planfix.pageSize(), 500), '500 is beyond the largest page size, 100');
    assert.equal(messageOf(diadoc.positive(50, 'a page size'), '51'), '51 is beyond the largest page size, 50');
    assert.equal(messageOf(bitrix.start(), '-2'), '-2 is below the smallest list offset, -1');
    assert.equal(bitrix.start().parse('-1'), -1);
    assert.equal(messageOf(wholeNumber({ min: 1, max: 10, noun: 'a count' }), 0), '0 is not a count: the smallest is 1');
    assert.throws(() => wholeNumber({ min: 0, max: 2 ** 60, noun: 'x' }), RangeError);
    assert.deepEqual(wholeNumberList({ min: 1, max: 9, noun: 'a digit' }, { plural: 'digits' }).parse(3), [3]);
  });
});

describe('dates and times', () => {
  test('Bitrix24 dates are real days (leap years included)', () => {
    assert.equal(bitrix.date().parse('2024-02-29'), '2024-02-29');
    assert.equal(bitrix.date().parse(new Date('2024-03-01T00:00:00Z')), '2024-03-01');
    for (const text of ['2024-02-30', '2024-13-01', '2023-02-29', '2024-04-31', '2024-00-10', '2024-01-00', '0000-01-01']) {
      assert.equal(messageOf(bitrix.date(), text), 'expected a date as YYYY-MM-DD: there is no such day');
    }
    assert.equal(messageOf(bitrix.date(), '01.02.2024'), 'expected a date as YYYY-MM-DD');
    assert.equal(messageOf(bitrix.date(), 20240201), 'expected a date as YYYY-MM-DD, not a number');
    assert.match(messageOf(bitrix.date(), new Date(Number.NaN)), /invalid Date/);
  });

  test('Bitrix24 date-times are real moments, with or without an offset', () => {
    for (const text of ['2024-02-29', '2024-02-29T10:00', '2024-02-29T23:59:59', '2024-02-29 10:00:00.123', '2024-02-29T10:00:00Z', '2024-02-29T10:00:00+03:00', '2024-02-29T10:00:00-0530']) {
      assert.equal(bitrix.dateTime().parse(text), text);
    }
    for (const text of ['2024-02-30T10:00:00', '2024-01-01T24:00', '2024-01-01T10:60', '2024-01-01T10:00:60', '2024-01-01T10:00+15:00', '2024-01-01T10:00+03:60']) {
      assert.match(messageOf(bitrix.dateTime(), text), /there is no such day, time or offset$/);
    }
  });

  test('Planfix dates (dd-mm-yyyy), times (hh:mm) and date-times in its own format', () => {
    assert.equal(planfix.date().parse('29-02-2024'), '29-02-2024');
    assert.equal(planfix.date().parse(new Date('2024-03-01T00:00:00Z')), '01-03-2024');
    assert.equal(messageOf(planfix.date(), '30-02-2024'), 'expected a date as dd-mm-yyyy: there is no such day');
    assert.equal(messageOf(planfix.date(), '2024-02-01'), 'expected a date as dd-mm-yyyy');
    assert.equal(planfix.time().parse('23:59'), '23:59');
    for (const text of ['25:99', '24:00', '12:60']) assert.match(messageOf(planfix.time(), text), /no such time/);
    assert.equal(planfix.dateTime().parse('29-02-2024 10:30'), '29-02-2024 10:30');
    assert.match(messageOf(planfix.dateTime(), '29-02-2023 10:30'), /no such day or time/);
    assert.match(messageOf(planfix.dateTime(), '28-02-2023 25:30'), /no such day or time/);
  });

  test('points of a period compare as moments when both carry an offset, as days otherwise', () => {
    const p = (t: string) => isoParts(t)!;
    assert.equal(comparePoints(p('2024-03-02T10:00:00+03:00'), p('2024-03-02T06:00:00Z')), 1);
    assert.equal(comparePoints(p('2024-03-02T10:00:00+03:00'), p('2024-03-02T08:00:00Z')), -1);
    assert.equal(comparePoints(p('2024-03-02T10:00:00+03:00'), p('2024-03-02T07:00:00Z')), 0);
    assert.equal(comparePoints(p('2024-03-02T10:00'), p('2024-03-02T09:00')), 1);
    assert.equal(comparePoints(p('2024-03-02'), p('2024-03-02T09:00')), 0);
    assert.equal(comparePoints(p('2024-03-02T10:00'), p('2024-03-02T09:00Z')), undefined);
  });

  test('a period whose start is after its end is refused, at the start, naming the end', () => {
    const nameOf = (key: string) => `--${key}`;
    assert.deepEqual(bitrix.periodIssues({ from: '2024-03-02', to: '2024-03-01' }, nameOf, 'from', 'to'), [
      { path: 'from', message: 'is after --to: the start of a period must be on or before its end' },
    ]);
    assert.deepEqual(bitrix.periodIssues({ from: '2024-03-01', to: '2024-03-01' }, nameOf, 'from', 'to'), []);
    assert.deepEqual(bitrix.periodIssues({ fields: { from: '2024-03-02T10:00:00', to: '2024-03-02T09:00:00' } }, (k) => k, 'from', 'to', 'fields'), [
      { path: 'fields.from', message: 'is after fields.to: the start of a period must be on or before its end' },
    ]);
    assert.deepEqual(planfix.periodIssues({ startDate: '02-03-2024', endDate: '01-03-2024' }, (k) => k, ['startDate'], ['endDate']).length, 1);
    assert.deepEqual(
      planfix.periodIssues({ startDate: '01-03-2024', startTime: '10:00', endDate: '01-03-2024', endTime: '09:00' }, (k) => k, ['startDate', 'startTime'], ['endDate', 'endTime']).length,
      1,
    );
    assert.deepEqual(planfix.periodIssues({ startDate: '01-03-2024', startTime: '10:00', endDate: '01-03-2024' }, (k) => k, ['startDate', 'startTime'], ['endDate', 'endTime']), []);
  });
});
