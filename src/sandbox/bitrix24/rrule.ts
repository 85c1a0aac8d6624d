// A recurrence rule as the calendar methods show it (api-reference/calendar/_includes/
// calendar_event_fields.md, object RRULE): FREQ, BYDAY as a map {MO: "MO"}, INTERVAL as a number,
// COUNT, UNTIL and ~UNTIL in the portal's date format with UNTIL_TS, and the rule in words
// (~RRULE_DESCRIPTION, "каждую неделю по: Пн, Ср, от … до …"). Occurrences are not expanded.
import { parseDate, portalTimeZone, ruDateTime } from './dates.js';
import { isRecord, toInt, toList, toStr } from './params.js';

const weekDays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const dayNames: Record<string, string> = { MO: 'Пн', TU: 'Вт', WE: 'Ср', TH: 'Чт', FR: 'Пт', SA: 'Сб', SU: 'Вс' };

/** Russian forms for 1, 2–4 and 5+ of each period, and "every" for one period. */
const periods: Record<string, { one: string; forms: [string, string, string] }> = {
  DAILY: { one: 'каждый день', forms: ['день', 'дня', 'дней'] },
  WEEKLY: { one: 'каждую неделю', forms: ['неделю', 'недели', 'недель'] },
  MONTHLY: { one: 'каждый месяц', forms: ['месяц', 'месяца', 'месяцев'] },
  YEARLY: { one: 'каждый год', forms: ['год', 'года', 'лет'] },
};

function plural(n: number, forms: [string, string, string]): string {
  const tens = n % 100;
  const ones = n % 10;
  if (tens >= 11 && tens <= 14) return forms[2];
  if (ones === 1) return forms[0];
  return ones >= 2 && ones <= 4 ? forms[1] : forms[2];
}

export type Rrule = Record<string, unknown>;

/** Reads the `rrule` parameter into the stored form; undefined when it is not a rule. */
export function readRrule(value: unknown): Rrule | undefined {
  if (!isRecord(value)) return undefined;
  const freq = toStr(value.FREQ ?? value.freq)?.toUpperCase();
  if (!freq || !(freq in periods)) return undefined;
  const rule: Rrule = { FREQ: freq };
  const days = (toList(value.BYDAY ?? value.byday) ?? [])
    .flatMap((d) => String(d).split(','))
    .map((d) => d.trim().toUpperCase())
    .filter((d): d is (typeof weekDays)[number] => (weekDays as readonly string[]).includes(d));
  if (days.length > 0) rule.BYDAY = Object.fromEntries(weekDays.filter((d) => days.includes(d)).map((d) => [d, d]));
  rule.INTERVAL = Math.max(1, toInt(value.INTERVAL ?? value.interval) ?? 1);
  const count = toInt(value.COUNT ?? value.count);
  if (count !== undefined && count > 0) rule.COUNT = count;
  const untilText = toStr(value.UNTIL ?? value.until);
  const until = untilText ? parseDate(untilText, 'UTC') : undefined;
  if (until !== undefined) {
    const day = Math.floor(until / 86_400) * 86_400;
    rule.UNTIL = ruDateTime(day, 'UTC', false);
    rule['~UNTIL'] = rule.UNTIL;
    rule.UNTIL_TS = day;
  }
  return rule;
}

/** The rule in words, as ~RRULE_DESCRIPTION gives it. */
export function describeRrule(rule: Rrule, fromSec: number, tz = portalTimeZone): string {
  const period = periods[String(rule.FREQ)]!;
  const interval = typeof rule.INTERVAL === 'number' ? rule.INTERVAL : 1;
  let text = interval === 1 ? period.one : `каждые ${interval} ${plural(interval, period.forms)}`;
  if (isRecord(rule.BYDAY)) text += ` по: ${Object.keys(rule.BYDAY).map((d) => dayNames[d]).join(', ')}`;
  text += `, от ${ruDateTime(fromSec, tz, false)}`;
  if (typeof rule.UNTIL === 'string') text += ` до ${rule.UNTIL}`;
  if (typeof rule.COUNT === 'number') text += `, ${rule.COUNT} раз`;
  return text;
}
