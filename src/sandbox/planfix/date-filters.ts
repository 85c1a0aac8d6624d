// The period a date filter's <value> names (page "Фильтры задач": datetype, datevalue,
// datefrom, dateto). The docs count dates in the caller's time zone; the sandbox works in UTC.
// Choices where the page is terse: weeks start on Monday; "last n" is today and the n-1 days
// before it, "next n" today and the n-1 days after it, "in n" the single day n days ahead;
// periods include both ends (a day, or a minute for the _withtime kinds).
import { parseDate, parseDateTime, planfixDateToMs } from './dates.js';
import { PlanfixError } from './errors.js';
import { toInt } from './params.js';
import { childrenNamed, type XmlNode } from './xml.js';

const day = 24 * 3600_000;

/** A half-open interval [from, to) in milliseconds. */
export interface Period {
  from: number;
  to: number;
}

function part(node: XmlNode, name: string): string | undefined {
  const v = childrenNamed(node, name)[0]?.text.trim();
  return v === undefined || v === '' ? undefined : v;
}

function required(node: XmlNode, name: string, datetype: string): string {
  const v = part(node, name);
  if (v === undefined) throw new PlanfixError('0017', `${name} for datetype ${datetype}`);
  return v;
}

function dayStart(text: string, name: string): number {
  const d = parseDate(text);
  if (!d) throw new PlanfixError('0015', `${name} must be dd-mm-yyyy`);
  return d.getTime();
}

function minute(text: string, name: string): number {
  const parsed = parseDateTime(text);
  if (!parsed?.time) throw new PlanfixError('0015', `${name} must be dd-mm-yyyy hh:mm`);
  return planfixDateToMs(parsed);
}

export function datePeriod(value: XmlNode | undefined, now = Date.now()): Period {
  if (!value) throw new PlanfixError('0009', 'filters/filter/value');
  const datetype = part(value, 'datetype');
  if (datetype === undefined) throw new PlanfixError('0009', 'filters/filter/value/datetype');
  const today = Math.floor(now / day) * day;
  const weekday = (new Date(today).getUTCDay() + 6) % 7; // Monday = 0
  const monday = today - weekday * day;
  const month = (offset: number): Period => {
    const d = new Date(today);
    return {
      from: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1),
      to: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset + 1, 1),
    };
  };
  const count = (): number => {
    const n = toInt(required(value, 'datevalue', datetype), 'datevalue');
    if (n < 1) throw new PlanfixError('0015', 'datevalue must be at least 1');
    return n;
  };
  switch (datetype) {
    case 'today':
      return { from: today, to: today + day };
    case 'yesterday':
      return { from: today - day, to: today };
    case 'tomorrow':
      return { from: today + day, to: today + 2 * day };
    case 'thisweek':
      return { from: monday, to: monday + 7 * day };
    case 'lastweek':
      return { from: monday - 7 * day, to: monday };
    case 'nextweek':
      return { from: monday + 7 * day, to: monday + 14 * day };
    case 'thismonth':
      return month(0);
    case 'lastmonth':
      return month(-1);
    case 'nextmonth':
      return month(1);
    case 'last':
      return { from: today - (count() - 1) * day, to: today + day };
    case 'next':
      return { from: today, to: today + count() * day };
    case 'in': {
      const n = toInt(required(value, 'datevalue', datetype), 'datevalue');
      return { from: today + n * day, to: today + (n + 1) * day };
    }
    case 'anotherdate': {
      const from = dayStart(required(value, 'datefrom', datetype), 'datefrom');
      return { from, to: from + day };
    }
    case 'anotherperiod': {
      const from = dayStart(required(value, 'datefrom', datetype), 'datefrom');
      const to = dayStart(required(value, 'dateto', datetype), 'dateto') + day;
      return { from, to };
    }
    case 'anotherdate_withtime': {
      const from = minute(required(value, 'datefrom', datetype), 'datefrom');
      return { from, to: from + 60_000 };
    }
    case 'anotherperiod_withtime': {
      const from = minute(required(value, 'datefrom', datetype), 'datefrom');
      const to = minute(required(value, 'dateto', datetype), 'dateto') + 60_000;
      return { from, to };
    }
    default:
      throw new PlanfixError('0015', `unknown datetype ${datetype}`);
  }
}

/** equal: inside the period; notequal: outside (or no date); gt: after it; lt: before it. */
export function inPeriod(operator: 'equal' | 'notequal' | 'gt' | 'lt', period: Period, at: number | undefined): boolean {
  if (at === undefined) return operator === 'notequal';
  const inside = at >= period.from && at < period.to;
  switch (operator) {
    case 'equal':
      return inside;
    case 'notequal':
      return !inside;
    case 'gt':
      return at >= period.to;
    case 'lt':
      return at < period.from;
  }
}
