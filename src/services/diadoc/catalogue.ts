// The Diadoc catalogue: every section, in the order the documentation lists them.
import type { CallOptions, InputOf, ResultOf, SectionInfo } from '../../core/catalogue.js';
import type { ValidationIssue } from '../../core/errors.js';
import { departments } from './methods/departments.js';
import { employeeInputChecks, employees } from './methods/employees.js';
import { organizationInputChecks, organizations } from './methods/organizations.js';

export const diadocSections: SectionInfo[] = [
  { id: 'employees', title: { en: 'Employees', ru: 'Работа с сотрудниками' } },
  { id: 'organizations', title: { en: 'Organizations', ru: 'Работа с организациями' } },
  { id: 'departments', title: { en: 'Departments', ru: 'Работа с подразделениями' } },
];

export const diadocCatalogue = {
  ...employees,
  ...organizations,
  ...departments,
};

export type DiadocCatalogue = typeof diadocCatalogue;

/** Rules across parameters of one method (exactly one of …, … goes with …), by method name. */
export const diadocInputChecks: Record<string, (input: Record<string, unknown>) => ValidationIssue[]> = {
  ...employeeInputChecks,
  ...organizationInputChecks,
};

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "no required input" is exactly `{}` fitting the input
type MethodFunction<E> = {} extends InputOf<E>
  ? (input?: InputOf<E>, options?: CallOptions) => Promise<ResultOf<E>>
  : (input: InputOf<E>, options?: CallOptions) => Promise<ResultOf<E>>;

/** One typed function per catalogue entry; each resolves to the service's JSON answer (Ticks as bigint). */
export type DiadocMethods = { [K in keyof DiadocCatalogue]: MethodFunction<DiadocCatalogue[K]> };
