// "Коды ошибок XML API v1": an error answer is `<response status="error"><code></code></response>`,
// code a string(4) that may start with zero, taken from the page's table. The method pages have no
// tables of their own (each ends with that generic answer), so the check is the same for all: a
// sweep of bad requests over every function the sandbox answers, and every error that comes back
// must be exactly that document, with a code of the table, for its documented meaning.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPlanfixSandbox, type PlanfixSandbox } from '../../../src/sandbox/planfix/index.js';
import { basic, call, tokenOf, type Params } from './helpers.js';

// The codes the page lists, by section.
const range = (from: number, to: number, width = 4): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => String(from + i).padStart(width, '0'));
const documentedCodes = new Set([
  ...range(1, 24), // unclassified 0001–0024
  ...range(101, 105), // objects 0101–0105
  ...range(1001, 1002), // authentication
  ...range(2001, 2003), // projects
  ...range(3001, 3014), // tasks
  ...range(4001, 4016), // actions
  ...range(5001, 5003), // user groups
  ...range(6001, 6006), // employees
  ...range(7001, 7004), // clients
  ...range(8001, 8010), // contacts
  ...range(9001, 9009), // files
  ...range(10001, 10004, 5), // analytics
]);

const exact = /^<\?xml version="1\.0" encoding="UTF-8"\?><response status="error"><code>(\d{4,5})<\/code><\/response>$/;

describe('planfix sandbox: every error answer is the documented format', () => {
  let sb: PlanfixSandbox;
  before(async () => {
    sb = await startPlanfixSandbox({ rateLimit: false, seed: { tasks: 10, contacts: 4 } });
  });
  after(() => sb.close());

  test('a sweep of bad requests over every function: only <code>, only codes of the table', async () => {
    const task = [...sb.state.tasks.values()].find((t) => t.type === 'task')!.id;
    const project = [...sb.state.projects.keys()][0]!;
    const contact = [...sb.state.contacts.keys()][0]!;
    const petrov = { token: tokenOf(sb, 'petrov') };
    const requests: [string, Params][] = [
      ['task.add', {}],
      ['task.add', { task: { title: '' } }],
      ['task.add', { task: { title: 'x', workers: { users: { id: 999999 } } } }],
      ['task.add', { task: { title: 'x', startDate: '31-02-2026', endDate: '01-01-2020' } }],
      ['task.update', { task: { id: 999999 } }],
      ['task.update', { task: { id: 'x' } }],
      ['task.get', {}],
      ['task.get', { task: { id: 999999 } }],
      ['task.getMulti', {}],
      ['task.getMulti', { tasks: { id: Array.from({ length: 101 }, (_, i) => i + 1) } }],
      ['task.getList', { pageSize: 101 }],
      ['task.getList', { target: 'nowhere' }],
      ['task.getList', { project: { id: 999999 } }],
      ['task.changeStatus', { task: { id: task } }],
      ['task.changeStatus', { task: { id: task }, status: 'DELAYED' }],
      ['task.changeStatus', { task: { id: task }, status: 'NOPE' }],
      ['task.accept', { task: { id: 999999 } }],
      ['task.reject', { task: { id: task } }],
      ['task.updateCustomData', { task: { id: task } }],
      ['task.updateCustomData', { task: { id: task, customData: { customValue: { id: 999999, value: 'x' } } } }],
      ['task.changeWorkers', { task: { id: task } }],
      ['task.changeWorkers', { task: { id: task, workers: { addGroups: { id: 999999 } } } }],
      ['user.get', { user: { id: 999999 } }],
      ['user.getList', { status: 'SLEEPING' }],
      ['user.getList', { userGroup: { id: 999999 } }],
      ['userGroup.getList', { sortType: 'RANDOM' }],
      ['project.get', {}],
      ['project.get', { project: { id: 999999 } }],
      ['project.getList', { pageCurrent: 1, pageSize: 500 }],
      ['contact.get', {}],
      ['contact.get', { contact: { id: 999999 } }],
      ['contact.getList', { target: 'aliens' }],
      ['contact.add', {}],
      ['contact.add', { contact: { name: 'x', email: 'not an address' } }],
      ['no.suchFunction', {}],
      ['task.get', { task: { id: task }, silent: 'maybe' }],
    ];
    let errors = 0;
    const seen = new Set<string>();
    const check = (label: string, text: string, status: string): void => {
      if (status !== 'error') return;
      errors += 1;
      const m = exact.exec(text);
      assert.ok(m, `${label}: ${text}`);
      assert.ok(documentedCodes.has(m[1]!), `${label}: ${m[1]} is in the table`);
      seen.add(m[1]!);
    };
    for (const [method, params] of requests) {
      const answer = await call(sb, method, params);
      check(method, answer.text, answer.status);
      const asPetrov = await call(sb, method, params, petrov);
      check(`${method} as petrov`, asPetrov.text, asPetrov.status);
    }
    // Envelope and authentication errors too.
    for (const [label, answer] of [
      ['no key', await call(sb, 'user.get', {}, 'none')],
      ['wrong key', await call(sb, 'user.get', {}, { basic: basic('wrong', sb.info.token) })],
      ['unknown token', await call(sb, 'user.get', {}, { token: 'nope' })],
      ['unknown sid', await call(sb, 'user.get', {}, { sid: 'nope' })],
      ['wrong password', await call(sb, 'auth.login', { login: sb.info.login, password: 'nope' }, { basic: basic(sb.info.apiKey, '') })],
      ['foreign project', await call(sb, 'project.get', { project: { id: project } }, petrov)],
      ['contact by bad id', await call(sb, 'contact.get', { contact: { id: `${contact}x` } })],
    ] as const) {
      check(label, answer.text, answer.status);
    }
    assert.ok(errors >= 60, `${errors} error answers checked`);
    assert.ok(seen.size >= 15, `${seen.size} distinct codes: ${[...seen].sort().join(' ')}`);
    // The sandbox's own count agrees: no code outside the table was ever sent.
    for (const code of Object.keys(sb.stats.errors)) assert.ok(documentedCodes.has(code), code);
  });
});
