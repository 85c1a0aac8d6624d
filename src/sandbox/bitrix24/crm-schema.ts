// The standard fields of deals and leads as crm.deal.fields / crm.lead.fields describe them
// (a Russian portal: the titles are Russian). Stages and statuses of the default funnel.
import type { FieldSpec, Row, Schema } from './entity-store.js';

const id = (title: string): FieldSpec => ({ type: 'integer', title, kind: 'int', readOnly: true });
const int = (type: string, title: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type, title, kind: 'int', ...extra });
const str = (type: string, title: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type, title, kind: 'str', ...extra });
const date = (type: string, title: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type, title, kind: 'date', ...extra });
const money = (title: string): FieldSpec => ({ type: 'double', title, kind: 'num', fallback: 0 });

export const dealStages = ['NEW', 'PREPARATION', 'PREPAYMENT_INVOICE', 'EXECUTING', 'FINAL_INVOICE', 'WON', 'LOSE', 'APOLOGY'] as const;
export const leadStatuses = ['NEW', 'IN_PROCESS', 'PROCESSED', 'JUNK', 'CONVERTED'] as const;
export const sources = ['CALL', 'EMAIL', 'WEB', 'ADVERTISING', 'PARTNER', 'RECOMMENDATION', 'TRADE_SHOW', 'CALLBACK', 'WEBFORM'] as const;

export const dealSchema: Schema = {
  ID: id('ID'),
  TITLE: str('string', 'Название', { fallback: '' }),
  TYPE_ID: str('crm_status', 'Тип', { statusType: 'DEAL_TYPE', fallback: 'SALE' }),
  CATEGORY_ID: int('crm_category', 'Воронка', { immutable: true, fallback: 0 }),
  STAGE_ID: str('crm_status', 'Стадия сделки', { statusType: 'DEAL_STAGE', fallback: 'NEW' }),
  STAGE_SEMANTIC_ID: str('string', 'Группа стадии', { readOnly: true, fallback: 'P' }),
  IS_NEW: str('char', 'Новая сделка', { readOnly: true, fallback: 'N' }),
  PROBABILITY: int('integer', 'Вероятность'),
  CURRENCY_ID: str('crm_currency', 'Валюта', { fallback: 'RUB' }),
  OPPORTUNITY: money('Сумма'),
  IS_MANUAL_OPPORTUNITY: str('char', 'Сумма заполняется вручную', { fallback: 'N' }),
  TAX_VALUE: money('Ставка налога'),
  LEAD_ID: int('crm_lead', 'Лид', { readOnly: true }),
  COMPANY_ID: int('crm_company', 'Компания'),
  CONTACT_ID: int('crm_contact', 'Контакт'),
  BEGINDATE: date('date', 'Дата начала'),
  CLOSEDATE: date('date', 'Предполагаемая дата закрытия'),
  OPENED: str('char', 'Доступна для всех', { fallback: 'Y' }),
  CLOSED: str('char', 'Сделка закрыта', { fallback: 'N' }),
  COMMENTS: str('string', 'Комментарий', { fallback: '' }),
  ASSIGNED_BY_ID: int('user', 'Ответственный'),
  CREATED_BY_ID: int('user', 'Кем создана', { readOnly: true, fallback: 1 }),
  MODIFY_BY_ID: int('user', 'Кем изменена', { readOnly: true, fallback: 1 }),
  DATE_CREATE: date('datetime', 'Дата создания', { readOnly: true }),
  DATE_MODIFY: date('datetime', 'Дата изменения', { readOnly: true }),
  SOURCE_ID: str('crm_status', 'Источник', { statusType: 'SOURCE' }),
  SOURCE_DESCRIPTION: str('string', 'Дополнительно об источнике', { fallback: '' }),
  ORIGINATOR_ID: str('string', 'Внешний источник'),
  ORIGIN_ID: str('string', 'Идентификатор элемента во внешнем источнике'),
};

export const leadSchema: Schema = {
  ID: id('ID'),
  TITLE: str('string', 'Название лида', { fallback: '' }),
  HONORIFIC: str('crm_status', 'Обращение', { statusType: 'HONORIFIC' }),
  NAME: str('string', 'Имя', { fallback: '' }),
  SECOND_NAME: str('string', 'Отчество', { fallback: '' }),
  LAST_NAME: str('string', 'Фамилия', { fallback: '' }),
  BIRTHDATE: date('date', 'Дата рождения'),
  COMPANY_TITLE: str('string', 'Название компании', { fallback: '' }),
  COMPANY_ID: int('crm_company', 'Компания', { readOnly: true }),
  CONTACT_ID: int('crm_contact', 'Контакт', { readOnly: true }),
  SOURCE_ID: str('crm_status', 'Источник', { statusType: 'SOURCE' }),
  SOURCE_DESCRIPTION: str('string', 'Дополнительно об источнике', { fallback: '' }),
  STATUS_ID: str('crm_status', 'Стадия', { statusType: 'STATUS', fallback: 'NEW' }),
  STATUS_DESCRIPTION: str('string', 'Дополнительно о стадии', { fallback: '' }),
  STATUS_SEMANTIC_ID: str('string', 'Состояние статуса', { readOnly: true, fallback: 'P' }),
  POST: str('string', 'Должность', { fallback: '' }),
  CURRENCY_ID: str('crm_currency', 'Валюта', { fallback: 'RUB' }),
  OPPORTUNITY: money('Сумма'),
  IS_MANUAL_OPPORTUNITY: str('char', 'Сумма заполняется вручную', { fallback: 'N' }),
  OPENED: str('char', 'Доступен для всех', { fallback: 'Y' }),
  COMMENTS: str('string', 'Комментарий', { fallback: '' }),
  HAS_PHONE: str('char', 'Задан телефон', { readOnly: true, fallback: 'N' }),
  HAS_EMAIL: str('char', 'Задан e-mail', { readOnly: true, fallback: 'N' }),
  ADDRESS_CITY: str('string', 'Город', { fallback: '' }),
  ASSIGNED_BY_ID: int('user', 'Ответственный'),
  CREATED_BY_ID: int('user', 'Кем создан', { readOnly: true, fallback: 1 }),
  MODIFY_BY_ID: int('user', 'Кем изменен', { readOnly: true, fallback: 1 }),
  DATE_CREATE: date('datetime', 'Дата создания', { readOnly: true }),
  DATE_MODIFY: date('datetime', 'Дата изменения', { readOnly: true }),
  DATE_CLOSED: date('datetime', 'Дата закрытия', { readOnly: true }),
  ORIGINATOR_ID: str('string', 'Внешний источник'),
  ORIGIN_ID: str('string', 'Идентификатор элемента во внешнем источнике'),
};

/** Keeps the stage group and the closed flag in step with the stage, as the portal does. */
export function deriveDeal(row: Row): void {
  const stage = String(row.STAGE_ID ?? 'NEW');
  const semantic = stage.endsWith('WON') ? 'S' : stage.endsWith('LOSE') || stage.endsWith('APOLOGY') ? 'F' : 'P';
  if (semantic === 'P') delete row.STAGE_SEMANTIC_ID;
  else row.STAGE_SEMANTIC_ID = semantic;
  if (semantic === 'P') delete row.CLOSED;
  else row.CLOSED = 'Y';
}

export function deriveLead(row: Row): void {
  const status = String(row.STATUS_ID ?? 'NEW');
  const semantic = status === 'CONVERTED' ? 'S' : status === 'JUNK' ? 'F' : 'P';
  if (semantic === 'P') {
    delete row.STATUS_SEMANTIC_ID;
    delete row.DATE_CLOSED;
  } else {
    row.STATUS_SEMANTIC_ID = semantic;
    if (row.DATE_CLOSED === undefined) row.DATE_CLOSED = row.DATE_MODIFY ?? null;
  }
}
