// The Bitrix24 catalogue: every section, in the order the documentation lists them.
import type { CallOptions, InputOf, ResultOf, SectionInfo } from '../../core/catalogue.js';
import type { Bitrix24Answer } from './answer.js';
import { calendarEvents } from './methods/calendar-events.js';
import { calendars } from './methods/calendars.js';
import { crmDeals } from './methods/crm-deals.js';
import { crmLeads } from './methods/crm-leads.js';
import { departments } from './methods/departments.js';
import { settings } from './methods/settings.js';
import { users } from './methods/users.js';

// The documentation's order: common methods, CRM, calendar (calendars, then their events), users,
// company structure (with the messenger's department methods).
export const bitrix24Sections: SectionInfo[] = [
  { id: 'settings', title: { en: 'Settings and administration', ru: 'Настройки и администрирование' } },
  { id: 'crm-deals', title: { en: 'Deals', ru: 'Работа со сделками' } },
  { id: 'crm-leads', title: { en: 'Leads', ru: 'Работа с лидами' } },
  { id: 'calendars', title: { en: 'Calendars', ru: 'Работа с календарями' } },
  { id: 'calendar-events', title: { en: 'Calendar events', ru: 'Работа с событиями календарей' } },
  { id: 'users', title: { en: 'Users', ru: 'Управление пользователями' } },
  { id: 'departments', title: { en: 'Departments', ru: 'Управление подразделениями' } },
];

export const bitrix24Catalogue = {
  ...settings,
  ...crmDeals,
  ...crmLeads,
  ...calendars,
  ...calendarEvents,
  ...users,
  ...departments,
};

export type Bitrix24Catalogue = typeof bitrix24Catalogue;

// Record<never, never> rather than object: methods without parameters have the input Record<string, never>.
type MethodFunction<E> = Record<never, never> extends InputOf<E>
  ? (input?: InputOf<E>, options?: CallOptions) => Promise<Bitrix24Answer<ResultOf<E>>>
  : (input: InputOf<E>, options?: CallOptions) => Promise<Bitrix24Answer<ResultOf<E>>>;

/** One typed function per catalogue entry; each resolves to the portal's whole answer. */
export type Bitrix24Methods = { [K in keyof Bitrix24Catalogue]: MethodFunction<Bitrix24Catalogue[K]> };
