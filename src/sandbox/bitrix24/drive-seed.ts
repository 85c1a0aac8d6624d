// The Drive of the seeded company: each employee's own storage, the company's shared documents,
// a project group's storage, with folders and small files of real bytes (contracts, a price list,
// rules) made by the seeded users. The same seed gives the same tree.
import { taskId, type DriveDirectory, type DriveObject, type DriveStore } from './drive.js';
import type { PortalState } from './state.js';

/** The Drive's view of the portal's people. */
export function portalDirectory(state: PortalState): DriveDirectory {
  return {
    userName: (id) => {
      const u = state.users.get(id);
      return u ? `${u.NAME} ${u.LAST_NAME}` : undefined;
    },
    departmentsOf: (id) => {
      const own = state.users.get(id)?.UF_DEPARTMENT ?? [];
      const withParents = new Set<number>();
      for (const d of own) for (const c of state.departmentChain(d)) withParents.add(c.ID);
      return { own: [...own], withParents: [...withParents] };
    },
    isAdmin: (id) => id === 1,
  };
}

const contract = (n: number, client: string, sum: string) =>
  `ДОГОВОР ПОСТАВКИ № ${n}\n\nг. Москва\n\nООО «Северный ветер», именуемое в дальнейшем «Поставщик», и ${client}, ` +
  `именуемое в дальнейшем «Покупатель», заключили настоящий договор о нижеследующем.\n\n` +
  `1. Поставщик обязуется передать, а Покупатель принять и оплатить товар на сумму ${sum} руб.\n` +
  `2. Срок поставки — 14 рабочих дней с момента оплаты.\n`;

const priceList =
  'Артикул;Наименование;Цена, руб.\n' +
  'СВ-001;Вентилятор канальный ВК-125;4 350\n' +
  'СВ-002;Вентилятор канальный ВК-160;5 120\n' +
  'СВ-017;Решетка вентиляционная 200×200;640\n' +
  'СВ-044;Клапан обратный КО-125;1 180\n';

const rules =
  '# Регламент отдела продаж\n\n' +
  '1. Каждый лид обрабатывается в течение одного рабочего часа.\n' +
  '2. Сделка без активности больше 7 дней передается руководителю отдела.\n' +
  '3. Счета выставляются только по утвержденному прайс-листу.\n';

export function seedDrive(drive: DriveStore, state: PortalState): void {
  const day = 86_400;
  const base = Math.floor(state.seededAt / day) * day;
  const stamp = (o: DriveObject, daysAgo: number): DriveObject => {
    o.CREATE_TIME = o.UPDATE_TIME = base - daysAgo * day + 10 * 3600;
    return o;
  };

  // The company's shared documents (storage 1; folders 2-5, files 6-9): every employee reads, the sales department (D2) and the
  // accountants (D3) add and edit.
  const common = drive.addStorage({ NAME: 'Общий диск', CODE: 'shared_files_s1', MODULE_ID: 'disk', ENTITY_TYPE: 'common', ENTITY_ID: 'shared_files_s1' }, 1, [
    { TASK_ID: taskId('read'), ACCESS_CODE: 'AU' },
    { TASK_ID: taskId('edit'), ACCESS_CODE: 'DR2' },
    { TASK_ID: taskId('edit'), ACCESS_CODE: 'D3' },
  ]);
  const root = common.ROOT_OBJECT_ID;
  const contracts = stamp(drive.addFolder(root, 'Договоры', 2), 120);
  const invoices = stamp(drive.addFolder(root, 'Счета', 3), 110);
  const rulesFolder = stamp(drive.addFolder(root, 'Регламенты', 1), 200);
  const y2026 = stamp(drive.addFolder(contracts.ID, '2026', 2), 60);
  const utf8 = (text: string) => Buffer.from(text, 'utf8');
  stamp(drive.putFile(y2026.ID, 'Договор поставки № 14.txt', utf8(contract(14, 'ООО «Альфа-Строй»', '184 500')), 2), 45);
  stamp(drive.putFile(y2026.ID, 'Договор поставки № 15.txt', utf8(contract(15, 'АО «Теплосеть-Север»', '96 240')), 7), 30);
  stamp(drive.putFile(invoices.ID, 'Прайс-лист 2026.csv', utf8(priceList), 3), 90);
  stamp(drive.putFile(rulesFolder.ID, 'Регламент отдела продаж.md', utf8(rules), 2), 150);

  // A project group's storage: its members edit, nobody else sees it.
  drive.addStorage({ NAME: 'Проект «Новый склад»', CODE: null, MODULE_ID: 'disk', ENTITY_TYPE: 'group', ENTITY_ID: '1' }, 5, [
    ...[5, 9, 12].map((id) => ({ TASK_ID: taskId('edit'), ACCESS_CODE: `U${id}` })),
  ]);

  // Then everyone's own storage (after the shared ones, so that their IDs do not move with the seed's size).
  for (const user of state.users.rows.values()) drive.userStorage(user.ID);

  // The director's own storage holds a folder or two.
  const mine = drive.userStorage(1);
  stamp(drive.addFolder(mine.ROOT_OBJECT_ID, 'Отчеты', 1), 30);
}
