// The functions the sandbox answers (auth.login is handled by the pipeline, before a user is known).
import type { MethodHandler } from './context.js';
import { contactAdd, contactGet, contactGetList } from './contacts.js';
import { userGet, userGetList, userGroupGetList } from './people.js';
import { projectGet, projectGetList } from './projects.js';
import { taskGet, taskGetList, taskGetMulti } from './tasks-read.js';
import {
  taskAccept,
  taskAdd,
  taskChangeStatus,
  taskChangeWorkers,
  taskReject,
  taskUpdate,
  taskUpdateCustomData,
} from './tasks-write.js';

export const methods: ReadonlyMap<string, MethodHandler> = new Map<string, MethodHandler>([
  ['task.add', taskAdd],
  ['task.update', taskUpdate],
  ['task.get', taskGet],
  ['task.getMulti', taskGetMulti],
  ['task.getList', taskGetList],
  ['task.changeStatus', taskChangeStatus],
  ['task.accept', taskAccept],
  ['task.reject', taskReject],
  ['task.updateCustomData', taskUpdateCustomData],
  ['task.changeWorkers', taskChangeWorkers],
  ['user.get', userGet],
  ['user.getList', userGetList],
  ['userGroup.getList', userGroupGetList],
  ['project.get', projectGet],
  ['project.getList', projectGetList],
  ['contact.get', contactGet],
  ['contact.getList', contactGetList],
  ['contact.add', contactAdd],
]);
