// timeman.open / pause / close / status / settings: the working-day timer of a user
// (api-reference/timeman/base/*.md). Errors are HTTP 400: "User not found" with an empty code,
// WRONG_DATETIME for a date off the day, TIME for a time given to a paused day.
import { offsetSeconds, portalTimeZone } from '../dates.js';
import { PortalError } from '../errors.js';
import { pick, toInt, toNumber, toStr, type Params } from '../params.js';
import type { PortalState } from '../state.js';
import { dayAnswer, defaultTimemanSettings, localDay, seconds, statusOf, type TimemanSettings, type WorkDay } from '../timeman.js';
import type { CallContext, MethodHandler } from './types.js';

const userNotFound = (): PortalError => new PortalError(400, '', 'User not found');
const wrongOpenDate = (): PortalError => new PortalError(400, 'WRONG_DATETIME', 'Day open date should correspond to the current date');
const wrongCloseDate = (): PortalError => new PortalError(400, 'WRONG_DATETIME', 'Day close date should correspond to the day open date');
const pausedTime = (): PortalError => new PortalError(400, 'TIME', 'Unable to set time, work day is paused');
// Not on the pages (see DEVIATIONS.md): the pages say REPORT is required with TIME off a free
// schedule, and that other users' days need the right to edit them, but give no error for either.
const reportRequired = (): PortalError => new PortalError(400, 'REPORT_REQUIRED', 'Report is required');
const accessDenied = (): PortalError => new PortalError(400, 'ACCESS_DENIED', 'Access denied');

export function timemanSettingsOf(state: PortalState, userId: number): TimemanSettings {
  return state.timemanSettings.get(userId) ?? defaultTimemanSettings;
}

/** May `caller` manage the working days of others: the administrator and heads of departments. */
export function managesDays(state: PortalState, caller: number): boolean {
  return caller === 1 || state.departments.all().some((d) => d.UF_HEAD === caller);
}

/** May `caller` manage `target`'s day: their own; the administrator any; a head those below them. */
function mayManage(state: PortalState, caller: number, target: number): boolean {
  if (caller === target || caller === 1) return true;
  const user = state.users.get(target);
  return !!user && user.UF_DEPARTMENT.some((dep) => state.departmentChain(dep).some((d) => d.UF_HEAD === caller));
}

/** The user the call is about: USER_ID (another user needs the right), else the caller. */
function targetUser(params: Params, ctx: CallContext, checkAccess: boolean): number {
  const raw = pick(params, 'USER_ID');
  const userId = raw === undefined || raw === '' ? ctx.userId : toInt(raw);
  if (userId === undefined || !ctx.state.users.get(userId)) throw userNotFound();
  if (checkAccess && !mayManage(ctx.state, ctx.userId, userId)) throw accessDenied();
  return userId;
}

/** The user's zone offset now: their profile's zone, else the portal's. */
function userOffset(state: PortalState, userId: number, nowSec: number): number {
  const zone = state.users.get(userId)?.TIME_ZONE || portalTimeZone;
  try {
    return offsetSeconds(zone, nowSec);
  } catch {
    return offsetSeconds(portalTimeZone, nowSec);
  }
}

/** TIME in ATOM form (2025-02-12T15:52:01+00:00): the moment and the offset it carries. */
function readTime(value: unknown, fallbackOffset: number): { at: number; offset: number } | undefined {
  const text = toStr(value)?.trim();
  if (!text) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!m) return { at: Number.NaN, offset: fallbackOffset };
  const zone = m[7];
  const offset = !zone ? fallbackOffset : zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(-2)) * 60);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)) / 1000;
  return { at: wall - offset, offset };
}

/** A change of times needs a reason off a free schedule, and a manager's confirmation beyond the allowed delta. */
function checkReport(params: Params, settings: TimemanSettings): void {
  if (settings.UF_TM_FREE) return;
  if (!(toStr(pick(params, 'REPORT')) ?? '').trim()) throw reportRequired();
}

const needsConfirmation = (at: number, now: number, settings: TimemanSettings): boolean =>
  !settings.UF_TM_FREE && Math.abs(now - at) > seconds(settings.UF_TM_ALLOWED_DELTA);

const answer = (ctx: CallContext, userId: number) => ({
  result: dayAnswer(ctx.state.workdays.get(userId), ctx.nowSec, timemanSettingsOf(ctx.state, userId), userOffset(ctx.state, userId, ctx.nowSec)),
});

const coordinate = (params: Params, name: string): number => toNumber(pick(params, name)) ?? 0;

export const timemanMethods: Record<string, MethodHandler> = {
  // Starts a new day, or continues a paused or closed one; TIME only for a closed day.
  'timeman.open': (params, ctx) => {
    const userId = targetUser(params, ctx, true);
    const now = Math.floor(ctx.nowSec);
    const settings = timemanSettingsOf(ctx.state, userId);
    const day = ctx.state.workdays.get(userId);
    const status = statusOf(day, now);
    const time = readTime(pick(params, 'TIME'), userOffset(ctx.state, userId, now));
    if (time && status === 'PAUSED') throw pausedTime();
    if (status === 'PAUSED' && day) {
      day.leaks += now - (day.pausedAt ?? now);
      day.pausedAt = null;
      return answer(ctx, userId);
    }
    // An open or expired day stays as it is: the pages name no error for it (DEVIATIONS.md).
    if (status === 'OPENED' || status === 'EXPIRED') return answer(ctx, userId);
    const offset = time?.offset ?? userOffset(ctx.state, userId, now);
    const at = time ? time.at : now;
    if (time && (Number.isNaN(at) || localDay(at, offset) !== localDay(now, offset))) throw wrongOpenDate();
    if (time) checkReport(params, settings);
    const active = !(time && needsConfirmation(at, now, settings));
    if (day && day.finish !== null && localDay(day.start, day.tzOffset) === localDay(now, day.tzOffset)) {
      // Reopening today's closed day: the time since the close was a break.
      day.leaks += Math.max(0, at - day.finish);
      day.finish = null;
      day.ipClose = '';
      day.latClose = 0;
      day.lonClose = 0;
      day.active = day.active && active;
      return answer(ctx, userId);
    }
    const fresh: WorkDay = {
      start: at,
      tzOffset: offset,
      finish: null,
      pausedAt: null,
      leaks: 0,
      active,
      ipOpen: '',
      ipClose: '',
      latOpen: coordinate(params, 'LAT'),
      lonOpen: coordinate(params, 'LON'),
      latClose: 0,
      lonClose: 0,
    };
    ctx.state.workdays.set(userId, fresh);
    return answer(ctx, userId);
  },

  // Pauses the day; a closed day is resumed first, the time since its close counted as work.
  'timeman.pause': (params, ctx) => {
    const userId = targetUser(params, ctx, true);
    const now = Math.floor(ctx.nowSec);
    const day = ctx.state.workdays.get(userId);
    if (!day) return answer(ctx, userId);
    if (day.finish !== null) day.finish = null;
    if (day.pausedAt === null) day.pausedAt = now;
    return answer(ctx, userId);
  },

  // Closes the day, now or at TIME (on the day's own date, shown in the day's zone).
  'timeman.close': (params, ctx) => {
    const userId = targetUser(params, ctx, true);
    const now = Math.floor(ctx.nowSec);
    const settings = timemanSettingsOf(ctx.state, userId);
    const day = ctx.state.workdays.get(userId);
    if (!day || day.finish !== null) return answer(ctx, userId);
    const time = readTime(pick(params, 'TIME'), day.tzOffset);
    const at = time ? time.at : now;
    // An expired day can only be closed on its own date, so it needs TIME.
    if (!time && statusOf(day, now) === 'EXPIRED') throw wrongCloseDate();
    if (time && (Number.isNaN(at) || localDay(at, day.tzOffset) !== localDay(day.start, day.tzOffset) || at < day.start)) throw wrongCloseDate();
    if (time) checkReport(params, settings);
    if (day.pausedAt !== null) {
      day.leaks += Math.max(0, at - day.pausedAt);
      day.pausedAt = null;
    }
    day.finish = at;
    day.latClose = coordinate(params, 'LAT');
    day.lonClose = coordinate(params, 'LON');
    if (time && needsConfirmation(at, now, settings)) day.active = false;
    return answer(ctx, userId);
  },

  'timeman.status': (params, ctx) => answer(ctx, targetUser(params, ctx, false)),

  // ADMIN is shown only for the caller's own settings (timeman-settings.md).
  'timeman.settings': (params, ctx) => {
    const userId = targetUser(params, ctx, false);
    const result: Record<string, unknown> = { ...timemanSettingsOf(ctx.state, userId) };
    if (userId === ctx.userId) result.ADMIN = managesDays(ctx.state, userId);
    return { result };
  },
};
