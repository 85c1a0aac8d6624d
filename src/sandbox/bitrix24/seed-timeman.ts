// Working days of the seeded company, laid around the moment of seeding in the portal's zone:
// the commercial director at work, the chief accountant on a break, the marketing director done
// for the day, the technical director's day left open since yesterday; the developers of both
// development groups work on a free schedule. Fixed data: the main seed's random stream stays
// untouched, so every other seeded row is what it was.
import { offsetSeconds, portalTimeZone } from './dates.js';
import type { PortalState } from './state.js';
import { defaultTimemanSettings, localDay, type WorkDay } from './timeman.js';

const hour = 3600;

export function seedTimeman(state: PortalState): void {
  const now = state.seededAt;
  const offset = offsetSeconds(portalTimeZone, now);
  const dayStart = localDay(now, offset) * 86_400 - offset;
  // A wall-clock time of today, kept inside [start of today, `latest`].
  const today = (h: number, m: number, latest: number): number => Math.max(dayStart, Math.min(dayStart + h * hour + m * 60, latest));
  const day = (fields: Partial<WorkDay> & Pick<WorkDay, 'start'>): WorkDay => ({
    tzOffset: offset,
    finish: null,
    pausedAt: null,
    leaks: 0,
    active: true,
    ipOpen: '95.165.12.40',
    ipClose: '',
    latOpen: 55.7602,
    lonOpen: 37.6186,
    latClose: 0,
    lonClose: 0,
    ...fields,
  });
  const has = (id: number): boolean => state.users.get(id) !== undefined;

  if (has(2)) state.workdays.set(2, day({ start: today(9, 2, now - 60) }));
  if (has(3)) {
    const start = today(8, 47, now - 120);
    state.workdays.set(3, day({ start, pausedAt: Math.max(start + 60, now - 25 * 60) }));
  }
  if (has(4)) {
    const start = today(9, 11, now - 180);
    const finish = Math.min(start + 9 * hour + 4 * 60, now - 60);
    state.workdays.set(4, day({ start, finish, leaks: Math.min(48 * 60, Math.floor((finish - start) / 4)), ipClose: '95.165.12.40', latClose: 55.7602, lonClose: 37.6186 }));
  }
  if (has(5)) state.workdays.set(5, day({ start: dayStart - 86_400 + 9 * hour + 20 * 60, leaks: 35 * 60 }));

  for (const user of state.users.all()) {
    const developer = user.UF_DEPARTMENT.some((d) => d === 9 || d === 10);
    const head = state.departments.all().some((d) => d.UF_HEAD === user.ID);
    if (developer && !head) state.timemanSettings.set(user.ID, { ...defaultTimemanSettings, UF_TM_FREE: true });
  }
}
