// State records → Diadoc JSON: protobuf field names in PascalCase, enums by name, timestamps as
// {"Ticks": <exact integer>} (bigint, written exactly by stringifyJson). Optional fields that are
// not set are left out, as the service's protobuf-to-JSON mapping does.
import {
  actionNames,
  headDepartmentId,
  legacyBoxId,
  subscriptionIds,
  type Department,
  type DiadocState,
  type Employee,
  type Organization,
  type RussianAddress,
  type User,
} from './state.js';

export function userJson(user: User): Record<string, unknown> {
  const fullName: Record<string, string> = { LastName: user.fullName.lastName, FirstName: user.fullName.firstName };
  if (user.fullName.middleName) fullName.MiddleName = user.fullName.middleName;
  return { UserId: user.userId, Login: user.login, FullName: fullName, IsRegistered: user.isRegistered };
}

function authorizationJson(auth: Employee['permissions']['authorization']): Record<string, unknown> {
  return auth.comment === undefined ? { IsBlocked: auth.isBlocked } : { IsBlocked: auth.isBlocked, Comment: auth.comment };
}

export function employeeJson(state: DiadocState, employee: Employee): Record<string, unknown> {
  const user = state.users.get(employee.userId);
  if (!user) throw new Error(`employee ${employee.userId} has no user`);
  const p = employee.permissions;
  return {
    User: userJson(user),
    Permissions: {
      UserDepartmentId: p.departmentId,
      IsAdministrator: p.isAdministrator,
      DocumentAccessLevel: p.documentAccessLevel,
      // The list means something only for SelectedDepartments; otherwise it is empty (seed 004).
      SelectedDepartmentIds: p.documentAccessLevel === 'SelectedDepartments' ? [...p.selectedDepartmentIds] : [],
      Actions: actionNames.map((name) => ({ Name: name, IsAllowed: p.actions[name] })),
      AuthorizationPermission: authorizationJson(p.authorization),
    },
    Position: employee.position,
    CanBeInvitedForChat: employee.canBeInvitedForChat,
    // {"Ticks"} only, as the Timestamp proto and the current GetEmployee page show it; the older
    // GitHub copy of that page also shows "DateTime" (DEVIATIONS.md).
    CreationTimestamp: { Ticks: employee.creationTicks },
  };
}

export function subscriptionsJson(employee: Employee): Record<string, unknown> {
  return { Subscriptions: subscriptionIds.map((id) => ({ Id: id, IsSubscribed: employee.subscriptions[id] })) };
}

function addressJson(address: RussianAddress): Record<string, unknown> {
  return {
    RussianAddress: {
      ZipCode: address.zipCode,
      Region: address.region,
      City: address.city,
      Street: address.street,
      Building: address.building,
      Block: address.block,
    },
  };
}

/** Department as the Organization structure and /V2/GetDepartment show it (proto Department). */
export function plainDepartmentJson(department: Department): Record<string, unknown> {
  return {
    DepartmentId: department.id,
    ParentDepartmentId: department.parentId,
    Name: department.name,
    Abbreviation: department.abbreviation,
    Kpp: department.kpp,
    Address: department.address ? addressJson(department.address) : undefined,
    IsDisabled: false,
  };
}

/**
 * The head department in the proto Department shape. It has no parent; the field is required, so it
 * is an empty string (a parent equal to itself would send tree walkers round in circles).
 */
export function plainHeadDepartmentJson(org: Organization): Record<string, unknown> {
  return {
    DepartmentId: headDepartmentId,
    ParentDepartmentId: '',
    Name: org.shortName,
    Abbreviation: org.shortName,
    Kpp: org.kpp,
    Address: addressJson(org.address),
    IsDisabled: false,
  };
}

/** Department as /admin/GetDepartments shows it (proto Departments/Department). */
export function departmentJson(department: Department): Record<string, unknown> {
  return {
    Id: department.id,
    ParentDepartmentId: department.parentId,
    Name: department.name,
    Abbreviation: department.abbreviation,
    Kpp: department.kpp,
    Address: department.address ? addressJson(department.address) : undefined,
    Routing: { Kpp: department.routing.kpp, Address: department.routing.address },
    CreationTimestamp: { Ticks: department.creationTicks },
  };
}

/** The head department: the organization itself; its CreationTimestamp is null, as the docs say. */
export function headDepartmentJson(org: Organization): Record<string, unknown> {
  return {
    Id: headDepartmentId,
    Name: org.shortName,
    Abbreviation: org.shortName,
    Kpp: org.kpp,
    Address: addressJson(org.address),
    Routing: { Kpp: false, Address: false },
    CreationTimestamp: null,
  };
}

export function boxJson(org: Organization, withOrganization: boolean): Record<string, unknown> {
  return {
    BoxId: legacyBoxId(org.box.boxIdGuid),
    Title: org.box.title,
    Organization: withOrganization ? organizationJson(org) : undefined,
    InvoiceFormatVersion: org.box.invoiceFormatVersion,
    EncryptedDocumentsAllowed: org.box.encryptedDocumentsAllowed,
    BoxIdGuid: org.box.boxIdGuid,
  };
}

export function organizationJson(org: Organization, isEmployee?: boolean): Record<string, unknown> {
  return {
    OrgId: org.orgId,
    Inn: org.inn,
    Kpp: org.kpp,
    FullName: org.fullName,
    ShortName: org.shortName,
    // Not in the Organization proto, but in the docs' own JSON of an organization
    // (include/getCounteragent_resp.txt), as is Departments[].IsDisabled.
    JoinedDiadocTreaty: true,
    Boxes: [boxJson(org, false)],
    Ogrn: org.ogrn,
    FnsParticipantId: org.fnsParticipantId,
    Address: addressJson(org.address),
    Departments: org.departments.map(plainDepartmentJson),
    IfnsCode: org.ifnsCode,
    IsPilot: false,
    IsActive: true,
    IsTest: org.isTest,
    IsBranch: org.isBranch,
    IsRoaming: false,
    IsEmployee: isEmployee,
    Sociability: 'AllOrganizations',
    IsForeign: false,
    HasCertificateToSign: true,
  };
}

/** OrganizationUser of /V2/GetOrganizationUsers. */
export function organizationUserJson(state: DiadocState, employee: Employee): Record<string, unknown> {
  const user = state.users.get(employee.userId);
  if (!user) throw new Error(`employee ${employee.userId} has no user`);
  const p = employee.permissions;
  const name = [user.fullName.lastName, user.fullName.firstName, user.fullName.middleName].filter(Boolean).join(' ');
  return {
    Id: user.userId,
    Name: name,
    Permissions: {
      UserDepartmentId: p.departmentId,
      IsAdministrator: p.isAdministrator,
      DocumentAccessLevel: p.documentAccessLevel,
      CanSignDocuments: p.actions.SignDocuments,
      CanManageCounteragents: p.actions.ManageCounteragents,
      CanAddResolutions: p.actions.AddResolutions,
      CanRequestResolutions: p.actions.RequestResolutions,
      SelectedDepartmentIds: p.documentAccessLevel === 'SelectedDepartments' ? [...p.selectedDepartmentIds] : [],
      JobTitle: employee.position || undefined,
      CanCreateDocuments: p.actions.CreateDocuments,
      AuthorizationPermission: authorizationJson(p.authorization),
      CanDeleteRestoreDocuments: p.actions.DeleteRestoreDocuments,
      // Required in the current proto; no EmployeeAction governs it, so it follows CreateDocuments.
      CanAttachUniversalMessages: p.actions.CreateDocuments,
    },
    Position: employee.position,
  };
}
