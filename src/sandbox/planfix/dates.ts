// Planfix writes dates as dd-mm-yyyy and date-times as dd-mm-yyyy hh:mm (the docs' DateTime
// type). The sandbox keeps them in that form and works in UTC.
import type { PlanfixDate } from './model.js';

const pad = (n: number): string => String(n).padStart(2, '0');

export function formatDate(d: Date): string {
  return `${pad(d.getUTCDate())}-${pad(d.getUTCMonth() + 1)}-${d.getUTCFullYear()}`;
}

export function formatTime(d: Date): string {
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function formatDateTime(d: Date): string {
  return `${formatDate(d)} ${formatTime(d)}`;
}

/** Parses dd-mm-yyyy (also dd.mm.yyyy); undefined when it is not a real calendar date. */
export function parseDate(text: string): Date | undefined {
  const m = /^(\d{2})[-.](\d{2})[-.](\d{4})$/.exec(text.trim());
  if (!m) return undefined;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCDate() === day && d.getUTCMonth() === month - 1 ? d : undefined;
}

/** Parses hh:mm into minutes after midnight. */
export function parseTime(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h < 24 && min < 60 ? h * 60 + min : undefined;
}

/** Parses "dd-mm-yyyy" or "dd-mm-yyyy hh:mm" into a {date, time} pair. */
export function parseDateTime(text: string): PlanfixDate | undefined {
  const [datePart, timePart, extra] = text.trim().split(/\s+/);
  if (datePart === undefined || extra !== undefined || !parseDate(datePart)) return undefined;
  if (timePart !== undefined && parseTime(timePart) === undefined) return undefined;
  const date = formatDate(parseDate(datePart) as Date);
  return timePart === undefined ? { date } : { date, time: normaliseTime(timePart) };
}

function normaliseTime(text: string): string {
  const minutes = parseTime(text) ?? 0;
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

export function showPlanfixDate(value: PlanfixDate | undefined): string {
  if (!value) return '';
  return value.time ? `${value.date} ${value.time}` : value.date;
}

/** Milliseconds since the epoch; a date without a time counts as the end of that day for deadlines. */
export function planfixDateToMs(value: PlanfixDate, endOfDay = false): number {
  const day = (parseDate(value.date) as Date).getTime();
  if (value.time) return day + (parseTime(value.time) ?? 0) * 60_000;
  return endOfDay ? day + 24 * 3600_000 - 1 : day;
}
