// The sandbox's data: users, organizations with their box and department tree, employees with
import { SeededRandom } from '../common/random.js';
// permissions and e-mail subscriptions. Plain records; the routes read and change them.

export const headDepartmentId = '00000000-0000-0000-0000-000000000000';

/** Action names in the order the documentation lists them (and answers show them). */
export const actionNames = [
  'CreateDocuments',
  'DeleteRestoreDocuments',
  'SignDocuments',
  'AddResolutions',
  'RequestResolutions',
  'ManageCounteragents',
] as const;
export type ActionName = (typeof actionNames)[number];

/** DocumentAccessLevel enum: names and protobuf numbers. */
export const documentAccessLevels = {
  UnknownDocumentAccessLevel: -1,
  DepartmentOnly: 0,
  DepartmentAndSubdepartments: 1,
  AllDocuments: 2,
  SelectedDepartments: 3,
} as const;
export type DocumentAccessLevel = keyof typeof documentAccessLevels;

/** E-mail notification ids, in the documentation's order. */
export const subscriptionIds = [
  'CounteragentInvitation',
  'CounteragentInvitationResponses',
  'NewIncomingDocuments',
  'CounteragentSignatures',
  'CounteragentSignatureDenials',
  'ResolutionRequests',
  'ResolutionResults',
  'EmployeeRequests',
  'News',
  'ChatMessages',
] as const;
export type SubscriptionId = (typeof subscriptionIds)[number];

export interface FullName {
  lastName: string;
  firstName: string;
  middleName?: string;
}

export interface User {
  userId: string;
  /** E-mail login; absent for users who work by certificate only. */
  login?: string;
  password?: string;
  fullName: FullName;
  isRegistered: boolean;
}

export interface RussianAddress {
  zipCode: string;
  region: string;
  city: string;
  street: string;
  building: string;
  block?: string;
}

export interface Department {
  id: string;
  parentId: string;
  name: string;
  abbreviation: string;
  kpp?: string;
  address?: RussianAddress;
  routing: { kpp: boolean; address: boolean };
  creationTicks: bigint;
}

export interface Box {
  boxIdGuid: string;
  title: string;
  invoiceFormatVersion: 'v5_01' | 'v5_02';
  encryptedDocumentsAllowed: boolean;
  /** The box's paid API access ended: box methods answer 402. */
  apiSubscriptionEnded: boolean;
}

export interface Organization {
  orgId: string;
  inn: string;
  kpp: string;
  fullName: string;
  shortName: string;
  ogrn: string;
  fnsParticipantId: string;
  ifnsCode: string;
  address: RussianAddress;
  isTest: boolean;
  isBranch: boolean;
  box: Box;
  /** Every department except the head one, in creation order. */
  departments: Department[];
}

export interface EmployeePermissions {
  departmentId: string;
  isAdministrator: boolean;
  documentAccessLevel: DocumentAccessLevel;
  selectedDepartmentIds: string[];
  actions: Record<ActionName, boolean>;
  authorization: { isBlocked: boolean; comment?: string };
}

export interface Employee {
  userId: string;
  boxIdGuid: string;
  position: string;
  canBeInvitedForChat: boolean;
  creationTicks: bigint;
  permissions: EmployeePermissions;
  subscriptions: Record<SubscriptionId, boolean>;
}

export class DiadocState {
  readonly users = new Map<string, User>();
  readonly organizations: Organization[] = [];
  /** Employees per box GUID, keyed by user id. */
  readonly employees = new Map<string, Map<string, Employee>>();
  /** Users once employed in a box and deleted from it: deleting again succeeds. */
  readonly deletedEmployees = new Map<string, Set<string>>();
  /** Ids of users created through the API: seeded, so a reset sandbox repeats them. */
  private readonly newIds = new SeededRandom(4004);

  newUserId(): string {
    return this.newIds.guid();
  }

  userByLogin(login: string): User | undefined {
    const wanted = login.toLowerCase();
    for (const user of this.users.values()) if (user.login?.toLowerCase() === wanted) return user;
    return undefined;
  }

  /** Finds an organization by its box id: the GUID (BoxIdGuid), in any letter case. */
  organizationByBoxId(boxId: string): Organization | undefined {
    const guid = normalizeBoxId(boxId);
    return guid === undefined ? undefined : this.organizations.find((o) => o.box.boxIdGuid === guid);
  }

  boxEmployees(boxIdGuid: string): Map<string, Employee> {
    let map = this.employees.get(boxIdGuid);
    if (!map) {
      map = new Map();
      this.employees.set(boxIdGuid, map);
    }
    return map;
  }

  employee(boxIdGuid: string, userId: string): Employee | undefined {
    return this.employees.get(boxIdGuid)?.get(userId.toLowerCase());
  }

  /** Organizations whose box the user works in, in seeding order. */
  organizationsOf(userId: string): Organization[] {
    return this.organizations.filter((o) => this.employees.get(o.box.boxIdGuid)?.has(userId));
  }
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isGuid(value: string): boolean {
  return guidPattern.test(value.toLowerCase());
}

const legacyBoxIdPattern = /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})@diadoc\.ru$/;

/**
 * The box GUID of a boxId in either form the Box structure carries, or undefined for anything
 * else. proto/Box: BoxIdGuid "is to be passed to methods as the boxId parameter", and "BoxId is
 * used when calling many API methods" — its `<32 hex>@diadoc.ru` form is what
 * GetMyOrganizations, GetOrganization and GetBox hand out in Boxes[].BoxId, so it is accepted too.
 * Letter case does not matter; spaces, braces and dashless GUIDs are not box ids.
 */
export function normalizeBoxId(boxId: string): string | undefined {
  const value = boxId.toLowerCase();
  if (guidPattern.test(value)) return value;
  const legacy = legacyBoxIdPattern.exec(value);
  return legacy ? legacy.slice(1, 6).join('-') : undefined;
}

/** The legacy BoxId text of a box GUID. */
export function legacyBoxId(boxIdGuid: string): string {
  return `${boxIdGuid.replace(/-/g, '')}@diadoc.ru`;
}

export function departmentOf(org: Organization, departmentId: string): Department | undefined {
  const id = departmentId.toLowerCase();
  return org.departments.find((d) => d.id === id);
}

export function defaultSubscriptions(): Record<SubscriptionId, boolean> {
  const result = {} as Record<SubscriptionId, boolean>;
  for (const id of subscriptionIds) result[id] = id !== 'News' && id !== 'EmployeeRequests';
  return result;
}
