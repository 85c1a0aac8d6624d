// CRM deals — https://apidocs.bitrix24.ru/api-reference/crm/deals/
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { templateParams } from '../../../core/template.js';
import { wholeNumber } from '../../../core/values.js';
import { count, crmFieldDescription, crmListParams, crmOriginFields, dateTime, filterFields, id, ids, text, yn } from './schemas.js';

const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/crm/deals/${page}.html`;

const flag = () => z.enum(['Y', 'N']).nullable();

/** A deal as crm.deal.get returns it; ids and amounts come back as strings. */
export const deal = z.looseObject({
  ID: z.string(),
  TITLE: text(),
  TYPE_ID: text(),
  CATEGORY_ID: text(),
  STAGE_ID: text(),
  STAGE_SEMANTIC_ID: z.enum(['P', 'S', 'F']).nullable(),
  IS_NEW: flag().optional(),
  IS_RECURRING: flag().optional(),
  IS_RETURN_CUSTOMER: flag().optional(),
  IS_REPEATED_APPROACH: flag().optional(),
  PROBABILITY: text().optional(),
  CURRENCY_ID: text(),
  OPPORTUNITY: text(),
  IS_MANUAL_OPPORTUNITY: flag().optional(),
  TAX_VALUE: text().optional(),
  COMPANY_ID: text().optional(),
  CONTACT_ID: text().optional(),
  QUOTE_ID: text().optional(),
  LEAD_ID: text().optional(),
  BEGINDATE: text().optional(),
  CLOSEDATE: text().optional(),
  OPENED: flag(),
  CLOSED: flag(),
  COMMENTS: text().optional(),
  ASSIGNED_BY_ID: text(),
  CREATED_BY_ID: text(),
  MODIFY_BY_ID: text().optional(),
  MOVED_BY_ID: text().optional(),
  DATE_CREATE: z.string(),
  DATE_MODIFY: z.string(),
  MOVED_TIME: text().optional(),
  SOURCE_ID: text().optional(),
  SOURCE_DESCRIPTION: text().optional(),
  ADDITIONAL_INFO: text().optional(),
  ORIGINATOR_ID: text().optional(),
  ORIGIN_ID: text().optional(),
  UTM_SOURCE: text().optional(),
  UTM_MEDIUM: text().optional(),
  UTM_CAMPAIGN: text().optional(),
  UTM_CONTENT: text().optional(),
  UTM_TERM: text().optional(),
  LAST_ACTIVITY_TIME: text().optional(),
  LAST_ACTIVITY_BY: text().optional(),
});

/** A row of crm.deal.list: `select` decides which fields come back, the ID always does. */
export const dealRow = deal.partial().extend({ ID: z.string() });

/** Deal fields for crm.deal.add / update (the documented ones typed; UF_CRM_* and others pass as given). */
const dealFields = z.looseObject({
  TITLE: z.string().optional(),
  TYPE_ID: z.string().optional(),
  CATEGORY_ID: count('a funnel (category) ID', 0).optional(),
  STAGE_ID: z.string().optional(),
  IS_RECURRING: yn().optional(),
  IS_RETURN_CUSTOMER: yn().optional(),
  IS_REPEATED_APPROACH: yn().optional(),
  PROBABILITY: wholeNumber({ min: 0, max: 100, noun: 'a probability in per cent' }).optional(),
  CURRENCY_ID: z.string().optional(),
  OPPORTUNITY: z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/)]).optional(),
  IS_MANUAL_OPPORTUNITY: yn().optional(),
  TAX_VALUE: z.union([z.number(), z.string()]).optional(),
  COMPANY_ID: id().optional(),
  CONTACT_ID: id().optional(),
  CONTACT_IDS: ids().optional(),
  BEGINDATE: dateTime().optional(),
  CLOSEDATE: dateTime().optional(),
  OPENED: yn().optional(),
  CLOSED: yn().optional(),
  COMMENTS: z.string().optional(),
  ASSIGNED_BY_ID: id().optional(),
  SOURCE_ID: z.string().optional(),
  SOURCE_DESCRIPTION: z.string().optional(),
  ADDITIONAL_INFO: z.string().optional(),
  ...crmOriginFields,
});

const dealId = {
  schema: id(),
  wire: 'id',
  cli: 'deal',
  short: 'd',
  description: { en: 'Deal ID', ru: 'ID сделки' },
  example: 1,
} as const;

const fields = {
  schema: dealFields,
  cli: 'fields',
  short: 'f',
  description: {
    en: 'Deal fields: TITLE, STAGE_ID, OPPORTUNITY, CURRENCY_ID, ASSIGNED_BY_ID, COMPANY_ID, UF_CRM_*, …',
    ru: 'Поля сделки: TITLE, STAGE_ID, OPPORTUNITY, CURRENCY_ID, ASSIGNED_BY_ID, COMPANY_ID, UF_CRM_*, …',
  },
  example: { TITLE: 'Поставка оборудования — ООО «Вектор»', STAGE_ID: 'NEW', OPPORTUNITY: 250000, CURRENCY_ID: 'RUB' },
} as const;

const eventOptions = {
  schema: z.looseObject({ REGISTER_SONET_EVENT: yn().optional(), REGISTER_HISTORY_EVENT: yn().optional() }).optional(),
  cli: 'params',
  description: {
    en: 'Options: REGISTER_SONET_EVENT (post to the feed), REGISTER_HISTORY_EVENT (Y/N)',
    ru: 'Параметры: REGISTER_SONET_EVENT (запись в ленту), REGISTER_HISTORY_EVENT (Y/N)',
  },
} as const;

export const crmDeals = defineSection(
  'bitrix24',
  { id: 'crm-deals', title: { en: 'Deals', ru: 'Работа со сделками' } },
  {
    addDeal: {
      ruName: 'СоздатьСделку',
      remote: 'crm.deal.add',
      summary: { en: 'Creates a deal', ru: 'Создает сделку' },
      access: 'write',
      docs: docs('crm-deal-add'),
      params: {
        fields,
        params: { ...eventOptions, schema: z.looseObject({ REGISTER_SONET_EVENT: yn().optional() }).optional() },
      },
      result: z.number().int().positive(),
      example: { fields: { TITLE: 'Поставка оборудования — ООО «Вектор»', STAGE_ID: 'NEW', OPPORTUNITY: 250000, CURRENCY_ID: 'RUB', ASSIGNED_BY_ID: 2 } },
    },
    updateDeal: {
      ruName: 'ИзменитьСделку',
      remote: 'crm.deal.update',
      summary: { en: 'Changes a deal', ru: 'Изменяет сделку' },
      access: 'write',
      docs: docs('crm-deal-update'),
      params: {
        dealId,
        fields: { ...fields, description: { en: 'Fields to change', ru: 'Изменяемые поля' }, example: { STAGE_ID: 'PREPARATION', OPPORTUNITY: 300000 } },
        params: eventOptions,
      },
      result: z.boolean(),
      example: { dealId: 1, fields: { STAGE_ID: 'PREPARATION', OPPORTUNITY: 300000 } },
    },
    getDeal: {
      ruName: 'ПолучитьСделку',
      remote: 'crm.deal.get',
      summary: { en: 'Gets a deal by ID', ru: 'Получает сделку по ID' },
      access: 'read',
      docs: docs('crm-deal-get'),
      params: { dealId },
      result: deal,
      example: { dealId: 1 },
    },
    getDeals: {
      ruName: 'ПолучитьСписокСделок',
      remote: 'crm.deal.list',
      summary: { en: 'Gets deals by a filter, 50 per page', ru: 'Получает сделки по фильтру, по 50 на странице' },
      access: 'read',
      paging: { style: 'bitrix-start' },
      docs: docs('crm-deal-list'),
      params: crmListParams({ en: 'deal', ru: 'сделки' }, { filter: { STAGE_ID: 'WON', '>OPPORTUNITY': 1000000 }, select: ['ID', 'TITLE', 'STAGE_ID', 'OPPORTUNITY'], order: { ID: 'ASC' } }),
      result: z.array(dealRow),
      example: { filter: { STAGE_ID: 'WON' }, select: ['ID', 'TITLE', 'OPPORTUNITY'], order: { ID: 'ASC' } },
    },
    deleteDeal: {
      ruName: 'УдалитьСделку',
      remote: 'crm.deal.delete',
      summary: { en: 'Deletes a deal and what belongs only to it', ru: 'Удаляет сделку и связанные только с ней объекты' },
      access: 'write',
      docs: docs('crm-deal-delete'),
      params: { dealId },
      result: z.boolean(),
      example: { dealId: 500 },
    },
    getDealFields: {
      ruName: 'ПолучитьСтруктуруСделки',
      remote: 'crm.deal.fields',
      summary: { en: 'Describes the deal fields, custom ones included', ru: 'Описывает поля сделки, включая пользовательские' },
      access: 'read',
      docs: docs('crm-deal-fields'),
      params: {},
      result: z.record(z.string(), crmFieldDescription),
      example: {},
    },
    getDealFilterStructure: {
      ruName: 'ПолучитьСтруктуруФильтраСделок',
      remote: 'crm.deal.list',
      summary: {
        en: 'A template of crm.deal.list\'s filter: the deal\'s fields (those one may filter by), derived from the deal\'s schema; no request',
        ru: 'Шаблон фильтра crm.deal.list: поля сделки (по ним можно фильтровать), построенные по схеме сделки; без запроса',
      },
      access: 'read',
      docs: docs('crm-deal-list'),
      template: filterFields(deal),
      params: { ...templateParams },
      result: z.record(z.string(), z.unknown()),
      example: {},
    },
  },
);
