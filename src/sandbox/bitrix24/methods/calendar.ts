// calendar.*: events, meetings and their attendees' answers, busy slots, calendars (sections)
// and settings. Errors are HTTP 400 with an empty code and the texts of each method's page
// (api-reference/calendar/…); a case a page gives no error for gets the page's nearest one or
// none (DEVIATIONS.md). A meeting is the organiser's event plus one copy per attendee in the
// attendee's own calendar, linked by PARENT_ID, as on a portal.
import { calendarError, calendarMissing } from '../errors.js';
import { isDateOnly, isValidTimeZone, offsetSeconds, parseDate, portalTimeZone, ruDateTime, sqlDateTime } from '../dates.js';
import { isRecord, pick, toBool, toInt, toList, toStr, type Params } from '../params.js';
import type { CalendarEvent, MeetingStatus, PortalState, Section } from '../state.js';
import { phpRecord } from '../php.js';
import { describeRrule, readRrule } from '../rrule.js';
import type { CallContext, MethodHandler } from './types.js';

const day = 86_400;
const accessDenied = 'Доступ запрещен';
const badSection = 'Вы задали неверный ID секции календаря или у данного пользователя нет к ней доступа';
const invalid = (param: string): string => `Недопустимое значение параметра "${param}"`;
const calendarTypes = ['user', 'group', 'company_calendar', 'location'];

function endOf(event: CalendarEvent): number {
  // An all-day event's `to` is the start of its last day.
  return event.skipTime ? event.to + day : event.to;
}

function userName(state: PortalState, id: number): string {
  const u = state.users.get(id);
  return u ? `${u.NAME} ${u.LAST_NAME}` : '';
}

/**
 * A row as the calendar methods show it: its own ID, owner and section, the meeting's data, and
 * the status of the row's owner (H on the organiser's event).
 */
export function formatEvent(row: CalendarEvent, state: PortalState): Record<string, unknown> {
  const event = state.meetingOf(row);
  const withTime = !event.skipTime;
  const mine = event.attendees.find((a) => a.id === (row.CAL_TYPE === 'user' ? row.OWNER_ID : event.MEETING_HOST));
  // Each attendee's entry: the organiser's event where its calendar holds it, else the copy.
  const entries = new Map(state.rowsOf(event).map((e) => [e.OWNER_ID, e.ID]));
  const entryOf = (id: number): string => String(event.CAL_TYPE === 'user' && event.OWNER_ID === id ? event.ID : (entries.get(id) ?? event.ID));
  const viewerOffset = offsetSeconds(portalTimeZone, event.from);
  const formatted = (sec: number, tz: string): string =>
    new Date((sec + offsetSeconds(tz, sec)) * 1000).toUTCString().replace(/^(\w{3}), (\d{2}) (\w{3}) (\d{4}) (.*) GMT$/, '$1 $3 $2 $4 $5');
  return {
    ID: String(row.ID),
    PARENT_ID: String(event.ID),
    DELETED: 'N',
    CAL_TYPE: row.CAL_TYPE,
    OWNER_ID: String(row.OWNER_ID),
    NAME: event.NAME,
    DATE_FROM: ruDateTime(event.from, event.TZ_FROM, withTime),
    DATE_TO: ruDateTime(event.to, event.TZ_TO, withTime),
    ORIGINAL_DATE_FROM: null,
    TZ_FROM: event.TZ_FROM,
    TZ_TO: event.TZ_TO,
    TZ_OFFSET_FROM: String(offsetSeconds(event.TZ_FROM, event.from)),
    TZ_OFFSET_TO: String(offsetSeconds(event.TZ_TO, event.to)),
    DATE_FROM_TS_UTC: String(event.from),
    DATE_TO_TS_UTC: String(event.to),
    DT_SKIP_TIME: event.skipTime ? 'Y' : 'N',
    DT_LENGTH: endOf(event) - event.from,
    EVENT_TYPE: event.EVENT_TYPE,
    CREATED_BY: String(event.CREATED_BY),
    DATE_CREATE: ruDateTime(event.DATE_CREATE, portalTimeZone),
    TIMESTAMP_X: ruDateTime(event.TIMESTAMP_X, portalTimeZone),
    DESCRIPTION: event.DESCRIPTION,
    PRIVATE_EVENT: event.PRIVATE_EVENT ? '1' : '',
    ACCESSIBILITY: event.ACCESSIBILITY,
    IMPORTANCE: event.IMPORTANCE,
    IS_MEETING: event.IS_MEETING,
    MEETING_STATUS: event.IS_MEETING ? (mine?.status ?? 'H') : 'H',
    MEETING_HOST: String(event.MEETING_HOST),
    MEETING: {
      HOST_NAME: userName(state, event.MEETING_HOST),
      ...event.meeting,
      MEETING_CREATOR: event.MEETING_HOST,
      LANGUAGE_ID: 'ru',
      MAIL_FROM: '',
    },
    LOCATION: event.LOCATION,
    REMIND: event.REMIND,
    COLOR: event.COLOR,
    RRULE: event.RRULE ?? '',
    EXDATE: '',
    DAV_XML_ID: `${row.ID}@sandbox.bitrix24`,
    G_EVENT_ID: '',
    DAV_EXCH_LABEL: '',
    CAL_DAV_LABEL: '',
    VERSION: String(event.VERSION),
    ATTENDEES_CODES: event.IS_MEETING ? event.attendees.map((a) => `U${a.id}`) : event.CAL_TYPE === 'user' ? [`U${event.OWNER_ID}`] : [],
    RECURRENCE_ID: null,
    RELATIONS: [],
    SECTION_ID: String(row.SECTION_ID),
    SYNC_STATUS: null,
    UF_CRM_CAL_EVENT: event.crm.length > 0 ? event.crm : false,
    UF_WEBDAV_CAL_EVENT: false,
    SECTION_DAV_XML_ID: null,
    DATE_FROM_FORMATTED: formatted(event.from, event.TZ_FROM),
    DATE_TO_FORMATTED: formatted(event.to, event.TZ_TO),
    SECT_ID: String(row.SECTION_ID),
    ATTENDEE_LIST: event.attendees.map((a) => ({ id: a.id, entryId: entryOf(a.id), status: a.status })),
    COLLAB_ID: null,
    ...(event.RRULE ? { '~RRULE_DESCRIPTION': describeRrule(event.RRULE, event.from, event.TZ_FROM) } : {}),
    attendeesEntityList: event.attendees.map((a) => ({ entityId: 'user', id: a.id })),
    '~DESCRIPTION': event.DESCRIPTION,
    '~USER_OFFSET_FROM': viewerOffset,
    '~USER_OFFSET_TO': viewerOffset,
  };
}

/** Whether a row shows in a user's calendar: it is there, and its owner has not declined it. */
function inUserCalendar(row: CalendarEvent, userId: number, state: PortalState): boolean {
  if (row.CAL_TYPE !== 'user' || row.OWNER_ID !== userId) return false;
  return state.meetingOf(row).attendees.find((a) => a.id === userId)?.status !== 'N';
}

function requireType(params: Params, method: string): string {
  const type = toStr(pick(params, 'type'));
  if (!type) throw calendarMissing('type', method);
  if (!calendarTypes.includes(type)) throw calendarError(accessDenied);
  return type;
}

function ownerOf(params: Params, type: string, ctx: CallContext, method: string): number {
  const raw = pick(params, 'ownerId');
  if (raw === undefined || raw === null) {
    if (type === 'user') return ctx.userId;
    if (type === 'company_calendar' || type === 'location') return 0;
    throw calendarMissing('ownerId', method);
  }
  if (raw === '') return type === 'user' ? ctx.userId : 0;
  const owner = toInt(raw);
  // No page has an error for a malformed ownerId: it is as good as none.
  if (owner === undefined) throw calendarMissing('ownerId', method);
  return owner;
}

/** A time zone parameter: a known IANA name, else none (no page has an error for it). */
function zoneParam(params: Params, name: string): string | undefined {
  const tz = toStr(pick(params, name));
  return tz && isValidTimeZone(tz) ? tz : undefined;
}

/**
 * Reads a `from`/`to` pair (or their _ts forms) into epoch seconds, with the time zones the
 * event keeps. calendar-event-add.md: a date with its own offset (…+02:00, …Z) ignores
 * timezone_from/timezone_to; a plain one is read in them; without them, in the user's zone;
 * timezone_to defaults to timezone_from. A text that is no date counts as not given.
 */
function readRange(params: Params, method: string, required: boolean, userZone: string, fallback?: CalendarEvent) {
  const skipParam = toStr(pick(params, 'skip_time'));
  const zoneFrom = zoneParam(params, 'timezone_from');
  const zoneTo = zoneParam(params, 'timezone_to') ?? zoneFrom;
  const read = (name: 'from' | 'to', zone: string | undefined, kept: string | undefined) => {
    const ts = toInt(pick(params, `${name}_ts`));
    if (ts !== undefined) return { sec: ts, dateOnly: false, tz: zone ?? kept ?? userZone };
    const text = toStr(pick(params, name));
    if (text === undefined || text === '') return undefined;
    const tz = hasOffset(text) ? userZone : (zone ?? kept ?? userZone);
    const sec = parseDate(text, tz);
    return sec === undefined ? undefined : { sec, dateOnly: isDateOnly(text), tz };
  };
  const from = read('from', zoneFrom, fallback?.TZ_FROM);
  const to = read('to', zoneTo, fallback?.TZ_TO);
  if (required && !from) throw calendarMissing('from', method);
  if (required && !to) throw calendarMissing('to', method);
  const skipTime = skipParam !== undefined ? skipParam === 'Y' : from ? from.dateOnly && (to?.dateOnly ?? true) : (fallback?.skipTime ?? false);
  return {
    from: from?.sec,
    to: to?.sec,
    tzFrom: from?.tz ?? zoneFrom ?? fallback?.TZ_FROM ?? userZone,
    tzTo: to?.tz ?? zoneTo ?? fallback?.TZ_TO ?? userZone,
    skipTime,
  };
}

/** True when a date text names its own offset from UTC. */
function hasOffset(text: string): boolean {
  return /(?:Z|[+-]\d{2}:?\d{2})\s*$/.test(text.trim()) && /\d[T ]\d/.test(text);
}

/** The caller's time zone: their profile's, else the portal's. */
function userZone(ctx: CallContext): string {
  const tz = ctx.state.users.get(ctx.userId)?.TIME_ZONE;
  return tz && isValidTimeZone(tz) ? tz : portalTimeZone;
}

/** `name` and `description` must be text when given (calendar-event-add.md, calendar-section-add.md). */
function textParam(params: Params, name: string): string | undefined {
  const value = pick(params, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw calendarError(invalid(name));
  return String(value);
}

function readColor(value: unknown): string | undefined {
  const text = toStr(value);
  return text === undefined ? undefined : text.replace(/^%23/, '#');
}

function readAttendees(value: unknown): number[] | undefined {
  const list = toList(value);
  if (!list) return undefined;
  return [...new Set(list.map((v) => toInt(v)).filter((v): v is number => v !== undefined && v > 0))];
}

function readRemind(value: unknown): { type: string; count: number }[] | undefined {
  const list = toList(value);
  if (!list) return undefined;
  return list.filter(isRecord).map((r) => ({ type: toStr(r.type) ?? 'min', count: toInt(r.count) ?? 0 }));
}

function readCrm(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) && !isRecord(value)) throw calendarError('Список связей события с CRM должен быть массивом');
  return (toList(value) ?? []).map((v) => String(v));
}

function readMeeting(value: unknown, current: CalendarEvent['meeting']): CalendarEvent['meeting'] {
  if (!isRecord(value)) return current;
  const flag = (key: string, now: boolean): boolean => toBool(value[key]) ?? now;
  return {
    NOTIFY: flag('notify', current.NOTIFY),
    REINVITE: flag('reinvite', current.REINVITE),
    ALLOW_INVITE: flag('allow_invite', current.ALLOW_INVITE),
    HIDE_GUESTS: flag('hide_guests', current.HIDE_GUESTS),
  };
}

/**
 * The section an event goes to: the one given, or with auto-detection (the default) the
 * owner's first; auto_detect_section other than Y makes `section` required.
 */
function sectionFor(state: PortalState, type: string, owner: number, sectionParam: unknown, autoDetect = true): Section {
  const invalidSection = calendarError(badSection);
  const id = toInt(sectionParam);
  if (id !== undefined) {
    const section = state.sections.get(id);
    if (!section || section.CAL_TYPE !== type || section.OWNER_ID !== owner) throw invalidSection;
    return section;
  }
  if (!autoDetect) throw invalidSection;
  if (type === 'user') {
    if (!state.users.get(owner)) throw calendarError(accessDenied);
    return state.defaultSection(owner);
  }
  for (const s of state.sections.rows.values()) if (s.CAL_TYPE === type && s.OWNER_ID === owner) return s;
  throw invalidSection;
}

function applyAttendees(event: CalendarEvent, attendees: number[] | undefined, isMeeting: boolean | undefined, ctx: CallContext): void {
  if (isMeeting === false) {
    event.IS_MEETING = false;
    event.attendees = [];
    return;
  }
  if (isMeeting === undefined && attendees === undefined) return;
  event.IS_MEETING = true;
  const previous = new Map(event.attendees.map((a) => [a.id, a.status]));
  const wanted = attendees ?? [];
  const list: { id: number; status: MeetingStatus }[] = [{ id: event.MEETING_HOST, status: 'H' }];
  for (const id of wanted) {
    if (id === event.MEETING_HOST || !ctx.state.users.get(id)) continue;
    list.push({ id, status: previous.get(id) ?? 'Q' });
  }
  event.attendees = list;
}

/** The user or company calendar a caller may write to: their own, any for the administrator. */
function canWrite(type: string, owner: number, ctx: CallContext): boolean {
  return ctx.userId === 1 || type !== 'user' || owner === ctx.userId;
}

const eventAdd: MethodHandler = (params, ctx) => {
  const method = 'calendar.event.add';
  const type = requireType(params, method);
  if (pick(params, 'ownerId') === undefined) throw calendarMissing('ownerId', method);
  const owner = ownerOf(params, type, ctx, method);
  const name = textParam(params, 'name');
  if (!name) throw calendarMissing('name', method);
  const description = textParam(params, 'description');
  const range = readRange(params, method, true, userZone(ctx));
  if (!canWrite(type, owner, ctx)) throw calendarError(accessDenied);
  const autoDetect = pick(params, 'auto_detect_section') === undefined || toStr(pick(params, 'auto_detect_section')) === 'Y';
  const section = sectionFor(ctx.state, type, owner, pick(params, 'section'), autoDetect);
  const crm = readCrm(pick(params, 'crm_fields')) ?? [];
  const from = range.from!;
  let to = range.to!;
  if (to < from) to = from;
  const id = ctx.state.events.nextId();
  const event: CalendarEvent = {
    ID: id,
    PARENT_ID: id,
    CAL_TYPE: type,
    OWNER_ID: owner,
    SECTION_ID: section.ID,
    NAME: name,
    DESCRIPTION: description ?? '',
    from,
    to,
    TZ_FROM: range.tzFrom,
    TZ_TO: range.tzTo,
    skipTime: range.skipTime,
    ACCESSIBILITY: (['busy', 'absent', 'quest', 'free'] as const).find((v) => v === pick(params, 'accessibility')) ?? 'busy',
    IMPORTANCE: (['high', 'normal', 'low'] as const).find((v) => v === pick(params, 'importance')) ?? 'normal',
    PRIVATE_EVENT: toStr(pick(params, 'private_event')) === 'Y',
    IS_MEETING: false,
    // calendar-event-add.md, "Организатор события": the caller is the organiser; `host` is
    // a calendar.event.update parameter and is ignored here.
    MEETING_HOST: ctx.userId,
    attendees: [],
    meeting: readMeeting(pick(params, 'meeting'), { NOTIFY: true, REINVITE: false, ALLOW_INVITE: true, HIDE_GUESTS: false }),
    LOCATION: toStr(pick(params, 'location')) ?? '',
    REMIND: readRemind(pick(params, 'remind')) ?? [],
    COLOR: readColor(pick(params, 'color')) ?? '',
    TEXT_COLOR: readColor(pick(params, 'text_color')) ?? '',
    RRULE: readRrule(pick(params, 'rrule')) ?? null,
    crm,
    EVENT_TYPE: null,
    CREATED_BY: ctx.userId,
    DATE_CREATE: Math.floor(ctx.nowSec),
    TIMESTAMP_X: Math.floor(ctx.nowSec),
    VERSION: 1,
  };
  if (toStr(pick(params, 'is_meeting')) === 'Y') {
    // Without attendees the caller alone takes part (calendar-event-add.md, `attendees`).
    applyAttendees(event, readAttendees(pick(params, 'attendees')) ?? [ctx.userId], true, ctx);
  }
  ctx.state.events.put(event);
  ctx.state.syncCopies(event);
  return { result: event.ID };
};

const recurrenceModes = ['this', 'next', 'all'];

const eventUpdate: MethodHandler = (params, ctx) => {
  const method = 'calendar.event.update';
  const id = toInt(pick(params, 'id'));
  if (id === undefined) throw calendarMissing('id', method);
  if (pick(params, 'ownerId') === undefined) throw calendarMissing('ownerId', method);
  const type = requireType(params, method);
  const owner = ownerOf(params, type, ctx, method);
  const row = ctx.state.events.get(id);
  if (!row || row.CAL_TYPE !== type || row.OWNER_ID !== owner) throw calendarError(accessDenied);
  // Attendees edit the meeting through their copy; only the organiser (or someone naming the
  // organiser in `host`, calendar-event-update.md) may.
  const event = ctx.state.meetingOf(row);
  const host = toInt(pick(params, 'host'));
  if (event.MEETING_HOST !== ctx.userId && ctx.userId !== 1 && host !== event.MEETING_HOST) throw calendarError(accessDenied);
  const name = textParam(params, 'name');
  if (name !== undefined && name === '') throw calendarError(invalid('name'));
  const description = textParam(params, 'description');
  const mode = toStr(pick(params, 'recurrence_mode'));
  if (mode !== undefined && !recurrenceModes.includes(mode)) throw calendarError('Указан несуществующий тип редактирования повторяемого события');
  const range = readRange(params, method, false, userZone(ctx), event);
  if (pick(params, 'section') !== undefined) row.SECTION_ID = sectionFor(ctx.state, type, owner, pick(params, 'section')).ID;
  const crm = readCrm(pick(params, 'crm_fields'));
  if (range.from !== undefined) event.from = range.from;
  if (range.to !== undefined) event.to = range.to;
  if (event.to < event.from) event.to = event.from;
  event.TZ_FROM = range.tzFrom;
  event.TZ_TO = range.tzTo;
  event.skipTime = range.skipTime;
  if (name !== undefined) event.NAME = name;
  const text = (key: string): string | undefined => toStr(pick(params, key));
  event.DESCRIPTION = description ?? event.DESCRIPTION;
  event.LOCATION = text('location') ?? event.LOCATION;
  event.COLOR = readColor(pick(params, 'color')) ?? event.COLOR;
  event.TEXT_COLOR = readColor(pick(params, 'text_color')) ?? event.TEXT_COLOR;
  event.ACCESSIBILITY = (['busy', 'absent', 'quest', 'free'] as const).find((v) => v === text('accessibility')) ?? event.ACCESSIBILITY;
  event.IMPORTANCE = (['high', 'normal', 'low'] as const).find((v) => v === text('importance')) ?? event.IMPORTANCE;
  if (text('private_event') !== undefined) event.PRIVATE_EVENT = text('private_event') === 'Y';
  event.REMIND = readRemind(pick(params, 'remind')) ?? event.REMIND;
  event.RRULE = readRrule(pick(params, 'rrule')) ?? event.RRULE;
  event.meeting = readMeeting(pick(params, 'meeting'), event.meeting);
  if (crm) event.crm = crm;
  const isMeeting = text('is_meeting');
  applyAttendees(event, readAttendees(pick(params, 'attendees')), isMeeting === undefined ? undefined : isMeeting === 'Y', ctx);
  event.TIMESTAMP_X = Math.floor(ctx.nowSec);
  event.VERSION += 1;
  ctx.state.syncCopies(event);
  return { result: row.ID };
};

const eventDelete: MethodHandler = (params, ctx) => {
  const id = toInt(pick(params, 'id'));
  if (id === undefined) throw calendarError('Не задан id события');
  const row = ctx.state.events.get(id);
  if (!row) throw calendarError('При удалении события произошла ошибка');
  const event = ctx.state.meetingOf(row);
  if (row !== event && row.OWNER_ID === ctx.userId) {
    // An attendee deleting their copy declines the meeting; the copy stays, hidden.
    const mine = event.attendees.find((a) => a.id === ctx.userId);
    if (mine) mine.status = 'N';
    return { result: true };
  }
  const allowed = event.CREATED_BY === ctx.userId || event.MEETING_HOST === ctx.userId || ctx.userId === 1;
  if (!allowed) throw calendarError('При удалении события произошла ошибка');
  ctx.state.deleteMeeting(event);
  return { result: true };
};

/** A date parameter of a read: unreadable text counts as not given (no page has an error). */
function dateParam(params: Params, name: string): { sec: number; dateOnly: boolean } | undefined {
  const text = toStr(pick(params, name));
  const sec = text ? parseDate(text) : undefined;
  return sec === undefined ? undefined : { sec, dateOnly: isDateOnly(text!) };
}

/** "Запрещен доступ к методу для внешних пользователей": the read methods refuse extranet users. */
function refuseExternal(ctx: CallContext): void {
  if (ctx.state.users.get(ctx.userId)?.USER_TYPE === 'extranet') throw calendarError(accessDenied);
}

const eventGet: MethodHandler = (params, ctx) => {
  const method = 'calendar.event.get';
  const type = requireType(params, method);
  refuseExternal(ctx);
  const owner = ownerOf(params, type, ctx, method);
  // Defaults from calendar-event-get.md: a month back, three months ahead.
  const fromParam = dateParam(params, 'from');
  const toParam = dateParam(params, 'to');
  const from = fromParam?.sec ?? ctx.nowSec - 30 * day;
  const to = toParam ? toParam.sec + (toParam.dateOnly ? day : 0) : ctx.nowSec + 90 * day;
  const sections = toList(pick(params, 'section'))?.map((s) => toInt(s));
  const events = ctx.state.events
    .all()
    .filter((e) => (type === 'user' ? inUserCalendar(e, owner, ctx.state) : e.CAL_TYPE === type && e.OWNER_ID === owner))
    .filter((e) => e.from < to && endOf(e) > from)
    .filter((e) => !sections || sections.includes(e.SECTION_ID))
    .sort((a, b) => a.from - b.from || a.ID - b.ID);
  return { result: events.map((e) => formatEvent(e, ctx.state)), rows: events.length };
};

const eventGetById: MethodHandler = (params, ctx) => {
  const id = toInt(pick(params, 'id'));
  if (id === undefined) throw calendarMissing('id', 'calendar.event.getbyid');
  refuseExternal(ctx);
  const row = ctx.state.events.get(id);
  // The page documents no error for an unknown ID: there is simply no event.
  return { result: row ? formatEvent(row, ctx.state) : null };
};

const eventGetNearest: MethodHandler = (params, ctx) => {
  const type = toStr(pick(params, 'type')) || 'user';
  if (!calendarTypes.includes(type)) throw calendarError(accessDenied);
  // The page's one error is "Доступ запрещен": a calendar it cannot tell is refused so.
  const rawOwner = toInt(pick(params, 'ownerId'));
  const owner = rawOwner ?? (type === 'user' ? ctx.userId : type === 'group' ? undefined : 0);
  if (owner === undefined) throw calendarError(accessDenied);
  const days = toInt(pick(params, 'days')) ?? 60;
  const forCurrentUser = toBool(pick(params, 'forCurrentUser')) ?? true;
  const max = toInt(pick(params, 'maxEventsCount'));
  const until = ctx.nowSec + days * day;
  let events = ctx.state.events
    .all()
    .filter((e) =>
      type === 'user' ? inUserCalendar(e, forCurrentUser ? ctx.userId : owner, ctx.state) : e.CAL_TYPE === type && e.OWNER_ID === owner,
    )
    .filter((e) => endOf(e) > ctx.nowSec && e.from < until)
    .sort((a, b) => a.from - b.from || a.ID - b.ID);
  if (max !== undefined && max > 0) events = events.slice(0, max);
  return { result: events.map((e) => formatEvent(e, ctx.state)), rows: events.length };
};

const meetingStatusGet: MethodHandler = (params, ctx) => {
  const id = toInt(pick(params, 'eventId'));
  if (id === undefined) throw calendarMissing('eventId', 'calendar.meeting.status.get');
  const row = ctx.state.events.get(id);
  const event = row && ctx.state.meetingOf(row);
  const mine = event?.attendees.find((a) => a.id === ctx.userId);
  if (!event || !event.IS_MEETING || !mine) throw calendarError('При выборке статуса произошла ошибка');
  return { result: mine.status };
};

const meetingStatusSet: MethodHandler = (params, ctx) => {
  const method = 'calendar.meeting.status.set';
  const id = toInt(pick(params, 'eventId'));
  if (id === undefined) throw calendarMissing('eventId', method);
  const status = toStr(pick(params, 'status'));
  if (status === undefined || status === '') throw calendarMissing('status', method);
  if (status !== 'Y' && status !== 'N' && status !== 'Q') throw calendarError(invalid('status'));
  // The page documents no error for an event the caller is not invited to: nothing changes.
  const row = ctx.state.events.get(id);
  const mine = row && ctx.state.meetingOf(row).attendees.find((a) => a.id === ctx.userId);
  if (mine && mine.status !== 'H') mine.status = status;
  return { result: true };
};

const accessibilityGet: MethodHandler = (params, ctx) => {
  const method = 'calendar.accessibility.get';
  refuseExternal(ctx);
  // A date that does not read counts as not given: the page's errors are the missing ones.
  const fromParam = dateParam(params, 'from');
  if (!fromParam) throw calendarMissing('from', method);
  const toParam = dateParam(params, 'to');
  if (!toParam) throw calendarMissing('to', method);
  const users = toList(pick(params, 'users'));
  if (!users) throw calendarMissing('users', method);
  const from = fromParam.sec;
  const to = toParam.sec + (toParam.dateOnly ? day : 0);
  const result: Record<string, unknown[]> = {};
  let rows = 0;
  for (const raw of users) {
    const userId = toInt(raw);
    if (userId === undefined) continue;
    const busy = ctx.state.events
      .all()
      .filter((e) => e.ACCESSIBILITY !== 'free' && inUserCalendar(e, userId, ctx.state) && e.from < to && endOf(e) > from)
      .sort((a, b) => a.from - b.from);
    rows += busy.length;
    result[String(userId)] = busy.map((e) => ({
      ID: String(e.ID),
      NAME: e.PRIVATE_EVENT && e.OWNER_ID !== ctx.userId ? '[занят]' : e.NAME,
      DATE_FROM: ruDateTime(e.from, e.TZ_FROM, !e.skipTime),
      DATE_TO: ruDateTime(e.to, e.TZ_TO, !e.skipTime),
      DATE_FROM_TS_UTC: String(e.from),
      DATE_TO_TS_UTC: String(e.to),
      '~USER_OFFSET_FROM': offsetSeconds(e.TZ_FROM, e.from),
      '~USER_OFFSET_TO': offsetSeconds(e.TZ_TO, e.to),
      DT_SKIP_TIME: e.skipTime ? 'Y' : 'N',
      TZ_FROM: e.TZ_FROM,
      TZ_TO: e.TZ_TO,
      ACCESSIBILITY: e.ACCESSIBILITY,
      IMPORTANCE: e.IMPORTANCE,
      EVENT_TYPE: e.EVENT_TYPE,
    }));
  }
  // users: [] gives PHP's empty array, [] (calendar-accessibility-get.md).
  return { result: phpRecord(result), rows };
};


// Access task IDs as the calendar.section.get example shows them (they differ between portals):
// 13 lets see busy time only, 19 is full access.
const viewTimeTask = 13;
const fullAccessTask = 19;

/**
 * The access a portal gives a section when it is created: full access for its owner (the
 * creator for non-user calendars), busy time for everyone (G2). Never empty, so it is always
 * a JSON object, as in the docs' example.
 */
function sectionAccess(section: Section): Record<string, number> {
  const owner = section.CAL_TYPE === 'user' ? section.OWNER_ID : section.CREATED_BY;
  return { G2: viewTimeTask, [`U${owner}`]: fullAccessTask };
}

function formatSection(section: Section, ctx: CallContext): Record<string, unknown> {
  const own = section.OWNER_ID === ctx.userId || ctx.userId === 1;
  return {
    ID: String(section.ID),
    NAME: section.NAME,
    GAPI_CALENDAR_ID: null,
    DESCRIPTION: section.DESCRIPTION,
    COLOR: section.COLOR,
    TEXT_COLOR: section.TEXT_COLOR,
    // calendar-section-get.md: the EXPORT object has ALLOW only (SET is written, not shown).
    EXPORT: { ALLOW: section.EXPORT.ALLOW },
    CAL_TYPE: section.CAL_TYPE,
    OWNER_ID: String(section.OWNER_ID),
    CREATED_BY: String(section.CREATED_BY),
    DATE_CREATE: sqlDateTime(section.DATE_CREATE),
    TIMESTAMP_X: sqlDateTime(section.TIMESTAMP_X),
    CAL_DAV_CON: null,
    SYNC_TOKEN: null,
    PAGE_TOKEN: null,
    EXTERNAL_TYPE: 'local',
    ACCESS: sectionAccess(section),
    IS_COLLAB: false,
    PERM: { view_time: true, view_title: true, view_full: true, add: own, edit: own, edit_section: own, access: own },
  };
}

const sectionGet: MethodHandler = (params, ctx) => {
  const type = requireType(params, 'calendar.section.get');
  const owner = ownerOf(params, type, ctx, 'calendar.section.get');
  refuseExternal(ctx);
  if (type === 'user' && owner === ctx.userId) ctx.state.defaultSection(owner);
  const sections = ctx.state.sections.all().filter((s) => s.CAL_TYPE === type && s.OWNER_ID === owner);
  return { result: sections.map((s) => formatSection(s, ctx)), rows: sections.length };
};

function readExport(value: unknown, current: Section['EXPORT']): Section['EXPORT'] {
  if (!isRecord(value)) return current;
  return { ALLOW: toBool(value.ALLOW) ?? current.ALLOW, SET: toStr(value.SET) ?? current.SET };
}

function canManage(type: string, owner: number, ctx: CallContext): boolean {
  if (ctx.userId === 1) return true;
  return type === 'user' && owner === ctx.userId;
}

const sectionAdd: MethodHandler = (params, ctx) => {
  const method = 'calendar.section.add';
  const type = requireType(params, method);
  const owner = ownerOf(params, type, ctx, method);
  if (!canManage(type, owner, ctx) || (type === 'user' && !ctx.state.users.get(owner))) throw calendarError(accessDenied);
  // The page has no "missing" error for name: an absent or empty one is as invalid as a non-text one.
  const name = textParam(params, 'name');
  if (!name) throw calendarError(invalid('name'));
  const description = textParam(params, 'description');
  const now = Math.floor(ctx.nowSec);
  const section = ctx.state.sections.put({
    ID: ctx.state.sections.nextId(),
    NAME: name,
    DESCRIPTION: description ?? '',
    COLOR: readColor(pick(params, 'color')) ?? '#9dcf00',
    TEXT_COLOR: readColor(pick(params, 'text_color')) ?? '',
    EXPORT: readExport(pick(params, 'export'), { ALLOW: true, SET: 'all' }),
    CAL_TYPE: type,
    OWNER_ID: owner,
    CREATED_BY: ctx.userId,
    DATE_CREATE: now,
    TIMESTAMP_X: now,
  });
  return { result: section.ID };
};

function sectionToChange(params: Params, ctx: CallContext, method: string): Section {
  const type = requireType(params, method);
  const owner = ownerOf(params, type, ctx, method);
  const id = toInt(pick(params, 'id'));
  if (id === undefined) throw calendarError('Не задан id секции');
  const section = ctx.state.sections.get(id);
  if (!section || section.CAL_TYPE !== type || section.OWNER_ID !== owner || !canManage(type, owner, ctx)) throw calendarError(accessDenied);
  return section;
}

const sectionUpdate: MethodHandler = (params, ctx) => {
  const section = sectionToChange(params, ctx, 'calendar.section.update');
  const name = textParam(params, 'name');
  if (name === '') throw calendarError(invalid('name'));
  const description = textParam(params, 'description');
  if (name !== undefined) section.NAME = name;
  section.DESCRIPTION = description ?? section.DESCRIPTION;
  section.COLOR = readColor(pick(params, 'color')) ?? section.COLOR;
  section.TEXT_COLOR = readColor(pick(params, 'text_color')) ?? section.TEXT_COLOR;
  section.EXPORT = readExport(pick(params, 'export'), section.EXPORT);
  section.TIMESTAMP_X = Math.floor(ctx.nowSec);
  return { result: section.ID };
};

const sectionDelete: MethodHandler = (params, ctx) => {
  const section = sectionToChange(params, ctx, 'calendar.section.delete');
  ctx.state.sections.delete(section.ID);
  // A meeting organised from this calendar goes with its copies; an attendee's copy goes alone.
  for (const event of ctx.state.events.all()) {
    if (event.SECTION_ID !== section.ID || !ctx.state.events.get(event.ID)) continue;
    if (event.PARENT_ID === event.ID) ctx.state.deleteMeeting(event);
    else ctx.state.events.delete(event.ID);
  }
  return { result: true };
};

const settingsGet: MethodHandler = () => ({
  result: {
    work_time_start: '9',
    work_time_end: '18',
    year_holidays: '1.01,2.01,3.01,4.01,5.01,6.01,7.01,8.01,23.02,8.03,1.05,9.05,12.06,4.11',
    year_workdays: '',
    week_holidays: ['SA', 'SU'],
    week_start: 'MO',
    user_name_template: '#NAME# #LAST_NAME#',
    sync_by_push: false,
    user_show_login: true,
    path_to_user: '/company/personal/user/#user_id#/',
    path_to_user_calendar: '/company/personal/user/#user_id#/calendar/',
    path_to_group: '/workgroups/group/#group_id#/',
    path_to_group_calendar: '/workgroups/group/#group_id#/calendar/',
    path_to_vr: '',
    path_to_rm: '',
    rm_iblock_type: '',
    rm_iblock_id: '',
    dep_manager_sub: true,
    denied_superpose_types: [],
    pathes_for_sites: '',
    forum_id: '8',
    rm_for_sites: true,
    path_to_type_company_calendar: '/calendar/',
    path_to_type_location: '',
    path_to_type_open_event: '',
  },
});

function userSettings(ctx: CallContext): Record<string, unknown> {
  const section = String(ctx.state.defaultSection(ctx.userId).ID);
  return {
    view: 'month',
    meetSection: section,
    crmSection: section,
    showDeclined: false,
    denyBusyInvitation: false,
    collapseOffHours: 'Y',
    showWeekNumbers: 'N',
    showTasks: 'Y',
    syncTasks: 'N',
    showCompletedTasks: 'N',
    lastUsedSection: 'false',
    sendFromEmail: '',
    defaultSections: { [`user${ctx.userId}`]: section },
    syncPeriodPast: '3',
    syncPeriodFuture: '12',
    defaultReminders: { fullDay: [{ type: 'min', count: 900 }], withTime: [{ type: 'min', count: 15 }] },
    timezoneName: portalTimeZone,
    timezoneOffsetUTC: offsetSeconds(portalTimeZone, ctx.nowSec),
    timezoneDefaultName: '',
    work_time_start: '9.00',
    work_time_end: '18.00',
    ...(ctx.state.userCalendarSettings.get(ctx.userId) ?? {}),
  };
}

const views = ['day', 'week', 'month', 'list'];

const settable = ['view', 'meetSection', 'crmSection', 'showDeclined', 'denyBusyInvitation', 'collapseOffHours', 'showWeekNumbers', 'showTasks', 'syncTasks', 'showCompletedTasks', 'lastUsedSection', 'sendFromEmail', 'defaultSections', 'syncPeriodPast', 'syncPeriodFuture', 'defaultReminders'];

const userSettingsGet: MethodHandler = (_params, ctx) => ({ result: userSettings(ctx) });

const userSettingsSet: MethodHandler = (params, ctx) => {
  const settings = pick(params, 'settings');
  if (!isRecord(settings)) throw calendarMissing('settings', 'calendar.user.settings.set');
  const stored = { ...(ctx.state.userCalendarSettings.get(ctx.userId) ?? {}) };
  // The page documents no error for a view it does not list: such a value is not kept.
  const valid = (key: string): boolean => settings[key] !== undefined && (key !== 'view' || views.includes(String(settings.view)));
  for (const key of settable) if (valid(key)) stored[key] = settings[key];
  // The two settings the page types as boolean arrive as true/false in JSON, as 1/0 from PHP forms.
  for (const key of ['showDeclined', 'denyBusyInvitation']) if (settings[key] !== undefined) stored[key] = toBool(settings[key]) ?? settings[key];
  ctx.state.userCalendarSettings.set(ctx.userId, stored);
  return { result: true };
};

export const calendarMethods: Record<string, MethodHandler> = {
  'calendar.event.add': eventAdd,
  'calendar.event.update': eventUpdate,
  'calendar.event.delete': eventDelete,
  'calendar.event.get': eventGet,
  'calendar.event.getbyid': eventGetById,
  'calendar.event.get.nearest': eventGetNearest,
  'calendar.meeting.status.get': meetingStatusGet,
  'calendar.meeting.status.set': meetingStatusSet,
  'calendar.accessibility.get': accessibilityGet,
  'calendar.section.get': sectionGet,
  'calendar.section.add': sectionAdd,
  'calendar.section.update': sectionUpdate,
  'calendar.section.delete': sectionDelete,
  'calendar.settings.get': settingsGet,
  'calendar.user.settings.get': userSettingsGet,
  'calendar.user.settings.set': userSettingsSet,
};
