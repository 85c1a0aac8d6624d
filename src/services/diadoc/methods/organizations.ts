// Organizations — https://developer.kontur.ru/doc/diadoc-api/ (the methods in the order of the documentation's organizations section).
import { z } from 'zod';
import { defineSection } from '../../../core/catalogue.js';
import type { ValidationIssue } from '../../../core/errors.js';
import { box, boxId as boxIdSchema, exampleBox, flag, guid, organization, organizationList } from './schemas.js';

const docs = (page: string) => `https://developer.kontur.ru/doc/diadoc-api/http/${page}.html`;

const lookups = ['orgId', 'boxId', 'fnsParticipantId', 'inn'] as const;

/** Exactly one way of finding the organisation; a KPP only with an INN. */
function checkOrganizationLookup(input: Record<string, unknown>, nameOf: (key: string) => string): ValidationIssue[] {
  const given = lookups.filter((k) => input[k] !== undefined);
  const issues: ValidationIssue[] = [];
  if (given.length !== 1) {
    issues.push({ path: given[1] ?? '', message: `give exactly one of ${lookups.map(nameOf).join(', ')}${given.length ? ` (got ${given.map(nameOf).join(', ')})` : ''}` });
  }
  if (input.kpp !== undefined && input.inn === undefined) issues.push({ path: 'kpp', message: `goes with ${nameOf('inn')}` });
  return issues;
}

export const organizations = defineSection(
  'diadoc',
  { id: 'organizations', title: { en: 'Organizations', ru: 'Работа с организациями' } },
  {
    getBox: {
      ruName: 'ПолучитьЯщик',
      remote: 'GET /GetBox',
      summary: { en: 'Returns a box with its organisation', ru: 'Возвращает информацию о ящике и его организации' },
      access: 'read',
      docs: docs('GetBox'),
      params: {
        boxId: {
          schema: boxIdSchema(),
          cli: 'box',
          short: 'b',
          wire: 'boxId',
          description: { en: 'Box id: the GUID (BoxIdGuid) or the older <hex>@diadoc.ru form (BoxId); sent as the GUID', ru: 'Идентификатор ящика: GUID (BoxIdGuid) или прежняя форма <hex>@diadoc.ru (BoxId); отправляется как GUID' },
          example: exampleBox,
        },
      },
      result: box,
      example: { boxId: exampleBox },
    },
    getMyOrganizations: {
      ruName: 'ПолучитьМоиОрганизации',
      remote: 'GET /GetMyOrganizations',
      summary: { en: 'Returns the organisations (boxes) the user has access to', ru: 'Возвращает организации (ящики), к которым у пользователя есть доступ' },
      access: 'read',
      docs: docs('GetMyOrganizations'),
      params: {
        autoRegister: {
          schema: flag().optional(),
          wire: 'autoRegister',
          cli: 'auto-register',
          description: {
            en: "With a certificate sign-in: register the user in the certificate's organisation when it has no active administrator (the service's default is true)",
            ru: 'При входе по сертификату: регистрировать пользователя в организации из сертификата, если в ней нет действующего администратора (по умолчанию сервис считает true)',
          },
        },
      },
      result: organizationList,
      example: {},
    },
    getOrganization: {
      ruName: 'ПолучитьОрганизацию',
      remote: 'GET /GetOrganization',
      check: checkOrganizationLookup,
      summary: {
        en: 'Returns an organisation found by exactly one of: its id, a box id, the FNS participant id, or the INN (with an optional KPP)',
        ru: 'Возвращает организацию по одному из параметров: идентификатору, ящику, идентификатору участника ЭДО или ИНН (с необязательным КПП)',
      },
      access: 'read',
      docs: docs('GetOrganization'),
      params: {
        orgId: { schema: guid().optional(), cli: 'org', wire: 'orgId', description: { en: 'Organisation id', ru: 'Идентификатор организации' } },
        boxId: {
          schema: boxIdSchema().optional(),
          cli: 'box',
          short: 'b',
          wire: 'boxId',
          description: { en: 'Box id: the GUID (BoxIdGuid) or the older <hex>@diadoc.ru form (BoxId); sent as the GUID', ru: 'Идентификатор ящика: GUID (BoxIdGuid) или прежняя форма <hex>@diadoc.ru (BoxId); отправляется как GUID' },
          example: exampleBox,
        },
        fnsParticipantId: {
          schema: z.string().trim().min(1).optional(),
          cli: 'fns-id',
          wire: 'fnsParticipantId',
          description: { en: 'Electronic document exchange participant id (FNS)', ru: 'Идентификатор участника ЭДО' },
        },
        inn: {
          schema: z.string().trim().regex(/^(\d{10}|\d{12})$/, { error: 'expected an INN of 10 or 12 digits' }).optional(),
          cli: 'inn',
          wire: 'inn',
          description: { en: 'INN (10 or 12 digits)', ru: 'ИНН (10 или 12 цифр)' },
        },
        kpp: {
          schema: z.string().trim().regex(/^\d{4}[0-9A-Z]{2}\d{3}$/, { error: 'expected a KPP of 9 characters' }).optional(),
          cli: 'kpp',
          wire: 'kpp',
          description: { en: 'KPP, with --inn only', ru: 'КПП, только вместе с --inn' },
        },
      },
      result: organization,
      example: { boxId: exampleBox },
    },
  },
);

