// Employees — https://developer.kontur.ru/doc/diadoc-api/ (the methods in the order of the documentation's employees section).
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import type { ValidationIssue } from '../../../core/errors.js';
import {
  actions,
  boxId as boxIdSchema,
  documentAccessLevel,
  employee,
  employeeList,
  employeeSubscriptions,
  exampleBox,
  exampleUser,
  flag,
  fullName,
  guid,
  guidList,
  headDepartmentId,
  organizationUsersList,
  positive,
  userV2,
} from './schemas.js';

const docs = (page: string) => `https://developer.kontur.ru/doc/diadoc-api/http/${page}.html`;

// The organisation, box and user of the documentation's examples (seed 004).

const boxId = {
  schema: boxIdSchema(),
  cli: 'box',
  short: 'b',
  wire: 'boxId',
  description: { en: "The organisation's box id: the GUID (BoxIdGuid) or the older <hex>@diadoc.ru form (BoxId); sent as the GUID", ru: 'Идентификатор ящика организации: GUID (BoxIdGuid) или прежняя форма <hex>@diadoc.ru (BoxId); отправляется как GUID' },
  example: exampleBox,
} as const;

const userId = {
  schema: guid(),
  cli: 'user',
  wire: 'userId',
  description: { en: 'User id', ru: 'Идентификатор пользователя' },
  example: exampleUser,
} as const;

const body = 'body' as const;

/** The plain fields of an employee's permissions, shared by create and update (wire paths differ). */
const permissionText = {
  department: { en: 'Department id (the head department is 00000000-0000-0000-0000-000000000000)', ru: 'Идентификатор подразделения (головное — 00000000-0000-0000-0000-000000000000)' },
  admin: { en: 'Whether the employee administers the organisation', ru: 'Является ли сотрудник администратором организации' },
  access: {
    en: 'Document access level: DepartmentOnly, DepartmentAndSubdepartments, AllDocuments or SelectedDepartments',
    ru: 'Уровень доступа к документам: DepartmentOnly, DepartmentAndSubdepartments, AllDocuments или SelectedDepartments',
  },
  selected: {
    en: 'Departments whose documents the employee sees (with SelectedDepartments)',
    ru: 'Подразделения, к документам которых есть доступ (при SelectedDepartments)',
  },
  actions: {
    en: 'Allowed actions, e.g. {"SignDocuments": true, "ManageCounteragents": false}',
    ru: 'Разрешённые действия, например {"SignDocuments": true, "ManageCounteragents": false}',
  },
  chat: { en: 'Show the employee among message recipients in the web interface', ru: 'Показывать сотрудника в списке получателей сообщений в веб-интерфейсе' },
};

/** Exactly one kind of credentials, and the fields that go with it. */
function checkNewEmployee(input: Record<string, unknown>, nameOf: (key: string) => string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const byLogin = input.email !== undefined;
  const byCertificate = input.certificate !== undefined;
  if (byLogin === byCertificate) {
    issues.push({ path: byLogin ? 'certificate' : 'email', message: `give exactly one of ${nameOf('email')} (login credentials) or ${nameOf('certificate')}` });
  }
  if (input.fullName !== undefined && !byLogin) issues.push({ path: 'fullName', message: `goes with ${nameOf('email')}` });
  for (const key of ['accessBasis', 'certificateEmail']) {
    if (input[key] !== undefined && !byCertificate) issues.push({ path: key, message: `goes with ${nameOf('certificate')}` });
  }
  return issues;
}

/** The service needs IsBlocked with a blocking comment. */
function checkEmployeePatch(input: Record<string, unknown>, nameOf: (key: string) => string): ValidationIssue[] {
  return input.blockComment !== undefined && input.blocked === undefined
    ? [{ path: 'blockComment', message: `goes with ${nameOf('blocked')} (the service needs IsBlocked with the comment)` }]
    : [];
}

export const employees = defineSection(
  'diadoc',
  { id: 'employees', title: { en: 'Employees', ru: 'Работа с сотрудниками' } },
  {
    createEmployee: {
      ruName: 'СоздатьСотрудника',
      remote: 'POST /CreateEmployee',
      check: checkNewEmployee,
      summary: {
        en: 'Adds an employee to the organisation (administrators only); creates the Diadoc user when there is none with that login',
        ru: 'Добавляет сотрудника в организацию (только администраторы); создаёт пользователя Диадока, если его нет',
      },
      access: 'write',
      docs: docs('CreateEmployee'),
      params: {
        boxId,
        email: {
          schema: z.email().optional(),
          in: body,
          wire: 'Credentials/Login/Login',
          cli: 'email',
          description: { en: 'Login (e-mail) of the employee who signs in by password', ru: 'Логин (e-mail) сотрудника, работающего по логину и паролю' },
          example: 'email@example.com',
        },
        fullName: {
          schema: fullName().optional(),
          in: body,
          wire: 'Credentials/Login/FullName',
          cli: 'name',
          description: {
            en: 'Full name for a new user: "LastName FirstName MiddleName" or {lastName, firstName, middleName}',
            ru: 'ФИО нового пользователя: "Фамилия Имя Отчество" или {lastName, firstName, middleName}',
          },
          example: 'Иванов Иван Иванович',
        },
        certificate: {
          schema: z.base64().optional(),
          in: body,
          wire: 'Credentials/Certificate/Content',
          cli: 'certificate',
          description: { en: 'Or: the qualified certificate (DER, Base64) of the employee', ru: 'Или: сертификат КЭП сотрудника (DER в Base64)' },
        },
        accessBasis: {
          schema: z.string().optional(),
          in: body,
          wire: 'Credentials/Certificate/AccessBasis',
          cli: 'access-basis',
          description: {
            en: "With --certificate: the basis of access when the certificate's INN differs from the organisation's",
            ru: 'С --certificate: основание доступа, если ИНН сертификата не совпадает с ИНН организации',
          },
        },
        certificateEmail: {
          schema: z.email().optional(),
          in: body,
          wire: 'Credentials/Certificate/Email',
          cli: 'certificate-email',
          description: { en: 'With --certificate: the e-mail to set as the login and to notify', ru: 'С --certificate: e-mail, который станет логином и получит уведомление' },
        },
        position: {
          schema: z.string().optional(),
          in: body,
          wire: 'Position',
          cli: 'position',
          description: { en: 'Position', ru: 'Должность' },
          example: 'Бухгалтер',
        },
        canBeInvitedForChat: {
          schema: flag().default(false),
          in: body,
          wire: 'CanBeInvitedForChat',
          cli: 'chat',
          description: permissionText.chat,
          example: false,
        },
        departmentId: {
          schema: guid().default(headDepartmentId),
          in: body,
          wire: 'Permissions/UserDepartmentId',
          cli: 'department',
          description: permissionText.department,
        },
        isAdministrator: {
          schema: flag().default(false),
          in: body,
          wire: 'Permissions/IsAdministrator',
          cli: 'admin',
          description: permissionText.admin,
        },
        documentAccessLevel: {
          schema: documentAccessLevel(),
          in: body,
          wire: 'Permissions/DocumentAccessLevel',
          cli: 'access',
          description: permissionText.access,
          example: 'DepartmentAndSubdepartments',
        },
        selectedDepartmentIds: {
          schema: guidList().optional(),
          in: body,
          wire: 'Permissions/SelectedDepartmentIds',
          cli: 'selected-departments',
          description: permissionText.selected,
        },
        actions: {
          schema: actions().optional(),
          in: body,
          wire: 'Permissions/Actions',
          cli: 'actions',
          description: permissionText.actions,
          example: { CreateDocuments: true, SignDocuments: true, ManageCounteragents: true },
        },
      },
      result: employee,
      example: {
        boxId: exampleBox,
        email: 'petrova@severny-veter.ru',
        fullName: 'Петрова Анна Сергеевна',
        position: 'Бухгалтер',
        documentAccessLevel: 'DepartmentAndSubdepartments',
        actions: { CreateDocuments: true, SignDocuments: true, ManageCounteragents: true },
      },
    },
    deleteEmployee: {
      ruName: 'УдалитьСотрудника',
      remote: 'POST /DeleteEmployee',
      summary: {
        en: 'Removes an employee from the organisation (administrators only); removing one already removed succeeds',
        ru: 'Удаляет сотрудника организации (только администраторы); повторное удаление завершается успешно',
      },
      access: 'write',
      docs: docs('DeleteEmployee'),
      params: { boxId, userId },
      result: z.null(),
      example: { boxId: exampleBox, userId: exampleUser },
    },
    getEmployee: {
      ruName: 'ПолучитьСотрудника',
      remote: 'GET /GetEmployee',
      summary: { en: "Returns an employee of the organisation by the user's id (administrators only)", ru: 'Возвращает данные сотрудника организации по идентификатору (только администраторы)' },
      access: 'read',
      docs: docs('GetEmployee'),
      params: { boxId, userId },
      result: employee,
      example: { boxId: exampleBox, userId: exampleUser },
    },
    getEmployees: {
      ruName: 'ПолучитьСписокСотрудников',
      remote: 'GET /GetEmployees',
      summary: {
        en: "Returns the organisation's employees, a page at a time (administrators only)",
        ru: 'Возвращает список сотрудников организации постранично (только администраторы)',
      },
      access: 'read',
      docs: docs('GetEmployees'),
      paging: { style: 'page', page: 'page', size: 'count', max: 50, items: 'Employees', total: 'TotalCount' },
      params: {
        boxId,
        page: {
          schema: positive(1_000_000, 'a page number').optional(),
          cli: 'page',
          description: { en: 'Page number, from 1 (default 1)', ru: 'Номер страницы, начиная с 1 (по умолчанию 1)' },
          example: 1,
        },
        count: {
          schema: positive(50, 'a page size').optional(),
          cli: 'count',
          description: { en: 'Employees per page, 1 to 50 (default 50)', ru: 'Сотрудников на странице, от 1 до 50 (по умолчанию 50)' },
          example: 10,
        },
      },
      result: employeeList,
      example: { boxId: exampleBox, page: 1, count: 10 },
    },
    getMyEmployee: {
      ruName: 'ПолучитьТекущегоСотрудника',
      remote: 'GET /GetMyEmployee',
      summary: { en: 'Returns the employee on whose behalf the call is made', ru: 'Возвращает данные сотрудника, от имени которого вызывается метод' },
      access: 'read',
      docs: docs('GetMyEmployee'),
      params: { boxId },
      result: employee,
      example: { boxId: exampleBox },
    },
    getMyUser: {
      ruName: 'ПолучитьТекущегоПользователя',
      remote: 'GET /V2/GetMyUser',
      summary: { en: 'Returns the signed-in user (V2: without certificates)', ru: 'Возвращает текущего авторизованного пользователя (V2: без сертификатов)' },
      access: 'read',
      docs: docs('GetMyUser'),
      params: {},
      result: userV2,
      example: {},
    },
    getOrganizationUsers: {
      ruName: 'ПолучитьПользователейОрганизации',
      remote: 'GET /V2/GetOrganizationUsers',
      summary: { en: "Returns all users of the box's organisation with their permissions", ru: 'Возвращает всех пользователей организации с их правами' },
      access: 'read',
      docs: docs('GetOrganizationUsers'),
      params: { boxId },
      result: organizationUsersList,
      example: { boxId: exampleBox },
    },
    getSubscriptions: {
      ruName: 'ПолучитьПодпискиСотрудника',
      remote: 'GET /GetSubscriptions',
      summary: {
        en: "Returns an employee's e-mail notification subscriptions (administrators, or the employee)",
        ru: 'Возвращает подписки сотрудника на почтовые уведомления (администраторы или сам сотрудник)',
      },
      access: 'read',
      docs: docs('GetSubscriptions'),
      params: { boxId, userId },
      result: employeeSubscriptions,
      example: { boxId: exampleBox, userId: exampleUser },
    },
    updateEmployee: {
      ruName: 'ИзменитьСотрудника',
      remote: 'POST /UpdateEmployee',
      check: checkEmployeePatch,
      summary: {
        en: 'Changes an employee (administrators only): only the fields given are changed',
        ru: 'Изменяет данные сотрудника (только администраторы): меняются только переданные поля',
      },
      access: 'write',
      docs: docs('UpdateEmployee'),
      params: {
        boxId,
        userId,
        position: {
          schema: z.string().optional(),
          in: body,
          wire: 'Position/Position',
          cli: 'position',
          description: { en: 'New position', ru: 'Новая должность' },
          example: 'Главный бухгалтер',
        },
        canBeInvitedForChat: {
          schema: flag().optional(),
          in: body,
          wire: 'CanBeInvitedForChat/CanBeInvitedForChat',
          cli: 'chat',
          description: permissionText.chat,
        },
        departmentId: {
          schema: guid().optional(),
          in: body,
          wire: 'Permissions/Department/DepartmentId',
          cli: 'department',
          description: { en: 'Move the employee to this department', ru: 'Перевести сотрудника в это подразделение' },
        },
        isAdministrator: {
          schema: flag().optional(),
          in: body,
          wire: 'Permissions/IsAdministrator/IsAdministrator',
          cli: 'admin',
          description: permissionText.admin,
        },
        documentAccessLevel: {
          schema: documentAccessLevel().optional(),
          in: body,
          wire: 'Permissions/DocumentAccessLevel/DocumentAccessLevel',
          cli: 'access',
          description: permissionText.access,
        },
        selectedDepartmentIds: {
          schema: guidList().optional(),
          in: body,
          wire: 'Permissions/SelectedDepartments/SelectedDepartmentIds',
          cli: 'selected-departments',
          description: permissionText.selected,
        },
        actions: {
          schema: actions().optional(),
          in: body,
          wire: 'Permissions/Actions',
          cli: 'actions',
          description: {
            en: 'Only the actions to change, e.g. {"SignDocuments": false}',
            ru: 'Только изменяемые действия, например {"SignDocuments": false}',
          },
        },
        blocked: {
          schema: flag().optional(),
          in: body,
          wire: 'Permissions/AuthorizationPermission/IsBlocked',
          cli: 'blocked',
          description: { en: "Block (true) or unblock (false) the employee's access to Diadoc", ru: 'Ограничить (true) или разрешить (false) доступ сотрудника к Диадоку' },
        },
        blockComment: {
          schema: z.string().max(500).optional(),
          in: body,
          wire: 'Permissions/AuthorizationPermission/Comment',
          cli: 'block-comment',
          description: { en: 'With --blocked: the reason, up to 500 characters', ru: 'С --blocked: причина, не более 500 символов' },
        },
      },
      result: employee,
      example: { boxId: exampleBox, userId: exampleUser, position: 'Главный бухгалтер', actions: { SignDocuments: false } },
    },
    updateSubscriptions: {
      ruName: 'ИзменитьПодпискиСотрудника',
      remote: 'POST /UpdateSubscriptions',
      summary: {
        en: "Changes an employee's e-mail notification subscriptions (only those given); returns all of them",
        ru: 'Изменяет подписки сотрудника на почтовые уведомления (только переданные); возвращает все подписки',
      },
      access: 'write',
      docs: docs('UpdateSubscriptions'),
      params: {
        boxId,
        userId,
        subscriptions: {
          schema: z.union([
            z.record(z.string().min(1), flag()).transform((r) => Object.entries(r).map(([Id, IsSubscribed]) => ({ Id, IsSubscribed }))),
            z
              .array(z.strictObject({ id: z.string().min(1), isSubscribed: flag() }))
              .transform((list) => list.map((s) => ({ Id: s.id, IsSubscribed: s.isSubscribed }))),
          ]),
          in: body,
          wire: 'Subscriptions',
          cli: 'subscriptions',
          description: {
            en: 'Subscriptions to change, e.g. {"NewIncomingDocuments": true, "News": false}',
            ru: 'Изменяемые подписки, например {"NewIncomingDocuments": true, "News": false}',
          },
          example: { NewIncomingDocuments: true, News: false },
        },
      },
      result: employeeSubscriptions,
      example: { boxId: exampleBox, userId: exampleUser, subscriptions: { NewIncomingDocuments: true, News: false } },
    },
  },
);

