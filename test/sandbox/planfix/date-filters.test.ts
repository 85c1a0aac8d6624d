import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { datePeriod, inPeriod } from '../../../src/sandbox/planfix/date-filters.js';
import { parseXml } from '../../../src/sandbox/planfix/xml.js';

const day = 86_400_000;
// Wednesday, 18 November 2026, 15:30 UTC.
const now = Date.UTC(2026, 10, 18, 15, 30);
const value = (inner: string) => parseXml(`<value>${inner}</value>`);
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 16);

describe('planfix sandbox: date filter periods', () => {
  test('days, weeks (from Monday) and months', () => {
    assert.deepEqual(datePeriod(value('<datetype>today</datetype>'), now), { from: Date.UTC(2026, 10, 18), to: Date.UTC(2026, 10, 19) });
    assert.equal(iso(datePeriod(value('<datetype>yesterday</datetype>'), now).from), '2026-11-17T00:00');
    assert.equal(iso(datePeriod(value('<datetype>thisweek</datetype>'), now).from), '2026-11-16T00:00');
    assert.equal(iso(datePeriod(value('<datetype>lastweek</datetype>'), now).from), '2026-11-09T00:00');
    assert.equal(iso(datePeriod(value('<datetype>nextweek</datetype>'), now).to), '2026-11-30T00:00');
    assert.deepEqual(datePeriod(value('<datetype>lastmonth</datetype>'), now), { from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 10, 1) });
    assert.deepEqual(datePeriod(value('<datetype>nextmonth</datetype>'), now), { from: Date.UTC(2026, 11, 1), to: Date.UTC(2027, 0, 1) });
  });

  test('last / next / in n days, exact dates and periods', () => {
    assert.deepEqual(datePeriod(value('<datetype>last</datetype><datevalue>3</datevalue>'), now), { from: Date.UTC(2026, 10, 16), to: Date.UTC(2026, 10, 19) });
    assert.deepEqual(datePeriod(value('<datetype>next</datetype><datevalue>2</datevalue>'), now), { from: Date.UTC(2026, 10, 18), to: Date.UTC(2026, 10, 20) });
    assert.deepEqual(datePeriod(value('<datetype>in</datetype><datevalue>5</datevalue>'), now), { from: Date.UTC(2026, 10, 23), to: Date.UTC(2026, 10, 24) });
    assert.deepEqual(datePeriod(value('<datetype>anotherperiod</datetype><datefrom>01-01-2015</datefrom><dateto>01-02-2015</dateto>'), now), { from: Date.UTC(2015, 0, 1), to: Date.UTC(2015, 1, 1) + day });
    const withTime = datePeriod(value('<datetype>anotherdate_withtime</datetype><datefrom>01-01-2015 12:00</datefrom>'), now);
    assert.deepEqual(withTime, { from: Date.UTC(2015, 0, 1, 12), to: Date.UTC(2015, 0, 1, 12, 1) });
  });

  test('operators: equal inside, notequal outside or no date, gt after, lt before', () => {
    const p = { from: 100, to: 200 };
    assert.equal(inPeriod('equal', p, 150), true);
    assert.equal(inPeriod('equal', p, 200), false);
    assert.equal(inPeriod('notequal', p, 250), true);
    assert.equal(inPeriod('notequal', p, undefined), true);
    assert.equal(inPeriod('gt', p, 200), true);
    assert.equal(inPeriod('gt', p, 150), false);
    assert.equal(inPeriod('lt', p, 99), true);
    assert.equal(inPeriod('lt', p, undefined), false);
  });

  test('bad values: unknown datetype, a malformed date, a missing datevalue', () => {
    assert.throws(() => datePeriod(value('<datetype>soon</datetype>'), now), { code: '0015' });
    assert.throws(() => datePeriod(value('<datetype>anotherdate</datetype><datefrom>2015-01-01</datefrom>'), now), { code: '0015' });
    assert.throws(() => datePeriod(value('<datetype>last</datetype>'), now), { code: '0017' });
  });
});
