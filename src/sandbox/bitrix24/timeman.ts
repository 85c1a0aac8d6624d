// The working-day timer of each user (api-reference/timeman/base/*.md): a day is opened, paused,
// resumed, closed and reopened; a day left open past its own calendar date is EXPIRED. The
// answer of timeman.open/pause/close/status is one shape, built here from the stored day.

export type DayStatus = 'OPENED' | 'PAUSED' | 'CLOSED' | 'EXPIRED';

export interface WorkDay {
  /** epoch seconds */
  start: number;
  /** Offset of the zone the day was opened in, seconds east of UTC; every time is shown in it. */
  tzOffset: number;
  /** epoch seconds, null while the day runs */
  finish: number | null;
  /** When the current pause began, null when not paused. */
  pausedAt: number | null;
  /** Breaks taken so far, seconds (pauses, and the gaps between a close and a reopening). */
  leaks: number;
  /** False while a manager has to confirm a change of times. */
  active: boolean;
  ipOpen: string;
  ipClose: string;
  latOpen: number;
  lonOpen: number;
  latClose: number;
  lonClose: number;
}

/** A user's working-time rules (timeman-settings.md). Times as HH:MM:SS. */
export interface TimemanSettings {
  UF_TIMEMAN: boolean;
  UF_TM_FREE: boolean;
  UF_TM_MAX_START: string;
  UF_TM_MIN_FINISH: string;
  UF_TM_MIN_DURATION: string;
  UF_TM_ALLOWED_DELTA: string;
}

export const defaultTimemanSettings: TimemanSettings = {
  UF_TIMEMAN: true,
  UF_TM_FREE: false,
  UF_TM_MAX_START: '09:15:00',
  UF_TM_MIN_FINISH: '18:00:00',
  UF_TM_MIN_DURATION: '08:00:00',
  UF_TM_ALLOWED_DELTA: '00:15:00',
};

const two = (n: number): string => String(n).padStart(2, '0');

/** Seconds as HH:MM:SS (hours may exceed 24 for a day left open). */
export function hms(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** HH:MM:SS as seconds. */
export function seconds(text: string): number {
  const [h, m, s] = text.split(':').map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
}

/** The calendar day (days since the epoch) of a moment, in a zone given by its offset. */
export const localDay = (epochSec: number, offset: number): number => Math.floor((epochSec + offset) / 86_400);

/** ISO 8601 at a fixed offset: 2025-03-27T08:00:01+02:00. */
export function isoAt(epochSec: number, offset: number): string {
  const d = new Date((Math.floor(epochSec) + offset) * 1000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}${sign}${two(Math.floor(abs / 3600))}:${two(Math.floor((abs % 3600) / 60))}`;
}

export function statusOf(day: WorkDay | undefined, nowSec: number): DayStatus {
  if (!day || day.finish !== null) return 'CLOSED';
  if (localDay(day.start, day.tzOffset) < localDay(nowSec, day.tzOffset)) return 'EXPIRED';
  return day.pausedAt !== null ? 'PAUSED' : 'OPENED';
}

/**
 * The answer of timeman.open/pause/close/status. A user who never opened a day gets a CLOSED
 * answer with empty times (the pages do not show that case; see DEVIATIONS.md).
 */
export function dayAnswer(day: WorkDay | undefined, nowSec: number, settings: TimemanSettings, userOffset: number): Record<string, unknown> {
  const status = statusOf(day, nowSec);
  if (!day) {
    return {
      STATUS: status, TIME_START: null, TIME_FINISH: null, DURATION: '00:00:00', TIME_LEAKS: '00:00:00', ACTIVE: false,
      IP_OPEN: '', IP_CLOSE: '', LAT_OPEN: 0, LON_OPEN: 0, LAT_CLOSE: 0, LON_CLOSE: 0, TZ_OFFSET: userOffset,
    };
  }
  const answer: Record<string, unknown> = {
    STATUS: status,
    TIME_START: isoAt(day.start, day.tzOffset),
    TIME_FINISH: day.finish === null ? null : isoAt(day.finish, day.tzOffset),
    DURATION: day.finish === null ? '00:00:00' : hms(day.finish - day.start - day.leaks),
    TIME_LEAKS: hms(day.leaks),
    ACTIVE: day.active,
    IP_OPEN: day.ipOpen,
    IP_CLOSE: day.ipClose,
    LAT_OPEN: day.latOpen,
    LON_OPEN: day.lonOpen,
    LAT_CLOSE: day.latClose,
    LON_CLOSE: day.lonClose,
    TZ_OFFSET: day.tzOffset,
  };
  if (status === 'EXPIRED') {
    // The suggested end: the day's start plus the minimum duration and the breaks, on its own date.
    const suggested = day.start + seconds(settings.UF_TM_MIN_DURATION) + day.leaks;
    const endOfDay = (localDay(day.start, day.tzOffset) + 1) * 86_400 - day.tzOffset - 1;
    answer.TIME_FINISH_DEFAULT = isoAt(Math.min(suggested, endOfDay), day.tzOffset);
  }
  return answer;
}
