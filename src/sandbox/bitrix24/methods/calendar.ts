// calendar.*: events, meetings and their attendees' answers, busy slots, calendars (sections)
// and settings. Errors are HTTP 400 with an empty code and a Russian text (seed 001).
import { calendarError, calendarMissing } from '../errors.js';
import { isDateOnly, isValidTimeZone, offsetSeconds, parseDate, portalTimeZone, ruDateTime, sqlDateTime } from '../dates.js';
import { isRecord, pick, toBool, toInt, toList, toStr, type Params } from '../params.js';
import type { CalendarEvent, MeetingStatus, PortalState, Section } from '../state.js';
import type { CallContext, MethodHandler } from './types.js';

const day = 86_400;
const accessDenied = 'Доступ запрещен';
const calendarTypes = ['user', 'group', 'company_calendar', 'location'];

function endOf(event: CalendarEvent): number {
  // An all-day event's `to` is the start of its last day.
  return event.skipTime ? event.to + day : event.to;
}

function userName(state: PortalState, id: number): string {
  const u = state.users.get(id);
  return u ? `${u.NAME} ${u.LAST_NAME}` : '';
}

export function formatEvent(event: CalendarEvent, viewerId: number, state: PortalState): Record<string, unknown> {
  const withTime = !event.skipTime;
  const mine = event.attendees.find((a) => a.id === viewerId);
  const viewerOffset = offsetSeconds(portalTimeZone, event.from);
  const formatted = (sec: number, tz: string): string =>
    new Date((sec + offsetSeconds(tz, sec)) * 1000).toUTCString().replace(/^(\w{3}), (\d{2}) (\w{3}) (\d{4}) (.*) GMT$/, '$1 $3 $2 $4 $5');
  return {
    ID: String(event.ID),
    PARENT_ID: String(event.ID),
    DELETED: 'N',
    CAL_TYPE: event.CAL_TYPE,
    OWNER_ID: String(event.OWNER_ID),
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
    TEXT_COLOR: event.TEXT_COLOR,
    RRULE: event.RRULE ?? '',
    EXDATE: '',
    DAV_XML_ID: `${event.ID}@sandbox.bitrix24`,
    G_EVENT_ID: '',
    DAV_EXCH_LABEL: '',
    CAL_DAV_LABEL: '',
    VERSION: String(event.VERSION),
    ATTENDEES_CODES: event.IS_MEETING ? event.attendees.map((a) => `U${a.id}`) : event.CAL_TYPE === 'user' ? [`U${event.OWNER_ID}`] : [],
    RECURRENCE_ID: null,
    RELATIONS: [],
    SECTION_ID: String(event.SECTION_ID),
    SYNC_STATUS: null,
    UF_CRM_CAL_EVENT: event.crm.length > 0 ? event.crm : false,
    UF_WEBDAV_CAL_EVENT: false,
    SECTION_DAV_XML_ID: null,
    DATE_FROM_FORMATTED: formatted(event.from, event.TZ_FROM),
    DATE_TO_FORMATTED: formatted(event.to, event.TZ_TO),
    SECT_ID: String(event.SECTION_ID),
    ATTENDEE_LIST: event.attendees.map((a) => ({ id: a.id, entryId: String(event.ID), status: a.status })),
    COLLAB_ID: null,
    attendeesEntityList: event.attendees.map((a) => ({ entityId: 'user', id: a.id })),
    '~DESCRIPTION': event.DESCRIPTION,
    '~USER_OFFSET_FROM': viewerOffset,
    '~USER_OFFSET_TO': viewerOffset,
  };
}

/** Whether the event shows in a user's calendar: owned, or attended and not declined. */
function inUserCalendar(event: CalendarEvent, userId: number): boolean {
  if (event.CAL_TYPE === 'user' && event.OWNER_ID === userId) return true;
  return event.attendees.some((a) => a.id === userId && a.status !== 'N');
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
  if (owner === undefined) throw calendarError(`Неверное значение параметра "ownerId"`);
  return owner;
}

/** Reads a `from`/`to` pair (or their _ts forms) into epoch seconds. */
function readRange(params: Params, method: string, required: boolean, fallback?: CalendarEvent) {
  const skipParam = toStr(pick(params, 'skip_time'));
  const tzFrom = toStr(pick(params, 'timezone_from')) || fallback?.TZ_FROM || portalTimeZone;
  const tzTo = toStr(pick(params, 'timezone_to')) || toStr(pick(params, 'timezone_from')) || fallback?.TZ_TO || portalTimeZone;
  for (const tz of [tzFrom, tzTo]) if (!isValidTimeZone(tz)) throw calendarError(`Неверное значение параметра "timezone_from"`);
  const read = (name: 'from' | 'to', tz: string): { sec: number; dateOnly: boolean } | undefined => {
    const ts = toInt(pick(params, `${name}_ts`));
    if (ts !== undefined) return { sec: ts, dateOnly: false };
    const text = toStr(pick(params, name));
    if (text === undefined || text === '') return undefined;
    const sec = parseDate(text, tz);
    if (sec === undefined) throw calendarError(`Неверное значение параметра "${name}"`);
    return { sec, dateOnly: isDateOnly(text) };
  };
  const from = read('from', tzFrom);
  const to = read('to', tzTo);
  if (required && !from) throw calendarMissing('from', method);
  if (required && !to) throw calendarMissing('to', method);
  const skipTime = skipParam !== undefined ? skipParam === 'Y' : from ? from.dateOnly && (to?.dateOnly ?? true) : (fallback?.skipTime ?? false);
  return { from: from?.sec, to: to?.sec, tzFrom, tzTo, skipTime };
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
  if (!Array.isArray(value) && !isRecord(value)) throw calendarError('Список привязок события к CRM должен быть массивом');
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

function sectionFor(state: PortalState, type: string, owner: number, sectionParam: unknown): Section {
  const invalid = calendarError('Указан неверный идентификатор календаря или у пользователя нет к нему доступа');
  const id = toInt(sectionParam);
  if (id !== undefined) {
    const section = state.sections.get(id);
    if (!section || section.CAL_TYPE !== type || section.OWNER_ID !== owner) throw invalid;
    return section;
  }
  if (type === 'user') {
    if (!state.users.get(owner)) throw calendarError(accessDenied);
    return state.defaultSection(owner);
  }
  for (const s of state.sections.rows.values()) if (s.CAL_TYPE === type && s.OWNER_ID === owner) return s;
  throw invalid;
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

const eventAdd: MethodHandler = (params, ctx) => {
  const method = 'calendar.event.add';
  const type = requireType(params, method);
  if (pick(params, 'ownerId') === undefined) throw calendarMissing('ownerId', method);
  const owner = ownerOf(params, type, ctx, method);
  const name = toStr(pick(params, 'name'));
  if (!name) throw calendarMissing('name', method);
  const range = readRange(params, method, true);
  const section = sectionFor(ctx.state, type, owner, pick(params, 'section'));
  const crm = readCrm(pick(params, 'crm_fields')) ?? [];
  const from = range.from!;
  let to = range.to!;
  if (to < from) to = from;
  const event: CalendarEvent = {
    ID: ctx.state.events.nextId(),
    CAL_TYPE: type,
    OWNER_ID: owner,
    SECTION_ID: section.ID,
    NAME: name,
    DESCRIPTION: toStr(pick(params, 'description')) ?? '',
    from,
    to,
    TZ_FROM: range.tzFrom,
    TZ_TO: range.tzTo,
    skipTime: range.skipTime,
    ACCESSIBILITY: (['busy', 'absent', 'quest', 'free'] as const).find((v) => v === pick(params, 'accessibility')) ?? 'busy',
    IMPORTANCE: (['high', 'normal', 'low'] as const).find((v) => v === pick(params, 'importance')) ?? 'normal',
    PRIVATE_EVENT: toStr(pick(params, 'private_event')) === 'Y',
    IS_MEETING: false,
    MEETING_HOST: ctx.userId,
    attendees: [],
    meeting: readMeeting(pick(params, 'meeting'), { NOTIFY: true, REINVITE: false, ALLOW_INVITE: true, HIDE_GUESTS: false }),
    LOCATION: toStr(pick(params, 'location')) ?? '',
    REMIND: readRemind(pick(params, 'remind')) ?? [],
    COLOR: readColor(pick(params, 'color')) ?? '',
    TEXT_COLOR: readColor(pick(params, 'text_color')) ?? '',
    RRULE: isRecord(pick(params, 'rrule')) ? (pick(params, 'rrule') as Record<string, unknown>) : null,
    crm,
    EVENT_TYPE: null,
    CREATED_BY: ctx.userId,
    DATE_CREATE: Math.floor(ctx.nowSec),
    TIMESTAMP_X: Math.floor(ctx.nowSec),
    VERSION: 1,
  };
  const isMeeting = toStr(pick(params, 'is_meeting'));
  const attendees = readAttendees(pick(params, 'attendees'));
  if (isMeeting === 'Y') {
    // The docs: `host` names the organizer of a meeting; the caller when absent.
    const host = toInt(pick(params, 'host'));
    if (host !== undefined && ctx.state.users.get(host)) event.MEETING_HOST = host;
    applyAttendees(event, attendees ?? [event.MEETING_HOST], true, ctx);
  }
  ctx.state.events.put(event);
  return { result: event.ID };
};

const eventUpdate: MethodHandler = (params, ctx) => {
  const method = 'calendar.event.update';
  const id = toInt(pick(params, 'id'));
  if (id === undefined) throw calendarMissing('id', method);
  const type = requireType(params, method);
  if (pick(params, 'ownerId') === undefined) throw calendarMissing('ownerId', method);
  const owner = ownerOf(params, type, ctx, method);
  const event = ctx.state.events.get(id);
  if (!event || event.CAL_TYPE !== type || event.OWNER_ID !== owner) throw calendarError(accessDenied);
  const host = toInt(pick(params, 'host'));
  if (event.MEETING_HOST !== ctx.userId && ctx.userId !== 1 && host !== event.MEETING_HOST) throw calendarError(accessDenied);
  const name = pick(params, 'name');
  if (name !== undefined && !toStr(name)) throw calendarError('Неверное значение параметра "name"');
  const range = readRange(params, method, false, event);
  if (pick(params, 'section') !== undefined) event.SECTION_ID = sectionFor(ctx.state, type, owner, pick(params, 'section')).ID;
  const crm = readCrm(pick(params, 'crm_fields'));
  if (range.from !== undefined) event.from = range.from;
  if (range.to !== undefined) event.to = range.to;
  if (event.to < event.from) event.to = event.from;
  event.TZ_FROM = range.tzFrom;
  event.TZ_TO = range.tzTo;
  event.skipTime = range.skipTime;
  if (name !== undefined) event.NAME = toStr(name)!;
  const text = (key: string): string | undefined => toStr(pick(params, key));
  event.DESCRIPTION = text('description') ?? event.DESCRIPTION;
  event.LOCATION = text('location') ?? event.LOCATION;
  event.COLOR = readColor(pick(params, 'color')) ?? event.COLOR;
  event.TEXT_COLOR = readColor(pick(params, 'text_color')) ?? event.TEXT_COLOR;
  event.ACCESSIBILITY = (['busy', 'absent', 'quest', 'free'] as const).find((v) => v === text('accessibility')) ?? event.ACCESSIBILITY;
  event.IMPORTANCE = (['high', 'normal', 'low'] as const).find((v) => v === text('importance')) ?? event.IMPORTANCE;
  if (text('private_event') !== undefined) event.PRIVATE_EVENT = text('private_event') === 'Y';
  event.REMIND = readRemind(pick(params, 'remind')) ?? event.REMIND;
  if (isRecord(pick(params, 'rrule'))) event.RRULE = pick(params, 'rrule') as Record<string, unknown>;
  event.meeting = readMeeting(pick(params, 'meeting'), event.meeting);
  if (crm) event.crm = crm;
  const isMeeting = text('is_meeting');
  applyAttendees(event, readAttendees(pick(params, 'attendees')), isMeeting === undefined ? undefined : isMeeting === 'Y', ctx);
  event.TIMESTAMP_X = Math.floor(ctx.nowSec);
  event.VERSION += 1;
  return { result: event.ID };
};

const eventDelete: MethodHandler = (params, ctx) => {
  const id = toInt(pick(params, 'id'));
  if (id === undefined) throw calendarError('Не указан идентификатор события');
  const event = ctx.state.events.get(id);
  const allowed = event && (event.CREATED_BY === ctx.userId || event.MEETING_HOST === ctx.userId || ctx.userId === 1);
  if (!event || !allowed) throw calendarError('Ошибка при удалении события');
  ctx.state.events.delete(id);
  return { result: true };
};

const eventGet: MethodHandler = (params, ctx) => {
  const method = 'calendar.event.get';
  const type = requireType(params, method);
  const owner = ownerOf(params, type, ctx, method);
  const fromText = toStr(pick(params, 'from'));
  const toText = toStr(pick(params, 'to'));
  const from = fromText ? parseDate(fromText) : ctx.nowSec - 30 * day;
  let to = toText ? parseDate(toText) : ctx.nowSec + 90 * day;
  if (from === undefined) throw calendarError('Неверное значение параметра "from"');
  if (to === undefined) throw calendarError('Неверное значение параметра "to"');
  if (toText && isDateOnly(toText)) to += day;
  const sections = toList(pick(params, 'section'))?.map((s) => toInt(s));
  const events = ctx.state.events
    .all()
    .filter((e) => (type === 'user' ? inUserCalendar(e, owner) : e.CAL_TYPE === type && e.OWNER_ID === owner))
    .filter((e) => e.from < to! && endOf(e) > from)
    .filter((e) => !sections || sections.includes(e.SECTION_ID))
    .sort((a, b) => a.from - b.from || a.ID - b.ID);
  return { result: events.map((e) => formatEvent(e, ctx.userId, ctx.state)), rows: events.length };
};

const eventGetById: MethodHandler = (params, ctx) => {
  const id = toInt(pick(params, 'id'));
  if (id === undefined) throw calendarMissing('id', 'calendar.event.getbyid');
  const event = ctx.state.events.get(id);
  if (!event) throw calendarError('Событие не найдено');
  return { result: formatEvent(event, ctx.userId, ctx.state) };
};

const eventGetNearest: MethodHandler = (params, ctx) => {
  const type = toStr(pick(params, 'type')) || 'user';
  if (!calendarTypes.includes(type)) throw calendarError(accessDenied);
  const owner = ownerOf(params, type, ctx, 'calendar.event.get.nearest');
  const days = toInt(pick(params, 'days')) ?? 60;
  const forCurrentUser = toBool(pick(params, 'forCurrentUser')) ?? true;
  const max = toInt(pick(params, 'maxEventsCount'));
  const until = ctx.nowSec + days * day;
  let events = ctx.state.events
    .all()
    .filter((e) => (type === 'user' ? inUserCalendar(e, forCurrentUser ? ctx.userId : owner) : e.CAL_TYPE === type && e.OWNER_ID === owner))
    .filter((e) => endOf(e) > ctx.nowSec && e.from < until)
    .sort((a, b) => a.from - b.from || a.ID - b.ID);
  if (max !== undefined && max > 0) events = events.slice(0, max);
  return { result: events.map((e) => formatEvent(e, ctx.userId, ctx.state)), rows: events.length };
};

const meetingStatusGet: MethodHandler = (params, ctx) => {
  const id = toInt(pick(params, 'eventId'));
  if (id === undefined) throw calendarMissing('eventId', 'calendar.meeting.status.get');
  const event = ctx.state.events.get(id);
  const mine = event?.attendees.find((a) => a.id === ctx.userId);
  if (!event || !event.IS_MEETING || !mine) throw calendarError('Ошибка при получении статуса');
  return { result: mine.status };
};

const meetingStatusSet: MethodHandler = (params, ctx) => {
  const method = 'calendar.meeting.status.set';
  const id = toInt(pick(params, 'eventId'));
  if (id === undefined) throw calendarMissing('eventId', method);
  const status = toStr(pick(params, 'status'));
  if (status === undefined || status === '') throw calendarMissing('status', method);
  if (status !== 'Y' && status !== 'N' && status !== 'Q') throw calendarError('Неверное значение параметра "status"');
  const event = ctx.state.events.get(id);
  const mine = event?.attendees.find((a) => a.id === ctx.userId);
  if (!event || !mine || mine.status === 'H') throw calendarError('Ошибка при установке статуса');
  mine.status = status;
  return { result: true };
};

const accessibilityGet: MethodHandler = (params, ctx) => {
  const method = 'calendar.accessibility.get';
  const fromText = toStr(pick(params, 'from'));
  if (!fromText) throw calendarMissing('from', method);
  const toText = toStr(pick(params, 'to'));
  if (!toText) throw calendarMissing('to', method);
  const users = toList(pick(params, 'users'));
  if (!users) throw calendarMissing('users', method);
  const from = parseDate(fromText);
  const toStart = parseDate(toText);
  if (from === undefined || toStart === undefined) throw calendarError('Неверный формат даты');
  const to = isDateOnly(toText) ? toStart + day : toStart;
  const result: Record<string, unknown[]> = {};
  let rows = 0;
  for (const raw of users) {
    const userId = toInt(raw);
    if (userId === undefined) continue;
    const busy = ctx.state.events
      .all()
      .filter((e) => e.ACCESSIBILITY !== 'free' && inUserCalendar(e, userId) && e.from < to && endOf(e) > from)
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
  return { result, rows };
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
    EXPORT: section.EXPORT,
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
  const name = pick(params, 'name');
  if (name === undefined) throw calendarMissing('name', method);
  if (!toStr(name)) throw calendarError('Неверное значение параметра "name"');
  const now = Math.floor(ctx.nowSec);
  const section = ctx.state.sections.put({
    ID: ctx.state.sections.nextId(),
    NAME: toStr(name)!,
    DESCRIPTION: toStr(pick(params, 'description')) ?? '',
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
  if (id === undefined) throw calendarError('Не задан ID календаря');
  const section = ctx.state.sections.get(id);
  if (!section || section.CAL_TYPE !== type || section.OWNER_ID !== owner || !canManage(type, owner, ctx)) throw calendarError(accessDenied);
  return section;
}

const sectionUpdate: MethodHandler = (params, ctx) => {
  const section = sectionToChange(params, ctx, 'calendar.section.update');
  const name = pick(params, 'name');
  if (name !== undefined && !toStr(name)) throw calendarError('Неверное значение параметра "name"');
  if (name !== undefined) section.NAME = toStr(name)!;
  section.DESCRIPTION = toStr(pick(params, 'description')) ?? section.DESCRIPTION;
  section.COLOR = readColor(pick(params, 'color')) ?? section.COLOR;
  section.TEXT_COLOR = readColor(pick(params, 'text_color')) ?? section.TEXT_COLOR;
  section.EXPORT = readExport(pick(params, 'export'), section.EXPORT);
  section.TIMESTAMP_X = Math.floor(ctx.nowSec);
  return { result: section.ID };
};

const sectionDelete: MethodHandler = (params, ctx) => {
  const section = sectionToChange(params, ctx, 'calendar.section.delete');
  ctx.state.sections.delete(section.ID);
  for (const event of ctx.state.events.all()) if (event.SECTION_ID === section.ID) ctx.state.events.delete(event.ID);
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

const settable = ['view', 'meetSection', 'crmSection', 'showDeclined', 'denyBusyInvitation', 'collapseOffHours', 'showWeekNumbers', 'showTasks', 'syncTasks', 'showCompletedTasks', 'lastUsedSection', 'sendFromEmail', 'defaultSections', 'syncPeriodPast', 'syncPeriodFuture', 'defaultReminders'];

const userSettingsGet: MethodHandler = (_params, ctx) => ({ result: userSettings(ctx) });

const userSettingsSet: MethodHandler = (params, ctx) => {
  const settings = pick(params, 'settings');
  if (!isRecord(settings)) throw calendarMissing('settings', 'calendar.user.settings.set');
  const view = settings.view;
  if (view !== undefined && !['day', 'week', 'month', 'list'].includes(String(view))) throw calendarError('Неверное значение параметра "view"');
  const stored = { ...(ctx.state.userCalendarSettings.get(ctx.userId) ?? {}) };
  for (const key of settable) if (settings[key] !== undefined) stored[key] = settings[key];
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
