// Time tracking — the working-day timer, https://apidocs.bitrix24.ru/api-reference/timeman/base/
import { z } from 'zod';
import { defineSection, type Text } from '../../../core/catalogue.js';
import { dateTime, id } from './schemas.js';

const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/${page}.html`;

/** HH:MM:SS, as timeman.* give durations and times of day. */
const clock = () => z.string().regex(/^\d{2,}:\d{2}:\d{2}$/);

/**
 * A working day as timeman.open / pause / close / status return it. Times are ISO 8601 in the zone
 * the day was opened in (TZ_OFFSET, seconds east of UTC); DURATION is 00:00:00 until the day is
 * closed; TIME_FINISH_DEFAULT (a suggested end) comes only with STATUS EXPIRED.
 */
export const workDay = z.looseObject({
  STATUS: z.enum(['OPENED', 'PAUSED', 'CLOSED', 'EXPIRED']),
  TIME_START: z.string().nullable(),
  TIME_FINISH: z.string().nullable(),
  DURATION: clock(),
  TIME_LEAKS: clock(),
  ACTIVE: z.boolean(),
  IP_OPEN: z.string().nullable(),
  IP_CLOSE: z.string().nullable(),
  LAT_OPEN: z.number(),
  LON_OPEN: z.number(),
  LAT_CLOSE: z.number(),
  LON_CLOSE: z.number(),
  TZ_OFFSET: z.number().int(),
  TIME_FINISH_DEFAULT: z.string().optional(),
});

/** A user's working-time rules (timeman.settings); ADMIN only for the caller's own settings. */
export const timemanSettings = z.looseObject({
  UF_TIMEMAN: z.boolean(),
  UF_TM_FREE: z.boolean(),
  UF_TM_MAX_START: clock(),
  UF_TM_MIN_FINISH: clock(),
  UF_TM_MIN_DURATION: clock(),
  UF_TM_ALLOWED_DELTA: clock(),
  ADMIN: z.boolean().optional(),
});

const userId = {
  schema: id().optional(),
  wire: 'USER_ID',
  cli: 'userid',
  short: 's',
  description: {
    en: 'User ID (the caller by default; another user\'s day needs the right to edit it)',
    ru: 'ID пользователя (по умолчанию — текущий; чужой рабочий день требует права на его изменение)',
  },
  example: 5,
} as const;

const time = (what: Text) => ({
  schema: dateTime().optional(),
  wire: 'TIME',
  cli: 'time',
  short: 't',
  description: what,
  example: '2026-03-27T09:00:00+03:00',
}) as const;

const report = {
  schema: z.string().min(1).optional(),
  wire: 'REPORT',
  cli: 'report',
  short: 'r',
  description: {
    en: 'Reason for the change of time (required with --time unless the user has a free schedule)',
    ru: 'Причина изменения времени (обязательна с --time, если у сотрудника не свободный график)',
  },
  example: 'Был на встрече с клиентом',
} as const;

const coordinate = (wire: 'LAT' | 'LON', what: Text) => ({
  schema: z.number().min(wire === 'LAT' ? -90 : -180).max(wire === 'LAT' ? 90 : 180).optional(),
  wire,
  cli: wire.toLowerCase(),
  description: what,
  example: wire === 'LAT' ? 55.7602 : 37.6186,
}) as const;

export const timeTracking = defineSection(
  'bitrix24',
  { id: 'time-tracking', title: { en: 'Time tracking', ru: 'Учет рабочего времени' } },
  {
    openWorkday: {
      ruName: 'НачатьУчетВремени',
      remote: 'timeman.open',
      summary: { en: 'Starts a working day, or resumes a paused or closed one', ru: 'Начинает рабочий день или возобновляет приостановленный или закрытый' },
      access: 'write',
      docs: docs('timeman/base/timeman-open'),
      connectionShorts: { token: 'k' },
      params: {
        userId,
        time: time({
          en: 'Start time, ISO 8601 with an offset, on today\'s date (only for a closed day)',
          ru: 'Время начала, ISO 8601 со смещением, на текущую дату (только для закрытого дня)',
        }),
        report,
        lat: coordinate('LAT', { en: 'Latitude where the day starts', ru: 'Широта места начала дня' }),
        lon: coordinate('LON', { en: 'Longitude where the day starts', ru: 'Долгота места начала дня' }),
      },
      result: workDay,
      example: { userId: 7 },
    },
    pauseWorkday: {
      ruName: 'ПриостановитьУчетВремени',
      remote: 'timeman.pause',
      summary: { en: 'Pauses the working day (a closed day is resumed and paused)', ru: 'Приостанавливает рабочий день (закрытый день возобновляется и приостанавливается)' },
      access: 'write',
      docs: docs('timeman/base/timeman-pause'),
      params: { userId },
      result: workDay,
      example: { userId: 2 },
    },
    closeWorkday: {
      ruName: 'ЗавершитьУчетВремени',
      remote: 'timeman.close',
      summary: { en: 'Closes the working day', ru: 'Завершает рабочий день' },
      access: 'write',
      docs: docs('timeman/base/timeman-close'),
      connectionShorts: { token: 'k' },
      params: {
        userId,
        time: time({
          en: 'End time, ISO 8601, on the day\'s own date (now by default)',
          ru: 'Время окончания, ISO 8601, в дату начала дня (по умолчанию — сейчас)',
        }),
        report,
        lat: coordinate('LAT', { en: 'Latitude where the day ends', ru: 'Широта места окончания дня' }),
        lon: coordinate('LON', { en: 'Longitude where the day ends', ru: 'Долгота места окончания дня' }),
      },
      result: workDay,
      example: { userId: 3 },
    },
    getWorkdayStatus: {
      ruName: 'ПолучитьСтатусУчетаВремени',
      remote: 'timeman.status',
      summary: { en: 'Gets the state of the user\'s current working day', ru: 'Получает состояние текущего рабочего дня пользователя' },
      access: 'read',
      docs: docs('timeman/base/timeman-status'),
      params: { userId },
      result: workDay,
      example: { userId: 2 },
    },
    getWorktimeSettings: {
      ruName: 'ПолучитьНастройкиУчетаВремени',
      remote: 'timeman.settings',
      summary: { en: 'Gets the user\'s working-time settings', ru: 'Получает настройки рабочего времени пользователя' },
      access: 'read',
      docs: docs('timeman/base/timeman-settings'),
      params: { userId },
      result: timemanSettings,
      example: {},
    },
  },
);
