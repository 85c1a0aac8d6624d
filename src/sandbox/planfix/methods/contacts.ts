// contact.get, contact.getList, contact.add.
import { formatDateTime, parseDateTime } from '../dates.js';
import { PlanfixError } from '../errors.js';
import { phoneTypes, type Contact, type Phone } from '../model.js';
import { bool, int, oneOf, pageOf, readPage, text, value } from '../params.js';
import { renderContact } from '../render.js';
import { child, childrenNamed, type XmlNode } from '../xml.js';
import { readCustomData, readParticipants, totals, type MethodHandler } from './context.js';

const extraFields = ['lastUpdateDate', 'lastCommentDate'] as const;

function readFields(request: XmlNode): string[] {
  return childrenNamed(child(request, 'fields'), 'field').map((f) => oneOf(f.text.trim(), extraFields, 'fields/field'));
}

export const contactGet: MethodHandler = (ctx) => {
  const node = child(ctx.request, 'contact');
  const { state } = ctx;
  const general = int(node, 'general');
  const userid = int(node, 'userid');
  const id = int(node, 'id');
  if (general === undefined && userid === undefined && id === undefined) throw new PlanfixError('0009', 'contact/id, contact/userid or contact/general');
  // The page's order of precedence: general, then userid, then id.
  let contact: Contact | undefined;
  if (general !== undefined) contact = [...state.contacts.values()].find((c) => c.general === general);
  else if (userid !== undefined) contact = state.contactByUserid(userid);
  else contact = state.contacts.get(id as number);
  if (!contact) throw new PlanfixError('8002');
  return { contact: renderContact(state, contact, false, readFields(ctx.request), ctx.userId) };
};

export const contactGetList: MethodHandler = (ctx) => {
  const { state, request } = ctx;
  const page = readPage(request);
  if ((child(request, 'filters')?.children.length ?? 0) > 0) throw new PlanfixError('0018', 'contact filters are not emulated');
  const fields = readFields(request);
  const target = value(request, 'target') ?? 'contact';
  if (/^\d+$/.test(target)) throw new PlanfixError('0015', `the account has no saved contact filter ${target}`);
  oneOf(target, ['contact', 'company', 'template'] as const, 'target');
  let contacts = [...state.contacts.values()];
  // The sandbox keeps no contact templates.
  contacts = target === 'template' ? [] : contacts.filter((c) => c.isCompany === (target === 'company'));
  const company = int(request, 'company');
  if (company !== undefined) contacts = contacts.filter((c) => c.contractorIds.includes(company));
  const search = value(request, 'search')?.toLocaleLowerCase('ru');
  if (search !== undefined) {
    contacts = contacts.filter((c) => [c.name, c.lastName, c.email].some((s) => s.toLocaleLowerCase('ru').includes(search)));
  }
  contacts.sort((a, b) => a.general - b.general);
  const rows = pageOf(contacts, page);
  return { contacts: { ...totals(rows.length, contacts.length), contact: rows.map((c) => renderContact(state, c, true, fields, ctx.userId)) } };
};

const emailPattern = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function checkEmail(email: string): string {
  if (!emailPattern.test(email)) throw new PlanfixError('8010', email);
  return email;
}

function readPhones(node: XmlNode): Phone[] {
  return childrenNamed(child(node, 'phones'), 'phone').map((p) => {
    const number = text(p, 'number')?.trim() ?? '';
    if (number === '') throw new PlanfixError('0009', 'phones/phone/number');
    const typeId = int(p, 'typeId') ?? 1;
    const type = phoneTypes.find((t) => t.id === typeId);
    if (!type) throw new PlanfixError('0015', `phone type ${typeId} (see contact.getPhoneTypes)`);
    return { number, typeId, typeName: value(p, 'typeName') ?? type.name };
  });
}

export const contactAdd: MethodHandler = (ctx) => {
  const node = child(ctx.request, 'contact');
  if (!node) throw new PlanfixError('0009', 'contact');
  const { state } = ctx;
  const isCompany = bool(node, 'isCompany') ?? false;
  const name = text(node, 'name') ?? '';
  const lastName = text(node, 'lastName') ?? '';
  if (name.trim() === '' && lastName.trim() === '') throw new PlanfixError('0009', 'contact/name or contact/lastName');
  const template = int(node, 'template');
  if (template !== undefined && template !== 0) throw new PlanfixError('0015', `the account has no contact template ${template}`);
  const sex = value(node, 'sex');
  const groupId = int(node, 'group/id') ?? 1;
  if (!state.contactGroups.has(groupId)) throw new PlanfixError('0015', `contact group ${groupId} (see contact.getGroupList)`);
  const birthdate = value(node, 'birthdate');
  if (birthdate !== undefined && !parseDateTime(birthdate)) throw new PlanfixError('0015', 'birthdate must be dd-mm-yyyy');
  const email = value(node, 'email');
  const lang = value(node, 'lang');
  const contact: Contact = {
    ...state.newContactIds(),
    templateId: 0,
    name,
    midName: text(node, 'midName') ?? '',
    lastName,
    isCompany,
    post: text(node, 'post') ?? '',
    email: email === undefined ? '' : checkEmail(email),
    secondaryEmails: childrenNamed(child(node, 'secondaryEmails'), 'email').map((e) => checkEmail(e.text.trim())),
    phones: readPhones(node),
    address: text(node, 'address') ?? '',
    description: text(node, 'description') ?? '',
    sex: sex === undefined ? '' : oneOf(sex, ['MALE', 'FEMALE'] as const, 'sex'),
    site: text(node, 'site') ?? '',
    skype: text(node, 'skype') ?? '',
    facebook: text(node, 'facebook') ?? '',
    vk: text(node, 'vk') ?? '',
    icq: text(node, 'icq') ?? '',
    birthdate: birthdate === undefined ? '' : (parseDateTime(birthdate)?.date ?? ''),
    lang: lang === undefined ? 'Ru' : oneOf(lang, ['Ru', 'En'] as const, 'lang'),
    canBeWorker: bool(node, 'canBeWorker') ?? false,
    canBeClient: bool(node, 'canBeClient') ?? true,
    groupId,
    contractorIds: [],
    customData: readCustomData(state.contactFields, node) ?? new Map(),
    responsible: readParticipants(state, node, 'responsible') ?? { users: [ctx.userId], groups: [] },
    lastUpdateDate: formatDateTime(new Date()),
  };
  for (const [id, v] of contact.customData) if (v === '') contact.customData.delete(id);
  state.contacts.set(contact.id, contact);
  return { contact: { id: contact.id, userid: contact.userid, general: contact.general }, actionid: state.newActionId() };
};
