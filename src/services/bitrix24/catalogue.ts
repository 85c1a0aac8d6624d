// The Bitrix24 catalogue: every section, in the order the documentation lists them.
import { sectionsOf, type CatalogueFunction, type ResultOf } from '../../core/catalogue.js';
import type { Bitrix24Answer } from './answer.js';
import { calendarEvents } from './methods/calendar-events.js';
import { calendars } from './methods/calendars.js';
import { crmDeals } from './methods/crm-deals.js';
import { crmLeads } from './methods/crm-leads.js';
import { departments } from './methods/departments.js';
import { diskFiles } from './methods/disk-files.js';
import { diskFolders } from './methods/disk-folders.js';
import { diskStorages } from './methods/disk-storages.js';
import { settings } from './methods/settings.js';
import { taskComments } from './methods/task-comments.js';
import { tasks } from './methods/tasks.js';
import { taskChecklists } from './methods/task-checklists.js';
import { taskStages } from './methods/task-stages.js';
import { taskUserFields } from './methods/task-user-fields.js';
import { timeTracking } from './methods/time-tracking.js';
import { users } from './methods/users.js';
import { chats } from './methods/chats.js';
import { messages } from './methods/messages.js';
import { notifications } from './methods/notifications.js';
import { newsFeed } from './methods/news-feed.js';

export const bitrix24Catalogue = {
  ...settings,
  ...crmDeals,
  ...crmLeads,
  ...calendars,
  ...calendarEvents,
  ...users,
  ...departments,
  ...tasks,
  ...taskComments,
  ...taskChecklists,
  ...taskUserFields,
  ...taskStages,
  ...timeTracking,
  ...chats,
  ...messages,
  ...notifications,
  ...newsFeed,
  ...diskStorages,
  ...diskFolders,
  ...diskFiles,
};

export type Bitrix24Catalogue = typeof bitrix24Catalogue;

/** The sections, in the order of the catalogue. */
export const bitrix24Sections = sectionsOf(Object.values(bitrix24Catalogue));

/** One typed function per catalogue entry; each resolves to the portal's whole answer. */
export type Bitrix24Methods = { [K in keyof Bitrix24Catalogue]: CatalogueFunction<Bitrix24Catalogue[K], Bitrix24Answer<ResultOf<Bitrix24Catalogue[K]>>> };
