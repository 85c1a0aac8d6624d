// Calendar events — https://apidocs.bitrix24.ru/api-reference/calendar/calendar-event/
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { templateParams } from '../../../core/template.js';
import { calendarType, count, unixSeconds, date, dateTime, id, idOut, ownerId as ownerIdSchema, periodIssues, yn } from './schemas.js';

const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/calendar/calendar-event/${page}.html`;

/** An event as calendar.event.get / getbyid return it (the fields every event has). */
export const calendarEvent = z.looseObject({
  ID: idOut(),
  NAME: z.string(),
  DATE_FROM: z.string(),
  DATE_TO: z.string(),
  CAL_TYPE: z.string(),
  OWNER_ID: idOut(),
});

const eventFields = z.looseObject({
  type: calendarType(),
  ownerId: ownerIdSchema(),
  name: z.string().min(1),
  from: dateTime().optional(),
  to: dateTime().optional(),
  from_ts: unixSeconds().optional(),
  to_ts: unixSeconds().optional(),
  section: id(),
  skip_time: yn().optional(),
  timezone_from: z.string().optional(),
  timezone_to: z.string().optional(),
  description: z.string().optional(),
  color: z.string().optional(),
  text_color: z.string().optional(),
  accessibility: z.enum(['busy', 'absent', 'quest', 'free']).optional(),
  importance: z.enum(['high', 'normal', 'low']).optional(),
  private_event: yn().optional(),
  rrule: z.looseObject({ FREQ: z.enum(['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']) }).optional(),
  is_meeting: yn().optional(),
  location: z.string().optional(),
  remind: z.array(z.object({ type: z.enum(['min', 'hour', 'day']), count: count('a reminder count', 0) })).optional(),
  attendees: z.array(id()).optional(),
  host: id().optional(),
  meeting: z.looseObject({}).optional(),
  crm_fields: z.array(z.string()).optional(),
});

/** calendar.event.get's filter. */
const eventFilter = z.strictObject({ from: date().optional(), to: date().optional(), section: z.array(id()).optional() });

const eventId = {
  schema: id(),
  wire: 'id',
  cli: 'event',
  short: 'e',
  description: { en: 'Calendar event ID', ru: 'ID события календаря' },
  example: 2520,
} as const;

const ownerId = {
  schema: ownerIdSchema(),
  cli: 'owner',
  short: 'o',
  description: {
    en: 'Calendar owner ID (user or group; empty for the company calendar)',
    ru: 'ID владельца календаря (пользователь или группа; пусто для календаря компании)',
  },
  example: 1,
} as const;

const type = {
  schema: calendarType(),
  cli: 'type',
  short: 't',
  description: { en: 'Calendar type: user, group or company_calendar', ru: 'Тип календаря: user, group или company_calendar' },
  example: 'user',
} as const;

export const calendarEvents = defineSection(
  'bitrix24',
  { id: 'calendar-events', title: { en: 'Calendar events', ru: 'Работа с событиями календарей' } },
  {
    addCalendarEvent: {
      ruName: 'СоздатьСобытиеКалендаря',
      remote: 'calendar.event.add',
      summary: { en: 'Creates a calendar event', ru: 'Создает событие календаря' },
      access: 'write',
      docs: docs('calendar-event-add'),
      example: { fields: { type: 'user', ownerId: 1, section: 1, name: 'Планерка', from: '2025-10-02T10:00:00', to: '2025-10-02T11:00:00' } },
      check: (input, nameOf) => periodIssues(input, nameOf, 'from', 'to', 'fields'),
      params: {
        fields: {
          schema: eventFields,
          spread: true,
          cli: 'fields',
          short: 'f',
          description: {
            en: 'Event fields: type, ownerId, section, name, from, to, and optional ones (description, attendees, remind, …)',
            ru: 'Поля события: type, ownerId, section, name, from, to и необязательные (description, attendees, remind, …)',
          },
          example: { type: 'user', ownerId: 1, section: 1, name: 'Планерка', from: '2025-10-01T10:00:00', to: '2025-10-01T11:00:00' },
        },
      },
      result: id().or(z.number()),
    },
    updateCalendarEvent: {
      ruName: 'ИзменитьСобытиеКалендаря',
      remote: 'calendar.event.update',
      summary: { en: 'Changes a calendar event', ru: 'Изменяет событие календаря' },
      access: 'write',
      docs: docs('calendar-event-update'),
      example: { eventId: 1, fields: { type: 'user', ownerId: 1, name: 'Планерка (перенесена)' } },
      check: (input, nameOf) => periodIssues(input, nameOf, 'from', 'to', 'fields'),
      params: {
        eventId,
        fields: {
          schema: eventFields.partial().extend({ type: calendarType(), ownerId: ownerId.schema }),
          spread: true,
          cli: 'fields',
          short: 'f',
          description: {
            en: 'Fields to change; type and ownerId are required',
            ru: 'Изменяемые поля; type и ownerId обязательны',
          },
          example: { type: 'user', ownerId: 1, name: 'Планерка (перенесена)' },
        },
      },
      result: z.union([z.number(), z.string()]),
    },
    getCalendarEvent: {
      ruName: 'ПолучитьСобытиеКалендаря',
      remote: 'calendar.event.getbyid',
      summary: { en: 'Gets a calendar event by ID', ru: 'Получает событие календаря по ID' },
      access: 'read',
      docs: docs('calendar-event-get-by-id'),
      example: { eventId: 1 },
      params: { eventId },
      result: calendarEvent,
    },
    getCalendarEvents: {
      ruName: 'ПолучитьСобытияКалендарей',
      remote: 'calendar.event.get',
      summary: { en: 'Gets the events of a calendar for a period', ru: 'Получает события календаря за период' },
      access: 'read',
      docs: docs('calendar-event-get'),
      example: { ownerId: 1, type: 'user', filter: { from: '2025-09-15', to: '2025-10-31' } },
      check: (input, nameOf) => periodIssues(input, nameOf, 'from', 'to', 'filter'),
      params: {
        ownerId,
        type,
        filter: {
          schema: eventFilter.optional(),
          spread: true,
          cli: 'filter',
          short: 'f',
          description: {
            en: 'Filter: from, to (YYYY-MM-DD) and section (calendar IDs)',
            ru: 'Фильтр: from, to (ГГГГ-ММ-ДД) и section (ID календарей)',
          },
          example: { from: '2025-10-01', to: '2025-10-31' },
        },
      },
      result: z.array(calendarEvent),
    },
    deleteCalendarEvent: {
      ruName: 'УдалитьСобытиеКалендаря',
      remote: 'calendar.event.delete',
      summary: { en: 'Deletes a calendar event', ru: 'Удаляет событие календаря' },
      access: 'write',
      docs: docs('calendar-event-delete'),
      example: { eventId: 1 },
      params: { eventId },
      result: z.boolean(),
    },
    getNearestCalendarEvents: {
      ruName: 'ПолучитьБлижайшиеСобытияКалендаря',
      remote: 'calendar.event.get.nearest',
      summary: { en: 'Gets the coming events of a calendar', ru: 'Получает ближайшие события календаря' },
      access: 'read',
      docs: docs('calendar-event-get-nearest'),
      example: { type: 'user', ownerId: 1, days: 30 },
      params: {
        type: { ...type, schema: calendarType().optional() },
        ownerId: { ...ownerId, schema: ownerId.schema.optional() },
        days: {
          schema: count('a number of days').optional(),
          cli: 'days',
          short: 'd',
          description: { en: 'How many days ahead (60 by default)', ru: 'На сколько дней вперед (по умолчанию 60)' },
        },
        forCurrentUser: {
          schema: z.boolean().optional(),
          cli: 'current',
          short: 'c',
          description: { en: 'Only the current user\'s events', ru: 'Только события текущего пользователя' },
        },
        maxEventsCount: {
          schema: count('a number of events').optional(),
          cli: 'max',
          short: 'm',
          description: { en: 'At most this many events', ru: 'Не больше стольких событий' },
        },
      },
      result: z.array(calendarEvent),
    },
    getUserParticipationStatus: {
      ruName: 'ПолучитьСтатусУчастияПользователя',
      remote: 'calendar.meeting.status.get',
      summary: {
        en: 'Gets the current user\'s participation status in an event',
        ru: 'Получает статус участия в событии для текущего пользователя',
      },
      access: 'read',
      docs: docs('calendar-meeting-status-get'),
      example: { eventId: 71 },
      params: { eventId: { ...eventId, wire: 'eventId' } },
      result: z.enum(['Y', 'N', 'Q', 'H']).describe('Y accepted, N declined, Q invited, H host'),
    },
    setUserParticipationStatus: {
      ruName: 'УстановитьСтатусУчастияПользователя',
      remote: 'calendar.meeting.status.set',
      summary: {
        en: 'Sets the current user\'s participation status in an event',
        ru: 'Устанавливает статус участия в событии для текущего пользователя',
      },
      access: 'write',
      docs: docs('calendar-meeting-status-set'),
      example: { eventId: 74, status: 'Y' },
      params: {
        eventId: { ...eventId, wire: 'eventId' },
        status: {
          schema: z.enum(['Y', 'N', 'Q']),
          cli: 'status',
          short: 's',
          description: { en: 'Y — accept, N — decline, Q — undecided', ru: 'Y — принять, N — отказаться, Q — под вопросом' },
          example: 'Y',
        },
      },
      result: z.boolean(),
    },
    getCalendarEventStructure: {
      ruName: 'ПолучитьСтруктуруСобытияКалендаря',
      remote: 'calendar.event.add',
      summary: { en: 'A template of an event\'s fields (calendar.event.add); no request', ru: 'Шаблон полей события (calendar.event.add); без запроса' },
      access: 'read',
      docs: docs('calendar-event-add'),
      template: eventFields,
      params: { ...templateParams },
      result: z.record(z.string(), z.unknown()),
      example: {},
    },
    getCalendarEventFilterStructure: {
      ruName: 'ПолучитьСтруктуруФильтраСобытийКалендарей',
      remote: 'calendar.event.get',
      summary: { en: 'A template of calendar.event.get\'s filter; no request', ru: 'Шаблон фильтра calendar.event.get; без запроса' },
      access: 'read',
      docs: docs('calendar-event-get'),
      template: eventFilter,
      params: { ...templateParams },
      result: z.record(z.string(), z.unknown()),
      example: {},
    },
  },
);
