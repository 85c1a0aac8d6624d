// The standard fields of deals and leads as crm.deal.fields / crm.lead.fields describe them,
// in the documented order (a Russian portal: the titles are Russian, except where the docs show
// a portal answering with the field's code). Unset fields are null, as crm.*.get shows them.
// Stages and statuses of the default funnel, and what a write derives.
import type { EntityHooks, FieldSpec, Row, WriteInfo } from './entity-store.js';
import { toInt, toList } from './params.js';

const id = (title: string): FieldSpec => ({ type: 'integer', title, kind: 'int', readOnly: true });
const int = (type: string, title: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type, title, kind: 'int', ...extra });
const str = (type: string, title: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type, title, kind: 'str', ...extra });
const date = (type: string, title: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type, title, kind: 'date', ...extra });
const money = (title: string): FieldSpec => ({ type: 'double', title, kind: 'num', fallback: 0 });
const flag = (title: string, extra: Partial<FieldSpec> = {}): FieldSpec => str('char', title, { fallback: 'N', ...extra });
const multifield = (title: string): FieldSpec => ({ type: 'crm_multifield', title, kind: 'str', multiple: true });

// Until something moves the row or an activity touches it, these show its creation.
const movedBy = int('user', 'MOVED_BY_ID', { readOnly: true, from: { field: 'CREATED_BY_ID' } });
const movedTime = date('datetime', 'MOVED_TIME', { readOnly: true, from: { field: 'DATE_CREATE' } });
const lastActivityTime = date('datetime', 'LAST_ACTIVITY_TIME', { readOnly: true, from: { field: 'DATE_CREATE' } });
const lastActivityBy = int('user', 'LAST_ACTIVITY_BY', { readOnly: true, from: { field: 'CREATED_BY_ID' } });
const utm = {
  UTM_SOURCE: str('string', 'Рекламная система'),
  UTM_MEDIUM: str('string', 'Тип трафика'),
  UTM_CAMPAIGN: str('string', 'Обозначение рекламной кампании'),
  UTM_CONTENT: str('string', 'Содержание кампании'),
  UTM_TERM: str('string', 'Условие поиска кампании'),
};

export const dealStages = ['NEW', 'PREPARATION', 'PREPAYMENT_INVOICE', 'EXECUTING', 'FINAL_INVOICE', 'WON', 'LOSE', 'APOLOGY'] as const;
export const leadStatuses = ['NEW', 'IN_PROCESS', 'PROCESSED', 'JUNK', 'CONVERTED'] as const;
export const sources = ['CALL', 'EMAIL', 'WEB', 'ADVERTISING', 'PARTNER', 'RECOMMENDATION', 'TRADE_SHOW', 'CALLBACK', 'WEBFORM'] as const;

const day = 86_400;

/** The currencies of a Russian portal's currency module; a write with another CURRENCY_ID fails. */
export const currencies: readonly string[] = ['RUB', 'USD', 'EUR', 'UAH', 'BYN', 'KZT'];

/** Field types LIKE filters do not work on (crm-deal-list.md): they compare whole values instead. */
export const wholeValueTypes: ReadonlySet<string> = new Set(['crm_status', 'crm_contact', 'crm_company']);

export const dealSchema: Record<string, FieldSpec> = {
  ID: id('ID'),
  TITLE: str('string', 'Название'),
  TYPE_ID: str('crm_status', 'Тип', { statusType: 'DEAL_TYPE', fallback: 'SALE' }),
  CATEGORY_ID: int('crm_category', 'Воронка', { immutable: true, fallback: 0 }),
  STAGE_ID: str('crm_status', 'Стадия сделки', { statusType: 'DEAL_STAGE', fallback: 'NEW' }),
  STAGE_SEMANTIC_ID: str('string', 'Группа стадии', { readOnly: true, fallback: 'P' }),
  IS_NEW: flag('Новая сделка', { readOnly: true }),
  IS_RECURRING: flag('Регулярная сделка'),
  IS_RETURN_CUSTOMER: flag('Повторная сделка'),
  IS_REPEATED_APPROACH: flag('Повторное обращение'),
  PROBABILITY: int('integer', 'Вероятность'),
  CURRENCY_ID: str('crm_currency', 'Валюта', { fallback: 'RUB' }),
  OPPORTUNITY: money('Сумма'),
  IS_MANUAL_OPPORTUNITY: flag('IS_MANUAL_OPPORTUNITY'),
  TAX_VALUE: money('Ставка налога'),
  COMPANY_ID: int('crm_company', 'Компания', { settings: { parentEntityTypeId: 4 } }),
  CONTACT_ID: int('crm_contact', 'Контакт', { deprecated: true }),
  CONTACT_IDS: int('crm_contact', 'Контакты', { multiple: true, writeOnly: true }),
  QUOTE_ID: int('crm_quote', 'Предложение', { readOnly: true, settings: { parentEntityTypeId: 7 } }),
  // Documented defaults: the day of creation, and a week later.
  BEGINDATE: date('date', 'Дата начала', { from: { field: 'DATE_CREATE' } }),
  CLOSEDATE: date('date', 'Предполагаемая дата закрытия', { from: { field: 'DATE_CREATE', addSeconds: 7 * day } }),
  OPENED: str('char', 'Доступна для всех', { fallback: 'Y' }),
  CLOSED: flag('Сделка закрыта'),
  COMMENTS: str('string', 'Комментарий'),
  ASSIGNED_BY_ID: int('user', 'Ответственный'),
  CREATED_BY_ID: int('user', 'Кем создана', { readOnly: true, fallback: 1 }),
  MODIFY_BY_ID: int('user', 'Кем изменена', { readOnly: true, fallback: 1 }),
  MOVED_BY_ID: movedBy,
  DATE_CREATE: date('datetime', 'Дата создания', { readOnly: true }),
  DATE_MODIFY: date('datetime', 'Дата изменения', { readOnly: true }),
  MOVED_TIME: movedTime,
  SOURCE_ID: str('crm_status', 'Источник', { statusType: 'SOURCE' }),
  SOURCE_DESCRIPTION: str('string', 'Дополнительно об источнике'),
  LEAD_ID: int('crm_lead', 'Лид', { readOnly: true, settings: { parentEntityTypeId: 1 } }),
  ADDITIONAL_INFO: str('string', 'Дополнительная информация'),
  LOCATION_ID: int('location', 'Местоположение'),
  ORIGINATOR_ID: str('string', 'Внешний источник'),
  ORIGIN_ID: str('string', 'Идентификатор элемента во внешнем источнике'),
  ...utm,
  LAST_ACTIVITY_TIME: lastActivityTime,
  LAST_ACTIVITY_BY: lastActivityBy,
};

export const leadSchema: Record<string, FieldSpec> = {
  ID: id('ID'),
  TITLE: str('string', 'Название лида', { fallback: '' }),
  HONORIFIC: str('crm_status', 'Обращение', { statusType: 'HONORIFIC' }),
  NAME: str('string', 'Имя'),
  SECOND_NAME: str('string', 'Отчество'),
  LAST_NAME: str('string', 'Фамилия'),
  // Leads show an unset date as "" (crm.lead.get docs).
  BIRTHDATE: date('date', 'Дата рождения', { blank: '' }),
  COMPANY_TITLE: str('string', 'Название компании'),
  SOURCE_ID: str('crm_status', 'Источник', { statusType: 'SOURCE' }),
  SOURCE_DESCRIPTION: str('string', 'Дополнительно об источнике'),
  STATUS_ID: str('crm_status', 'Стадия', { statusType: 'STATUS', fallback: 'NEW' }),
  STATUS_DESCRIPTION: str('string', 'Дополнительно о стадии'),
  STATUS_SEMANTIC_ID: str('string', 'Состояние статуса', { readOnly: true, fallback: 'P' }),
  POST: str('string', 'Должность'),
  ADDRESS: str('string', 'Адрес'),
  ADDRESS_2: str('string', 'Адрес (стр. 2)'),
  ADDRESS_CITY: str('string', 'Город'),
  ADDRESS_POSTAL_CODE: str('string', 'Почтовый индекс'),
  ADDRESS_REGION: str('string', 'Район'),
  ADDRESS_PROVINCE: str('string', 'Область'),
  ADDRESS_COUNTRY: str('string', 'Страна'),
  ADDRESS_COUNTRY_CODE: str('string', 'Код страны'),
  ADDRESS_LOC_ADDR_ID: int('integer', 'Идентификатор адреса местоположения'),
  CURRENCY_ID: str('crm_currency', 'Валюта', { fallback: 'RUB' }),
  OPPORTUNITY: money('Сумма'),
  IS_MANUAL_OPPORTUNITY: flag('IS_MANUAL_OPPORTUNITY'),
  OPENED: str('char', 'Доступен для всех', { fallback: 'Y' }),
  COMMENTS: str('string', 'Комментарий'),
  HAS_PHONE: flag('Задан телефон', { readOnly: true }),
  HAS_EMAIL: flag('Задан e-mail', { readOnly: true }),
  HAS_IMOL: flag('Задана открытая линия', { readOnly: true }),
  ASSIGNED_BY_ID: int('user', 'Ответственный'),
  CREATED_BY_ID: int('user', 'Кем создан', { readOnly: true, fallback: 1 }),
  MODIFY_BY_ID: int('user', 'Кем изменен', { readOnly: true, fallback: 1 }),
  MOVED_BY_ID: movedBy,
  DATE_CREATE: date('datetime', 'Дата создания', { readOnly: true }),
  DATE_MODIFY: date('datetime', 'Дата изменения', { readOnly: true }),
  MOVED_TIME: movedTime,
  COMPANY_ID: int('crm_company', 'Компания', { settings: { parentEntityTypeId: 4 } }),
  CONTACT_ID: int('crm_contact', 'Контакт', { deprecated: true }),
  CONTACT_IDS: int('crm_contact', 'CONTACT_IDS', { multiple: true, writeOnly: true }),
  IS_RETURN_CUSTOMER: flag('Повторный лид', { readOnly: true }),
  DATE_CLOSED: date('datetime', 'Дата закрытия', { readOnly: true, blank: '' }),
  ORIGINATOR_ID: str('string', 'Внешний источник'),
  ORIGIN_ID: str('string', 'Идентификатор элемента во внешнем источнике'),
  ...utm,
  LAST_ACTIVITY_TIME: lastActivityTime,
  LAST_ACTIVITY_BY: lastActivityBy,
  PHONE: multifield('Телефон'),
  EMAIL: multifield('E-mail'),
  WEB: multifield('Сайт'),
  IM: multifield('Мессенджер'),
  LINK: multifield('LINK'),
};

/** A flag stored only when it differs from its default "N". */
function setFlag(row: Row, field: string, on: boolean): void {
  if (on) row[field] = 'Y';
  else delete row[field];
}

/** A stage or status change records who moved the row and when. */
function recordMove(row: Row, write: WriteInfo, field: string, initial: string): void {
  if (write.creating || write.raw[field] === undefined) return;
  if ((write.previous[field] ?? initial) === (row[field] ?? initial)) return;
  row.MOVED_BY_ID = write.userId;
  row.MOVED_TIME = Math.floor(write.nowSec);
}

/** CONTACT_IDS is written, never shown: its first contact becomes CONTACT_ID, as on the portal. */
function contactFromList(row: Row, write: WriteInfo): void {
  if (write.raw.CONTACT_IDS === undefined || write.raw.CONTACT_ID !== undefined) return;
  const first = toInt((toList(write.raw.CONTACT_IDS) ?? [])[0]);
  if (first !== undefined && first > 0) row.CONTACT_ID = first;
  else delete row.CONTACT_ID;
}

/** Keeps the stage group and the closed flag in step with the stage, as the portal does. */
export function deriveDeal(row: Row, write: WriteInfo): void {
  const stage = String(row.STAGE_ID ?? 'NEW');
  const semantic = stage.endsWith('WON') ? 'S' : stage.endsWith('LOSE') || stage.endsWith('APOLOGY') ? 'F' : 'P';
  if (semantic === 'P') delete row.STAGE_SEMANTIC_ID;
  else row.STAGE_SEMANTIC_ID = semantic;
  if (semantic === 'P') delete row.CLOSED;
  else row.CLOSED = 'Y';
  // The documented default title: "Deal #{id}" on an English portal.
  if (write.creating && (row.TITLE === undefined || row.TITLE === null || row.TITLE === '')) row.TITLE = `Сделка #${String(row.ID)}`;
  recordMove(row, write, 'STAGE_ID', 'NEW');
  contactFromList(row, write);
}

export function deriveLead(row: Row, write: WriteInfo): void {
  const status = String(row.STATUS_ID ?? 'NEW');
  const semantic = status === 'CONVERTED' ? 'S' : status === 'JUNK' ? 'F' : 'P';
  if (semantic === 'P') {
    delete row.STATUS_SEMANTIC_ID;
    delete row.DATE_CLOSED;
  } else {
    row.STATUS_SEMANTIC_ID = semantic;
    if (row.DATE_CLOSED === undefined) row.DATE_CLOSED = row.DATE_MODIFY ?? null;
  }
  recordMove(row, write, 'STATUS_ID', 'NEW');
  contactFromList(row, write);
  // A lead written with a company or a contact becomes a returning customer's (crm.lead.add docs).
  const linked = ['COMPANY_ID', 'CONTACT_ID', 'CONTACT_IDS'].some((f) => write.raw[f] !== undefined && (toList(write.raw[f]) ?? []).some((v) => (toInt(v) ?? 0) > 0));
  if (linked) row.IS_RETURN_CUSTOMER = 'Y';
  setFlag(row, 'HAS_PHONE', write.items.some((item) => item.TYPE_ID === 'PHONE'));
  setFlag(row, 'HAS_EMAIL', write.items.some((item) => item.TYPE_ID === 'EMAIL'));
  // An open-line chat is a messenger item of type OPENLINE (IMOL).
  setFlag(row, 'HAS_IMOL', write.items.some((item) => item.TYPE_ID === 'IM' && (item.VALUE_TYPE === 'OPENLINE' || item.VALUE_TYPE === 'IMOL')));
}

export const dealHooks: EntityHooks = { derive: deriveDeal };
export const leadHooks: EntityHooks = { derive: deriveLead };
