// The Planfix catalogue: every section, in the order the documentation lists them.
import { sectionsOf, type CatalogueFunction, type ResultOf } from '../../core/catalogue.js';
import { contacts } from './methods/contacts.js';
import { projects } from './methods/projects.js';
import { tasks } from './methods/tasks.js';
import { users } from './methods/users.js';

export const planfixCatalogue = {
  ...tasks,
  ...users,
  ...projects,
  ...contacts,
};

export type PlanfixCatalogue = typeof planfixCatalogue;

/** The sections, in the order of the catalogue. */
export const planfixSections = sectionsOf(Object.values(planfixCatalogue));

/** One typed function per catalogue entry; each resolves to the children of `<response>`. */
export type PlanfixMethods = { [K in keyof PlanfixCatalogue]: CatalogueFunction<PlanfixCatalogue[K], ResultOf<PlanfixCatalogue[K]>> };
