// CRM leads — https://apidocs.bitrix24.ru/api-reference/crm/leads/
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { templateParams } from '../../../core/template.js';
import { crmFieldDescription, crmListParams, crmOriginFields, crmMultifield, dateTime, filterFields, id, ids, text, yn } from './schemas.js';

const docs = (page: string) => `https://apidocs.bitrix24.ru/api-reference/crm/leads/${page}.html`;

const flag = () => z.enum(['Y', 'N']).nullable();

/** A lead as crm.lead.get returns it; ids and amounts come back as strings. */
export const lead = z.looseObject({
  ID: z.string(),
  TITLE: text(),
  HONORIFIC: text().optional(),
  NAME: text(),
  SECOND_NAME: text().optional(),
  LAST_NAME: text(),
  COMPANY_ID: text().optional(),
  COMPANY_TITLE: text().optional(),
  CONTACT_ID: text().optional(),
  IS_RETURN_CUSTOMER: flag().optional(),
  BIRTHDATE: text().optional(),
  SOURCE_ID: text().optional(),
  SOURCE_DESCRIPTION: text().optional(),
  STATUS_ID: text(),
  STATUS_DESCRIPTION: text().optional(),
  STATUS_SEMANTIC_ID: z.enum(['P', 'S', 'F']).nullable(),
  POST: text().optional(),
  COMMENTS: text().optional(),
  CURRENCY_ID: text(),
  OPPORTUNITY: text(),
  IS_MANUAL_OPPORTUNITY: flag().optional(),
  HAS_PHONE: flag(),
  HAS_EMAIL: flag(),
  HAS_IMOL: flag().optional(),
  ASSIGNED_BY_ID: text(),
  CREATED_BY_ID: text(),
  MODIFY_BY_ID: text().optional(),
  MOVED_BY_ID: text().optional(),
  DATE_CREATE: z.string(),
  DATE_MODIFY: z.string(),
  DATE_CLOSED: text().optional(),
  MOVED_TIME: text().optional(),
  OPENED: flag(),
  ORIGINATOR_ID: text().optional(),
  ORIGIN_ID: text().optional(),
  ADDRESS: text().optional(),
  ADDRESS_2: text().optional(),
  ADDRESS_CITY: text().optional(),
  ADDRESS_POSTAL_CODE: text().optional(),
  ADDRESS_REGION: text().optional(),
  ADDRESS_PROVINCE: text().optional(),
  ADDRESS_COUNTRY: text().optional(),
  ADDRESS_COUNTRY_CODE: text().optional(),
  UTM_SOURCE: text().optional(),
  UTM_MEDIUM: text().optional(),
  UTM_CAMPAIGN: text().optional(),
  UTM_CONTENT: text().optional(),
  UTM_TERM: text().optional(),
  LAST_ACTIVITY_BY: text().optional(),
  LAST_ACTIVITY_TIME: text().optional(),
  // Multiple fields are present only when filled.
  PHONE: z.array(crmMultifield).optional(),
  EMAIL: z.array(crmMultifield).optional(),
  WEB: z.array(crmMultifield).optional(),
  IM: z.array(crmMultifield).optional(),
  LINK: z.array(crmMultifield).optional(),
});

/** A row of crm.lead.list: `select` decides which fields come back, the ID always does. */
export const leadRow = lead.partial().extend({ ID: z.string() });

/** A phone, e-mail, site or messenger to write: VALUE and VALUE_TYPE (WORK, MOBILE, HOME, …). */
const multifieldInput = z.array(z.looseObject({ VALUE: z.string(), VALUE_TYPE: z.string().optional(), ID: id().optional() }));

/** Lead fields for crm.lead.add / update (the documented ones typed; UF_CRM_* and others pass as given). */
const leadFields = z.looseObject({
  TITLE: z.string().optional(),
  HONORIFIC: z.string().optional(),
  NAME: z.string().optional(),
  SECOND_NAME: z.string().optional(),
  LAST_NAME: z.string().optional(),
  BIRTHDATE: dateTime().optional(),
  COMPANY_TITLE: z.string().optional(),
  COMPANY_ID: id().optional(),
  CONTACT_ID: id().optional(),
  CONTACT_IDS: ids().optional(),
  POST: z.string().optional(),
  STATUS_ID: z.string().optional(),
  STATUS_DESCRIPTION: z.string().optional(),
  SOURCE_ID: z.string().optional(),
  SOURCE_DESCRIPTION: z.string().optional(),
  CURRENCY_ID: z.string().optional(),
  OPPORTUNITY: z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/)]).optional(),
  IS_MANUAL_OPPORTUNITY: yn().optional(),
  OPENED: yn().optional(),
  ASSIGNED_BY_ID: id().optional(),
  COMMENTS: z.string().optional(),
  ADDRESS: z.string().optional(),
  ADDRESS_2: z.string().optional(),
  ADDRESS_CITY: z.string().optional(),
  ADDRESS_POSTAL_CODE: z.string().optional(),
  ADDRESS_REGION: z.string().optional(),
  ADDRESS_PROVINCE: z.string().optional(),
  ADDRESS_COUNTRY: z.string().optional(),
  ADDRESS_COUNTRY_CODE: z.string().optional(),
  PHONE: multifieldInput.optional(),
  EMAIL: multifieldInput.optional(),
  WEB: multifieldInput.optional(),
  IM: multifieldInput.optional(),
  LINK: multifieldInput.optional(),
  ...crmOriginFields,
});

const leadId = {
  schema: id(),
  wire: 'id',
  cli: 'lead',
  short: 'l',
  description: { en: 'Lead ID', ru: 'ID лида' },
  example: 1,
} as const;

const fields = {
  schema: leadFields,
  cli: 'fields',
  short: 'f',
  description: {
    en: 'Lead fields: TITLE, NAME, LAST_NAME, STATUS_ID, SOURCE_ID, PHONE, EMAIL, ASSIGNED_BY_ID, UF_CRM_*, …',
    ru: 'Поля лида: TITLE, NAME, LAST_NAME, STATUS_ID, SOURCE_ID, PHONE, EMAIL, ASSIGNED_BY_ID, UF_CRM_*, …',
  },
  example: { TITLE: 'Заявка с сайта', NAME: 'Ольга', LAST_NAME: 'Кузнецова', PHONE: [{ VALUE: '+7 916 555-12-34', VALUE_TYPE: 'WORK' }] },
} as const;

const eventOptions = {
  schema: z.looseObject({ REGISTER_SONET_EVENT: yn().optional() }).optional(),
  cli: 'params',
  description: { en: 'Options: REGISTER_SONET_EVENT — post to the feed (Y/N)', ru: 'Параметры: REGISTER_SONET_EVENT — запись в ленту (Y/N)' },
} as const;

export const crmLeads = defineSection(
  'bitrix24',
  { id: 'crm-leads', title: { en: 'Leads', ru: 'Работа с лидами' } },
  {
    addLead: {
      ruName: 'СоздатьЛид',
      remote: 'crm.lead.add',
      summary: { en: 'Creates a lead', ru: 'Создает лид' },
      access: 'write',
      docs: docs('crm-lead-add'),
      params: { fields, params: eventOptions },
      result: z.number().int().positive(),
      example: {
        fields: { TITLE: 'Заявка с сайта', NAME: 'Ольга', LAST_NAME: 'Кузнецова', PHONE: [{ VALUE: '+7 916 555-12-34', VALUE_TYPE: 'WORK' }], ASSIGNED_BY_ID: 2 },
      },
    },
    updateLead: {
      ruName: 'ИзменитьЛид',
      remote: 'crm.lead.update',
      summary: { en: 'Changes a lead', ru: 'Изменяет лид' },
      access: 'write',
      docs: docs('crm-lead-update'),
      params: {
        leadId,
        fields: { ...fields, description: { en: 'Fields to change', ru: 'Изменяемые поля' }, example: { STATUS_ID: 'IN_PROCESS' } },
        params: eventOptions,
      },
      result: z.boolean(),
      example: { leadId: 1, fields: { STATUS_ID: 'IN_PROCESS', COMMENTS: 'Перезвонить в понедельник' } },
    },
    getLead: {
      ruName: 'ПолучитьЛид',
      remote: 'crm.lead.get',
      summary: { en: 'Gets a lead by ID', ru: 'Получает лид по ID' },
      access: 'read',
      docs: docs('crm-lead-get'),
      params: { leadId },
      result: lead,
      example: { leadId: 1 },
    },
    getLeads: {
      ruName: 'ПолучитьСписокЛидов',
      remote: 'crm.lead.list',
      summary: { en: 'Gets leads by a filter, 50 per page', ru: 'Получает лиды по фильтру, по 50 на странице' },
      access: 'read',
      paging: { style: 'bitrix-start' },
      docs: docs('crm-lead-list'),
      params: crmListParams({ en: 'lead', ru: 'лида' }, { filter: { STATUS_ID: 'NEW', SOURCE_ID: 'WEB' }, select: ['ID', 'TITLE', 'NAME', 'LAST_NAME', 'STATUS_ID'], order: { DATE_CREATE: 'DESC' } }),
      result: z.array(leadRow),
      example: { filter: { STATUS_ID: 'NEW' }, select: ['ID', 'TITLE', 'NAME', 'LAST_NAME'], order: { ID: 'DESC' } },
    },
    deleteLead: {
      ruName: 'УдалитьЛид',
      remote: 'crm.lead.delete',
      summary: { en: 'Deletes a lead', ru: 'Удаляет лид' },
      access: 'write',
      docs: docs('crm-lead-delete'),
      params: { leadId },
      result: z.boolean(),
      example: { leadId: 500 },
    },
    getLeadFields: {
      ruName: 'ПолучитьСтруктуруЛида',
      remote: 'crm.lead.fields',
      summary: { en: 'Describes the lead fields, custom ones included', ru: 'Описывает поля лида, включая пользовательские' },
      access: 'read',
      docs: docs('crm-lead-fields'),
      params: {},
      result: z.record(z.string(), crmFieldDescription),
      example: {},
    },
    getLeadFilterStructure: {
      ruName: 'ПолучитьСтруктуруФильтраЛидов',
      remote: 'crm.lead.list',
      summary: {
        en: 'A template of crm.lead.list\'s filter: the lead\'s fields (those one may filter by), derived from the lead\'s schema; no request',
        ru: 'Шаблон фильтра crm.lead.list: поля лида (по ним можно фильтровать), построенные по схеме лида; без запроса',
      },
      access: 'read',
      docs: docs('crm-lead-list'),
      template: filterFields(lead),
      params: { ...templateParams },
      result: z.record(z.string(), z.unknown()),
      example: {},
    },
  },
);
