// The Planfix catalogue: every section, in the order the documentation lists them.
import type { CallOptions, InputOf, ResultOf, SectionInfo } from '../../core/catalogue.js';
import { contacts } from './methods/contacts.js';
import { projects } from './methods/projects.js';
import { tasks } from './methods/tasks.js';
import { users } from './methods/users.js';

export const planfixSections: SectionInfo[] = [
  { id: 'tasks', title: { en: 'Tasks', ru: 'Задачи' } },
  { id: 'users', title: { en: 'Employees and groups', ru: 'Сотрудники и группы' } },
  { id: 'projects', title: { en: 'Projects', ru: 'Проекты' } },
  { id: 'contacts', title: { en: 'Contacts', ru: 'Контакты' } },
];

export const planfixCatalogue = {
  ...tasks,
  ...users,
  ...projects,
  ...contacts,
};

export type PlanfixCatalogue = typeof planfixCatalogue;

type MethodFunction<E> = object extends InputOf<E>
  ? (input?: InputOf<E>, options?: CallOptions) => Promise<ResultOf<E>>
  : (input: InputOf<E>, options?: CallOptions) => Promise<ResultOf<E>>;

/** One typed function per catalogue entry; each resolves to the children of `<response>`. */
export type PlanfixMethods = { [K in keyof PlanfixCatalogue]: MethodFunction<PlanfixCatalogue[K]> };
