// Builds a believable Russian company portal from a seed: a department tree with heads,
// employees, calendars, meetings with their attendees' answers, and CRM deals and leads.
// The same seed gives the same data; dates are laid around the moment of seeding.
import { SeededRandom } from '../common/random.js';
import { portalTimeZone, localToEpoch, offsetSeconds } from './dates.js';
import { dealStages, leadStatuses, sources } from './crm-schema.js';
import type { Row } from './entity-store.js';
import type { MultiItem } from './multifields.js';
import type { CalendarEvent, MeetingStatus, PortalState, User } from './state.js';
import * as ru from './names-ru.js';

export interface SeedOptions {
  deals?: number;
  leads?: number;
  users?: number;
  /** Seeded tasks (default 80). */
  tasks?: number;
  randomSeed?: number;
}

const departmentsPlan: { name: string; parent: number | null }[] = [
  { name: 'ООО «Северный ветер»', parent: null },
  { name: 'Отдел продаж', parent: 1 },
  { name: 'Бухгалтерия', parent: 1 },
  { name: 'Отдел маркетинга', parent: 1 },
  { name: 'Отдел разработки', parent: 1 },
  { name: 'Юридический отдел', parent: 1 },
  { name: 'Московский филиал', parent: 2 },
  { name: 'Санкт-Петербургский филиал', parent: 2 },
  { name: 'Группа серверной разработки', parent: 5 },
  { name: 'Группа клиентской разработки', parent: 5 },
];

const positions: Record<number, [head: string, staff: string[]]> = {
  1: ['Генеральный директор', ['Офис-менеджер', 'Помощник руководителя']],
  2: ['Коммерческий директор', ['Менеджер по продажам', 'Старший менеджер по продажам']],
  3: ['Главный бухгалтер', ['Бухгалтер', 'Бухгалтер по расчёту зарплаты']],
  4: ['Директор по маркетингу', ['Маркетолог', 'SMM-специалист', 'Дизайнер']],
  5: ['Технический директор', ['Системный аналитик', 'Тестировщик']],
  6: ['Начальник юридического отдела', ['Юрист', 'Юрисконсульт']],
  7: ['Руководитель филиала', ['Менеджер по работе с клиентами', 'Менеджер по продажам']],
  8: ['Руководитель филиала', ['Менеджер по работе с клиентами', 'Менеджер по продажам']],
  9: ['Руководитель группы', ['Программист', 'Старший программист']],
  10: ['Руководитель группы', ['Frontend-разработчик', 'Верстальщик']],
};

const translit: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o',
  п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

function latin(text: string): string {
  return [...text.toLowerCase()].map((c) => translit[c] ?? c).join('').replace(/[^a-z0-9]/g, '');
}

const two = (n: number): string => String(n).padStart(2, '0');

export function seedPortal(state: PortalState, options: SeedOptions): void {
  const rnd = new SeededRandom(options.randomSeed ?? 24);
  // Day-aligned, so that one seed gives the same data all day long.
  const now = Math.floor(state.seededAt / 86_400) * 86_400;
  const day = 86_400;

  for (const plan of departmentsPlan) {
    state.departments.put({ ID: state.departments.nextId(), NAME: plan.name, SORT: 500, PARENT: plan.parent, UF_HEAD: null });
  }

  // Heads first (one per department), then staff spread over the departments.
  const userCount = Math.max(options.users ?? 30, departmentsPlan.length);
  for (let i = 0; i < userCount; i += 1) {
    const deptId = i < departmentsPlan.length ? i + 1 : rnd.int(2, departmentsPlan.length);
    const female = rnd.chance(0.45);
    const first = female ? rnd.pick(ru.femaleFirst) : rnd.pick(ru.maleFirst);
    const stem = rnd.pick(ru.surnames);
    const last = female ? `${stem}а` : stem;
    const [headPosition, staff] = positions[deptId] ?? ['Руководитель', ['Специалист']];
    const registered = now - rnd.int(60, 2000) * day;
    const user: User = {
      ID: state.users.nextId(),
      ACTIVE: i < departmentsPlan.length || rnd.chance(0.93),
      NAME: first,
      LAST_NAME: last,
      SECOND_NAME: female ? rnd.pick(ru.femalePatronymics) : rnd.pick(ru.malePatronymics),
      EMAIL: `${latin(first).slice(0, 1)}.${latin(last)}${i + 1}@severny-veter.ru`,
      LAST_LOGIN: now - rnd.int(0, 30) * day - rnd.int(0, 36_000),
      DATE_REGISTER: registered,
      // Profile edits and activity are derived, not drawn, so that the seed's other data stay put.
      TIMESTAMP_X: Math.min(now - day, registered + ((i * 37) % 50) * day + ((i * 7919) % 36_000)),
      LAST_ACTIVITY_DATE: null,
      TIME_ZONE: '',
      IS_ONLINE: rnd.chance(0.3) ? 'Y' : 'N',
      PERSONAL_GENDER: female ? 'F' : 'M',
      PERSONAL_BIRTHDAY: rnd.chance(0.8) ? `${rnd.int(1965, 2002)}-${two(rnd.int(1, 12))}-${two(rnd.int(1, 28))}` : '',
      PERSONAL_MOBILE: `+7 9${rnd.int(10, 99)} ${rnd.int(100, 999)}-${two(rnd.int(0, 99))}-${two(rnd.int(0, 99))}`,
      PERSONAL_CITY: deptId === 8 ? 'Санкт-Петербург' : 'Москва',
      WORK_PHONE: `+7 495 ${rnd.int(100, 999)}-${two(rnd.int(0, 99))}-${two(rnd.int(0, 99))}`,
      WORK_POSITION: i < departmentsPlan.length ? headPosition : rnd.pick(staff),
      UF_DEPARTMENT: [deptId],
      UF_PHONE_INNER: String(100 + i + 1),
      UF_EMPLOYMENT_DATE: new Date(registered * 1000).toISOString().slice(0, 10),
      USER_TYPE: 'employee',
      extra: { PERSONAL_WWW: '' },
      color: rnd.pick(ru.sectionColors),
    };
    user.LAST_ACTIVITY_DATE = user.LAST_LOGIN === null ? null : user.LAST_LOGIN + 60 + ((i * 131) % 3000);
    state.users.put(user);
    if (i < departmentsPlan.length) state.departments.get(deptId)!.UF_HEAD = user.ID;
  }
  // The director also sits in the sales department's board: a user in two departments.
  state.users.get(2)?.UF_DEPARTMENT.push(1);

  // Calendars: one per user, two company calendars.
  for (const user of state.users.rows.values()) state.defaultSection(user.ID);
  const company = (name: string, color: string): number =>
    state.sections.put({
      ID: state.sections.nextId(),
      NAME: name,
      DESCRIPTION: '',
      COLOR: color,
      TEXT_COLOR: '',
      EXPORT: { ALLOW: true, SET: 'all' },
      CAL_TYPE: 'company_calendar',
      OWNER_ID: 0,
      CREATED_BY: 1,
      DATE_CREATE: now - 400 * day,
      TIMESTAMP_X: now - 400 * day,
    }).ID;
  const companySection = company('Календарь компании', '#2fc6f6');
  company('Праздники и выходные', '#ff5752');

  // Events on working hours (Moscow time) from two weeks ago to a month ahead.
  const today = new Date((now + offsetSeconds(portalTimeZone, now)) * 1000);
  const [y, m, d] = [today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate()];
  const userIds = [...state.users.rows.keys()];
  const addEvent = (host: number, dayOffset: number, hour: number, hours: number, attendees: number[], meeting: boolean): void => {
    const from = localToEpoch(y, m, d + dayOffset, hour, 0, 0, portalTimeZone);
    const statuses: MeetingStatus[] = ['Y', 'Y', 'Y', 'N', 'Q', 'Q'];
    const id = state.events.nextId();
    const event: CalendarEvent = {
      ID: id,
      PARENT_ID: id,
      CAL_TYPE: 'user',
      OWNER_ID: host,
      SECTION_ID: state.defaultSection(host).ID,
      NAME: rnd.pick(ru.eventNames),
      DESCRIPTION: '',
      from,
      to: from + hours * 3600,
      TZ_FROM: portalTimeZone,
      TZ_TO: portalTimeZone,
      skipTime: false,
      ACCESSIBILITY: rnd.chance(0.85) ? 'busy' : rnd.pick(['absent', 'quest', 'free'] as const),
      IMPORTANCE: rnd.chance(0.8) ? 'normal' : rnd.pick(['high', 'low'] as const),
      PRIVATE_EVENT: false,
      IS_MEETING: meeting,
      MEETING_HOST: host,
      attendees: meeting ? [{ id: host, status: 'H' }, ...attendees.map((id) => ({ id, status: rnd.pick(statuses) }))] : [],
      meeting: { NOTIFY: true, REINVITE: false, ALLOW_INVITE: true, HIDE_GUESTS: false },
      LOCATION: meeting ? rnd.pick(ru.locations) : '',
      REMIND: [{ type: 'min', count: 15 }],
      COLOR: '',
      TEXT_COLOR: '',
      RRULE: null,
      crm: [],
      EVENT_TYPE: null,
      CREATED_BY: host,
      DATE_CREATE: from - 7 * day,
      TIMESTAMP_X: from - 7 * day,
      VERSION: 1,
    };
    state.events.put(event);
  };
  for (const host of userIds) {
    const count = rnd.int(3, 6);
    for (let k = 0; k < count; k += 1) {
      const meeting = rnd.chance(0.6);
      const others = meeting ? userIds.filter((id) => id !== host && rnd.chance(3 / userIds.length)).slice(0, 4) : [];
      addEvent(host, rnd.int(-14, 30), rnd.int(9, 17), rnd.int(1, 2), others, meeting && others.length > 0);
    }
  }
  // A company-wide all-hands in the company calendar.
  const allHands = localToEpoch(y, m, d + 7, 11, 0, 0, portalTimeZone);
  const allHandsId = state.events.nextId();
  state.events.put({
    ...state.events.get(1)!,
    ID: allHandsId,
    PARENT_ID: allHandsId,
    CAL_TYPE: 'company_calendar',
    OWNER_ID: 0,
    SECTION_ID: companySection,
    NAME: 'Общее собрание сотрудников',
    from: allHands,
    to: allHands + 3600,
    ACCESSIBILITY: 'busy',
    IS_MEETING: true,
    MEETING_HOST: 1,
    attendees: [{ id: 1, status: 'H' }, ...userIds.filter((id) => id !== 1).map((id) => ({ id, status: 'Q' as MeetingStatus }))],
    LOCATION: 'Большой конференц-зал',
    CREATED_BY: 1,
  });
  // The attendees' copies come last, so that the organisers' events keep their IDs.
  for (const event of state.events.all()) if (event.IS_MEETING) state.syncCopies(event);

  seedCrm(state, options, rnd, now);
}

// Seeded texts come from a few hundred combinations: sharing one string per combination keeps
// hundreds of thousands of rows small.
const interned = new Map<string, string>();
function intern(text: string): string {
  const known = interned.get(text);
  if (known !== undefined) return known;
  interned.set(text, text);
  return text;
}

function companyName(rnd: SeededRandom): string {
  return intern(`${rnd.pick(ru.companyForms)} «${rnd.pick(ru.companyWords)}»`);
}

function seedCrm(state: PortalState, options: SeedOptions, rnd: SeededRandom, now: number): void {
  const managers = [...state.users.rows.values()].filter((u) => u.UF_DEPARTMENT.some((dep) => [2, 7, 8].includes(dep))).map((u) => u.ID);
  const owners = managers.length > 0 ? managers : [1];
  const span = 3 * 365 * 86_400;

  const dealCount = options.deals ?? 500;
  for (let i = 1; i <= dealCount; i += 1) {
    const created = now - span + Math.floor((span * i) / (dealCount + 1));
    const stage = rnd.chance(0.5) ? rnd.pick(dealStages.slice(0, 5)) : rnd.pick(dealStages.slice(5));
    const row: Row = {
      ID: i,
      TITLE: intern(`${rnd.pick(ru.dealSubjects)} — ${companyName(rnd)}`),
      OPPORTUNITY: rnd.int(10, 5000) * 1000,
      ASSIGNED_BY_ID: rnd.pick(owners),
      DATE_CREATE: created,
      DATE_MODIFY: created + rnd.int(0, 30) * 86_400,
      COMPANY_ID: rnd.int(1, 2000),
      CONTACT_ID: rnd.int(1, 5000),
      SOURCE_ID: rnd.pick(sources),
      PROBABILITY: rnd.int(1, 10) * 10,
    };
    if (stage !== 'NEW') row.STAGE_ID = stage;
    if (rnd.chance(0.15)) row.TYPE_ID = 'COMPLEX';
    state.deals.insertRaw(row);
    if (stage === 'WON' || stage === 'LOSE' || stage === 'APOLOGY') {
      row.STAGE_SEMANTIC_ID = stage === 'WON' ? 'S' : 'F';
      row.CLOSED = 'Y';
    }
  }

  const leadCount = options.leads ?? 500;
  for (let i = 1; i <= leadCount; i += 1) {
    const created = now - span + Math.floor((span * i) / (leadCount + 1));
    const female = rnd.chance(0.45);
    const stem = rnd.pick(ru.surnames);
    const status = rnd.pick(leadStatuses);
    const row: Row = {
      ID: i,
      TITLE: rnd.pick(ru.leadSubjects),
      NAME: female ? rnd.pick(ru.femaleFirst) : rnd.pick(ru.maleFirst),
      LAST_NAME: female ? `${stem}а` : stem,
      COMPANY_TITLE: companyName(rnd),
      SOURCE_ID: rnd.pick(sources),
      OPPORTUNITY: rnd.int(0, 800) * 1000,
      ASSIGNED_BY_ID: rnd.pick(owners),
      DATE_CREATE: created,
      DATE_MODIFY: created + rnd.int(0, 10) * 86_400,
      ADDRESS_CITY: rnd.pick(ru.cities),
    };
    if (status !== 'NEW') row.STATUS_ID = status;
    if (status === 'CONVERTED' || status === 'JUNK') {
      row.STATUS_SEMANTIC_ID = status === 'CONVERTED' ? 'S' : 'F';
      row.DATE_CLOSED = row.DATE_MODIFY as number;
    }
    // Contacts come from the lead's ID, not from the random stream, so that adding them left
    // every other seeded value as it was.
    if (mix(i, 1) % 10 < 8) row.HAS_PHONE = 'Y';
    if (mix(i, 2) % 10 < 6) row.HAS_EMAIL = 'Y';
    state.leads.insertRaw(row);
  }
  state.leads.seedMultifields(seededLeadContacts, 2 * leadCount);
}

/** A well-mixed non-negative integer from a row ID and a salt. */
function mix(id: number, salt: number): number {
  let h = Math.imul(id ^ (salt * 0x9e3779b9), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The phone and e-mail of a seeded lead, made from its ID and name on demand (nothing is
 * stored per row but the HAS_PHONE / HAS_EMAIL flags). Item IDs: 2·ID−1 and 2·ID.
 */
function seededLeadContacts(row: Row): MultiItem[] {
  const id = row.ID as number;
  const items: MultiItem[] = [];
  if (row.HAS_PHONE === 'Y') {
    const n = mix(id, 3);
    const digits = (from: number, count: number): string => String(Math.floor(n / 10 ** from) % 10 ** count).padStart(count, '0');
    items.push({
      ID: 2 * id - 1,
      TYPE_ID: 'PHONE',
      VALUE_TYPE: n % 3 === 0 ? 'WORK' : 'MOBILE',
      VALUE: `+7 9${digits(0, 2)} ${digits(2, 3)}-${digits(5, 2)}-${two(id % 100)}`,
    });
  }
  if (row.HAS_EMAIL === 'Y') {
    const name = latin(String(row.NAME ?? ''));
    const last = latin(String(row.LAST_NAME ?? ''));
    items.push({ ID: 2 * id, TYPE_ID: 'EMAIL', VALUE_TYPE: mix(id, 4) % 4 === 0 ? 'HOME' : 'WORK', VALUE: `${name}.${last}${id}@example.com` });
  }
  return items;
}
