// Settings and administration — https://apidocs.bitrix24.ru/api-reference/common/system/
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';

const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/common/system/${page}.html`;

export const settings = defineSection(
  'bitrix24',
  { id: 'settings', title: { en: 'Settings and administration', ru: 'Настройки и администрирование' } },
  {
    getServerTime: {
      ruName: 'СерверноеВремя',
      remote: 'server.time',
      summary: { en: 'Gets the portal server\'s current time', ru: 'Получает текущее время сервера портала' },
      access: 'read',
      docs: docs('server-time'),
      params: {},
      result: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/)
        .describe('YYYY-MM-DDThh:mm:ss±hh:mm'),
      example: {},
    },
  },
);
