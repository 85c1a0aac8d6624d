// The quick start (`npm start`): starts the sandboxes in this process and walks through each
// seed method the way its seed shows it — the `npx uzel` command line (the real binary, spawned) and
// the library — printing the results. Plain JavaScript over dist/ (npm start builds first).
// A service's stops are data in `stops` below; a stop whose service or sandbox is not built yet
// is skipped with a note.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../dist/sandbox/index.js';
import { loadService } from '../dist/services/registry.js';
import { sandboxConnections } from '../dist/cli/connection-hints.js';
import { redact } from '../dist/core/redact.js';

const bin = fileURLToPath(new URL('../bin/uzel.js', import.meta.url));
const maxLines = 24;
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

/** Runs `uzel` as a user would (asynchronously: the sandbox answering it lives in this process). */
function uzel(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function show(text) {
  const lines = text.trimEnd().split('\n');
  const shown = lines.slice(0, maxLines).join('\n');
  console.log(lines.length > maxLines ? `${shown}\n${dim(`… ${lines.length - maxLines} more lines`)}` : shown);
}

const pretty = (value) => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2);

/**
 * The tour. Each stop: the seed it follows, and `run(ctx)` with ctx = { info, values (connection
 * values of the sandbox's usual way in), client (the library's typed client), cli(shown, args) }.
 */
const stops = [
  {
    service: 'bitrix24',
    seed: '000',
    title: 'calendar.meeting.status.get — the oint command line, unchanged but for the program name',
    async run({ client, info, cli }) {
      // A meeting the webhook's user (1) is invited to, found through the library.
      const events = await client.getCalendarEvents({ type: 'user', ownerId: 1 });
      const meeting = events.result.find((e) => e.IS_MEETING && (e.ATTENDEE_LIST ?? []).some((a) => a.id === 1));
      const id = String(meeting?.ID ?? 1);
      await cli(['bitrix24', 'ПолучитьСтатусУчастияПользователя', '--url', info.webhookUrl, '--event', id], { '--url': '"$UZEL_BITRIX24_URL"' });
      await cli(['bitrix24', 'get-user-participation-status', '--url', info.portal, '--event', id, '--token', info.accessToken], { '--token': '"$UZEL_BITRIX24_TOKEN"' });
    },
  },
  {
    service: 'bitrix24',
    seed: '001',
    title: 'calendar.accessibility.get — who is busy when',
    async run({ info, cli }) {
      const from = new Date().toISOString().slice(0, 10);
      const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
      await cli(['bitrix24', 'ПолучитьЗанятостьПользователей', '--url', info.webhookUrl, '--users', '[1,2]', '--from', from, '--to', to], { '--url': '"$UZEL_BITRIX24_URL"' });
    },
  },
  {
    service: 'bitrix24',
    seed: '002',
    title: 'im.department.get — departments with their heads, from the library',
    async run({ client, info, cli }) {
      console.log(dim(`> const answer = await client.getDepartmentsInfo({ departmentIds: [1, 2], userData: 'Y' });`));
      const answer = await client.getDepartmentsInfo({ departmentIds: [1, 2], userData: 'Y' });
      show(answer.result.map((d) => `${d.id}  ${d.name}  — ${d.manager_user_data?.name ?? 'no head'}, ${d.manager_user_data?.work_position ?? ''}`).join('\n'));
      await cli(['bitrix24', 'get-departments-info', '--url', info.webhookUrl, '--ids', '[1]'], { '--url': '"$UZEL_BITRIX24_URL"' });
    },
  },
  {
    service: 'planfix',
    seed: '003',
    title: 'task.changeWorkers — add an assignee to a task',
    async run({ client, values, cli }) {
      const list = await client.getTaskList({ pageSize: 1 });
      const task = list.tasks?.task?.[0];
      if (!task) throw new Error('the sandbox has no task');
      const creds = ['--url', values.url, '--account', values.account, '--apikey', values.apikey, '--token', values.token];
      await cli(['planfix', 'change-task-workers', ...creds, '--task', String(task.id), '--addusers', `[${task.owner.id}]`], {
        '--apikey': '"$UZEL_PLANFIX_APIKEY"',
        '--token': '"$UZEL_PLANFIX_TOKEN"',
      });
    },
  },
  {
    service: 'diadoc',
    seed: '004',
    title: 'GetEmployee — an employee of the organisation',
    async run({ client, info, values, cli }) {
      const creds = ['--url', values.url, '--clientid', values.clientid, '--token', values.token];
      await cli(['diadoc', 'get-employee', ...creds, '--box', info.boxId, '--user', info.employeeUserId], {
        '--clientid': '"$UZEL_DIADOC_CLIENTID"',
        '--token': '"$UZEL_DIADOC_TOKEN"',
      });
      console.log(dim(`> await client.getEmployee({ boxId, userId })`));
      const employee = await client.getEmployee({ boxId: info.boxId, userId: info.employeeUserId });
      show(pretty(employee).split('\n').slice(0, 8).join('\n'));
    },
  },
];

async function main() {
  console.log(bold('Uzel quick start: the sandboxes run in this process; every call below goes to them.\n'));
  const sandboxes = new Map();
  let failures = 0;
  try {
    for (const service of [...new Set(stops.map((s) => s.service))]) {
      try {
        const definition = await loadService(service);
        const sandbox = await startSandbox(service);
        sandboxes.set(service, { definition, sandbox });
        console.log(`${service} sandbox: ${sandbox.url}`);
      } catch (error) {
        console.log(dim(`${service}: skipped (${error.message})`));
      }
    }
    for (const stop of stops) {
      const started = sandboxes.get(stop.service);
      if (!started) continue;
      const { definition, sandbox } = started;
      const values = sandboxConnections[stop.service]?.(sandbox.info)?.[0]?.values ?? {};
      const secrets = Object.entries(sandbox.info)
        .filter(([k, v]) => typeof v === 'string' && /token|secret|password|key|clientid/i.test(k))
        .map(([, v]) => v);
      const cli = async (args, shownAs = {}) => {
        // Indented like seed 000's result block (the output is a pipe here, so compact otherwise).
        args = [...args, '--pretty'];
        const printed = args.map((a, i) => shownAs[args[i - 1]] ?? (/[\s"'[\]{}$]/.test(a) ? `'${a}'` : a));
        console.log(dim(`$ npx uzel ${printed.slice(0).join(' ')}`));
        const r = await uzel(args, {});
        if (r.stdout) show(r.stdout);
        if (r.stderr) show(redact(r.stderr, secrets));
        console.log(dim(`(exit code ${r.code})`));
        if (r.code !== 0) failures += 1;
      };
      console.log(`\n${bold(`— seed ${stop.seed}, ${stop.service}: ${stop.title}`)}`);
      const client = definition.connect(values);
      try {
        await stop.run({ info: sandbox.info, values, client, cli });
      } catch (error) {
        failures += 1;
        console.log(`failed: ${redact(error.message, secrets)}`);
      } finally {
        await client.close?.();
      }
    }
  } finally {
    await Promise.allSettled([...sandboxes.values()].map(({ sandbox }) => sandbox.close()));
  }
  console.log(
    `\n${bold(failures === 0 ? 'Done.' : `Done, with ${failures} failure(s).`)} Next: npm test; npx uzel --help; npx uzel sandbox; docs/README.md`,
  );
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
