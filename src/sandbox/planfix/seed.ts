// Believable, deterministic account data: a small Russian company with its staff, groups,
// projects, tasks and clients. The same options give the same records; dates are laid out
// around the day the sandbox starts, so that "overdue" and "close to deadline" stay meaningful.
import { createHash } from 'node:crypto';
import { formatDate, formatDateTime } from './dates.js';
import type { Contact, CustomField, Participants, Project, Task, TaskStatus, User } from './model.js';
import { phoneTypes } from './model.js';
import { SeededRandom } from '../common/random.js';
import type { StateData } from './state.js';

export interface SeedOptions {
  tasks?: number;
  contacts?: number;
  randomSeed?: number;
}

export interface Credentials {
  account: string;
  apiKey: string;
  token: string;
  login: string;
  password: string;
  signatureKey: string;
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** The account, the API key and the API user's secrets; fixed so that a CLI-started sandbox is predictable. */
export function sandboxCredentials(): Credentials {
  return {
    account: 'uzel-sandbox',
    apiKey: md5('uzel-planfix-sandbox:api-key'),
    token: md5('uzel-planfix-sandbox:token:smirnov'),
    login: 'smirnov',
    password: 'smirnov#2026',
    signatureKey: md5('uzel-planfix-sandbox:signature-key'),
  };
}

type Sex = 'MALE' | 'FEMALE';
const staff: [string, string, string, Sex, string, string, number[], 'ADMIN' | 'USER', 'ACTIVE' | 'UNACTIVE'][] = [
  ['Андрей', 'Викторович', 'Смирнов', 'MALE', 'smirnov', 'Генеральный директор', [1], 'ADMIN', 'ACTIVE'],
  ['Ольга', 'Сергеевна', 'Кузнецова', 'FEMALE', 'kuznetsova', 'Руководитель отдела продаж', [1, 2], 'USER', 'ACTIVE'],
  ['Дмитрий', 'Алексеевич', 'Попов', 'MALE', 'popov', 'Менеджер по продажам', [2], 'USER', 'ACTIVE'],
  ['Екатерина', 'Игоревна', 'Васильева', 'FEMALE', 'vasilyeva', 'Главный бухгалтер', [4], 'USER', 'ACTIVE'],
  ['Сергей', 'Николаевич', 'Петров', 'MALE', 'petrov', 'Программист', [3], 'USER', 'ACTIVE'],
  ['Анна', 'Дмитриевна', 'Соколова', 'FEMALE', 'sokolova', 'Тестировщик', [3], 'USER', 'ACTIVE'],
  ['Михаил', 'Андреевич', 'Михайлов', 'MALE', 'mikhailov', 'Руководитель разработки', [1, 3], 'USER', 'ACTIVE'],
  ['Наталья', 'Владимировна', 'Новикова', 'FEMALE', 'novikova', 'Специалист поддержки', [5], 'USER', 'ACTIVE'],
  ['Алексей', 'Павлович', 'Фёдоров', 'MALE', 'fedorov', 'Специалист поддержки', [5], 'USER', 'ACTIVE'],
  ['Ирина', 'Олеговна', 'Морозова', 'FEMALE', 'morozova', 'Юрист', [], 'USER', 'ACTIVE'],
  ['Павел', 'Евгеньевич', 'Волков', 'MALE', 'volkov', 'Менеджер по продажам', [2], 'USER', 'UNACTIVE'],
  ['Татьяна', 'Юрьевна', 'Алексеева', 'FEMALE', 'alekseeva', 'Бухгалтер', [4], 'USER', 'UNACTIVE'],
];

const userGroups = [
  { id: 1, name: 'Руководство' },
  { id: 2, name: 'Отдел продаж' },
  { id: 3, name: 'Разработка' },
  { id: 4, name: 'Бухгалтерия' },
  { id: 5, name: 'Техническая поддержка' },
];

const taskFields: CustomField[] = [
  { id: 1, name: 'Сумма сделки', type: 'number' },
  { id: 2, name: 'Источник обращения', type: 'list', options: ['Сайт', 'Звонок', 'Выставка', 'Рекомендация'] },
  { id: 3, name: 'Счёт выставлен', type: 'checkbox' },
  { id: 4, name: 'Комментарий клиента', type: 'string' },
  { id: 5, name: 'Дата оплаты', type: 'date' },
];

const contactFields: CustomField[] = [
  { id: 21, name: 'ИНН', type: 'string' },
  { id: 22, name: 'Категория клиента', type: 'list', options: ['A', 'B', 'C'] },
];

const maleNames = ['Иван', 'Николай', 'Артём', 'Константин', 'Виктор', 'Роман', 'Георгий', 'Олег', 'Максим', 'Владимир'];
const femaleNames = ['Мария', 'Елена', 'Светлана', 'Юлия', 'Ксения', 'Дарья', 'Людмила', 'Вера', 'Алина', 'Галина'];
const maleMid = ['Иванович', 'Петрович', 'Сергеевич', 'Александрович', 'Олегович', 'Юрьевич'];
const femaleMid = ['Ивановна', 'Петровна', 'Сергеевна', 'Александровна', 'Олеговна', 'Юрьевна'];
const surnames = ['Лебедев', 'Козлов', 'Степанов', 'Николаев', 'Орлов', 'Андреев', 'Макаров', 'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев', 'Романов', 'Воробьёв'];
const companyNames = ['Вектор', 'СеверСтрой', 'Альфа-Логистик', 'ТехноПарк', 'Уральские самоцветы', 'Балтика-Трейд', 'Гранит', 'Сибирский лес', 'МедиаГрупп', 'Волга-Агро', 'Кедр', 'ИнфоСофт'];
const companyForms = ['ООО', 'АО', 'ПАО', 'ИП'];
const cities = ['Москва', 'Санкт-Петербург', 'Екатеринбург', 'Новосибирск', 'Казань', 'Нижний Новгород', 'Самара'];
const streets = ['ул. Ленина', 'пр. Мира', 'ул. Гагарина', 'Садовая ул.', 'ул. Пушкина', 'Невский пр.'];

const translit: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};
const latin = (text: string): string =>
  [...text.toLowerCase()].map((ch) => translit[ch] ?? (/[a-z0-9]/.test(ch) ? ch : '')).join('');

const femaleSurname = (surname: string): string => (surname.endsWith('ий') ? `${surname.slice(0, -2)}ая` : `${surname}а`);

const taskTitles = [
  'Подготовить коммерческое предложение для {company}',
  'Позвонить клиенту {company} по поводу продления договора',
  'Согласовать договор поставки № {n}',
  'Выставить счёт {company} за {month}',
  'Провести демонстрацию системы для {company}',
  'Исправить ошибку в форме оплаты на сайте',
  'Обновить прайс-лист на {month}',
  'Сверка взаиморасчётов с {company}',
  'Написать автотесты для модуля отчётов',
  'Ответить на обращение клиента № {n}',
  'Подготовить квартальный отчёт для руководства',
  'Настроить резервное копирование базы данных',
  'Провести собеседование с кандидатом на должность менеджера',
  'Заказать канцелярские товары в офис',
  'Обновить инструкцию по работе с CRM',
  'Проверить акт сверки от {company}',
];
const months = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
const descriptions = [
  'Срок согласован с клиентом, подробности в переписке.',
  'Нужно уточнить детали у руководителя отдела.',
  'Документы приложены к задаче. Прошу проверить до конца недели.',
  'Клиент просил связаться после 15:00 по московскому времени.',
  '',
];

const statusWeights: [TaskStatus, number][] = [
  ['ACTIVE', 22],
  ['ACCEPTED', 30],
  ['DONE', 10],
  ['COMPLETED', 20],
  ['DELAYED', 6],
  ['DRAFT', 4],
  ['REJECTED', 3],
  ['CANCELED', 5],
];

function weighted<T>(random: SeededRandom, items: [T, number][]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let roll = random.next() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return (items[items.length - 1] as [T, number])[0];
}

const empty = (): Participants => ({ users: [], groups: [] });
const dayMs = 24 * 3600_000;

function buildUsers(credentials: Credentials): User[] {
  return staff.map(([name, mid, last, sex, login, post, groupIds, role, status], i) => {
    const id = i + 1;
    return {
      id,
      general: id,
      name: `${name} ${mid}`,
      midName: mid,
      lastName: last,
      login,
      password: login === credentials.login ? credentials.password : `${login}#2026`,
      email: `${login}@uzel-sandbox.ru`,
      role,
      status,
      sex,
      birthdate: formatDate(new Date(Date.UTC(1970 + ((id * 7) % 30), (id * 5) % 12, 1 + ((id * 11) % 28)))),
      phone: `+7 (495) 123-45-${String(10 + id).padStart(2, '0')}`,
      timezone: 'Europe/Moscow',
      post: { id: 100 + id, name: post },
      groupIds,
    };
  });
}

function buildContacts(random: SeededRandom, count: number, today: Date): Contact[] {
  const contacts: Contact[] = [];
  const companyCount = Math.min(companyNames.length, Math.ceil(count / 4));
  for (let i = 0; i < count; i++) {
    const id = 101 + i;
    const isCompany = i < companyCount;
    const base: Contact = {
      id,
      userid: 5001 + i,
      general: i + 1,
      templateId: 0,
      name: '',
      midName: '',
      lastName: '',
      isCompany,
      post: '',
      email: '',
      secondaryEmails: [],
      phones: [],
      address: `г. ${random.pick(cities)}, ${random.pick(streets)}, д. ${random.int(1, 120)}`,
      description: '',
      sex: '',
      site: '',
      skype: '',
      facebook: '',
      vk: '',
      icq: '',
      birthdate: '',
      lang: 'Ru',
      canBeWorker: false,
      canBeClient: true,
      groupId: random.pick([1, 1, 1, 2, 3]),
      contractorIds: [],
      customData: new Map(),
      responsible: { users: [random.pick([2, 3])], groups: [] },
      lastUpdateDate: formatDateTime(new Date(today.getTime() - random.int(1, 300) * dayMs + random.int(9, 18) * 3600_000)),
    };
    if (isCompany) {
      const title = companyNames[i] as string;
      const form = random.pick(companyForms);
      base.name = `${form} «${title}»`;
      base.email = `info@${latin(title)}.ru`;
      base.site = `https://${latin(title)}.ru`;
      base.phones = [{ number: `+7 (${random.int(800, 999)}) ${random.int(100, 999)}-${random.int(10, 99)}-${random.int(10, 99)}`, typeId: 1, typeName: 'Рабочий' }];
      base.customData.set(21, String(random.int(1000000000, 9999999999)));
      base.customData.set(22, random.pick(['A', 'B', 'C']));
      base.description = random.pick(['Постоянный клиент с 2019 года.', 'Работаем по предоплате.', 'Крупный заказчик, отсрочка 30 дней.', '']);
    } else {
      const sex: Sex = random.chance(0.5) ? 'MALE' : 'FEMALE';
      const first = random.pick(sex === 'MALE' ? maleNames : femaleNames);
      const mid = random.pick(sex === 'MALE' ? maleMid : femaleMid);
      const surname = random.pick(surnames);
      base.sex = sex;
      base.name = `${first} ${mid}`;
      base.midName = mid;
      base.lastName = sex === 'MALE' ? surname : femaleSurname(surname);
      base.post = random.pick(['Директор', 'Менеджер по закупкам', 'Главный инженер', 'Бухгалтер', 'Специалист']);
      base.email = `${latin(first)}.${latin(base.lastName)}${i}@example.ru`;
      base.phones = [{ number: `+7 (9${random.int(10, 99)}) ${random.int(100, 999)}-${random.int(10, 99)}-${random.int(10, 99)}`, typeId: 2, typeName: (phoneTypes[1] as { name: string }).name }];
      base.birthdate = random.chance(0.6) ? formatDate(new Date(Date.UTC(random.int(1960, 2000), random.int(0, 11), random.int(1, 28)))) : '';
      if (companyCount > 0) base.contractorIds = [101 + random.int(0, companyCount - 1)];
    }
    contacts.push(base);
  }
  return contacts;
}

function buildProjects(random: SeededRandom, companies: Contact[], today: Date): Project[] {
  const client = (index: number): number => companies[index % Math.max(1, companies.length)]?.id ?? 0;
  const specs: [string, string, number, number, Project['status'], number, number[], number[]][] = [
    ['Внедрение CRM для {c0}', 'Настройка воронки продаж и обучение сотрудников клиента.', client(0), 1, 'ACTIVE', 2, [2, 3], [2]],
    ['Разработка мобильного приложения', 'Приложение для заказа доставки под iOS и Android.', client(1), 1, 'ACTIVE', 7, [5, 6, 7], [3]],
    ['Сайт компании', 'Поддержка и развитие корпоративного сайта.', 0, 2, 'ACTIVE', 7, [5], []],
    ['Сайт компании: редизайн каталога', 'Новый каталог товаров с фильтрами.', 0, 2, 'ACTIVE', 7, [5, 6], []],
    ['Бухгалтерская отчётность', 'Квартальная и годовая отчётность.', 0, 2, 'ACTIVE', 4, [4], [4]],
    ['Техническая поддержка клиентов', 'Обращения клиентов по телефону и почте.', 0, 2, 'ACTIVE', 8, [8, 9], [5]],
    ['Переезд в новый офис', 'Переезд завершён в прошлом квартале.', 0, 2, 'COMPLETED', 1, [10], []],
    ['Выход на рынок Казахстана', 'Черновик плана, ждёт утверждения.', client(2), 1, 'DRAFT', 1, [2], []],
  ];
  return specs.map(([title, description, clientId, groupId, status, ownerId, workers, groups], i) => {
    const begin = new Date(today.getTime() - random.int(60, 400) * dayMs);
    const hasEnd = status !== 'DRAFT' && random.chance(0.6);
    const companyName = companies[0]?.name ?? 'клиента';
    return {
      id: 11 + i,
      general: i + 1,
      title: title.replace('{c0}', companyName),
      description,
      ownerId,
      clientId,
      groupId,
      parentId: i === 3 ? 13 : 0,
      status,
      hidden: false,
      beginDate: formatDate(begin),
      endDate: hasEnd ? formatDate(new Date(today.getTime() + random.int(-30, 180) * dayMs)) : '',
      workers: { users: workers, groups },
      members: { users: [ownerId === 1 ? 2 : 1], groups: [] },
      auditors: { users: status === 'ACTIVE' ? [1] : [], groups: [] },
    };
  });
}

function participants(random: SeededRandom, activeUsers: number[], maxUsers: number, groupChance: number): Participants {
  const p = empty();
  p.users = random.sample(activeUsers, random.int(maxUsers > 0 ? 1 : 0, maxUsers)).sort((a, b) => a - b);
  if (random.chance(groupChance)) p.groups = [random.int(1, userGroups.length)];
  return p;
}

function customValue(random: SeededRandom, field: CustomField, today: Date): string {
  switch (field.type) {
    case 'number':
      return String(random.int(5, 500) * 1000);
    case 'list':
      return random.pick(field.options ?? ['']);
    case 'checkbox':
      return random.chance(0.5) ? '1' : '0';
    case 'date':
      return formatDate(new Date(today.getTime() + random.int(-20, 40) * dayMs));
    case 'string':
      return random.pick(['Просьба не звонить до обеда', 'Счёт отправить на почту бухгалтерии', 'Нужна доставка до склада', '']);
  }
}

function buildTasks(random: SeededRandom, count: number, projects: Project[], contacts: Contact[], today: Date): Task[] {
  const activeUsers = staff.flatMap((s, i) => (s[8] === 'ACTIVE' ? [i + 1] : []));
  const companies = contacts.filter((c) => c.isCompany);
  const tasks: Task[] = [];
  const templates = ['Шаблон: онбординг нового клиента', 'Шаблон: ежемесячная сверка с бухгалтерией'];
  const total = count + templates.length;
  for (let i = 0; i < total; i++) {
    const isTemplate = i >= count;
    const company = companies.length > 0 && random.chance(0.5) ? random.pick(companies) : undefined;
    const title = isTemplate
      ? (templates[i - count] as string)
      : random
          .pick(taskTitles)
          .replace('{company}', company?.name ?? 'ООО «Ромашка»')
          .replace('{n}', String(random.int(100, 999)))
          .replace('{month}', random.pick(months));
    const created = new Date(today.getTime() - random.int(1, 180) * dayMs + random.int(8 * 60, 19 * 60) * 60_000);
    const status: TaskStatus = isTemplate ? 'DRAFT' : weighted(random, statusWeights);
    const project = random.chance(0.85) ? random.pick(projects) : undefined;
    const withEnd = random.chance(0.7);
    const end = new Date(today.getTime() + random.int(-25, 45) * dayMs);
    const start = new Date(Math.min(end.getTime(), created.getTime() + random.int(0, 5) * dayMs));
    const customData = new Map<number, string>();
    for (const field of taskFields) if (random.chance(0.45)) customData.set(field.id, customValue(random, field, today));
    const earlier = tasks.filter((t) => t.type === 'task' && t.parentId === 0);
    tasks.push({
      id: 10001 + i,
      general: i + 1,
      type: isTemplate ? 'template' : 'task',
      title,
      description: random.pick(descriptions),
      importance: random.chance(0.2) ? 'HIGH' : 'AVERAGE',
      status,
      statusSet: 1,
      checkResult: random.chance(0.15),
      ownerId: random.pick(activeUsers),
      parentId: !isTemplate && earlier.length > 5 && random.chance(0.12) ? random.pick(earlier).id : 0,
      templateId: 0,
      projectId: project?.id ?? 0,
      clientId: company?.id ?? 0,
      beginDateTime: formatDateTime(created),
      updatedAt: formatDateTime(new Date(Math.min(today.getTime() - 3600_000, created.getTime() + random.int(0, 30) * dayMs))),
      start: withEnd && random.chance(0.6) ? { date: formatDate(start) } : undefined,
      end: withEnd ? (random.chance(0.4) ? { date: formatDate(end), time: `${random.int(10, 18)}:00` } : { date: formatDate(end) }) : undefined,
      duration: undefined,
      durationUnit: 0,
      isSummary: false,
      starred: random.chance(0.1),
      workers: participants(random, activeUsers, 2, 0.15),
      members: participants(random, activeUsers, random.chance(0.5) ? 2 : 0, 0.1),
      auditors: participants(random, activeUsers, random.chance(0.3) ? 1 : 0, 0.05),
      customData,
    });
  }
  return tasks;
}

export function buildSeed(options: SeedOptions, credentials: Credentials, now = new Date()): StateData {
  const random = new SeededRandom(options.randomSeed ?? 20260401);
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const users = buildUsers(credentials);
  const contacts = buildContacts(random, Math.max(0, options.contacts ?? 60), today);
  const projects = buildProjects(random, contacts.filter((c) => c.isCompany), today);
  const tasks = buildTasks(random, Math.max(0, options.tasks ?? 250), projects, contacts, today);
  const tokens = new Map<string, number>();
  for (const user of users) {
    tokens.set(user.login === credentials.login ? credentials.token : md5(`uzel-planfix-sandbox:token:${user.login}`), user.id);
  }
  return {
    users,
    userGroups: userGroups.map((g) => ({ ...g })),
    projectGroups: [
      { id: 1, name: 'Клиентские проекты' },
      { id: 2, name: 'Внутренние проекты' },
    ],
    projects,
    tasks,
    contacts,
    contactGroups: [
      { id: 1, name: 'Клиенты' },
      { id: 2, name: 'Поставщики' },
      { id: 3, name: 'Партнёры' },
    ],
    taskFields: taskFields.map((f) => ({ ...f })),
    contactFields: contactFields.map((f) => ({ ...f })),
    tokens,
  };
}
