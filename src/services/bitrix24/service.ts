// What the front ends (CLI, docs) know of Bitrix24: its catalogue and how to connect.
import { z } from 'zod';
import type { ServiceDefinition } from '../../core/catalogue.js';
import { bitrix24Catalogue, bitrix24Sections } from './catalogue.js';
import { bitrix24Base } from './service-base.js';
export { tokenValues } from './service-base.js';

export const bitrix24Service: ServiceDefinition = {
  ...bitrix24Base,
  sections: bitrix24Sections,
  methods: Object.values(bitrix24Catalogue),
  // Bitrix24Answer (answer.ts): the library returns the portal's whole answer.
  answer: {
    resultKey: 'result',
    schema: (result) =>
      z.object({
        result,
        time: z.record(z.string(), z.unknown()).describe('Timing of the call and the operating time used / Время выполнения и использованное время работы метода'),
        total: z.number().int().optional().describe('List methods: the size of the whole selection / Списки: размер всей выборки'),
        next: z.number().int().optional().describe('List methods: the start of the next page / Списки: start следующей страницы'),
      }),
  },
};
