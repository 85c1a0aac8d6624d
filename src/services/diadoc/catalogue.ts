// The Diadoc catalogue: every section, in the order the documentation lists them.
import { sectionsOf, type CatalogueFunction, type ResultOf } from '../../core/catalogue.js';
import { departments } from './methods/departments.js';
import { employees } from './methods/employees.js';
import { organizations } from './methods/organizations.js';

export const diadocCatalogue = {
  ...employees,
  ...organizations,
  ...departments,
};

export type DiadocCatalogue = typeof diadocCatalogue;

/** The sections, in the order of the catalogue. */
export const diadocSections = sectionsOf(Object.values(diadocCatalogue));

/** One typed function per catalogue entry; each resolves to the service's JSON answer (Ticks as bigint). */
export type DiadocMethods = { [K in keyof DiadocCatalogue]: CatalogueFunction<DiadocCatalogue[K], ResultOf<DiadocCatalogue[K]>> };
