// Records → the answer shapes of the official pages (task.get, user.get, project.get, contact.get).
import { planfixDateToMs, showPlanfixDate } from './dates.js';
import type { Contact, CustomField, Participants, Project, Task, User } from './model.js';
import { phoneTypes, taskStatuses } from './model.js';
import { contactDisplayName, type PlanfixState } from './state.js';
import type { OutObject } from './xml.js';

const dayMs = 24 * 3600_000;

export function renderParticipants(state: PlanfixState, p: Participants): OutObject {
  return {
    users: { user: p.users.map((id) => ({ id, name: state.personName(id) })) },
    groups: { group: p.groups.map((id) => ({ id, name: state.userGroups.get(id)?.name ?? '' })) },
  };
}

function customText(field: CustomField | undefined, value: string): string {
  if (field?.type === 'checkbox') return value === '1' ? 'Да' : 'Нет';
  return value;
}

export function renderCustomData(fields: Map<number, CustomField>, data: Map<number, string>): OutObject {
  const ids = [...data.keys()].sort((a, b) => a - b);
  return {
    customValue: ids.map((id) => {
      const value = data.get(id) ?? '';
      const field = fields.get(id);
      return { field: { id, name: field?.name ?? '' }, value, text: customText(field, value) };
    }),
  };
}

const openStatuses = new Set(['ACTIVE', 'ACCEPTED', 'DELAYED', 'DRAFT']);

export function taskIsOverdue(task: Task, now = Date.now()): boolean {
  return task.end !== undefined && openStatuses.has(task.status) && planfixDateToMs(task.end, true) < now;
}

function closeToDeadline(task: Task, now: number): boolean {
  if (!task.end || !openStatuses.has(task.status)) return false;
  const left = planfixDateToMs(task.end, true) - now;
  return left >= 0 && left < dayMs;
}

/** task.get's card; task.getList leaves members and auditors out, as its page says. */
export function renderTask(state: PlanfixState, task: Task, withPeople = true): OutObject {
  const now = Date.now();
  const project = state.projects.get(task.projectId);
  const client = state.contacts.get(task.clientId);
  const out: OutObject = {
    id: task.id,
    title: task.title,
    description: task.description,
    importance: task.importance,
    status: taskStatuses[task.status],
    statusSet: task.statusSet,
    checkResult: task.checkResult,
    type: task.type,
    owner: { id: task.ownerId, name: state.personName(task.ownerId) },
    parent: { id: task.parentId },
    template: { id: task.templateId },
    project: { id: task.projectId, title: project?.title ?? '' },
    client: { id: task.clientId, name: client ? contactDisplayName(client) : '' },
    beginDateTime: task.beginDateTime,
    startTime: showPlanfixDate(task.start),
    endTime: showPlanfixDate(task.end),
    duration: task.duration ?? '',
    durationUnit: task.durationUnit,
    general: task.general,
    isOverdued: taskIsOverdue(task, now),
    isCloseToDeadline: closeToDeadline(task, now),
    isNotAcceptedInTime: task.status === 'ACTIVE' && taskIsOverdue(task, now),
    isSummary: task.isSummary,
    starred: task.starred,
    additionalDescriptionData: '',
    workers: renderParticipants(state, task.workers),
  };
  if (withPeople) {
    out.members = renderParticipants(state, task.members);
    out.auditors = renderParticipants(state, task.auditors);
  }
  out.customData = renderCustomData(state.taskFields, task.customData);
  return out;
}

/** Where a page writes a bool as true/false, unlike the 0/1 of the bool type's page. */
const tf = (b: boolean): string => (b ? 'true' : 'false');

/**
 * user.get's card (also user.getList's row). The page types isInvisibleOutOfGroup and
 * isBlindOutOfGroup as bool spelt true/false ("true=Видит только членов своих групп") and says
 * they are available to administrators: other callers get the card without them.
 */
export function renderUser(state: PlanfixState, user: User, viewerId: number): OutObject {
  const admin = state.isAdmin(viewerId);
  return {
    id: user.id,
    general: user.general,
    name: user.name,
    lastName: user.lastName,
    midName: user.midName,
    login: user.login,
    email: user.email,
    secondaryEmails: { email: [] },
    role: user.role,
    status: user.status,
    birthdate: user.birthdate,
    sex: user.sex,
    phones: { phone: [{ number: user.phone, typeId: 1, typeName: (phoneTypes[0] as { name: string }).name }] },
    isInvisibleOutOfGroup: admin ? tf(false) : undefined,
    isBlindOutOfGroup: admin ? tf(false) : undefined,
    userPic: '',
    isOnline: false,
    timezone: user.timezone,
    post: { id: user.post.id, name: user.post.name },
    userGroups: {
      userGroup: user.groupIds.map((id) => ({ id, name: state.userGroups.get(id)?.name ?? '' })),
    },
  };
}

export function renderProject(state: PlanfixState, project: Project, withPeople: boolean): OutObject {
  const owner = state.users.get(project.ownerId);
  const client = state.contacts.get(project.clientId);
  let taskCount = 0;
  for (const task of state.tasks.values()) if (task.projectId === project.id && task.type === 'task') taskCount++;
  const endMs = project.endDate ? planfixDateToMs({ date: project.endDate }, true) : undefined;
  const now = Date.now();
  const open = project.status === 'ACTIVE';
  const out: OutObject = {
    id: project.id,
    title: project.title,
    description: project.description,
    owner: { id: project.ownerId, name: owner ? state.personName(owner.id) : '' },
    client: { id: project.clientId, name: client ? contactDisplayName(client) : '' },
    group: { id: project.groupId, name: state.projectGroups.get(project.groupId)?.name ?? '' },
    parent: { id: project.parentId },
    template: { id: 0 },
    status: project.status,
    hidden: tf(project.hidden),
    hasEndDate: tf(project.endDate !== ''),
    endDate: project.endDate,
    beginDate: project.beginDate,
    taskCount,
    isOverdued: tf(open && endMs !== undefined && endMs < now),
    isCloseToDeadline: tf(open && endMs !== undefined && endMs >= now && endMs - now < 7 * dayMs),
  };
  if (withPeople) {
    out.workers = renderParticipants(state, project.workers);
    out.members = renderParticipants(state, project.members);
    out.auditors = renderParticipants(state, project.auditors);
  }
  out.customData = { customValue: [] };
  return out;
}

/**
 * contact.get's card, or contact.getList's row (`forList`), with optional extra `fields`.
 * havePlanfixAccess ({true|false} on both pages) "is returned only to an administrator".
 */
export function renderContact(state: PlanfixState, contact: Contact, forList: boolean, fields: string[], viewerId: number): OutObject {
  const group = state.contactGroups.get(contact.groupId);
  const out: OutObject = {
    id: contact.id,
    userid: contact.userid,
    general: contact.general,
    template: { id: contact.templateId },
    name: contact.name,
  };
  if (!forList) out.midName = contact.midName;
  Object.assign(out, {
    lastName: contact.lastName,
    isCompany: contact.isCompany,
    post: contact.post,
    email: contact.email,
  });
  if (!forList) out.secondaryEmails = { email: contact.secondaryEmails };
  Object.assign(out, {
    phones: { phone: contact.phones.map((p) => ({ number: p.number, typeId: p.typeId, typeName: p.typeName })) },
    address: contact.address,
    description: contact.description,
    sex: contact.sex,
  });
  if (!forList) out.site = contact.site;
  out.skype = contact.skype;
  if (forList) {
    out.facebook = contact.facebook;
    out.vk = contact.vk;
    // The list page shows telegramId (string) on every row; no sandbox contact came from Telegram.
    out.telegramId = '';
  }
  Object.assign(out, { icq: contact.icq, userPic: '', birthdate: contact.birthdate });
  if (!forList) out.group = { id: contact.groupId, name: group?.name ?? '' };
  const admin = state.isAdmin(viewerId);
  // The list page puts havePlanfixAccess (and `user`, the login of a contact with access — none
  // has access here) before contractors; the card page after them.
  if (forList && admin) out.havePlanfixAccess = tf(false);
  out.contractors = {
    client: contact.contractorIds.map((id) => {
      const company = state.contacts.get(id);
      return { id, name: company ? contactDisplayName(company) : '' };
    }),
  };
  if (!forList && admin) out.havePlanfixAccess = tf(false);
  out.customData = renderCustomData(state.contactFields, contact.customData);
  if (!forList) out.responsible = renderParticipants(state, contact.responsible);
  if (fields.includes('lastUpdateDate')) out.lastUpdateDate = contact.lastUpdateDate;
  if (fields.includes('lastCommentDate')) out.lastCommentDate = '';
  return out;
}
