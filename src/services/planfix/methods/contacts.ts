// Contacts — https://planfix.com/help/Planfix_API:Contacts
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import { ValidationError } from '../../../core/errors.js';
import { customDataOut, customValues, date, filters, flag, id, ids, pageCurrent, pageSize, peopleOut, refOut, text } from './schemas.js';

const docs = (method: string) => `https://planfix.com/help/Planfix_API_${method}`;

/** A contact as contact.get and contact.getList answer. */
export const contactOut = z.looseObject({
  id: z.number(),
  userid: z.number().optional(),
  general: z.number().optional(),
  name: z.string().optional(),
  midName: z.string().optional(),
  lastName: z.string().optional(),
  isCompany: z.boolean().optional(),
  post: z.string().optional(),
  email: z.string().optional(),
  phones: z.looseObject({ phone: z.array(z.looseObject({ number: z.string().optional() })) }).optional(),
  secondaryEmails: z.looseObject({ email: z.array(z.string()) }).optional(),
  group: refOut.optional(),
  contractors: z.looseObject({ client: z.array(refOut) }).optional(),
  responsible: peopleOut.optional(),
  customData: customDataOut.optional(),
});

const extraFields = {
  schema: z.array(z.enum(['lastUpdateDate', 'lastCommentDate'])).min(1).optional(),
  wire: 'fields/field',
  cli: 'fields',
  description: { en: 'Extra fields to return: lastUpdateDate, lastCommentDate', ru: 'Дополнительные поля в ответе: lastUpdateDate, lastCommentDate' },
} as const;

const textParam = (wire: string, cli: string, en: string, ru: string) =>
  ({ schema: text().optional(), wire, cli, description: { en, ru } }) as const;

export const contacts = defineSection(
  'planfix',
  { id: 'contacts', title: { en: 'Contacts', ru: 'Контакты' } },
  {
    getContact: {
      ruName: 'ПолучитьКонтакт',
      remote: 'contact.get',
      summary: { en: 'Gets a contact by ID, userid or number', ru: 'Получает контакт по ID, userid или номеру' },
      access: 'read',
      docs: docs('contact.get'),
      params: {
        contact: {
          schema: id().optional(),
          wire: 'contact/id',
          cli: 'contact',
          description: { en: 'Contact ID', ru: 'ID контакта' },
          example: 301,
        },
        userid: {
          schema: id().optional(),
          wire: 'contact/userid',
          cli: 'userid',
          description: { en: 'The contact\'s user ID (as an assignee or in a contact field)', ru: 'ID контакта как пользователя (исполнитель задачи, поле типа контакт)' },
        },
        number: {
          schema: id().optional(),
          wire: 'contact/general',
          cli: 'number',
          description: { en: 'Contact number (used first when given)', ru: 'Номер контакта (если задан, используется первым)' },
        },
        fields: extraFields,
      },
      toWire: (input) => {
        if (input.contact === undefined && input.userid === undefined && input.number === undefined) {
          throw new ValidationError([{ path: 'contact', message: 'give contact, userid or number' }], 'getContact');
        }
        return {
          contact: { id: input.contact, userid: input.userid, general: input.number },
          fields: input.fields ? { field: input.fields } : undefined,
        };
      },
      result: z.looseObject({ contact: contactOut }),
      example: { contact: 101 },
    },
    getContactList: {
      ruName: 'ПолучитьСписокКонтактов',
      remote: 'contact.getList',
      summary: { en: 'Gets a list of contacts or companies (paged)', ru: 'Получает список контактов или компаний (постранично)' },
      access: 'read',
      docs: docs('contact.getList'),
      params: {
        target: {
          schema: z.union([z.enum(['contact', 'company', 'template']), id()]).optional(),
          cli: 'target',
          description: {
            en: 'contact (default), company, template, or a contact filter ID (contact.getFilterList)',
            ru: 'contact (по умолчанию), company, template или ID фильтра контактов (contact.getFilterList)',
          },
        },
        company: {
          schema: id().optional(),
          cli: 'company',
          description: { en: 'Only contacts of this company', ru: 'Только контакты этой компании' },
        },
        search: {
          schema: text().min(1).optional(),
          cli: 'search',
          description: { en: 'Text to find in the name, last name or e-mail', ru: 'Строка для поиска в имени, фамилии или e-mail' },
        },
        filters: {
          schema: filters().optional(),
          wire: 'filters/filter',
          cli: 'filters',
          description: { en: 'Complex filters: [{ type, operator, value, field }]', ru: 'Сложные фильтры: [{ type, operator, value, field }]' },
        },
        fields: extraFields,
        pageCurrent: { schema: pageCurrent(), cli: 'page', description: { en: 'Page number, from 1 (0 or, for some lists, none: only the count)', ru: 'Номер страницы, с 1 (0 или, у некоторых списков, отсутствие — только подсчёт)' } },
        pageSize: { schema: pageSize(), cli: 'size', description: { en: 'Page size, at most 100', ru: 'Размер страницы, не больше 100' } },
      },
      paging: { style: 'page', page: 'pageCurrent', size: 'pageSize', max: 100, items: 'contacts.contact', total: 'contacts.totalCount' },
      result: z.looseObject({
        contacts: z.looseObject({ count: z.number().optional(), totalCount: z.number().optional(), contact: z.array(contactOut) }),
      }),
      example: { search: 'Иванов' },
    },
    addContact: {
      ruName: 'СоздатьКонтакт',
      remote: 'contact.add',
      summary: { en: 'Creates a contact or a company', ru: 'Создаёт контакт или компанию' },
      access: 'write',
      docs: docs('contact.add'),
      params: {
        template: {
          schema: id().optional(),
          wire: 'contact/template',
          cli: 'template',
          description: { en: 'Contact template number (general in contact.getList)', ru: 'Номер шаблона контакта (general в contact.getList)' },
        },
        name: textParam('contact/name', 'name', 'First name (and patronymic)', 'Имя (и отчество)'),
        midName: textParam('contact/midName', 'midname', 'Patronymic', 'Отчество'),
        lastName: textParam('contact/lastName', 'lastname', 'Last name', 'Фамилия'),
        post: textParam('contact/post', 'post', 'Position', 'Должность'),
        email: textParam('contact/email', 'email', 'E-mail', 'Адрес электронной почты'),
        phones: {
          schema: z
            .array(z.strictObject({ number: text().min(1), typeId: id().optional(), typeName: text().optional() }))
            .min(1)
            .optional(),
          wire: 'contact/phones/phone',
          cli: 'phones',
          description: { en: 'Phones: [{ number, typeId }] (types: contact.getPhoneTypes)', ru: 'Телефоны: [{ number, typeId }] (типы: contact.getPhoneTypes)' },
          example: [{ number: '+7 900 000-00-00', typeId: 1 }],
        },
        secondaryEmails: {
          schema: z.array(text().min(1)).min(1).optional(),
          wire: 'contact/secondaryEmails/email',
          cli: 'emails',
          description: { en: 'Additional e-mail addresses', ru: 'Дополнительные адреса e-mail' },
        },
        address: textParam('contact/address', 'address', 'Address', 'Адрес'),
        description: textParam('contact/description', 'description', 'Additional information', 'Дополнительная информация'),
        sex: {
          schema: z.enum(['MALE', 'FEMALE']).optional(),
          wire: 'contact/sex',
          cli: 'sex',
          description: { en: 'MALE or FEMALE', ru: 'MALE или FEMALE' },
        },
        site: textParam('contact/site', 'site', 'Web site', 'Веб-сайт'),
        skype: textParam('contact/skype', 'skype', 'Skype', 'Skype'),
        birthdate: {
          schema: date().optional(),
          wire: 'contact/birthdate',
          cli: 'birthdate',
          description: { en: 'Birth date, dd-mm-yyyy', ru: 'Дата рождения, дд-мм-гггг' },
        },
        lang: {
          schema: z.enum(['Ru', 'En']).optional(),
          wire: 'contact/lang',
          cli: 'lang',
          description: { en: 'Language: Ru or En', ru: 'Язык: Ru или En' },
        },
        isCompany: {
          schema: flag().optional(),
          wire: 'contact/isCompany',
          cli: 'company',
          description: { en: 'A company rather than a person', ru: 'Является компанией' },
        },
        canBeWorker: {
          schema: flag().optional(),
          wire: 'contact/canBeWorker',
          cli: 'canbeworker',
          description: { en: 'Shown among possible task participants', ru: 'Отображается в списке участников задачи' },
        },
        canBeClient: {
          schema: flag().optional(),
          wire: 'contact/canBeClient',
          cli: 'canbeclient',
          description: { en: 'Shown among possible task clients', ru: 'Отображается в списке контрагентов задачи' },
        },
        group: {
          schema: id().optional(),
          wire: 'contact/group/id',
          cli: 'group',
          description: { en: 'Contact group ID (contact.getGroupList)', ru: 'ID группы контактов (contact.getGroupList)' },
        },
        customData: {
          schema: customValues().optional(),
          wire: 'contact/customData/customValue',
          cli: 'customdata',
          description: { en: 'Custom field values: [{ id, value }]', ru: 'Значения пользовательских полей: [{ id, value }]' },
        },
        responsible: {
          schema: ids().optional(),
          wire: 'contact/responsible/users/id',
          cli: 'responsible',
          description: { en: 'Responsible user IDs', ru: 'ID ответственных пользователей' },
        },
        responsibleGroups: {
          schema: ids().optional(),
          wire: 'contact/responsible/groups/id',
          cli: 'responsiblegroups',
          description: { en: 'Responsible group IDs', ru: 'ID ответственных групп' },
        },
      },
      result: z.looseObject({
        contact: z.looseObject({ id: z.number(), userid: z.number().optional(), general: z.number().optional() }),
        actionid: z.number().optional(),
      }),
      example: { name: 'Иван', lastName: 'Петров', email: 'ivan@example.com', phones: [{ number: '+7 900 000-00-00' }] },
    },
  },
);
