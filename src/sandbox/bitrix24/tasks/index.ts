// The sandbox's tasks: the store (state of every task), its access rules and seed.
export { TaskStore, type NewTask, type StatusAction, type TaskPortal } from './store.js';
export { actionsOf, administratorId, canRead, isDirectorOf, rolesOf, upperActionName, type TaskActions, type TaskRole } from './access.js';
export type * from './model.js';
export { taskStatuses } from './model.js';
