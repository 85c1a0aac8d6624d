// End-to-end: the `uzel` binary against the Bitrix24 sandbox for checklists, task user fields,
// kanban and time tracking — oint's command lines (Russian names, oint's options and short
// forms) and the English names, bad input and the service's refusals with their exit codes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '../../src/sandbox/bitrix24/index.js';
import { runUzel } from './helpers.js';

let sandbox: Bitrix24Sandbox;
let webhook: string;
let shopTask: number;
before(async () => {
  sandbox = await startBitrix24Sandbox({ timeScale: 0, rateLimit: false, seed: { deals: 1, leads: 1 } });
  webhook = sandbox.info.webhookUrl;
  shopTask = sandbox.state.tasks.tasks.all().find((t) => t.TITLE === 'Подготовить запуск интернет-магазина')!.ID;
});
after(() => sandbox.close());

const ok = async (args: string[]): Promise<{ result: unknown; total?: number }> => {
  const r = await runUzel(['bitrix24', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { result: unknown; total?: number };
};

describe('checklists, user fields, kanban, time tracking through the CLI', { concurrency: true }, () => {
  test('checklists: oint\'s lines with short forms, then the English names', async () => {
    const added = await ok(['ДобавитьЭлементЧеклистаЗадачи', '-u', webhook, '-t', String(shopTask), '-x', 'Проверить оферту', '-c', 'true']);
    const itemId = Number(added.result);
    assert.ok(itemId > 0);
    const item = (await ok(['ПолучитьЭлементЧеклистаЗадачи', '--url', webhook, '--task', String(shopTask), '--element', String(itemId)])).result as Record<string, unknown>;
    assert.equal(item.TITLE, 'Проверить оферту');
    assert.equal(item.IS_COMPLETE, 'Y');
    await ok(['ВозобновитьЭлементЧеклистаЗадачи', '-u', webhook, '-t', String(shopTask), '-e', String(itemId)]);
    await ok(['update-checklist-item', '--url', webhook, '--task', String(shopTask), '--element', String(itemId), '--text', 'Проверить оферту и политику']);
    const list = (await ok(['get-checklist', '--url', webhook, '--task', String(shopTask)])).result as Record<string, unknown>[];
    const mine = list.find((i) => Number(i.ID) === itemId)!;
    assert.equal(mine.TITLE, 'Проверить оферту и политику');
    assert.equal(mine.IS_COMPLETE, 'N');
    assert.equal((await ok(['УдалитьЭлементЧеклистаЗадачи', '-u', webhook, '-t', String(shopTask), '-e', String(itemId)])).result, true);
  });

  test('task user fields: add with a label structure, change, read, list, delete', async () => {
    const added = await ok(['ДобавитьПользовательскоеПолеЗадачи', '-u', webhook, '-t', 'string', '-f', 'UF_TASK_CITY', '-l', 'Город', '-b', '{"ru":"Город доставки","en":"Delivery city"}', '-e', 'CITY']);
    const fieldId = String(added.result);
    await ok(['ИзменитьПользовательскоеПолеЗадачи', '-u', webhook, '-f', fieldId, '-t', 'Город клиента', '-l', '{"ru":"Город клиента"}']);
    const field = (await ok(['get-task-user-field', '--url', webhook, '--fieldid', fieldId])).result as Record<string, Record<string, string> | string>;
    assert.equal(field.FIELD_NAME, 'UF_TASK_CITY');
    assert.equal(field.XML_ID, 'CITY');
    assert.equal((field.EDIT_FORM_LABEL as Record<string, string>).ru, 'Город клиента');
    const all = (await ok(['ПолучитьСписокПользовательскихПолейЗадачи', '--url', webhook])).result as Record<string, unknown>[];
    assert.ok(all.some((f) => f.FIELD_NAME === 'UF_TASK_CITY'));
    assert.equal((await ok(['УдалитьПользовательскоеПолеЗадачи', '-u', webhook, '-f', fieldId])).result, true);
  });

  test('kanban: add a stage as the administrator, move a task, delete the stage', async () => {
    const shop = sandbox.state.tasks.groups.all().find((g) => g.NAME === 'Запуск интернет-магазина')!;
    const stageId = String((await ok(['ДобавитьСтадиюКанбана', '-u', webhook, '-t', 'Тестирование', '-e', String(shop.ID), '-p', '2', '-c', '9DCF00', '-a', 'true'])).result);
    const board = (await ok(['ПолучитьСтадииКанбана', '-u', webhook, '-e', String(shop.ID), '-a', 'true'])).result as Record<string, Record<string, string>>;
    assert.equal(board[stageId]!.TITLE, 'Тестирование');
    await ok(['ИзменитьСтадиюКанбана', '-u', webhook, '-s', stageId, '-t', 'Тестирование и приёмка', '-a', 'true']);
    const task = sandbox.state.tasks.tasks.all().find((t) => t.GROUP_ID === shop.ID)!;
    assert.equal((await ok(['ПеренестиЗадачуВСтадиюКанбана', '-u', webhook, '-t', String(task.ID), '-s', stageId])).result, true);
    assert.equal(sandbox.state.tasks.find(task.ID)!.STAGE_ID, Number(stageId));
    // A stage with a task in it stays: the service refuses, exit 3.
    const refused = await runUzel(['bitrix24', 'delete-task-stage', '--url', webhook, '--stage', stageId, '--admin', 'true']);
    assert.equal(refused.code, 3, refused.stderr);
    assert.match(refused.stderr, /STAGE_HAS_TASKS/);
    await ok(['move-task-to-stage', '--url', webhook, '--task', String(task.ID), '--stage', '2']);
    assert.equal((await ok(['УдалитьСтадиюКанбана', '-u', webhook, '-s', stageId, '-a', 'true'])).result, true);
  });

  test('time spent on a task: add for someone with a date, change, read, list, delete', async () => {
    const task = sandbox.state.tasks.tasks.all().find((t) => t.ALLOW_TIME_TRACKING)!;
    const recordId = String((await ok(['ДобавитьТрудозатратыЗадачи', '-u', webhook, '-t', String(task.ID), '-a', '3600', '-s', String(task.RESPONSIBLE_ID), '-x', 'Созвон с подрядчиком', '-d', '2026-03-12T11:00:00+03:00'])).result);
    await ok(['ИзменитьТрудозатратыЗадачи', '-u', webhook, '-t', String(task.ID), '-r', recordId, '-a', '4500', '-x', 'Созвон и протокол']);
    const record = (await ok(['ПолучитьТрудозатратыЗадачи', '-u', webhook, '-t', String(task.ID), '-r', recordId])).result as Record<string, string>;
    assert.equal(record.SECONDS, '4500');
    assert.equal(record.CREATED_DATE, '2026-03-12T11:00:00+03:00');
    const list = await ok(['get-elapsed-time-list', '--url', webhook, '--task', String(task.ID)]);
    assert.ok((list.result as Record<string, string>[]).some((r) => r.ID === recordId));
    assert.equal((await ok(['УдалитьТрудозатратыЗадачи', '-u', webhook, '-t', String(task.ID), '-r', recordId])).result, null);
  });

  test('the working day: start with a reason at a time, pause, status, settings, close', async () => {
    const userId = sandbox.state.users.all().find((u) => u.ID > 20 && !sandbox.state.workdays.has(u.ID))!.ID;
    const opened = (await ok(['НачатьУчетВремени', '-u', webhook, '-s', String(userId)])).result as Record<string, string>;
    assert.equal(opened.STATUS, 'OPENED');
    assert.equal(((await ok(['ПриостановитьУчетВремени', '-u', webhook, '-s', String(userId)])).result as Record<string, string>).STATUS, 'PAUSED');
    assert.equal(((await ok(['get-workday-status', '--url', webhook, '--userid', String(userId)])).result as Record<string, string>).STATUS, 'PAUSED');
    const closed = (await ok(['ЗавершитьУчетВремени', '-u', webhook, '-s', String(userId), '-r', 'Ушёл к врачу'])).result as Record<string, string>;
    assert.equal(closed.STATUS, 'CLOSED');
    const settings = (await ok(['ПолучитьНастройкиУчетаВремени', '-u', webhook])).result as Record<string, unknown>;
    assert.equal(settings.ADMIN, true);
    // A time on another date: the service's WRONG_DATETIME, exit 3.
    const wrong = await runUzel(['bitrix24', 'open-workday', '--url', webhook, '--userid', String(userId), '--time', '2020-01-15T09:00:00+03:00', '--report', 'Опоздал']);
    assert.equal(wrong.code, 3, wrong.stderr);
    assert.match(wrong.stderr, /WRONG_DATETIME/);
  });

  test('bad input: a clear message naming the option, refused before the portal', async () => {
    const r = await runUzel(['bitrix24', 'ДобавитьТрудозатратыЗадачи', '-u', webhook, '-t', '12', '-a', 'час']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /--amount/);
    const s = await runUzel(['bitrix24', 'ДобавитьСтадиюКанбана', '-u', webhook, '-t', 'x', '-c', 'жёлтый']);
    assert.notEqual(s.code, 0);
    assert.match(s.stderr, /--color/);
    // Exit 2: refused by us, not by the portal (3).
    assert.equal(r.code, 2);
    assert.equal(s.code, 2);
  });
});
