// Deterministic seeded data: three organizations with boxes, a department tree, a few hundred
// employees with Russian names, permissions and subscriptions. The same seed gives the same data.
import { SeededRandom } from '../common/random.js';
import { ticksFromUnixMs } from './ticks.js';
import {
  DiadocState,
  actionNames,
  defaultSubscriptions,
  headDepartmentId,
  type ActionName,
  type Department,
  type DocumentAccessLevel,
  type Employee,
  type FullName,
  type Organization,
  type RussianAddress,
  type User,
} from './state.js';

export interface SeedOptions {
  /** Generated employees in the main box, besides the named ones (default 250). */
  employees?: number;
  randomSeed?: number;
}

/** The well-known people and boxes of the seeded data (what DiadocSandboxInfo exposes). */
export interface SeedDirectory {
  adminLogin: string;
  adminPassword: string;
  userLogin: string;
  userPassword: string;
  adminUserId: string;
  userUserId: string;
  /** The employee of seed 004 (GetEmployee example). */
  employeeUserId: string;
  mainBoxId: string;
  mainOrgId: string;
  /** A box whose API subscription has ended (402), where the administrator is also an administrator. */
  expiredBoxId: string;
  /** A box the administrator has no access to (403). */
  foreignBoxId: string;
}

/** The employee printed on the GetEmployee documentation page (seed 004), reproduced as is. */
const documentedEmployee = {
  userId: '6dc8c481-7cec-4675-8fd3-711cbe752eaa',
  login: 'email@example.com',
  fullName: { lastName: 'Иванов', firstName: 'Иван', middleName: 'Иванович' },
  position: 'Бухгалтер',
  creationTicks: 638780603013048865n,
};

const maleLastNames = [
  'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов',
  'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев', 'Орлов',
  'Андреев', 'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев', 'Романов',
];
const maleFirstNames = [
  'Александр', 'Алексей', 'Андрей', 'Дмитрий', 'Евгений', 'Игорь', 'Михаил', 'Николай', 'Олег', 'Павел',
  'Сергей', 'Владимир', 'Юрий', 'Константин', 'Максим', 'Роман', 'Артём', 'Илья',
];
const femaleFirstNames = [
  'Анна', 'Елена', 'Ольга', 'Татьяна', 'Наталья', 'Ирина', 'Светлана', 'Мария', 'Екатерина', 'Юлия',
  'Марина', 'Ксения', 'Дарья', 'Виктория',
];
/** Patronymics as [male, female]. */
const patronymics: [string, string][] = [
  ['Александрович', 'Александровна'], ['Алексеевич', 'Алексеевна'], ['Андреевич', 'Андреевна'],
  ['Викторович', 'Викторовна'], ['Владимирович', 'Владимировна'], ['Дмитриевич', 'Дмитриевна'],
  ['Игоревич', 'Игоревна'], ['Михайлович', 'Михайловна'], ['Николаевич', 'Николаевна'],
  ['Олегович', 'Олеговна'], ['Петрович', 'Петровна'], ['Сергеевич', 'Сергеевна'], ['Юрьевич', 'Юрьевна'],
];
const positions = [
  'Бухгалтер', 'Главный бухгалтер', 'Менеджер по продажам', 'Кладовщик', 'Юрист', 'Инженер', 'Программист',
  'Экономист', 'Офис-менеджер', 'Логист', 'Специалист по закупкам', 'Кассир', 'Начальник отдела',
];

const translitTable: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

function translit(text: string): string {
  return [...text.toLowerCase()].map((ch) => translitTable[ch] ?? ch).join('');
}

/** A ten-digit legal-entity INN with a valid check digit. */
function innFor(region: string, rng: SeededRandom): string {
  const body = region + rng.digits(7);
  const weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + String((sum % 11) % 10);
}

/** A thirteen-digit OGRN with a valid check digit. */
function ogrnFor(region: string, year: string, rng: SeededRandom): string {
  const body = `1${year}${region}${rng.digits(7)}`;
  return body + String((BigInt(body) % 11n) % 10n);
}

function randomTicks(rng: SeededRandom, fromIso: string, toIso: string): bigint {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  // The extra 100-ns digits make every timestamp need all of its precision.
  return ticksFromUnixMs(from + Math.floor(rng.next() * (to - from))) + BigInt(rng.int(0, 9999));
}

function allActions(value: boolean): Record<ActionName, boolean> {
  const result = {} as Record<ActionName, boolean>;
  for (const name of actionNames) result[name] = value;
  return result;
}

interface OrgPlan {
  shortName: string;
  fullName: string;
  region: string;
  kppTail: string;
  ifnsCode: string;
  address: RussianAddress;
  domain: string;
  apiSubscriptionEnded: boolean;
  departments: { key: string; parent?: string; name: string; abbreviation: string; kpp?: boolean }[];
}

const plans: OrgPlan[] = [
  {
    shortName: 'ООО «Северный ветер»',
    fullName: 'Общество с ограниченной ответственностью «Северный ветер»',
    region: '66',
    kppTail: '7101001',
    ifnsCode: '6671',
    address: { zipCode: '620014', region: '66', city: 'Екатеринбург', street: 'ул. Малышева', building: '51' },
    domain: 'severny-veter.ru',
    apiSubscriptionEnded: false,
    departments: [
      { key: 'acc', name: 'Бухгалтерия', abbreviation: 'БУХ' },
      { key: 'sales', name: 'Отдел продаж', abbreviation: 'ОП' },
      { key: 'msk', parent: 'sales', name: 'Продажи, Москва', abbreviation: 'ОП-МСК', kpp: true },
      { key: 'spb', parent: 'sales', name: 'Продажи, Санкт-Петербург', abbreviation: 'ОП-СПБ', kpp: true },
      { key: 'it', name: 'ИТ-отдел', abbreviation: 'ИТ' },
      { key: 'store', name: 'Склад', abbreviation: 'СКЛ' },
      { key: 'store2', parent: 'store', name: 'Склад в Берёзовском', abbreviation: 'СКЛ-Б' },
    ],
  },
  {
    shortName: 'АО «Уральская кровля»',
    fullName: 'Акционерное общество «Уральская кровля»',
    region: '74',
    kppTail: '5301001',
    ifnsCode: '7453',
    address: { zipCode: '454091', region: '74', city: 'Челябинск', street: 'ул. Кирова', building: '110', block: '2' },
    domain: 'ural-krovlya.ru',
    apiSubscriptionEnded: true,
    departments: [
      { key: 'acc', name: 'Бухгалтерия', abbreviation: 'БУХ' },
      { key: 'prod', name: 'Производство', abbreviation: 'ПР' },
    ],
  },
  {
    shortName: 'ООО «Торговый дом Волга»',
    fullName: 'Общество с ограниченной ответственностью «Торговый дом Волга»',
    region: '63',
    kppTail: '1501001',
    ifnsCode: '6315',
    address: { zipCode: '443010', region: '63', city: 'Самара', street: 'ул. Куйбышева', building: '92' },
    domain: 'td-volga.ru',
    apiSubscriptionEnded: false,
    departments: [{ key: 'log', name: 'Логистика', abbreviation: 'ЛОГ' }],
  },
];

function buildOrganization(plan: OrgPlan, rng: SeededRandom): Organization {
  const inn = innFor(plan.region, rng);
  const kpp = plan.region + plan.kppTail;
  const ids = new Map<string, string>();
  const departments: Department[] = [];
  let ticks = randomTicks(rng, '2019-02-01T00:00:00Z', '2019-06-01T00:00:00Z');
  for (const d of plan.departments) {
    const id = rng.guid();
    ids.set(d.key, id);
    ticks += BigInt(rng.int(1, 90)) * 864000000000n + BigInt(rng.int(0, 9_999_999));
    const department: Department = {
      id,
      parentId: d.parent ? (ids.get(d.parent) ?? headDepartmentId) : headDepartmentId,
      name: d.name,
      abbreviation: d.abbreviation,
      routing: { kpp: Boolean(d.kpp), address: false },
      creationTicks: ticks,
    };
    if (d.kpp) department.kpp = `${d.abbreviation.endsWith('МСК') ? '77' : '78'}${rng.digits(2)}01001`;
    departments.push(department);
  }
  const registered = `${rng.int(2015, 2019)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
  return {
    orgId: rng.guid(),
    inn,
    kpp,
    fullName: plan.fullName,
    shortName: plan.shortName,
    ogrn: ogrnFor(plan.region, registered.slice(2, 4), rng),
    fnsParticipantId: `2BM-${inn}-${kpp}-${registered}${rng.digits(13)}`,
    ifnsCode: plan.ifnsCode,
    address: plan.address,
    isTest: false,
    isBranch: false,
    box: {
      boxIdGuid: rng.guid(),
      title: plan.shortName,
      invoiceFormatVersion: 'v5_02',
      encryptedDocumentsAllowed: false,
      apiSubscriptionEnded: plan.apiSubscriptionEnded,
    },
    departments,
  };
}

function randomName(rng: SeededRandom): FullName {
  const male = rng.chance(0.5);
  const last = rng.pick(maleLastNames);
  const patronymic = rng.pick(patronymics);
  return male
    ? { lastName: last, firstName: rng.pick(maleFirstNames), middleName: patronymic[0] }
    : { lastName: `${last}а`, firstName: rng.pick(femaleFirstNames), middleName: patronymic[1] };
}

export function seedState(options: SeedOptions = {}): { state: DiadocState; directory: SeedDirectory } {
  const rng = new SeededRandom(options.randomSeed ?? 20250320);
  const generated = Math.max(0, Math.floor(options.employees ?? 250));
  const state = new DiadocState();
  const [main, expired, foreign] = plans.map((plan) => buildOrganization(plan, rng)) as [Organization, Organization, Organization];
  state.organizations.push(main, expired, foreign);
  const usedLogins = new Set<string>();

  const addUser = (fullName: FullName, domain: string, extra: Partial<User> = {}): User => {
    let login = extra.login;
    if (!login) {
      const base = `${translit(fullName.firstName).slice(0, 1)}.${translit(fullName.lastName)}`;
      login = `${base}@${domain}`;
      for (let n = 2; usedLogins.has(login); n += 1) login = `${base}${n}@${domain}`;
    }
    usedLogins.add(login);
    const user: User = { userId: extra.userId ?? rng.guid(), login, fullName, isRegistered: extra.isRegistered ?? true };
    if (extra.password) user.password = extra.password;
    state.users.set(user.userId, user);
    return user;
  };

  const addEmployee = (org: Organization, user: User, fields: Partial<Omit<Employee, 'permissions'>> & { permissions?: Partial<Employee['permissions']> }): Employee => {
    const employee: Employee = {
      userId: user.userId,
      boxIdGuid: org.box.boxIdGuid,
      position: fields.position ?? rng.pick(positions),
      canBeInvitedForChat: fields.canBeInvitedForChat ?? rng.chance(0.7),
      creationTicks: fields.creationTicks ?? randomTicks(rng, '2019-06-01T00:00:00Z', '2025-06-01T00:00:00Z'),
      permissions: {
        departmentId: headDepartmentId,
        isAdministrator: false,
        documentAccessLevel: 'DepartmentOnly',
        selectedDepartmentIds: [],
        actions: allActions(false),
        authorization: { isBlocked: false },
        ...fields.permissions,
      },
      subscriptions: fields.subscriptions ?? defaultSubscriptions(),
    };
    state.boxEmployees(org.box.boxIdGuid).set(user.userId, employee);
    return employee;
  };

  const admin = addUser({ lastName: 'Смирнова', firstName: 'Анна', middleName: 'Сергеевна' }, plans[0]!.domain, {
    login: 'admin@severny-veter.ru',
    password: 'Sandbox-Admin-2025',
  });
  const adminPermissions = {
    isAdministrator: true,
    documentAccessLevel: 'AllDocuments' as DocumentAccessLevel,
    actions: allActions(true),
  };
  addEmployee(main, admin, { position: 'Генеральный директор', canBeInvitedForChat: true, permissions: adminPermissions });
  addEmployee(expired, admin, { position: 'Представитель по доверенности', canBeInvitedForChat: true, permissions: adminPermissions });

  const plainUser = addUser({ lastName: 'Кузнецов', firstName: 'Пётр', middleName: 'Андреевич' }, plans[0]!.domain, {
    login: 'user@severny-veter.ru',
    password: 'Sandbox-User-2025',
  });
  const salesId = main.departments[1]!.id;
  addEmployee(main, plainUser, {
    position: 'Менеджер по продажам',
    permissions: {
      departmentId: salesId,
      documentAccessLevel: 'DepartmentAndSubdepartments',
      actions: { ...allActions(true), DeleteRestoreDocuments: false, AddResolutions: false },
    },
  });

  const documented = addUser(documentedEmployee.fullName, plans[0]!.domain, {
    userId: documentedEmployee.userId,
    login: documentedEmployee.login,
  });
  addEmployee(main, documented, {
    position: documentedEmployee.position,
    canBeInvitedForChat: false,
    creationTicks: documentedEmployee.creationTicks,
    permissions: {
      documentAccessLevel: 'DepartmentAndSubdepartments',
      actions: {
        CreateDocuments: true,
        DeleteRestoreDocuments: true,
        SignDocuments: true,
        AddResolutions: false,
        RequestResolutions: false,
        ManageCounteragents: true,
      },
    },
  });

  const levels: DocumentAccessLevel[] = ['DepartmentOnly', 'DepartmentAndSubdepartments', 'AllDocuments', 'SelectedDepartments'];
  const populate = (org: Organization, count: number, domain: string): void => {
    for (let i = 0; i < count; i += 1) {
      const user = addUser(randomName(rng), domain, { isRegistered: !rng.chance(0.15) });
      const level = rng.pick(levels);
      const actions = {} as Record<ActionName, boolean>;
      for (const name of actionNames) actions[name] = rng.chance(0.6);
      const selected =
        level === 'SelectedDepartments' && org.departments.length > 0
          ? [...new Set([rng.pick(org.departments).id, rng.pick(org.departments).id])]
          : [];
      const blocked = rng.chance(0.04);
      const subscriptions = defaultSubscriptions();
      for (const id of Object.keys(subscriptions) as (keyof typeof subscriptions)[]) {
        if (rng.chance(0.2)) subscriptions[id] = !subscriptions[id];
      }
      addEmployee(org, user, {
        subscriptions,
        permissions: {
          departmentId: org.departments.length > 0 && rng.chance(0.8) ? rng.pick(org.departments).id : headDepartmentId,
          isAdministrator: rng.chance(0.03),
          documentAccessLevel: level === 'SelectedDepartments' && selected.length === 0 ? 'DepartmentOnly' : level,
          selectedDepartmentIds: selected,
          actions,
          authorization: blocked ? { isBlocked: true, comment: 'Доступ ограничен на время отпуска' } : { isBlocked: false },
        },
      });
    }
  };
  populate(main, generated, plans[0]!.domain);
  populate(expired, 5, plans[1]!.domain);

  const foreignAdmin = addUser({ lastName: 'Волкова', firstName: 'Елена', middleName: 'Игоревна' }, plans[2]!.domain, {
    login: 'director@td-volga.ru',
  });
  addEmployee(foreign, foreignAdmin, { position: 'Директор', permissions: adminPermissions });
  populate(foreign, 8, plans[2]!.domain);

  return {
    state,
    directory: {
      adminLogin: admin.login!,
      adminPassword: admin.password!,
      userLogin: plainUser.login!,
      userPassword: plainUser.password!,
      adminUserId: admin.userId,
      userUserId: plainUser.userId,
      employeeUserId: documented.userId,
      mainBoxId: main.box.boxIdGuid,
      mainOrgId: main.orgId,
      expiredBoxId: expired.box.boxIdGuid,
      foreignBoxId: foreign.box.boxIdGuid,
    },
  };
}
