// The tool set without a process: names, the access grants composed from core/policy.ts, the
// command line, and the size of the tool list in each mode (the figures the README quotes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigurationError } from '../../src/core/errors.js';
import { effectOf } from '../../src/core/policy.js';
import { loadService, serviceNames } from '../../src/services/registry.js';
import type { McpAccess } from '../../src/mcp/access.js';
import type { Served } from '../../src/mcp/call.js';
import { parseMcpArgs } from '../../src/mcp/command.js';
import { Offer } from '../../src/mcp/offer.js';
import { decodeCursor, encodeCursor } from '../../src/mcp/pages.js';
import { search } from '../../src/mcp/compact-tools.js';
import { autoCompactBytes, toolList, type ToolMode } from '../../src/mcp/server.js';
import { toolName } from '../../src/mcp/tool-names.js';

// Tool lists are built from the catalogue alone: no client is called here.
async function served(names = serviceNames): Promise<Served[]> {
  return Promise.all(names.map(async (name) => ({ service: await loadService(name), client: {} as Served['client'], secrets: new Set<string>() })));
}
const settings = (mode: ToolMode) => ({ mode, export: { folder: '/tmp/uzel-exports' }, version: 'test' });
const tools = (offer: Offer) => offer.entries.map((o) => o.tool);

test('tool names: service_command, unique, within the protocol\'s pattern', async () => {
  const all = (await served()).flatMap((s) => s.service.methods);
  const names = all.map(toolName);
  for (const name of names) assert.match(name, /^[a-zA-Z0-9_-]{1,64}$/);
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.includes('bitrix24_get-user-participation-status'));
  const long = { ...all[0]!, name: 'getSomethingWithAVeryLongNameThatGoesOnAndOnBeyondSixtyFourCharactersSurely' };
  assert.match(toolName(long), /^bitrix24_get-something-.*-[0-9a-f]{6}$/);
  assert.equal(toolName(long).length, 64);
});

test('grants: read-only by default; writes per service or method; removals need both switches', async () => {
  const s = await served();
  const offer = (access: McpAccess) => tools(new Offer(s, access));
  const readOnly = offer({ write: false, destructive: false });
  assert.ok(readOnly.includes('bitrix24_get-deals') && !readOnly.includes('bitrix24_add-deal'));
  const planfixWrites = offer({ write: ['planfix'], destructive: false });
  assert.ok(planfixWrites.includes('planfix_add-task') && !planfixWrites.includes('bitrix24_add-deal'));
  const oneMethod = offer({ write: ['bitrix24/add-deal', 'ИзменитьИсполнителейЗадачи'], destructive: false });
  assert.deepEqual(oneMethod.filter((n) => !readOnly.includes(n)).sort(), ['bitrix24_add-deal', 'planfix_change-task-workers']);
  const removals = offer({ write: true, destructive: ['diadoc'] });
  assert.ok(removals.includes('diadoc_delete-employee') && !removals.includes('bitrix24_delete-deal'));
  const onlyTwo = offer({ methods: ['bitrix24/get-deals', 'crm.deal.add'], write: true, destructive: true });
  assert.deepEqual(onlyTwo, ['bitrix24_add-deal', 'bitrix24_get-deals']);
  const onlyPlanfix = offer({ services: ['planfix'], write: false, destructive: false });
  assert.ok(onlyPlanfix.every((n) => n.startsWith('planfix_')) && onlyPlanfix.length > 0);
});

test('the command line: grants, modes, and mistakes named', () => {
  const parsed = parseMcpArgs(['--allow-write=planfix,bitrix24/add-deal', '--tools', 'compact', '--profile', 'a', '--profile', 'b']);
  assert.ok(parsed !== 'help');
  assert.deepEqual(parsed.access.write, ['planfix', 'bitrix24/add-deal']);
  assert.equal(parsed.access.destructive, false);
  assert.deepEqual(parsed.profiles, ['a', 'b']);
  assert.equal(parsed.mode, 'compact');
  const all = parseMcpArgs(['--allow-write', '--allow-destructive', '--http', '--port', '0']);
  assert.ok(all !== 'help');
  assert.equal(all.access.write, true);
  assert.deepEqual(all.http, { host: '127.0.0.1', port: 0 });
  const refused: [string[], RegExp][] = [
    [['--allow-destructive'], /--allow-destructive needs --allow-write/],
    [['--allow-write', 'planfix'], /unexpected "planfix": lists follow an equals sign/],
    [['--tools', 'some'], /--tools: expected auto, all or compact/],
    [['--services', 'jira'], /--services: no service "jira"/],
    [['--port', '80'], /--port and --host are for --http/],
    [['--http', '--port', 'eighty'], /--port: expected a port number/],
    [['--colour'], /Unknown option '--colour'.*see: npx uzel mcp --help/],
  ];
  for (const [args, message] of refused) {
    assert.throws(() => parseMcpArgs(args), (e: unknown) => e instanceof ConfigurationError && message.test(e.message), args.join(' '));
  }
});

test('a cursor goes back to its own tool only', () => {
  const cursor = encodeCursor('bitrix24_get-deals', { offset: 50 });
  assert.deepEqual(decodeCursor('bitrix24_get-deals', cursor), { offset: 50 });
  assert.throws(() => decodeCursor('bitrix24_get-leads', cursor), /this cursor is a page of bitrix24_get-deals/);
  assert.throws(() => decodeCursor('bitrix24_get-deals', 'uzel1.@@'), /cursor/);
});

test('modes: auto lists every tool while the list is small, else the compact set; sizes measured', async () => {
  const report: string[] = [];
  const cases: [string, string[] | undefined, McpAccess][] = [
    ['all services, read-only', undefined, { write: false, destructive: false }],
    ['all services, everything allowed', undefined, { write: true, destructive: true }],
    ['bitrix24, read-only', ['bitrix24'], { write: false, destructive: false }],
    ['diadoc, read-only', ['diadoc'], { write: false, destructive: false }],
  ];
  for (const [label, names, access] of cases) {
    const offer = new Offer(await served(names as never), access);
    const all = toolList(offer, settings('all'));
    const compact = toolList(offer, settings('compact'));
    const auto = toolList(offer, settings('auto'));
    assert.equal(all.tools.length, offer.entries.length + 1, 'a tool per method, and export_rows');
    assert.deepEqual(compact.tools.map((t) => t.name), ['search_methods', 'describe_method', 'call_method', 'export_rows']);
    assert.equal(auto.mode, all.bytes <= autoCompactBytes ? 'all' : 'compact');
    assert.ok(compact.bytes < 5000, `the compact set stays small (${compact.bytes} bytes)`);
    // The annotations follow the entries' effects.
    for (const tool of all.tools) {
      const entry = offer.byTool(tool.name)?.entry;
      if (entry) assert.equal(tool.annotations?.destructiveHint, effectOf(entry) === 'destructive');
      // The answer's schema promises types, not presence (a select leaves fields out).
      if (entry) assert.doesNotMatch(JSON.stringify((tool.outputSchema!.properties as Record<string, unknown>).answer), /"required":\[/, tool.name);
    }
    report.push(`${label}: all ${all.tools.length} tools, ${all.bytes} bytes; compact ${compact.tools.length} tools, ${compact.bytes} bytes; auto → ${auto.mode}`);
  }
  const diadoc = toolList(new Offer(await served(['diadoc']), { write: false, destructive: false }), settings('auto'));
  assert.equal(diadoc.mode, 'all', 'one small read-only service gets a tool per method');
  const everything = toolList(new Offer(await served(), { write: true, destructive: true }), settings('auto'));
  assert.equal(everything.mode, 'compact', 'the whole catalogue gets the compact set');
  console.log(report.join('\n'));
});

test('search_methods finds by words in either language, whatever their endings, within the policy', async () => {
  const offer = new Offer(await served(), { write: false, destructive: false });
  const find = (args: Record<string, unknown>) => (search(offer, args).structuredContent as { methods: { method: string }[]; found: number });
  assert.ok(find({ query: 'сделка список' }).methods.some((m) => m.method === 'bitrix24_get-deals'));
  assert.ok(find({ query: 'employees' }).methods.some((m) => m.method === 'diadoc_get-employees'));
  assert.equal(find({ query: 'создать сделку' }).found, 0, 'a write is not found in read-only mode');
  const writer = new Offer(await served(), { write: true, destructive: false });
  assert.ok((search(writer, { query: 'создать сделку' }).structuredContent as { methods: { method: string }[] }).methods.some((m) => m.method === 'bitrix24_add-deal'));
  assert.ok(find({ service: 'planfix' }).methods.every((m) => m.method.startsWith('planfix_')));
  assert.equal(find({ limit: 3 }).methods.length, 3);
  assert.equal(find({}).found, offer.entries.length);
  assert.equal(search(offer, { limit: 0 }).isError, true);
});
