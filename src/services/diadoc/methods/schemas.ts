// Value shapes the Diadoc catalogue entries share: forgiving inputs (flags and numbers also as the
// strings a command line gives), and the service's structures as the documentation describes them
// (PascalCase JSON names, enums by name, timestamps with exact bigint ticks).
import { z } from 'zod';
import { wholeNumber } from '../../../core/values.js';
import { boxIdForms, toBoxIdGuid } from '../box-id.js';

// ——— inputs ———

/** A box id in either documented form; passes on the BoxIdGuid the methods take. */
export const boxId = () =>
  z.string({ error: `expected ${boxIdForms}` }).transform((value, ctx) => {
    const guid = toBoxIdGuid(value);
    if (guid === undefined) {
      ctx.addIssue({ code: 'custom', message: `${value === '' ? 'empty; ' : ''}expected ${boxIdForms}` });
      return z.NEVER;
    }
    return guid;
  });

/** A GUID (user, department, organization ids). */
export const guid = () =>
  z
    .string()
    .trim()
    .regex(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i, { error: 'expected a GUID such as 6dc8c481-7cec-4675-8fd3-711cbe752eaa' });

/** The head department's id. */
export const headDepartmentId = '00000000-0000-0000-0000-000000000000';

/** A flag: true/false, also as the strings "true"/"false" (a command line). */
export const flag = () =>
  z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], { error: 'expected true or false' });

/** A positive whole number up to `max`, also as a string of digits (page numbers and sizes). */
export const positive = (max: number, noun: string) => wholeNumber({ min: 1, max, noun });

export const documentAccessLevels = [
  'DepartmentOnly',
  'DepartmentAndSubdepartments',
  'AllDocuments',
  'SelectedDepartments',
] as const;

export const documentAccessLevel = () => z.enum(documentAccessLevels);

export const actionNames = [
  'CreateDocuments',
  'DeleteRestoreDocuments',
  'SignDocuments',
  'AddResolutions',
  'RequestResolutions',
  'ManageCounteragents',
] as const;

/**
 * Employee actions: `{ SignDocuments: false, … }` or `[{ name, isAllowed }]`; sent as the
 * service's `[{ Name, IsAllowed }]`.
 */
export const actions = () =>
  z.union([
    z.partialRecord(z.enum(actionNames), flag()).transform((r) => Object.entries(r).map(([Name, IsAllowed]) => ({ Name, IsAllowed }))),
    z
      .array(z.strictObject({ name: z.enum(actionNames), isAllowed: flag() }))
      .transform((list) => list.map((a) => ({ Name: a.name, IsAllowed: a.isAllowed }))),
  ], { error: `expected actions as {"SignDocuments": true, …} or [{"name": "SignDocuments", "isAllowed": true}] (names: ${actionNames.join(', ')})` });

/** A full name: "Фамилия Имя Отчество", or { lastName, firstName, middleName }; sent as FullName. */
export const fullName = () =>
  z.union([
    z
      .string()
      .trim()
      .regex(/^\S+\s+\S+(\s+\S+)*$/, { error: 'expected "LastName FirstName [MiddleName]"' })
      .transform((s) => {
        const [LastName, FirstName, ...rest] = s.split(/\s+/) as [string, string, ...string[]];
        return rest.length ? { LastName, FirstName, MiddleName: rest.join(' ') } : { LastName, FirstName };
      }),
    z
      .strictObject({ lastName: z.string().min(1), firstName: z.string().min(1), middleName: z.string().optional() })
      .transform((n) => ({ LastName: n.lastName, FirstName: n.firstName, ...(n.middleName !== undefined && { MiddleName: n.middleName }) })),
  ]);

/** A list of GUIDs; one GUID or a comma-separated string is accepted too. */
export const guidList = () =>
  z.union([z.array(guid()), z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(guid()))]);

// ——— the service's structures ———

/** Timestamp: exact .NET ticks. */
export const timestamp = z.looseObject({ Ticks: z.bigint() });

export const fullNameOut = z.looseObject({ LastName: z.string(), FirstName: z.string(), MiddleName: z.string().optional() });

export const userV2 = z.looseObject({
  UserId: z.string(),
  Login: z.string().optional(),
  FullName: fullNameOut.optional(),
  IsRegistered: z.boolean(),
});

export const employeeAction = z.looseObject({ Name: z.string(), IsAllowed: z.boolean() });

export const authorizationPermission = z.looseObject({ IsBlocked: z.boolean(), Comment: z.string().optional() });

export const employeePermissions = z.looseObject({
  UserDepartmentId: z.string(),
  IsAdministrator: z.boolean(),
  DocumentAccessLevel: z.string(),
  SelectedDepartmentIds: z.array(z.string()).optional(),
  Actions: z.array(employeeAction).optional(),
  AuthorizationPermission: authorizationPermission.optional(),
});

export const employee = z.looseObject({
  User: userV2,
  Permissions: employeePermissions,
  Position: z.string(),
  CanBeInvitedForChat: z.boolean(),
  CreationTimestamp: timestamp.optional(),
});

export const employeeList = z.looseObject({ Employees: z.array(employee), TotalCount: z.number() });

export const subscription = z.looseObject({ Id: z.string(), IsSubscribed: z.boolean() });

export const employeeSubscriptions = z.looseObject({ Subscriptions: z.array(subscription) });

export const organizationUser = z.looseObject({
  Id: z.string(),
  Name: z.string(),
  Permissions: z.looseObject({ UserDepartmentId: z.string(), IsAdministrator: z.boolean() }),
  Position: z.string(),
});

export const organizationUsersList = z.looseObject({ CurrentUserId: z.string().optional(), Users: z.array(organizationUser) });

/**
 * Department as Organization.Departments lists it and V2/GetDepartment returns it (the head
 * department, 00000000-…, has an empty ParentDepartmentId).
 */
export const department = z.looseObject({
  DepartmentId: z.string(),
  ParentDepartmentId: z.string().optional(),
  Name: z.string(),
  Abbreviation: z.string().optional(),
  Kpp: z.string().optional(),
});

export const box = z.looseObject({
  BoxId: z.string(),
  BoxIdGuid: z.string(),
  Title: z.string(),
  Organization: z.looseObject({}).optional(),
  InvoiceFormatVersion: z.string().optional(),
  EncryptedDocumentsAllowed: z.boolean().optional(),
});

export const organization = z.looseObject({
  OrgId: z.string(),
  Inn: z.string(),
  Kpp: z.string().optional(),
  FullName: z.string(),
  ShortName: z.string().optional(),
  Boxes: z.array(box).optional(),
  Ogrn: z.string().optional(),
  FnsParticipantId: z.string().optional(),
  Departments: z.array(department).optional(),
  IsActive: z.boolean().optional(),
  IsTest: z.boolean().optional(),
  IsBranch: z.boolean().optional(),
});

export const organizationList = z.looseObject({ Organizations: z.array(organization) });

/** Department as admin/GetDepartments lists it (Id, Routing, CreationTimestamp). */
export const adminDepartment = z.looseObject({
  Id: z.string(),
  ParentDepartmentId: z.string().optional(),
  Name: z.string(),
  Abbreviation: z.string(),
  Kpp: z.string().optional(),
  Routing: z.looseObject({}).optional(),
  /** null for the head department. */
  CreationTimestamp: timestamp.nullable().optional(),
});

export const departmentList = z.looseObject({ Departments: z.array(adminDepartment), TotalCount: z.number() });

/** The box and employee the examples use: the Uzel sandbox's main box and the employee of seed 004. */
export const exampleBox = '7bade7d0-8f84-4ddf-b73f-6d1d3f7cf04f';
export const exampleUser = '6dc8c481-7cec-4675-8fd3-711cbe752eaa';
