// project.get, project.getList.
import { PlanfixError } from '../errors.js';
import type { Project } from '../model.js';
import { int, oneOf, pageOf, readPage, value } from '../params.js';
import { renderProject } from '../render.js';
import { child } from '../xml.js';
import { totals, type MethodHandler } from './context.js';

export const projectGet: MethodHandler = (ctx) => {
  const node = child(ctx.request, 'project');
  const id = int(node, 'id');
  const general = int(node, 'general');
  if (id === undefined && general === undefined) throw new PlanfixError('0009', 'project/id or project/general');
  const { state } = ctx;
  // The page: general "is used when id is absent".
  const project = id !== undefined ? state.projects.get(id) : [...state.projects.values()].find((p) => p.general === general);
  if (!project) throw new PlanfixError('2001');
  if (!state.canSeeProject(ctx.userId, project)) throw new PlanfixError('2002');
  return { project: renderProject(state, project, true) };
};

const projectSorts = ['TITLE_ASC', 'TITLE_DESC', 'NUMBER_ASC', 'NUMBER_DESC'] as const;

export const projectGetList: MethodHandler = (ctx) => {
  const { state, request } = ctx;
  // The page: "a value below 1 or no pageCurrent at all starts the counting procedure" —
  // without pageCurrent the answer carries totalCount only.
  const page = readPage(request, true);
  if ((child(request, 'filters')?.children.length ?? 0) > 0) throw new PlanfixError('0018', 'project filters are not emulated');
  let viewer = ctx.userId;
  const userId = int(request, 'user/id');
  if (userId !== undefined) {
    if (!state.isAdmin(ctx.userId)) throw new PlanfixError('1002', 'user/id is for administrators');
    if (!state.users.has(userId)) throw new PlanfixError('0013', `user ${userId}`);
    viewer = userId;
  }
  const target = oneOf(value(request, 'target') ?? 'all', ['all', 'in', 'out', 'template'] as const, 'target');
  const tests: ((p: Project) => boolean)[] = [(p) => state.canSeeProject(viewer, p)];
  if (target === 'in') {
    tests.push((p) => [p.workers, p.members, p.auditors].some((people) => state.inParticipants(viewer, people)));
  }
  if (target === 'out') tests.push((p) => p.ownerId === viewer);
  // The sandbox keeps no project templates.
  if (target === 'template') tests.push(() => false);
  const status = value(request, 'status');
  if (status !== undefined) {
    const wanted = oneOf(status, ['DRAFT', 'ACTIVE', 'COMPLETED'] as const, 'status');
    tests.push((p) => p.status === wanted);
  }
  const clientId = int(request, 'client/id');
  if (clientId !== undefined) tests.push((p) => p.clientId === clientId);
  const projects = [...state.projects.values()].filter((p) => tests.every((t) => t(p)));
  const sort = oneOf(value(request, 'sortType') ?? 'NUMBER_ASC', projectSorts, 'sortType');
  const sign = sort.endsWith('DESC') ? -1 : 1;
  projects.sort((a, b) =>
    sort.startsWith('TITLE') ? sign * a.title.localeCompare(b.title, 'ru') || a.general - b.general : sign * (a.general - b.general),
  );
  const rows = pageOf(projects, page);
  return { projects: { ...totals(rows.length, projects.length), project: rows.map((p) => renderProject(state, p, false)) } };
};
