// Calendars — https://apidocs.bitrix24.ru/api-reference/calendar/
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { templateParams } from '../../../core/template.js';
import { count, date, id, idOut, ids, ownerId as ownerIdSchema, periodIssues, phpMap } from './schemas.js';

const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/calendar/${page}.html`;

/** The kinds of calendar a user can own or manage through calendar.section.add/update/delete. */
const sectionType = () => z.enum(['user', 'group']);

const exportSettings = z.looseObject({
  ALLOW: z.boolean().optional(),
  SET: z.enum(['all', '3_9', '6_12']).optional(),
});

/** A calendar (a "section") as calendar.section.get returns it. */
export const calendarSection = z.looseObject({
  ID: idOut(),
  NAME: z.string(),
  DESCRIPTION: z.string().nullable().optional(),
  COLOR: z.string(),
  TEXT_COLOR: z.string(),
  EXPORT: z.looseObject({ ALLOW: z.boolean() }),
  CAL_TYPE: z.string(),
  OWNER_ID: idOut(),
  CREATED_BY: idOut().optional(),
  DATE_CREATE: z.string().nullable().optional(),
  TIMESTAMP_X: z.string().nullable().optional(),
  GAPI_CALENDAR_ID: z.string().nullable().optional(),
  CAL_DAV_CON: z.string().nullable().optional(),
  SYNC_TOKEN: z.string().nullable().optional(),
  PAGE_TOKEN: z.string().nullable().optional(),
  EXTERNAL_TYPE: z.string().optional(),
  ACCESS: phpMap(z.number()).optional(),
  IS_COLLAB: z.boolean().optional(),
  PERM: z.looseObject({
    view_time: z.boolean(),
    view_title: z.boolean(),
    view_full: z.boolean(),
    add: z.boolean(),
    edit: z.boolean(),
    edit_section: z.boolean(),
    access: z.boolean(),
  }),
});

const sectionFields = z.looseObject({
  type: sectionType(),
  ownerId: ownerIdSchema(),
  name: z.string().min(1),
  description: z.string().optional(),
  color: z.string().optional(),
  text_color: z.string().optional(),
  export: exportSettings.optional(),
});

const reminder = z.object({ type: z.enum(['min', 'hour', 'day']), count: count('a reminder count', 0) });
const defaultReminders = z.looseObject({ fullDay: z.array(reminder).optional(), withTime: z.array(reminder).optional() });
const ynText = () => z.enum(['Y', 'N']);

/** The user's own calendar settings: what calendar.user.settings.get returns and .set takes. */
const userSettings = z.looseObject({
  view: z.enum(['day', 'week', 'month', 'list']),
  meetSection: z.union([z.string(), z.number()]).optional(),
  crmSection: z.union([z.string(), z.number()]).optional(),
  showDeclined: z.boolean().optional(),
  denyBusyInvitation: z.boolean().optional(),
  collapseOffHours: ynText(),
  showWeekNumbers: ynText(),
  showTasks: ynText(),
  syncTasks: ynText(),
  showCompletedTasks: ynText(),
  lastUsedSection: z.union([z.string(), z.number(), z.boolean()]).optional(),
  sendFromEmail: z.string().optional(),
  defaultSections: phpMap(z.union([z.string(), z.number()])).optional(),
  syncPeriodPast: z.union([z.string(), z.number()]).optional(),
  syncPeriodFuture: z.union([z.string(), z.number()]).optional(),
  defaultReminders: defaultReminders.optional(),
  timezoneName: z.string().optional(),
  timezoneOffsetUTC: z.number().optional(),
  timezoneDefaultName: z.string().optional(),
  work_time_start: z.string().optional(),
  work_time_end: z.string().optional(),
});

/** A busy interval of calendar.accessibility.get (seed 001). */
/** What calendar.user.settings.set takes. */
const settableUserSettings = userSettings
  .pick({
    view: true,
    meetSection: true,
    crmSection: true,
    showDeclined: true,
    denyBusyInvitation: true,
    collapseOffHours: true,
    showWeekNumbers: true,
    showTasks: true,
    syncTasks: true,
    showCompletedTasks: true,
    lastUsedSection: true,
    sendFromEmail: true,
    defaultSections: true,
    syncPeriodPast: true,
    syncPeriodFuture: true,
    defaultReminders: true,
  })
  .partial();

export const busyEvent = z.looseObject({
  ID: idOut(),
  NAME: z.string().optional(),
  DATE_FROM: z.string(),
  DATE_TO: z.string(),
  DATE_FROM_TS_UTC: z.union([z.string(), z.number()]).optional(),
  DATE_TO_TS_UTC: z.union([z.string(), z.number()]).optional(),
  '~USER_OFFSET_FROM': z.number().optional(),
  '~USER_OFFSET_TO': z.number().optional(),
  DT_SKIP_TIME: ynText().optional(),
  TZ_FROM: z.string().nullable().optional(),
  TZ_TO: z.string().nullable().optional(),
  ACCESSIBILITY: z.enum(['busy', 'absent', 'quest', 'free']).optional(),
  IMPORTANCE: z.enum(['high', 'normal', 'low']).optional(),
  EVENT_TYPE: z.string().nullable().optional(),
});

const calendarId = {
  schema: id(),
  wire: 'id',
  cli: 'calendar',
  short: 'c',
  description: { en: 'Calendar ID', ru: 'ID календаря' },
  example: 1,
} as const;

const ownerId = {
  schema: ownerIdSchema(),
  cli: 'owner',
  short: 'o',
  description: { en: 'Calendar owner ID (user or group)', ru: 'ID владельца календаря (пользователя или группы)' },
  example: 1,
} as const;

export const calendars = defineSection(
  'bitrix24',
  { id: 'calendars', title: { en: 'Calendars', ru: 'Работа с календарями' } },
  {
    addCalendar: {
      ruName: 'СоздатьКалендарь',
      remote: 'calendar.section.add',
      summary: { en: 'Creates a calendar', ru: 'Создает календарь' },
      access: 'write',
      docs: docs('calendar-section-add'),
      example: { fields: { type: 'user', ownerId: 1, name: 'Командировки', color: '#9cbeee', text_color: '#283000' } },
      params: {
        fields: {
          schema: sectionFields,
          spread: true,
          cli: 'fields',
          short: 'f',
          description: {
            en: 'Calendar fields: type (user or group), ownerId, name, and optional description, color, text_color, export',
            ru: 'Поля календаря: type (user или group), ownerId, name и необязательные description, color, text_color, export',
          },
          example: { type: 'user', ownerId: 1, name: 'Командировки', color: '#9cbeee', text_color: '#283000' },
        },
      },
      result: z.number().int().positive(),
    },
    updateCalendar: {
      ruName: 'ИзменитьКалендарь',
      remote: 'calendar.section.update',
      summary: { en: 'Changes a calendar', ru: 'Изменяет календарь' },
      access: 'write',
      docs: docs('calendar-section-update'),
      example: { calendarId: 1, fields: { type: 'user', ownerId: 1, name: 'Мой календарь', color: '#ff5752' } },
      params: {
        calendarId,
        fields: {
          schema: sectionFields.partial().extend({ type: sectionType(), ownerId: ownerId.schema }),
          spread: true,
          cli: 'fields',
          short: 'f',
          description: {
            en: 'Fields to change; type and ownerId are required',
            ru: 'Изменяемые поля; type и ownerId обязательны',
          },
          example: { type: 'user', ownerId: 1, name: 'Командировки и выезды' },
        },
      },
      result: z.number().int().positive(),
    },
    getCalendars: {
      ruName: 'ПолучитьСписокКалендарей',
      remote: 'calendar.section.get',
      summary: { en: 'Gets the calendars of an owner', ru: 'Получает список календарей владельца' },
      access: 'read',
      docs: docs('calendar-section-get'),
      example: { type: 'user', ownerId: 1 },
      params: {
        type: {
          // Besides the documented kinds, portals may have custom calendar types.
          schema: z.union([z.enum(['user', 'group', 'company_calendar', 'location']), z.string().min(1)]),
          cli: 'type',
          short: 't',
          description: {
            en: 'Calendar type: user, group, company_calendar, location or a custom one',
            ru: 'Тип календаря: user, group, company_calendar, location или собственный',
          },
          example: 'user',
        },
        ownerId: {
          ...ownerId,
          description: {
            en: 'Calendar owner ID (0 for location calendars)',
            ru: 'ID владельца календаря (0 для календарей переговорных)',
          },
        },
      },
      result: z.array(calendarSection),
    },
    deleteCalendar: {
      ruName: 'УдалитьКалендарь',
      remote: 'calendar.section.delete',
      summary: { en: 'Deletes a calendar', ru: 'Удаляет календарь' },
      access: 'write',
      docs: docs('calendar-section-delete'),
      example: { calendarId: 2, ownerId: 2, type: 'user' },
      params: {
        calendarId,
        ownerId,
        type: {
          schema: sectionType(),
          cli: 'type',
          short: 't',
          description: { en: 'Calendar type: user or group', ru: 'Тип календаря: user или group' },
          example: 'user',
        },
      },
      result: z.boolean(),
    },
    getCalendarSettings: {
      ruName: 'ПолучитьСтруктуруНастроекКалендаря',
      remote: 'calendar.settings.get',
      summary: { en: 'Gets the main calendar settings of the portal', ru: 'Получает основные настройки календаря' },
      access: 'read',
      docs: docs('calendar-settings-get'),
      example: {},
      params: {},
      result: z.looseObject({
        work_time_start: z.union([z.string(), z.number()]),
        work_time_end: z.union([z.string(), z.number()]),
        year_holidays: z.string(),
        year_workdays: z.string().optional(),
        week_holidays: z.array(z.enum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'])),
        week_start: z.enum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']),
        user_name_template: z.string().optional(),
        sync_by_push: z.boolean().optional(),
        user_show_login: z.boolean().optional(),
        path_to_user: z.string().optional(),
        path_to_user_calendar: z.string().optional(),
        path_to_group: z.string().optional(),
        path_to_group_calendar: z.string().optional(),
        dep_manager_sub: z.boolean().optional(),
        denied_superpose_types: z.array(z.string()).optional(),
        forum_id: z.union([z.string(), z.number()]).optional(),
      }),
    },
    getCalendarUserSettings: {
      ruName: 'ПолучитьПользовательскиеНастройкиКалендаря',
      remote: 'calendar.user.settings.get',
      summary: { en: 'Gets the current user\'s calendar settings', ru: 'Получает пользовательские настройки календаря' },
      access: 'read',
      docs: docs('calendar-user-settings-get'),
      example: {},
      params: {},
      result: userSettings,
    },
    setCalendarUserSettings: {
      ruName: 'УстановитьПользовательскиеНастройкиКалендаря',
      remote: 'calendar.user.settings.set',
      summary: { en: 'Sets the current user\'s calendar settings', ru: 'Устанавливает пользовательские настройки календаря' },
      access: 'write',
      docs: docs('calendar-user-settings-set'),
      example: { settings: { view: 'week', showDeclined: false, collapseOffHours: 'Y' } },
      params: {
        settings: {
          schema: settableUserSettings,
          cli: 'settings',
          short: 's',
          description: {
            en: 'Settings to change: view, meetSection, crmSection, showDeclined, denyBusyInvitation, collapseOffHours, showWeekNumbers, showTasks, …',
            ru: 'Изменяемые настройки: view, meetSection, crmSection, showDeclined, denyBusyInvitation, collapseOffHours, showWeekNumbers, showTasks, …',
          },
          example: { view: 'week', showDeclined: false, collapseOffHours: 'Y' },
        },
      },
      result: z.boolean(),
    },
    getUsersAvailability: {
      ruName: 'ПолучитьЗанятостьПользователей',
      remote: 'calendar.accessibility.get',
      summary: { en: 'Gets when users are busy in a period', ru: 'Получает занятость пользователей за период' },
      access: 'read',
      docs: docs('calendar-event/calendar-accessibility-get'),
      example: { users: [1, 2], from: '2025-10-01', to: '2025-10-31' },
      check: (input, nameOf) => periodIssues(input, nameOf, 'from', 'to'),
      params: {
        users: {
          schema: ids(),
          cli: 'users',
          short: 's',
          description: { en: 'User IDs', ru: 'ID пользователей' },
          example: [1, 2],
        },
        from: {
          schema: date(),
          cli: 'from',
          short: 'f',
          description: { en: 'Period start, YYYY-MM-DD', ru: 'Начало периода, ГГГГ-ММ-ДД' },
          example: '2025-10-01',
        },
        to: {
          schema: date(),
          cli: 'to',
          short: 't',
          description: { en: 'Period end, YYYY-MM-DD', ru: 'Конец периода, ГГГГ-ММ-ДД' },
          example: '2025-10-31',
        },
      },
      result: phpMap(z.array(busyEvent)).describe('User ID → the events that keep the user busy'),
    },
    getCalendarStructure: {
      ruName: 'ПолучитьСтруктуруКалендаря',
      remote: 'calendar.section.add',
      summary: { en: 'A template of a calendar\'s fields (calendar.section.add); no request', ru: 'Шаблон полей календаря (calendar.section.add); без запроса' },
      access: 'read',
      docs: docs('calendar-section-add'),
      template: sectionFields,
      params: { ...templateParams },
      result: z.record(z.string(), z.unknown()),
      example: {},
    },
    getCalendarUserSettingsStructure: {
      ruName: 'ПолучитьСтруктуруПользовательскихНастроекКалендаря',
      remote: 'calendar.user.settings.set',
      summary: {
        en: 'A template of the user\'s calendar settings (calendar.user.settings.set); no request',
        ru: 'Шаблон пользовательских настроек календаря (calendar.user.settings.set); без запроса',
      },
      access: 'read',
      docs: docs('calendar-user-settings-set'),
      template: settableUserSettings,
      params: { ...templateParams },
      result: z.record(z.string(), z.unknown()),
      example: {},
    },
  },
);
