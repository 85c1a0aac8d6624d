// Everything the emulated portal holds. Tests reach it through `sandbox.state` to change data
// behind a client's back (add or delete CRM rows during an export, dismiss a user …).
import { EntityStore } from './entity-store.js';
import { dealHooks, dealSchema, leadHooks, leadSchema } from './crm-schema.js';
import { seedPortal, type SeedOptions } from './seed.js';
import { seedTimeman } from './seed-timeman.js';
import type { TimemanSettings, WorkDay } from './timeman.js';
import { Table } from './table.js';
import { SeededRandom } from '../common/random.js';
import { TaskStore } from './tasks/store.js';
import { seedTasks } from './tasks/seed.js';
import { TaskUserFieldStore } from './tasks/user-fields.js';
import { TaskItems } from './tasks/items.js';
import { seedTaskItems } from './tasks/seed-items.js';
import { DriveStore } from './drive.js';
import { portalDirectory, seedDrive } from './drive-seed.js';
import { MessengerState, seedMessenger } from './messenger.js';
import { FeedState, seedFeed } from './feed.js';

export interface User {
  ID: number;
  ACTIVE: boolean;
  NAME: string;
  LAST_NAME: string;
  SECOND_NAME: string;
  EMAIL: string;
  /** epoch seconds or null */
  LAST_LOGIN: number | null;
  DATE_REGISTER: number;
  /** The profile's last change (epoch seconds): user.update moves it. */
  TIMESTAMP_X: number;
  /** The user's last activity on the portal (epoch seconds), null for someone never active. */
  LAST_ACTIVITY_DATE: number | null;
  TIME_ZONE: string;
  IS_ONLINE: 'Y' | 'N';
  PERSONAL_GENDER: 'M' | 'F' | '';
  /** YYYY-MM-DD or '' */
  PERSONAL_BIRTHDAY: string;
  PERSONAL_MOBILE: string;
  PERSONAL_CITY: string;
  WORK_PHONE: string;
  WORK_POSITION: string;
  UF_DEPARTMENT: number[];
  UF_PHONE_INNER: string;
  /** YYYY-MM-DD or '' */
  UF_EMPLOYMENT_DATE: string;
  USER_TYPE: 'employee' | 'extranet';
  /** The other profile fields (user-fields.ts), as written; unset ones are absent. */
  extra: Record<string, string>;
  /** The messenger's colour of the user. */
  color: string;
}

export interface Department {
  ID: number;
  NAME: string;
  SORT: number;
  PARENT: number | null;
  UF_HEAD: number | null;
}

export interface Section {
  ID: number;
  NAME: string;
  DESCRIPTION: string;
  COLOR: string;
  TEXT_COLOR: string;
  EXPORT: { ALLOW: boolean; SET: string };
  CAL_TYPE: string;
  OWNER_ID: number;
  CREATED_BY: number;
  DATE_CREATE: number;
  TIMESTAMP_X: number;
}

export type MeetingStatus = 'H' | 'Y' | 'N' | 'Q';

export interface CalendarEvent {
  ID: number;
  /**
   * The meeting this row belongs to: its own ID for an organiser's event, the organiser's event
   * for an attendee's copy (each attendee has one, in their own calendar).
   */
  PARENT_ID: number;
  CAL_TYPE: string;
  OWNER_ID: number;
  SECTION_ID: number;
  NAME: string;
  DESCRIPTION: string;
  /** epoch seconds (UTC) */
  from: number;
  to: number;
  TZ_FROM: string;
  TZ_TO: string;
  skipTime: boolean;
  ACCESSIBILITY: 'busy' | 'absent' | 'quest' | 'free';
  IMPORTANCE: 'high' | 'normal' | 'low';
  PRIVATE_EVENT: boolean;
  IS_MEETING: boolean;
  MEETING_HOST: number;
  /** The host is listed with status H. Kept on the organiser's event; copies show it. */
  attendees: { id: number; status: MeetingStatus }[];
  meeting: { NOTIFY: boolean; REINVITE: boolean; ALLOW_INVITE: boolean; HIDE_GUESTS: boolean };
  LOCATION: string;
  REMIND: { type: string; count: number }[];
  COLOR: string;
  TEXT_COLOR: string;
  RRULE: Record<string, unknown> | null;
  crm: string[];
  EVENT_TYPE: string | null;
  CREATED_BY: number;
  DATE_CREATE: number;
  TIMESTAMP_X: number;
  VERSION: number;
}

export type { SeedOptions };

export { Table };

export class PortalState {
  readonly users = new Table<User>();
  readonly departments = new Table<Department>();
  readonly sections = new Table<Section>();
  readonly events = new Table<CalendarEvent>();
  readonly deals = new EntityStore('deal', dealSchema, dealHooks);
  readonly leads = new EntityStore('lead', leadSchema, leadHooks);
  /** Tasks and what hangs on them (tasks/store.ts): the `task` scope's methods work on it. */
  readonly tasks: TaskStore = new TaskStore({
    userExists: (id) => this.users.get(id) !== undefined,
    departmentsOf: (userId) => this.users.get(userId)?.UF_DEPARTMENT ?? [],
    chainOf: (dep) => this.departmentChain(dep),
  });
  /** Task user fields (task.item.userfield.*); the ones made through REST show up in tasks. */
  readonly taskUserFields = new TaskUserFieldStore();
  /** Checklist items and records of time spent, by task (task.checklistitem.*, task.elapseditem.*). */
  readonly taskItems = new TaskItems();
  /** calendar.user.settings per user, as stored by calendar.user.settings.set. */
  readonly userCalendarSettings = new Map<number, Record<string, unknown>>();
  /** Each user's current working day (timeman.*), by user ID. */
  readonly workdays = new Map<number, WorkDay>();
  /** Working-time rules of users who differ from the defaults (timeman.settings). */
  readonly timemanSettings = new Map<number, TimemanSettings>();
  /** The Drive: storages, folders, files with their bytes in a temp directory (drive.ts). */
  readonly drive: DriveStore = new DriveStore(portalDirectory(this));
  /** Chats, messages, notifications and statuses (im.*). */
  readonly messenger = new MessengerState();
  /** The news feed's posts and comments (log.*). */
  readonly feed = new FeedState();
  /** The moment the data was seeded (epoch seconds); seeded dates are spread around it. */
  seededAt = 0;

  constructor(private readonly seed: SeedOptions = {}) {
    this.tasks.registerUserFields(this.taskUserFields);
    // A chat's members reach its Drive folder (rights for CHAT<id>).
    this.drive.addAccessResolver((userId) => this.messenger.chatCodesOf(userId));
    this.reset();
  }

  /** Back to the freshly seeded portal. */
  reset(): void {
    this.users.clear();
    this.departments.clear();
    this.sections.clear();
    this.events.clear();
    this.deals.clear();
    this.leads.clear();
    this.userCalendarSettings.clear();
    this.workdays.clear();
    this.timemanSettings.clear();
    this.taskUserFields.clear();
    this.taskItems.clear();
    this.tasks.clear();
    this.seededAt = Math.floor(Date.now() / 1000);
    seedPortal(this, this.seed);
    // Tasks draw from their own sequence, so that adding them left the rest of the seed as it was.
    seedTasks(
      this.tasks,
      { users: this.users.all().filter((u) => u.ACTIVE), headOf: (dep) => this.departments.get(dep)?.UF_HEAD ?? null },
      new SeededRandom((this.seed.randomSeed ?? 24) + 1011),
      Math.floor(this.seededAt / 86_400) * 86_400,
      this.seed.tasks ?? 80,
    );
    seedTaskItems(this.taskItems, this.tasks, new SeededRandom((this.seed.randomSeed ?? 24) + 2022), this.seededAt);
    seedTimeman(this);
    this.messenger.clear();
    this.feed.clear();
    this.drive.clear();
    seedDrive(this.drive, this);
    seedMessenger(this);
    seedFeed(this);
  }

  /** The department and its parents, nearest first. */
  departmentChain(id: number): Department[] {
    const chain: Department[] = [];
    const seen = new Set<number>();
    let current = this.departments.get(id);
    while (current && !seen.has(current.ID)) {
      chain.push(current);
      seen.add(current.ID);
      current = current.PARENT === null ? undefined : this.departments.get(current.PARENT);
    }
    return chain;
  }

  /** IDs of the department and all below it. */
  departmentSubtree(id: number): Set<number> {
    const out = new Set<number>([id]);
    let grown = true;
    while (grown) {
      grown = false;
      for (const d of this.departments.rows.values()) {
        if (d.PARENT !== null && out.has(d.PARENT) && !out.has(d.ID)) {
          out.add(d.ID);
          grown = true;
        }
      }
    }
    return out;
  }

  /** The organiser's event of a row (the row itself unless it is an attendee's copy). */
  meetingOf(event: CalendarEvent): CalendarEvent {
    return event.PARENT_ID === event.ID ? event : (this.events.get(event.PARENT_ID) ?? event);
  }

  /** The rows of a meeting: the organiser's event and every attendee's copy. */
  rowsOf(meeting: CalendarEvent): CalendarEvent[] {
    return this.events.all().filter((e) => e.PARENT_ID === meeting.ID);
  }

  /**
   * Brings the attendees' copies of a meeting in line with the organiser's event, as a portal
   * does on every write: one copy per attendee whose calendar does not hold the event itself,
   * in that attendee's own calendar, with the meeting's data; copies of people no longer
   * invited go. A copy keeps its own ID, owner and section.
   */
  syncCopies(meeting: CalendarEvent): void {
    const copies = new Map(this.rowsOf(meeting).filter((e) => e.ID !== meeting.ID).map((e) => [e.OWNER_ID, e]));
    const holder = meeting.CAL_TYPE === 'user' ? meeting.OWNER_ID : null;
    const invited = meeting.IS_MEETING ? meeting.attendees.map((a) => a.id).filter((id) => id !== holder && this.users.get(id)) : [];
    for (const [owner, copy] of copies) if (!invited.includes(owner)) this.events.delete(copy.ID);
    for (const owner of invited) {
      const existing = copies.get(owner);
      const id = existing?.ID ?? this.events.nextId();
      const section = existing?.SECTION_ID ?? this.defaultSection(owner).ID;
      this.events.put({ ...meeting, ID: id, PARENT_ID: meeting.ID, CAL_TYPE: 'user', OWNER_ID: owner, SECTION_ID: section });
    }
  }

  /** Deletes a meeting with every copy. */
  deleteMeeting(meeting: CalendarEvent): void {
    for (const row of this.rowsOf(meeting)) this.events.delete(row.ID);
    this.events.delete(meeting.ID);
  }

  usersOfDepartment(id: number): User[] {
    return this.users.all().filter((u) => u.UF_DEPARTMENT.includes(id));
  }

  /** The user's own calendar section (the first of type user), created on demand as the portal does. */
  defaultSection(userId: number): Section {
    for (const s of this.sections.rows.values()) if (s.CAL_TYPE === 'user' && s.OWNER_ID === userId) return s;
    const now = Math.floor(Date.now() / 1000);
    const user = this.users.get(userId);
    return this.sections.put({
      ID: this.sections.nextId(),
      NAME: user ? `${user.NAME} ${user.LAST_NAME}` : 'Мой календарь',
      DESCRIPTION: '',
      COLOR: '#9dcf00',
      TEXT_COLOR: '',
      EXPORT: { ALLOW: true, SET: 'all' },
      CAL_TYPE: 'user',
      OWNER_ID: userId,
      CREATED_BY: userId,
      DATE_CREATE: now,
      TIMESTAMP_X: now,
    });
  }
}
