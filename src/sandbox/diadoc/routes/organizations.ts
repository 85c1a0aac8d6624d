// User and organization methods: V2/GetMyUser, GetMyOrganizations, GetOrganization, GetBox,
// V2/GetOrganizationUsers.
import { boxAccess, callerUserId, type Context } from '../context.js';
import { DiadocError, badRequest, notFound } from '../errors.js';
import { boxJson, organizationJson, organizationUserJson, userJson } from '../serialize.js';
import { isGuid, type Organization } from '../state.js';

export function getMyUser(ctx: Context): unknown {
  const user = ctx.state.users.get(callerUserId(ctx));
  // The page lists 200, 401, 405, 500: a token whose user is gone is incorrect authorization data.
  if (!user) throw new DiadocError(401, 'Пользователь, которому выдан токен, не найден', { 'www-authenticate': 'DiadocAuth realm="Diadoc"' });
  return userJson(user);
}

export function getMyOrganizations(ctx: Context): unknown {
  // autoRegister matters only for certificate logins, which the sandbox does not offer.
  const orgs = ctx.state.organizationsOf(callerUserId(ctx));
  return { Organizations: orgs.map((org) => organizationJson(org, true)) };
}

/** Exactly one of orgId, boxId, fnsParticipantId, inn, foreignTaxpayerCode; kpp only refines inn. */
export function getOrganization(ctx: Context): unknown {
  const keys = ['orgId', 'boxId', 'fnsParticipantId', 'inn', 'foreignTaxpayerCode'] as const;
  const given = keys.filter((k) => ctx.query.has(k));
  if (given.length !== 1) {
    throw badRequest('Укажите ровно один из параметров: orgId, boxId, fnsParticipantId, inn или foreignTaxpayerCode');
  }
  const key = given[0]!;
  const value = ctx.query.require(key);
  const orgs = ctx.state.organizations;
  let org: Organization | undefined;
  switch (key) {
    case 'orgId':
      if (!isGuid(value)) throw badRequest(`Параметр orgId должен быть идентификатором (GUID): ${value}`);
      org = orgs.find((o) => o.orgId === value.toLowerCase());
      break;
    case 'boxId':
      org = ctx.state.organizationByBoxId(ctx.query.requireBoxId());
      break;
    case 'foreignTaxpayerCode':
      // No foreign organizations are seeded.
      org = undefined;
      break;
    case 'fnsParticipantId':
      org = orgs.find((o) => o.fnsParticipantId.toLowerCase() === value.toLowerCase());
      break;
    case 'inn': {
      if (!/^(\d{10}|\d{12})$/.test(value)) throw badRequest(`Параметр inn должен содержать 10 или 12 цифр: ${value}`);
      const byInn = orgs.filter((o) => o.inn === value);
      const kpp = ctx.query.get('kpp')?.trim();
      // With a kpp that matches nothing, the head organization of that INN is the answer; several
      // organizations with the INN and no way to choose is a 404, as the docs say.
      const heads = byInn.filter((o) => !o.isBranch);
      org = (kpp ? byInn.find((o) => o.kpp === kpp) : undefined) ?? (heads.length === 1 ? heads[0] : undefined);
      break;
    }
  }
  if (!org) throw notFound(`Организация (${key}=${value}) не найдена в справочнике`);
  return organizationJson(org);
}

export function getBox(ctx: Context): unknown {
  const boxId = ctx.query.requireBoxId();
  const org = ctx.state.organizationByBoxId(boxId);
  if (!org) throw notFound(`Ящик ${boxId} не найден в справочнике`);
  return boxJson(org, true);
}

/** Users, not employees: only registered accounts are listed (current docs). */
export function getOrganizationUsers(ctx: Context): unknown {
  const { org } = boxAccess(ctx);
  const employees = [...ctx.state.boxEmployees(org.box.boxIdGuid).values()].filter((e) => ctx.state.users.get(e.userId)?.isRegistered);
  return { Users: employees.map((e) => organizationUserJson(ctx.state, e)), CurrentUserId: callerUserId(ctx) };
}
