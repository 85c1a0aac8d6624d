// Date handling of a Russian portal: ISO 8601 with the portal's offset in CRM and user data,
// "дд.мм.гггг чч:мм:сс" in the calendar, local times read in an IANA time zone.

export const portalTimeZone = 'Europe/Moscow';

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(tz: string, epochMs: number): Record<string, number> {
  let format = partsFormatters.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(tz, format);
  }
  const out: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return out;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Offset of a zone from UTC at a moment, in seconds (Moscow: 10800). */
export function offsetSeconds(tz: string, epochSec: number): number {
  const p = partsIn(tz, epochSec * 1000);
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return Math.round((asUtc - Math.floor(epochSec) * 1000) / 1000);
}

const two = (n: number): string => String(n).padStart(2, '0');

function offsetText(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  return `${sign}${two(Math.floor(abs / 3600))}:${two(Math.floor((abs % 3600) / 60))}`;
}

/** 2024-08-30T14:29:00+03:00 */
export function isoDate(epochSec: number, tz = portalTimeZone): string {
  const p = partsIn(tz, epochSec * 1000);
  return `${p.year}-${two(p.month ?? 1)}-${two(p.day ?? 1)}T${two(p.hour ?? 0)}:${two(p.minute ?? 0)}:${two(p.second ?? 0)}${offsetText(offsetSeconds(tz, epochSec))}`;
}

/** The moment the local day of `epochSec` began, in `tz`. */
export function startOfDay(epochSec: number, tz = portalTimeZone): number {
  const local = Math.floor(epochSec) + offsetSeconds(tz, epochSec);
  return Math.floor(epochSec) - (((local % 86_400) + 86_400) % 86_400);
}

/** The ISO form of the time block: always UTC, as in seed 000. */
export function isoUtc(epochSec: number): string {
  return new Date(Math.floor(epochSec) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** 02.12.2024 11:00:00, or 02.12.2024 for all-day events. */
export function ruDateTime(epochSec: number, tz: string, withTime = true): string {
  const p = partsIn(tz, epochSec * 1000);
  const date = `${two(p.day ?? 1)}.${two(p.month ?? 1)}.${p.year}`;
  return withTime ? `${date} ${two(p.hour ?? 0)}:${two(p.minute ?? 0)}:${two(p.second ?? 0)}` : date;
}

/** 2024-12-10 06:36:00, the form calendar sections use. */
export function sqlDateTime(epochSec: number, tz = portalTimeZone): string {
  const p = partsIn(tz, epochSec * 1000);
  return `${p.year}-${two(p.month ?? 1)}-${two(p.day ?? 1)} ${two(p.hour ?? 0)}:${two(p.minute ?? 0)}:${two(p.second ?? 0)}`;
}

/** A wall-clock time in a zone to a UTC moment (two passes cover DST changes). */
export function localToEpoch(y: number, mo: number, d: number, h: number, mi: number, s: number, tz: string): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
  let guess = wall - offsetSeconds(tz, wall);
  guess = wall - offsetSeconds(tz, guess);
  return guess;
}

/**
 * Reads the date forms clients send: ISO with an offset or Z, ISO or SQL without one (read in
 * `tz`), a bare date, or the Russian dd.mm.yyyy [hh:mm[:ss]]. Returns epoch seconds.
 */
export function parseDate(text: string, tz = portalTimeZone): number | undefined {
  const t = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (m) {
    const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => Number(v ?? 0)) as [
      number, number, number, number, number, number,
    ];
    if (m[7]) {
      const zone = m[7] === 'Z' ? 0 : (m[7].startsWith('-') ? -1 : 1) * (Number(m[7].slice(1, 3)) * 3600 + Number(m[7].slice(-2)) * 60);
      return Date.UTC(y, mo - 1, d, h, mi, s) / 1000 - zone;
    }
    return localToEpoch(y, mo, d, h, mi, s, tz);
  }
  m = /^(\d{2})\.(\d{2})\.(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (m) {
    return localToEpoch(Number(m[3]), Number(m[2]), Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), tz);
  }
  return undefined;
}

/** True when the text carries only a date (no time of day). */
export function isDateOnly(text: string): boolean {
  return /^\s*(\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4})\s*$/.test(text);
}
