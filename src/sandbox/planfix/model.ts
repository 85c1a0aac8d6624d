// The sandbox's records. They hold what the official pages show in answers, nothing more.

/** The system task statuses of the docs, with the numeric ids this sandbox gives them. */
export const taskStatuses = {
  DRAFT: 0,
  ACTIVE: 1,
  ACCEPTED: 2,
  COMPLETED: 3,
  DELAYED: 4,
  DONE: 5,
  REJECTED: 6,
  CANCELED: 7,
} as const;
export type TaskStatus = keyof typeof taskStatuses;

export interface Participants {
  users: number[];
  groups: number[];
}

export interface User {
  id: number;
  general: number;
  /** First name and patronymic, as the docs' `name` field. */
  name: string;
  midName: string;
  lastName: string;
  login: string;
  /** Sandbox-only: the password `auth.login` accepts. */
  password: string;
  email: string;
  role: 'ADMIN' | 'USER';
  status: 'ACTIVE' | 'UNACTIVE';
  sex: 'MALE' | 'FEMALE';
  birthdate: string;
  phone: string;
  timezone: string;
  post: { id: number; name: string };
  groupIds: number[];
}

export interface UserGroup {
  id: number;
  name: string;
}

export interface CustomField {
  id: number;
  name: string;
  type: 'string' | 'number' | 'date' | 'checkbox' | 'list';
  options?: string[];
}

export interface Project {
  id: number;
  general: number;
  title: string;
  description: string;
  ownerId: number;
  clientId: number;
  groupId: number;
  parentId: number;
  status: 'DRAFT' | 'ACTIVE' | 'COMPLETED';
  hidden: boolean;
  endDate: string;
  beginDate: string;
  workers: Participants;
  members: Participants;
  auditors: Participants;
}

/** A date as the API writes it (dd-mm-yyyy) with an optional time (hh:mm). */
export interface PlanfixDate {
  date: string;
  time?: string;
}

export interface Task {
  id: number;
  general: number;
  type: 'task' | 'template';
  title: string;
  description: string;
  importance: 'AVERAGE' | 'HIGH';
  status: TaskStatus;
  statusSet: number;
  checkResult: boolean;
  ownerId: number;
  parentId: number;
  templateId: number;
  projectId: number;
  clientId: number;
  /** Creation time, dd-mm-yyyy hh:mm. */
  beginDateTime: string;
  /** Last change, dd-mm-yyyy hh:mm (for the "last changed" filters 38 and 79). */
  updatedAt: string;
  start?: PlanfixDate;
  end?: PlanfixDate;
  duration?: number;
  durationUnit: number;
  isSummary: boolean;
  starred: boolean;
  workers: Participants;
  members: Participants;
  auditors: Participants;
  /** Custom field id → value, as the API accepts and returns it. */
  customData: Map<number, string>;
}

export interface Phone {
  number: string;
  typeId: number;
  typeName: string;
}

export interface Contact {
  id: number;
  userid: number;
  general: number;
  templateId: number;
  name: string;
  midName: string;
  lastName: string;
  isCompany: boolean;
  post: string;
  email: string;
  secondaryEmails: string[];
  phones: Phone[];
  address: string;
  description: string;
  sex: '' | 'MALE' | 'FEMALE';
  site: string;
  skype: string;
  facebook: string;
  vk: string;
  icq: string;
  birthdate: string;
  lang: string;
  canBeWorker: boolean;
  canBeClient: boolean;
  groupId: number;
  contractorIds: number[];
  customData: Map<number, string>;
  responsible: Participants;
  lastUpdateDate: string;
}

export interface ContactGroup {
  id: number;
  name: string;
}

export interface ProjectGroup {
  id: number;
  name: string;
}

export const phoneTypes: readonly { id: number; name: string }[] = [
  { id: 1, name: 'Рабочий' },
  { id: 2, name: 'Мобильный' },
  { id: 3, name: 'Домашний' },
  { id: 4, name: 'Факс' },
];
