// The account's data and the rules that read it: who sees and may change what.
import type {
  Contact,
  ContactGroup,
  CustomField,
  Participants,
  Project,
  ProjectGroup,
  Task,
  User,
  UserGroup,
} from './model.js';

export interface StateData {
  users: User[];
  userGroups: UserGroup[];
  projectGroups: ProjectGroup[];
  projects: Project[];
  tasks: Task[];
  contacts: Contact[];
  contactGroups: ContactGroup[];
  taskFields: CustomField[];
  contactFields: CustomField[];
  /** Token → user id (token auth). */
  tokens: Map<string, number>;
}

export class PlanfixState {
  users = new Map<number, User>();
  userGroups = new Map<number, UserGroup>();
  projectGroups = new Map<number, ProjectGroup>();
  projects = new Map<number, Project>();
  tasks = new Map<number, Task>();
  contacts = new Map<number, Contact>();
  contactGroups = new Map<number, ContactGroup>();
  taskFields = new Map<number, CustomField>();
  contactFields = new Map<number, CustomField>();
  tokens = new Map<string, number>();
  private nextIds = { task: 1, taskGeneral: 1, contact: 1, contactUserid: 1, contactGeneral: 1, action: 1 };

  constructor(data: StateData) {
    this.load(data);
  }

  /** Replaces everything (used by reset, so that references to this object stay valid). */
  load(data: StateData): void {
    const byId = <T extends { id: number }>(items: T[]): Map<number, T> => new Map(items.map((i) => [i.id, i]));
    this.users = byId(data.users);
    this.userGroups = byId(data.userGroups);
    this.projectGroups = byId(data.projectGroups);
    this.projects = byId(data.projects);
    this.tasks = byId(data.tasks);
    this.contacts = byId(data.contacts);
    this.contactGroups = byId(data.contactGroups);
    this.taskFields = byId(data.taskFields);
    this.contactFields = byId(data.contactFields);
    this.tokens = new Map(data.tokens);
    const max = (values: number[], floor: number): number => Math.max(floor, ...values) + 1;
    this.nextIds = {
      task: max(data.tasks.map((t) => t.id), 10000),
      taskGeneral: max(data.tasks.map((t) => t.general), 0),
      contact: max(data.contacts.map((c) => c.id), 100),
      contactUserid: max(data.contacts.map((c) => c.userid), 5000),
      contactGeneral: max(data.contacts.map((c) => c.general), 0),
      action: this.nextIds.action,
    };
  }

  newTaskIds(): { id: number; general: number } {
    return { id: this.nextIds.task++, general: this.nextIds.taskGeneral++ };
  }

  newContactIds(): { id: number; userid: number; general: number } {
    return { id: this.nextIds.contact++, userid: this.nextIds.contactUserid++, general: this.nextIds.contactGeneral++ };
  }

  newActionId(): number {
    return this.nextIds.action++;
  }

  taskByGeneral(general: number): Task | undefined {
    for (const task of this.tasks.values()) if (task.general === general) return task;
    return undefined;
  }

  contactByUserid(userid: number): Contact | undefined {
    for (const contact of this.contacts.values()) if (contact.userid === userid) return contact;
    return undefined;
  }

  /** A person id may be an employee's id or a contact's `userid` (both can be task participants). */
  personExists(id: number): boolean {
    return this.users.has(id) || this.contactByUserid(id) !== undefined;
  }

  personName(id: number): string {
    const user = this.users.get(id);
    if (user) return `${user.name} ${user.lastName}`.trim();
    const contact = this.contactByUserid(id);
    return contact ? contactDisplayName(contact) : '';
  }

  isAdmin(userId: number): boolean {
    return this.users.get(userId)?.role === 'ADMIN';
  }

  inParticipants(userId: number, p: Participants): boolean {
    if (p.users.includes(userId)) return true;
    const groups = this.users.get(userId)?.groupIds ?? [];
    return p.groups.some((g) => groups.includes(g));
  }

  isWorker(userId: number, task: Task): boolean {
    return this.inParticipants(userId, task.workers);
  }

  canSeeTask(userId: number, task: Task): boolean {
    return (
      this.isAdmin(userId) ||
      task.ownerId === userId ||
      this.inParticipants(userId, task.workers) ||
      this.inParticipants(userId, task.members) ||
      this.inParticipants(userId, task.auditors)
    );
  }

  /** Changing the task card (task.update, task.changeWorkers): the owner or an administrator. */
  canEditTask(userId: number, task: Task): boolean {
    return this.isAdmin(userId) || task.ownerId === userId;
  }

  canSeeProject(userId: number, project: Project): boolean {
    return (
      this.isAdmin(userId) ||
      project.ownerId === userId ||
      this.inParticipants(userId, project.workers) ||
      this.inParticipants(userId, project.members) ||
      this.inParticipants(userId, project.auditors)
    );
  }

  /** The project and its subprojects, all the way down. */
  projectSubtree(projectId: number): Set<number> {
    const ids = new Set<number>([projectId]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const p of this.projects.values()) {
        if (!ids.has(p.id) && ids.has(p.parentId)) {
          ids.add(p.id);
          grew = true;
        }
      }
    }
    return ids;
  }

  /** True when `taskId` lies below `ancestorId` in the task tree. */
  isDescendant(task: Task, ancestorId: number): boolean {
    const seen = new Set<number>();
    let parentId = task.parentId;
    while (parentId !== 0 && !seen.has(parentId)) {
      if (parentId === ancestorId) return true;
      seen.add(parentId);
      parentId = this.tasks.get(parentId)?.parentId ?? 0;
    }
    return false;
  }
}

export function contactDisplayName(contact: Contact): string {
  return contact.isCompany ? contact.name : `${contact.name} ${contact.lastName}`.trim();
}
