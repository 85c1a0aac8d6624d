// `uzel mcp` end to end: the real command as a child process, the SDK's own client, over stdio and
// over Streamable HTTP, against the three sandboxes. Every JSON-RPC message of every session is
// kept and scanned for the sandboxes' secrets at the end.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bitrix24Catalogue } from '../../src/services/bitrix24/catalogue.js';
import { diadocCatalogue } from '../../src/services/diadoc/catalogue.js';
import { scratchDir } from '../cli/helpers.js';
import { connect, startSandboxes, structured, textOf, type Sandboxes, type Session, type TransportKind } from './helpers.js';

let sandboxes: Sandboxes;
before(async () => {
  sandboxes = await startSandboxes();
});
after(() => sandboxes.close());

type Answer<T = unknown> = { answer: T; page?: { rows: number; total?: number; nextCursor?: string } };

for (const kind of ['stdio', 'http'] as TransportKind[]) {
  describe(`over ${kind}`, () => {
    const sessions: Session[] = [];
    let reader: Session;
    const exportDir = scratchDir('exports-');
    const open = async (args: string[]) => {
      const session = await connect(kind, ['--export-dir', exportDir, ...args], sandboxes.env());
      sessions.push(session);
      return session;
    };

    before(async () => {
      reader = await open(['--tools', 'all']);
    });

    test('read-only by default: a tool per reading method of all three services, no write tool listed', async () => {
      const { tools } = await reader.client.listTools();
      const names = tools.map((t) => t.name);
      for (const name of ['bitrix24_get-deals', 'bitrix24_get-user-participation-status', 'planfix_get-task-list', 'diadoc_get-employee', 'export_rows']) {
        assert.ok(names.includes(name), `${name} is listed`);
      }
      for (const name of ['bitrix24_add-deal', 'bitrix24_delete-deal', 'planfix_change-task-workers', 'diadoc_update-employee']) {
        assert.ok(!names.includes(name), `${name} is not listed`);
      }
      for (const tool of tools.filter((t) => t.name !== 'export_rows')) {
        assert.equal(tool.annotations?.readOnlyHint, true, tool.name);
        assert.equal(tool.annotations?.destructiveHint, false, tool.name);
        assert.match(tool.name, /^[a-zA-Z0-9_-]{1,64}$/);
        assert.equal(tool.inputSchema.type, 'object');
        assert.equal(tool.outputSchema?.type, 'object');
      }
      const status = tools.find((t) => t.name === 'bitrix24_get-user-participation-status')!;
      assert.match(status.description!, /ПолучитьСтатусУчастияПользователя/, 'the Russian name is in the description');
      assert.deepEqual(status.inputSchema.required, ['eventId']);
      assert.match(reader.stderr(), /read-only/);
    });

    test('seed 000: get-user-participation-status answers the status and the time block', async () => {
      const event = sandboxes.bitrix24.state.events.all().find((e) => e.IS_MEETING && e.attendees.some((a) => a.id === 1));
      assert.ok(event, 'the seeded portal has a meeting of user 1');
      const result = await reader.client.callTool({ name: 'bitrix24_get-user-participation-status', arguments: { eventId: event.ID } });
      const { answer } = structured<Answer<{ result: string; time: Record<string, unknown> }>>(result);
      assert.equal(answer.result, event.attendees.find((a) => a.id === 1)!.status);
      for (const key of ['start', 'finish', 'duration', 'date_start', 'date_finish']) assert.ok(key in answer.time, `time.${key}`);
      assert.equal(JSON.parse(textOf(result)).answer.result, answer.result, 'the text holds the same answer');
      // The service's error is a tool error in one line, with its own code and description.
      const other = sandboxes.bitrix24.state.events.all().find((e) => !e.attendees.some((a) => a.id === 1));
      const refused = await reader.client.callTool({ name: 'bitrix24_get-user-participation-status', arguments: { eventId: other!.ID } });
      assert.equal(refused.isError, true);
      assert.match(textOf(refused), /HTTP 400 \(empty code\): При выборке статуса произошла ошибка/);
      assert.doesNotMatch(textOf(refused), /\n/);
    });

    test('seed 001: get-users-availability is an object keyed by user ID', async () => {
      const result = await reader.client.callTool({ name: 'bitrix24_get-users-availability', arguments: { users: [1, 2, 34], from: '2020-01-01', to: '2040-12-31' } });
      const { answer } = structured<Answer<{ result: Record<string, { ID: string; DATE_FROM: string }[]> }>>(result);
      assert.deepEqual(Object.keys(answer.result).sort(), ['1', '2', '34']);
      assert.deepEqual(answer.result['34'], [], 'a user with no events gets an empty list');
      assert.ok(answer.result['1']!.every((e) => /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/.test(e.DATE_FROM)));
    });

    test('seed 002: get-departments-info gives id, name, full_name, manager_user_id', async () => {
      const { answer } = structured<Answer<{ result: Record<string, unknown>[] }>>(
        await reader.client.callTool({ name: 'bitrix24_get-departments-info', arguments: { departmentIds: [7] } }),
      );
      assert.equal(answer.result.length, 1);
      assert.deepEqual(Object.keys(answer.result[0]!).sort(), ['full_name', 'id', 'manager_user_id', 'name']);
      assert.equal(answer.result[0]!.id, 7);
    });

    test('seed 004: diadoc get-employee answers the documented Employee, ticks digit for digit in the text', async () => {
      const { info } = sandboxes.diadoc;
      const result = await reader.client.callTool({ name: 'diadoc_get-employee', arguments: { boxId: info.boxId, userId: info.employeeUserId } });
      const { answer } = structured<Answer<Record<string, unknown> & { User: { UserId: string; FullName: Record<string, string> }; CreationTimestamp: { Ticks: unknown } }>>(result);
      assert.equal(answer.User.UserId, info.employeeUserId);
      assert.deepEqual(answer.User.FullName, { LastName: 'Иванов', FirstName: 'Иван', MiddleName: 'Иванович' });
      assert.equal(answer.Position, 'Бухгалтер');
      assert.deepEqual(Object.keys(answer).sort(), ['CanBeInvitedForChat', 'CreationTimestamp', 'Permissions', 'Position', 'User']);
      // Beyond 2^53: exact digits in the text; in structured data as a string, never rounded.
      assert.equal(answer.CreationTimestamp.Ticks, '638780603013048865');
      assert.match(textOf(result), /"Ticks":638780603013048865\b/);
    });

    test('bad arguments: a tool error naming the parameter, and no request sent', async () => {
      const before = sandboxes.requests();
      const calls: [string, Record<string, unknown>, RegExp][] = [
        ['bitrix24_get-user-participation-status', { eventId: 'twenty' }, /eventId: .*whole number/],
        ['bitrix24_get-user-participation-status', {}, /eventId: /],
        ['bitrix24_get-users-availability', { users: [1], from: '20.06.2024', to: '2024-12-20' }, /from: /],
        ['bitrix24_get-deals', { colour: 'red' }, /colour: unknown parameter/],
        ['diadoc_get-employee', { boxId: sandboxes.diadoc.info.boxId }, /userId: /],
        ['planfix_get-task-list', { cursor: 'not-a-cursor' }, /cursor: /],
      ];
      for (const [name, args, expected] of calls) {
        const result = await reader.client.callTool({ name, arguments: args });
        assert.equal(result.isError, true, name);
        assert.match(textOf(result), expected);
        assert.match(textOf(result), /nothing was sent/);
        assert.doesNotMatch(textOf(result), /\n\s+at |<\d/, 'no stack, no "<" before a digit');
      }
      assert.equal(sandboxes.requests(), before, 'no request reached any sandbox');
    });

    test('a list tool returns one page and a cursor; following the cursors reads every deal once', async () => {
      const total = sandboxes.bitrix24.state.deals.size;
      const seen: string[] = [];
      let args: Record<string, unknown> = { select: ['ID', 'TITLE'], order: { ID: 'ASC' } };
      let pages = 0;
      for (;;) {
        const { answer, page } = structured<Answer<{ result: { ID: string }[] }>>(await reader.client.callTool({ name: 'bitrix24_get-deals', arguments: args }));
        pages += 1;
        assert.ok(page && page.rows === answer.result.length && page.rows <= 50);
        assert.equal(page.total, total);
        seen.push(...answer.result.map((d) => d.ID));
        if (!page.nextCursor) break;
        args = { cursor: page.nextCursor };
      }
      assert.equal(pages, Math.ceil(total / 50));
      assert.equal(seen.length, total);
      assert.equal(new Set(seen).size, total, 'no deal twice');

      // Page-numbered lists (Diadoc's GetEmployees) page the same way, 50 rows unless asked.
      const first = structured<Answer<{ Employees: unknown[]; TotalCount: number }>>(
        await reader.client.callTool({ name: 'diadoc_get-employees', arguments: { boxId: sandboxes.diadoc.info.boxId } }),
      );
      assert.equal(first.answer.Employees.length, 50);
      const second = structured<Answer<{ Employees: { User: { UserId: string } }[] }>>(
        await reader.client.callTool({ name: 'diadoc_get-employees', arguments: { cursor: first.page!.nextCursor } }),
      );
      assert.equal(second.page!.rows, 50);
      assert.equal(second.page!.total, first.answer.TotalCount);
      // A cursor goes back alone, to its own tool.
      const mixed = await reader.client.callTool({ name: 'diadoc_get-employees', arguments: { cursor: first.page!.nextCursor, count: 5 } });
      assert.match(textOf(mixed), /cursor: pass the cursor alone/);
      const foreign = await reader.client.callTool({ name: 'planfix_get-task-list', arguments: { cursor: first.page!.nextCursor } });
      assert.match(textOf(foreign), /cursor: this cursor is a page of diadoc_get-employees/);
    });

    test('export_rows writes every row to a new file, reports progress, and returns path and count', async () => {
      const total = sandboxes.bitrix24.state.deals.size;
      const progress: number[] = [];
      const result = await reader.client.callTool(
        { name: 'export_rows', arguments: { method: 'bitrix24_get-deals', arguments: { select: ['ID', 'OPPORTUNITY'] }, file: `deals-${kind}.ndjson` } },
        undefined,
        { onprogress: (p) => progress.push(p.progress) },
      );
      const { path, rows } = structured<{ path: string; rows: number }>(result);
      assert.equal(path, join(exportDir, `deals-${kind}.ndjson`));
      assert.equal(rows, total);
      const lines = readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { ID: string });
      assert.equal(lines.length, total);
      assert.equal(new Set(lines.map((d) => d.ID)).size, total);
      // Told every 50 rows while reading. (The last notice, sent just before the answer, may reach
      // the SDK's client after the answer when both come in one read of stdio: it is then dropped.)
      assert.ok(progress.length >= 4, `progress was reported while reading (${progress.join(', ')})`);
      assert.deepEqual(progress, [...progress].sort((a, b) => a - b), 'progress only grows');
      assert.ok(progress.every((n) => n <= total));
      // An existing file is never overwritten; a path outside the folder is refused.
      const again = await reader.client.callTool({ name: 'export_rows', arguments: { method: 'bitrix24_get-deals', file: `deals-${kind}.ndjson` } });
      assert.match(textOf(again), /file: .* exists/);
      const escape = await reader.client.callTool({ name: 'export_rows', arguments: { method: 'bitrix24_get-deals', file: '../escape.ndjson' } });
      assert.equal(escape.isError, true);
      assert.ok(!existsSync(join(exportDir, '..', 'escape.ndjson')));
    });

    test('the reference pages are resources, in English and Russian', async () => {
      const { resources } = await reader.client.listResources();
      const uris = resources.map((r) => r.uri);
      assert.ok(uris.includes('uzel://docs/en/bitrix24/get-deals'));
      assert.ok(uris.includes('uzel://docs/ru/planfix/get-task-list'));
      assert.ok(!uris.includes('uzel://docs/en/bitrix24/add-deal'), 'a method not offered has no page listed');
      const page = await reader.client.readResource({ uri: 'uzel://docs/ru/bitrix24/get-user-participation-status' });
      assert.match((page.contents[0] as { text: string }).text, /ПолучитьСтатусУчастияПользователя/);
      await assert.rejects(reader.client.readResource({ uri: 'uzel://docs/en/bitrix24/add-deal' }), /no resource/);
    });

    test('compact mode: search, describe and call, with the same policy and validation', async () => {
      const compact = await open(['--tools', 'compact']);
      const { tools } = await compact.client.listTools();
      assert.deepEqual(tools.map((t) => t.name), ['search_methods', 'describe_method', 'call_method', 'export_rows']);
      assert.equal(tools.find((t) => t.name === 'call_method')!.annotations?.readOnlyHint, true, 'read-only: calling changes nothing');
      const found = structured<{ methods: { method: string; effect: string }[]; found: number }>(
        await compact.client.callTool({ name: 'search_methods', arguments: { query: 'сотрудник' } }),
      );
      assert.ok(found.methods.some((m) => m.method === 'diadoc_get-employee'));
      assert.ok(found.methods.every((m) => m.effect === 'read'), 'read-only: only reading methods are found');
      const described = structured<{ arguments: { required?: string[] }; reference: string }>(
        await compact.client.callTool({ name: 'describe_method', arguments: { method: 'diadoc/ПолучитьСотрудника' } }),
      );
      const ambiguous = await compact.client.callTool({ name: 'describe_method', arguments: { method: 'ПолучитьСотрудника' } });
      assert.match(textOf(ambiguous), /method: "ПолучитьСотрудника" names planfix_get-user and diadoc_get-employee/);
      assert.deepEqual(described.arguments.required, ['boxId', 'userId']);
      assert.equal(described.reference, 'uzel://docs/en/diadoc/get-employee');
      const { info } = sandboxes.diadoc;
      const called = structured<Answer<{ Position: string }>>(
        await compact.client.callTool({ name: 'call_method', arguments: { method: 'diadoc_get-employee', arguments: { boxId: info.boxId, userId: info.employeeUserId } } }),
      );
      assert.equal(called.answer.Position, 'Бухгалтер');

      const before = sandboxes.requests();
      const bad = await compact.client.callTool({ name: 'call_method', arguments: { method: 'diadoc_get-employee', arguments: { boxId: info.boxId, userId: 5 } } });
      assert.equal(bad.isError, true);
      assert.match(textOf(bad), /userId: /);
      const denied = await compact.client.callTool({ name: 'call_method', arguments: { method: 'bitrix24/add-deal', arguments: { fields: { TITLE: 'x' } } } });
      assert.match(textOf(denied), /changes data, and only reading is allowed \(the server runs with --allow-write/);
      // A method's argument given beside "method" instead of inside "arguments" is not dropped silently.
      const astray = await compact.client.callTool({ name: 'call_method', arguments: { method: 'bitrix24_get-deals', filter: { STAGE_ID: 'WON' } } });
      assert.equal(astray.isError, true, textOf(astray).slice(0, 200));
      assert.match(textOf(astray), /filter: unknown argument of call_method/);
      const astrayExport = await compact.client.callTool({ name: 'export_rows', arguments: { method: 'bitrix24_get-deals', filter: { STAGE_ID: 'WON' } } });
      assert.equal(astrayExport.isError, true);
      assert.match(textOf(astrayExport), /filter: unknown argument of export_rows/);
      assert.equal(sandboxes.requests(), before, 'none reached a sandbox');
    });

    test('seed 003: writes allowed for Planfix only; change-task-workers changes the assignees', async () => {
      const writer = await open(['--tools', 'all', '--allow-write=planfix']);
      const names = (await writer.client.listTools()).tools.map((t) => t.name);
      assert.ok(names.includes('planfix_change-task-workers'));
      assert.ok(names.includes('planfix_add-task'));
      assert.ok(!names.includes('bitrix24_add-deal'), 'Bitrix24 stays read-only');
      assert.ok(!names.includes('diadoc_update-employee'), 'Diadoc stays read-only too');
      const tool = (await writer.client.listTools()).tools.find((t) => t.name === 'planfix_change-task-workers')!;
      assert.equal(tool.annotations?.readOnlyHint, false);

      const added = structured<Answer<{ task: { id: number } }>>(
        await writer.client.callTool({ name: 'planfix_add-task', arguments: { title: `Seed 003 over ${kind}`, workers: [2, 4] } }),
      );
      const task = added.answer.task.id;
      const changed = structured<Answer>(
        await writer.client.callTool({ name: 'planfix_change-task-workers', arguments: { task, addUsers: [9], delUsers: [4] } }),
      );
      assert.deepEqual(changed.answer, { task: { id: task } }, 'the seed\'s answer: the task\'s id');
      const card = structured<Answer<{ task: { workers: { users: { user: { id: number }[] } } } }>>(
        await writer.client.callTool({ name: 'planfix_get-task', arguments: { task } }),
      );
      assert.deepEqual(card.answer.task.workers.users.user.map((u) => u.id).sort((a, b) => a - b), [2, 9]);
    });

    test('destructive methods need their own switch; with the switches, changes in Bitrix24 and Diadoc too', async () => {
      const all = await open(['--tools', 'all', '--allow-write', '--allow-destructive=bitrix24']);
      const tools = (await all.client.listTools()).tools;
      const names = tools.map((t) => t.name);
      assert.ok(names.includes('bitrix24_delete-deal') && names.includes('diadoc_update-employee'));
      assert.ok(!names.includes('diadoc_delete-employee'), 'removals allowed for Bitrix24 only');
      assert.equal(tools.find((t) => t.name === 'bitrix24_delete-deal')!.annotations?.destructiveHint, true);

      // Changes in Bitrix24 and Diadoc (Planfix's are seed 003's), with the catalogue's own examples.
      const deals = sandboxes.bitrix24.state.deals.size;
      const added = structured<Answer<{ result: number }>>(await all.client.callTool({ name: 'bitrix24_add-deal', arguments: bitrix24Catalogue.addDeal.example }));
      assert.equal(sandboxes.bitrix24.state.deals.size, deals + 1);
      structured(await all.client.callTool({ name: 'bitrix24_delete-deal', arguments: { dealId: added.answer.result } }));
      assert.equal(sandboxes.bitrix24.state.deals.size, deals);
      const employee = structured<Answer<{ User: { UserId: string } }>>(
        await all.client.callTool({ name: 'diadoc_create-employee', arguments: { ...diadocCatalogue.createEmployee.example, email: `mcp-${kind}@example.com` } }),
      );
      assert.match(employee.answer.User.UserId, /^[0-9a-f-]{36}$/);
    });

    test('no secret in any message of any session, nor in what the server printed', async () => {
      for (const session of sessions) await session.close();
      assert.ok(reader.messages.length > 20);
      for (const session of sessions) {
        const text = JSON.stringify(session.messages) + session.stderr();
        for (const secret of sandboxes.secrets) assert.ok(!text.includes(secret), `a secret leaked over ${kind}`);
      }
    });
  });
}
