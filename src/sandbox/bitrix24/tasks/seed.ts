// Seeds the tasks of the emulated company: three workgroups with kanban stages, tasks set by
// department heads to their staff (and a few across departments), in every status, with
// deadlines around today, observers, accomplices, subtasks, Gantt links, comments and results.
// The same random seed gives the same tasks.
import type { SeededRandom } from '../../common/random.js';
import type { Task, TaskStatus } from './model.js';
import type { TaskStore } from './store.js';

export interface TaskSeedPeople {
  /** Active users with their departments. */
  users: readonly { ID: number; UF_DEPARTMENT: readonly number[] }[];
  /** Department → its head. */
  headOf(departmentId: number): number | null;
}

const groupsPlan: { name: string; opened: boolean; departments: number[] }[] = [
  { name: 'Запуск интернет-магазина', opened: true, departments: [4, 5, 10] },
  { name: 'Переезд в новый офис', opened: false, departments: [1, 3] },
  { name: 'Внедрение CRM', opened: true, departments: [2, 5, 9] },
];

const stagesPlan: [title: string, color: string][] = [
  ['Новые', '00C4FB'],
  ['В работе', '47D1E2'],
  ['На проверке', 'FFA900'],
  ['Сделаны', '75D900'],
];

const titles: Record<number, string[]> = {
  1: ['Подготовить отчёт для совета директоров', 'Согласовать бюджет на следующий квартал', 'Провести собеседование с кандидатом', 'Организовать корпоративный праздник'],
  2: ['Подготовить коммерческое предложение для ООО «Вектор»', 'Обзвонить клиентов из списка холодных лидов', 'Провести встречу с клиентом по продлению договора', 'Обновить прайс-лист', 'Составить план продаж на месяц'],
  3: ['Сверить акты с поставщиками', 'Подготовить отчёт по НДС', 'Рассчитать зарплату за месяц', 'Оплатить счета за аренду', 'Закрыть авансовые отчёты'],
  4: ['Запустить рекламную кампанию в Яндекс Директ', 'Подготовить рассылку для клиентов', 'Обновить баннеры на сайте', 'Написать статью для блога', 'Собрать отчёт по конверсии лендинга'],
  5: ['Обновить сервер базы данных', 'Провести код-ревью модуля оплаты', 'Настроить резервное копирование', 'Подготовить техническое задание на интеграцию'],
  6: ['Проверить договор поставки', 'Подготовить ответ на претензию', 'Зарегистрировать товарный знак', 'Согласовать договор аренды'],
  7: ['Провести презентацию для ключевого клиента', 'Подготовить отчёт филиала за неделю', 'Встретиться с новым дистрибьютором'],
  8: ['Провести переговоры с ООО «Балтика-Сервис»', 'Обновить базу клиентов филиала', 'Подготовить выставочный стенд'],
  9: ['Исправить ошибку синхронизации заказов', 'Оптимизировать запросы к каталогу', 'Написать тесты для API склада', 'Перевести сервис уведомлений на очередь'],
  10: ['Сверстать страницу оформления заказа', 'Исправить отображение меню на мобильных', 'Обновить дизайн личного кабинета', 'Подключить аналитику на сайт'],
};

const descriptions = [
  'Подробности в приложенном файле. Если будут вопросы — пишите в комментариях.',
  'Срок жёсткий, клиент ждёт ответа. Прошу держать в курсе.',
  'Нужно согласовать с руководителем перед отправкой.',
  'Задача по итогам планёрки в понедельник.',
  '',
];

const commentTexts = [
  'Взял в работу, сегодня посмотрю.',
  'Есть вопрос по срокам: можно перенести на пятницу?',
  'Черновик готов, прошу проверить.',
  'Согласовано, можно отправлять.',
  'Клиент попросил внести правки, вношу.',
  'Документы отправлены, ждём ответа.',
];

const resultTexts = ['Готово: отчёт загружен в общую папку.', 'Сделано, клиент подтвердил получение.', 'Выполнено, изменения выложены на рабочий сервер.'];

const tagsPool = ['срочно', 'клиент', 'отчёт', 'сайт', 'документы'];

const day = 86_400;

/** Seeds `count` tasks (at least the five of the shop launch). */
export function seedTasks(store: TaskStore, people: TaskSeedPeople, rnd: SeededRandom, now: number, count = 80): void {
  const active = people.users;
  const inDepartment = (dep: number): number[] => active.filter((u) => u.UF_DEPARTMENT.includes(dep)).map((u) => u.ID);

  for (const plan of groupsPlan) {
    const members = [...new Set(plan.departments.flatMap((d) => inDepartment(d)))];
    const owner = people.headOf(plan.departments[0]!) ?? 1;
    const group = store.groups.put({ ID: store.groups.nextId(), NAME: plan.name, OPENED: plan.opened, OWNER_ID: owner, MEMBERS: members.includes(owner) ? members : [owner, ...members] });
    stagesPlan.forEach(([title, color], i) => {
      store.stages.put({
        ID: store.stages.nextId(),
        TITLE: title,
        SORT: (i + 1) * 100,
        COLOR: color,
        ENTITY_ID: group.ID,
        ENTITY_TYPE: 'G',
        SYSTEM_TYPE: i === 0 ? 'NEW' : i === stagesPlan.length - 1 ? 'FINISH' : '',
      });
    });
  }

  const statuses: TaskStatus[] = [2, 2, 2, 3, 3, 3, 4, 5, 5, 6];
  // Departments take turns; each goes through its titles, then starts them again (a task comes back).
  const departments = Object.keys(titles).map(Number);
  const planned = Math.max(0, count - 5);
  for (let n = 0; n < planned; n += 1) {
    const dep = departments[n % departments.length]!;
    const list = titles[dep]!;
    const title = list[Math.floor(n / departments.length) % list.length]!;
    const head = people.headOf(dep) ?? 1;
    const staff = inDepartment(dep).filter((id) => id !== head);
    // The company head's own tasks go to the staff, so that every task has a creator apart from its doer.
    const responsible = staff.length > 0 && (dep === 1 || rnd.chance(0.8)) ? rnd.pick(staff) : head;
    const creator = responsible === head ? (people.headOf(1) ?? 1) : head;
    const status = rnd.pick(statuses);
    const created = now - rnd.int(3, 40) * day - rnd.int(0, 8) * 3600;
    const group = store.groups.all().find((g) => g.MEMBERS.includes(responsible) && g.MEMBERS.includes(creator) && rnd.chance(0.6));
    const others = active.map((u) => u.ID).filter((id) => id !== responsible && id !== creator);
    const task = store.create(
      {
        TITLE: title,
        DESCRIPTION: rnd.pick(descriptions),
        RESPONSIBLE_ID: responsible,
        PRIORITY: rnd.chance(0.2) ? 2 : rnd.chance(0.1) ? 0 : 1,
        GROUP_ID: group?.ID ?? 0,
        ACCOMPLICES: rnd.chance(0.25) ? rnd.sample(staff.filter((id) => id !== responsible), 1) : [],
        AUDITORS: rnd.chance(0.4) ? rnd.sample(others, rnd.int(1, 2)) : [],
        DEADLINE: rnd.chance(0.85) ? now + rnd.int(-5, 20) * day + 15 * 3600 : null,
        TASK_CONTROL: status === 4 || rnd.chance(0.3),
        ALLOW_CHANGE_DEADLINE: rnd.chance(0.5),
        ALLOW_TIME_TRACKING: rnd.chance(0.4),
        TIME_ESTIMATE: rnd.chance(0.3) ? rnd.int(1, 16) * 3600 : 0,
        TAGS: rnd.chance(0.4) ? rnd.sample(tagsPool, 1) : [],
      },
      creator,
      created,
    );
    seedProgress(store, task, status, rnd, created, now);
  }

  // A parent task with subtasks and a Gantt chain between them.
  const shopGroup = store.groups.get(1)!;
  const marketingHead = people.headOf(4) ?? 1;
  const parent = store.create(
    { TITLE: 'Подготовить запуск интернет-магазина', RESPONSIBLE_ID: marketingHead, GROUP_ID: shopGroup.ID, DEADLINE: now + 30 * day + 15 * 3600, TASK_CONTROL: true },
    people.headOf(1) ?? 1,
    now - 20 * day,
  );
  const steps = ['Собрать требования к каталогу', 'Сверстать витрину', 'Подключить приём платежей', 'Провести нагрузочное тестирование'];
  let previous: Task | undefined;
  steps.forEach((title, i) => {
    const responsible = rnd.pick(shopGroup.MEMBERS);
    const start = now - 15 * day + i * 7 * day;
    const sub = store.create(
      { TITLE: title, RESPONSIBLE_ID: responsible, PARENT_ID: parent.ID, GROUP_ID: shopGroup.ID, START_DATE_PLAN: start, END_DATE_PLAN: start + 6 * day, DEADLINE: start + 6 * day },
      marketingHead,
      now - 20 * day,
    );
    if (i === 0) seedProgress(store, sub, 5, rnd, now - 20 * day, now);
    else if (i === 1) seedProgress(store, sub, 3, rnd, now - 20 * day, now);
    if (previous) store.addDependency({ from: previous.ID, to: sub.ID, linkType: 2 }, marketingHead, now - 20 * day);
    previous = sub;
  });

  // Day plans: the tasks each doer has in progress, and the urgent ones their creators keep an
  // eye on; favourites: the urgent ones.
  for (const task of store.tasks.all()) {
    if (task.STATUS === 3) for (const doer of [task.RESPONSIBLE_ID, ...task.ACCOMPLICES]) store.addToDayPlan(doer, task.ID);
    if (task.PRIORITY === 2) {
      store.setFavorite(task.CREATED_BY, task.ID, true);
      if (task.STATUS === 2 || task.STATUS === 3) store.addToDayPlan(task.CREATED_BY, task.ID);
    }
  }
}

/** Moves a seeded task to its status the way people would have, with comments on the way. */
function seedProgress(store: TaskStore, task: Task, status: TaskStatus, rnd: SeededRandom, created: number, now: number): void {
  let at = created + rnd.int(1, 20) * 3600;
  const step = (): number => {
    at = Math.min(now - 3600, at + rnd.int(2, 30) * 3600);
    return at;
  };
  const talk = (count: number): void => {
    for (let i = 0; i < count; i += 1) {
      const author = rnd.chance(0.6) ? task.RESPONSIBLE_ID : task.CREATED_BY;
      store.addComment(task, author, rnd.pick(commentTexts), step());
    }
  };
  talk(rnd.int(0, 2));
  if (status === 2) return;
  if (status === 6) {
    store.transition(task, 'defer', task.RESPONSIBLE_ID, step());
    return;
  }
  store.transition(task, 'start', task.RESPONSIBLE_ID, step());
  talk(rnd.int(0, 2));
  if (status === 3) return;
  const result = store.addComment(task, task.RESPONSIBLE_ID, rnd.pick(resultTexts), step());
  store.addResult(result, task.RESPONSIBLE_ID, at);
  if (status === 4) {
    // Awaiting control: the creator has not looked yet.
    task.TASK_CONTROL = true;
    store.transition(task, 'complete', task.RESPONSIBLE_ID, step());
    return;
  }
  store.transition(task, 'complete', task.RESPONSIBLE_ID, step());
  if (task.STATUS === 4) store.transition(task, 'approve', task.CREATED_BY, step());
}
