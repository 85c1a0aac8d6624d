// Scopes: which permission a method needs, as each method's page heads it ("> Scope: …").
// A webhook or an application holds a list of scopes; a method whose scopes it lacks answers
// 403 insufficient_scope (system errors table, _includes/system-errors.md). The basic methods
// (batch, server.time, app.info, profile, scope, methods) need none.

/** Method-name prefix → the scopes any one of which opens the method, from the method pages. */
const scopesByPrefix: readonly [prefix: string, scopes: readonly string[]][] = [
  ['calendar.', ['calendar']],
  ['user.', ['user', 'user_brief', 'user_basic']],
  ['im.', ['im']],
  ['department.', ['department']],
  ['crm.', ['crm']],
  ['timeman.', ['timeman']],
  // tasks.task.*, task.commentitem.*, task.planner.getlist, task.dependence.* (api-reference/tasks/*.md).
  ['tasks.', ['task']],
  ['task.', ['task']],
  ['log.', ['log']],
  ['disk.', ['disk']],
];

/** user.add and user.update take the full `user` scope only (api-reference/user/user-add.md, user-update.md). */
const fullUserOnly = new Set(['user.add', 'user.update']);

/** Every scope the sandbox portal knows: what `scope?full=true` lists and the default grant. */
export const portalScopes: readonly string[] = ['calendar', 'crm', 'department', 'disk', 'im', 'log', 'task', 'timeman', 'user', 'user_basic', 'user_brief'];

/** The scopes that open a method; empty for the basic methods every caller may use. */
export function scopesOf(method: string): readonly string[] {
  if (fullUserOnly.has(method)) return ['user'];
  return scopesByPrefix.find(([prefix]) => method.startsWith(prefix))?.[1] ?? [];
}

export function allowed(method: string, granted: ReadonlySet<string>): boolean {
  const needed = scopesOf(method);
  return needed.length === 0 || needed.some((s) => granted.has(s));
}

/**
 * Reads a scope list given to the sandbox: an array of names or a comma-separated string.
 * Unknown names are an error, so that a typo does not silently open or close methods.
 */
export function readScopeList(value: readonly string[] | string, what: string): string[] {
  const list = (typeof value === 'string' ? value.split(',') : [...value]).map((s) => s.trim()).filter((s) => s !== '');
  const unknown = list.filter((s) => !portalScopes.includes(s));
  if (unknown.length > 0) {
    throw new Error(`${what}: unknown scope ${unknown.join(', ')}; the sandbox knows ${portalScopes.join(', ')}`);
  }
  return [...new Set(list)];
}
