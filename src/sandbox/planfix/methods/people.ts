// user.get, user.getList, userGroup.getList.
import { PlanfixError } from '../errors.js';
import type { User, UserGroup } from '../model.js';
import { bool, int, oneOf, pageOf, readPage, value } from '../params.js';
import { renderUser } from '../render.js';
import { child } from '../xml.js';
import { totals, type MethodHandler } from './context.js';

export const userGet: MethodHandler = (ctx) => {
  const node = child(ctx.request, 'user');
  const id = int(node, 'id');
  const general = int(node, 'general');
  const { state } = ctx;
  let user: User | undefined;
  if (id !== undefined) user = state.users.get(id);
  else if (general !== undefined) user = [...state.users.values()].find((u) => u.general === general);
  else user = state.users.get(ctx.userId);
  if (!user) throw new PlanfixError('6004');
  return { user: renderUser(state, user, ctx.userId) };
};

const userSorts = ['NAME_ASC', 'NAME_DESC', 'GROUP_ASC', 'GROUP_DESC', 'ISACTIVE_ASC', 'ISACTIVE_DESC', 'PROJECTS_ASC', 'PROJECTS_DESC', 'ROLE_ASC', 'ROLE_DESC'] as const;

export const userGetList: MethodHandler = (ctx) => {
  const { state, request } = ctx;
  const page = readPage(request);
  if ((child(request, 'filters')?.children.length ?? 0) > 0) throw new PlanfixError('0018', 'employee filters are not emulated');
  let users = [...state.users.values()];
  const groupId = int(request, 'userGroup/id');
  const status = value(request, 'status');
  if (groupId !== undefined) {
    if (!state.userGroups.has(groupId)) throw new PlanfixError('5001');
    // The page: status "is ignored when a group is given".
    users = users.filter((u) => u.groupIds.includes(groupId));
  } else if (status !== undefined) {
    const wanted = oneOf(status, ['ACTIVE', 'UNACTIVE'] as const, 'status');
    users = users.filter((u) => u.status === wanted);
  }
  // Nobody is online in the sandbox.
  if (bool(request, 'onlyOnline')) users = [];
  const sortType = value(request, 'sortType');
  if (sortType !== undefined) {
    const sort = oneOf(sortType, userSorts, 'sortType');
    if (sort.startsWith('PROJECTS')) throw new PlanfixError('0018', 'sorting by project is not emulated');
    const groupName = (u: User): string => state.userGroups.get(u.groupIds[0] ?? 0)?.name ?? '';
    const keys: Record<string, (a: User, b: User) => number> = {
      NAME: (a, b) => `${a.lastName} ${a.name}`.localeCompare(`${b.lastName} ${b.name}`, 'ru'),
      GROUP: (a, b) => groupName(a).localeCompare(groupName(b), 'ru'),
      ISACTIVE: (a, b) => Number(a.status === 'ACTIVE') - Number(b.status === 'ACTIVE'),
      ROLE: (a, b) => a.role.localeCompare(b.role),
    };
    const [field, direction] = sort.split('_') as [string, string];
    const compare = keys[field] as (a: User, b: User) => number;
    const sign = direction === 'DESC' ? -1 : 1;
    users.sort((a, b) => sign * compare(a, b) || a.id - b.id);
  }
  const rows = pageOf(users, page);
  return { users: { ...totals(rows.length, users.length), user: rows.map((u) => renderUser(state, u, ctx.userId)) } };
};

const groupSorts = ['NAME_ASC', 'NAME_DESC', 'USERCOUNT_ASC', 'USERCOUNT_DESC'] as const;

export const userGroupGetList: MethodHandler = (ctx) => {
  const { state, request } = ctx;
  const page = readPage(request);
  const countOf = (g: UserGroup): number => [...state.users.values()].filter((u) => u.groupIds.includes(g.id)).length;
  const groups = [...state.userGroups.values()];
  const sortType = value(request, 'sortType');
  if (sortType !== undefined) {
    const sort = oneOf(sortType, groupSorts, 'sortType');
    const sign = sort.endsWith('DESC') ? -1 : 1;
    const compare = sort.startsWith('NAME')
      ? (a: UserGroup, b: UserGroup) => a.name.localeCompare(b.name, 'ru')
      : (a: UserGroup, b: UserGroup) => countOf(a) - countOf(b);
    groups.sort((a, b) => sign * compare(a, b) || a.id - b.id);
  }
  // The page: for users without administrator rights userCount is always 0.
  const admin = state.isAdmin(ctx.userId);
  const rows = pageOf(groups, page);
  return {
    userGroups: {
      ...totals(rows.length, groups.length),
      userGroup: rows.map((g) => ({ id: g.id, name: g.name, userCount: admin ? countOf(g) : 0 })),
    },
  };
};
