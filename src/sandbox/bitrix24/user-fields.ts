// The fields of a user's profile, as api-reference/user/user-fields.md lists them (names, titles,
// order), which of them user.add / user.update write (api-reference/user/user-add.md), and which
// the reduced scopes show (api-reference/user/user-scope.md: user_basic, user_brief; the full
// `user` scope shows all). One table drives user.fields, the answers of user.get / user.search /
// user.current, their filters and sorting, and the writes.
import type { ValueKind } from './filter.js';

export interface UserField {
  name: string;
  /** The title user.fields gives. */
  title: string;
  /** How filters compare the field: dates as moments, UF_DEPARTMENT as numbers, ACTIVE as a flag. */
  kind: ValueKind;
  /** Written by user.add and user.update. */
  writable: boolean;
  /** The reduced scopes that still show the field. */
  tiers: readonly ('user_basic' | 'user_brief')[];
}

const table: [string, string, ValueKind, boolean, ('user_basic' | 'user_brief')[]][] = [
  ['ID', 'ID', 'int', false, ['user_basic', 'user_brief']],
  ['XML_ID', 'Внешний код', 'str', false, ['user_basic', 'user_brief']],
  ['ACTIVE', 'Активность', 'bool', false, ['user_basic', 'user_brief']],
  ['NAME', 'Имя', 'str', true, ['user_basic', 'user_brief']],
  ['LAST_NAME', 'Фамилия', 'str', true, ['user_basic', 'user_brief']],
  ['SECOND_NAME', 'Отчество', 'str', true, ['user_basic', 'user_brief']],
  ['TITLE', 'Список пользователей', 'str', false, ['user_basic', 'user_brief']],
  ['EMAIL', 'E-Mail', 'str', true, ['user_basic']],
  ['LAST_LOGIN', 'Последняя авторизация', 'date', false, []],
  ['DATE_REGISTER', 'Дата регистрации', 'date', false, ['user_basic', 'user_brief']],
  ['TIME_ZONE', 'TIME_ZONE', 'str', false, ['user_basic', 'user_brief']],
  ['IS_ONLINE', 'IS_ONLINE', 'str', false, ['user_basic', 'user_brief']],
  ['TIMESTAMP_X', 'TIMESTAMP_X', 'date', false, ['user_basic', 'user_brief']],
  ['LAST_ACTIVITY_DATE', 'LAST_ACTIVITY_DATE', 'date', false, ['user_basic', 'user_brief']],
  ['PERSONAL_GENDER', 'Пол', 'str', true, ['user_basic', 'user_brief']],
  ['PERSONAL_PROFESSION', 'Профессия', 'str', true, ['user_basic', 'user_brief']],
  ['PERSONAL_WWW', 'Домашняя страничка', 'str', true, []],
  ['PERSONAL_BIRTHDAY', 'Дата рождения', 'date', true, ['user_basic', 'user_brief']],
  ['PERSONAL_PHOTO', 'Фотография', 'str', true, ['user_basic', 'user_brief']],
  ['PERSONAL_ICQ', 'ICQ', 'str', true, []],
  ['PERSONAL_PHONE', 'Личный телефон', 'str', true, ['user_basic']],
  ['PERSONAL_FAX', 'Факс', 'str', true, ['user_basic']],
  ['PERSONAL_MOBILE', 'Личный мобильный', 'str', true, ['user_basic']],
  ['PERSONAL_PAGER', 'Пейджер', 'str', true, ['user_basic']],
  ['PERSONAL_STREET', 'Улица проживания', 'str', true, ['user_basic']],
  ['PERSONAL_CITY', 'Город проживания', 'str', true, ['user_basic', 'user_brief']],
  ['PERSONAL_STATE', 'Область / край', 'str', true, ['user_basic', 'user_brief']],
  ['PERSONAL_ZIP', 'Почтовый индекс', 'str', true, ['user_basic']],
  ['PERSONAL_COUNTRY', 'Страна', 'str', true, ['user_basic', 'user_brief']],
  ['PERSONAL_MAILBOX', 'Почтовый ящик', 'str', true, ['user_basic']],
  ['PERSONAL_NOTES', 'Дополнительные заметки', 'str', true, ['user_basic']],
  ['WORK_PHONE', 'Телефон компании', 'str', true, ['user_basic']],
  ['WORK_COMPANY', 'Компания', 'str', true, ['user_basic']],
  ['WORK_POSITION', 'Должность', 'str', true, ['user_basic', 'user_brief']],
  ['WORK_DEPARTMENT', 'Отдел', 'str', true, ['user_basic']],
  ['WORK_WWW', 'Сайт компании', 'str', true, ['user_basic']],
  ['WORK_FAX', 'WORK_FAX', 'str', true, ['user_basic']],
  ['WORK_PAGER', 'WORK_PAGER', 'str', true, ['user_basic']],
  ['WORK_STREET', 'WORK_STREET', 'str', true, ['user_basic']],
  ['WORK_MAILBOX', 'WORK_MAILBOX', 'str', true, ['user_basic']],
  ['WORK_CITY', 'Город работы', 'str', true, ['user_basic', 'user_brief']],
  ['WORK_STATE', 'WORK_STATE', 'str', true, ['user_basic', 'user_brief']],
  ['WORK_ZIP', 'WORK_ZIP', 'str', true, ['user_basic']],
  ['WORK_COUNTRY', 'WORK_COUNTRY', 'str', true, ['user_basic', 'user_brief']],
  ['WORK_PROFILE', 'WORK_PROFILE', 'str', true, ['user_basic']],
  ['WORK_LOGO', 'WORK_LOGO', 'str', true, ['user_basic']],
  ['WORK_NOTES', 'WORK_NOTES', 'str', true, ['user_basic']],
  ['UF_SKYPE_LINK', 'Ссылка на чат в Skype', 'str', true, ['user_basic']],
  ['UF_ZOOM', 'Zoom', 'str', true, ['user_basic']],
  ['UF_EMPLOYMENT_DATE', 'Дата принятия на работу', 'date', false, ['user_basic', 'user_brief']],
  ['UF_TIMEMAN', 'Учет рабочего времени', 'str', false, ['user_basic', 'user_brief']],
  ['UF_DEPARTMENT', 'Подразделения', 'int', true, ['user_basic', 'user_brief']],
  ['UF_INTERESTS', 'Интересы', 'str', true, ['user_basic', 'user_brief']],
  ['UF_SKILLS', 'Навыки', 'str', true, ['user_basic', 'user_brief']],
  ['UF_WEB_SITES', 'Другие сайты', 'str', true, ['user_basic']],
  ['UF_XING', 'Xing', 'str', true, ['user_basic']],
  ['UF_LINKEDIN', 'LinkedIn', 'str', true, ['user_basic']],
  ['UF_TWITTER', 'Twitter', 'str', true, ['user_basic']],
  ['UF_SKYPE', 'Skype', 'str', true, ['user_basic']],
  ['UF_DISTRICT', 'Район', 'str', true, ['user_basic']],
  ['UF_PHONE_INNER', 'Внутренний телефон', 'str', true, ['user_basic', 'user_brief']],
  ['USER_TYPE', 'USER_TYPE', 'str', false, []],
];

export const userFields: readonly UserField[] = table.map(([name, title, kind, writable, tiers]) => ({ name, title, kind, writable, tiers }));

export const userFieldByName: ReadonlyMap<string, UserField> = new Map(userFields.map((f) => [f.name, f]));

/** UF_FACEBOOK is written by user.add (its parameter table) though user.fields does not list it. */
export const extraWritable: ReadonlySet<string> = new Set(['UF_FACEBOOK']);

/**
 * Whether a caller with these scopes sees the field: the full `user` scope sees all; otherwise
 * the widest reduced scope held decides.
 */
export function visibleTo(field: UserField, scopes: ReadonlySet<string>): boolean {
  if (scopes.has('user')) return true;
  return field.tiers.some((tier) => scopes.has(tier));
}
