// Checklists and records of time spent on the seeded tasks: the online-shop launch and its
// storefront subtask carry checklists, partly ticked by the people working on them; tasks that
// track time carry their doers' records. Drawn from their own random sequence, so that the rest
// of the seed stays as it was.
import type { SeededRandom } from '../../common/random.js';
import type { TaskItems } from './items.js';
import type { TaskStore } from './store.js';

const checklists: Record<string, [title: string, items: [text: string, done: boolean, important?: boolean][]][]> = {
  'Подготовить запуск интернет-магазина': [
    ['Подготовка к запуску', [
      ['Утвердить структуру каталога', true],
      ['Согласовать дизайн витрины', true],
      ['Заключить договор с платёжным агрегатором', false, true],
      ['Подготовить тексты для главной страницы', false],
    ]],
    ['Запуск', [
      ['Провести нагрузочное тестирование', false],
      ['Настроить рекламную кампанию на старт продаж', false],
      ['Разослать анонс клиентам', false],
    ]],
  ],
  'Сверстать витрину': [
    ['Чек-лист 1', [
      ['Главная страница', true],
      ['Карточка товара', true],
      ['Корзина и оформление заказа', false, true],
      ['Адаптивная вёрстка для телефонов', false],
    ]],
  ],
};

const elapsedNotes = ['Разбор задачи', 'Работа над задачей', 'Созвон с коллегами по задаче', 'Доработка по замечаниям', 'Подготовка материалов', ''];

export function seedTaskItems(items: TaskItems, store: TaskStore, rnd: SeededRandom, now: number): void {
  // Kanban: each group task sits in the stage its status suggests (new, in progress, on review,
  // done); the office move's board has one more, still empty, column.
  for (const task of store.tasks.all()) {
    const stages = store.stagesOf(task.GROUP_ID);
    if (stages.length < 4) continue;
    const column = task.STATUS === 3 ? 1 : task.STATUS === 4 ? 2 : task.STATUS === 5 ? 3 : 0;
    task.STAGE_ID = stages[column]!.ID;
  }
  const office = store.groups.all().find((g) => g.NAME === 'Переезд в новый офис');
  if (office) {
    const board = store.stagesOf(office.ID);
    const waiting = store.stages.put({ ID: store.stages.nextId(), TITLE: 'Ждут согласования', SORT: 0, COLOR: 'FFD800', ENTITY_ID: office.ID, ENTITY_TYPE: 'G', SYSTEM_TYPE: '' });
    [...board.slice(0, 2), waiting, ...board.slice(2)].forEach((stage, i) => {
      stage.SORT = (i + 1) * 100;
    });
  }

  for (const task of store.tasks.all()) {
    const plan = checklists[task.TITLE];
    if (!plan) continue;
    const at = task.CREATED_DATE + 3600;
    plan.forEach(([title, list], listIndex) => {
      const root = items.checklist.put({
        ID: items.checklist.nextId(), TASK_ID: task.ID, PARENT_ID: 0, CREATED_BY: task.CREATED_BY, TITLE: title, SORT_INDEX: listIndex,
        IS_COMPLETE: false, IS_IMPORTANT: false, TOGGLED_BY: null, TOGGLED_DATE: null, MEMBERS: [],
      });
      list.forEach(([text, done, important], i) => {
        items.checklist.put({
          ID: items.checklist.nextId(), TASK_ID: task.ID, PARENT_ID: root.ID, CREATED_BY: task.CREATED_BY, TITLE: text, SORT_INDEX: i + 1,
          IS_COMPLETE: done, IS_IMPORTANT: important ?? false, TOGGLED_BY: done ? task.RESPONSIBLE_ID : null,
          TOGGLED_DATE: done ? Math.min(now - 3600, at + (i + 1) * 86_400) : null,
          MEMBERS: important ? [{ id: task.RESPONSIBLE_ID, type: 'A' }] : [],
        });
      });
    });
  }

  for (const task of store.tasks.all()) {
    if (!task.ALLOW_TIME_TRACKING || task.STATUS === 2 || task.STATUS === 6) continue;
    const people = [task.RESPONSIBLE_ID, ...task.ACCOMPLICES];
    const count = rnd.int(1, 4);
    for (let i = 0; i < count; i += 1) {
      const seconds = rnd.int(2, 16) * 900;
      const start = Math.min(now - seconds - 3600, task.CREATED_DATE + rnd.int(1, 10) * 86_400 + rnd.int(9, 16) * 3600);
      items.elapsed.put({
        ID: items.elapsed.nextId(), TASK_ID: task.ID, USER_ID: rnd.pick(people), COMMENT_TEXT: rnd.pick(elapsedNotes), SECONDS: seconds,
        SOURCE: 2, CREATED_DATE: start, DATE_START: start, DATE_STOP: start + seconds,
      });
    }
  }
}
