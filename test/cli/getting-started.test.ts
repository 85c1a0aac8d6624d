// Getting started: the help a new user reads first, profile names that cannot break the terminal,
// `uzel sandbox` port mistakes as usage errors, a clean stop however the sandbox is ended, and the
// commands the sandbox prints running exactly as printed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { methodHelp, serviceHelp, serviceSummaries, topHelp } from '../../src/cli/help.js';
import { mcpHelp } from '../../src/mcp/command.js';
import { loadExtras } from '../../src/cli/extras/index.js';
import { profileHelp } from '../../src/cli/profile-command.js';
import { sandboxHelp } from '../../src/cli/sandbox-command.js';
import { bin, isolatedEnv, run, runUzel, scratchDir } from './helpers.js';

const runBash = (script: string, env: NodeJS.ProcessEnv) => run('bash', ['-c', script], env);

// What must never reach the terminal raw: C0 controls but newline, DEL, C1, a bidi override, a line separator.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const terminalUnsafe = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e\u2028]/;

// npx must never reach the registry from a test (and a clone's own bin needs no registry).
const npxEnv = { npm_config_offline: 'true', npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };

describe('help', () => {
  test('uzel --help describes every service: its name, its method count, where its help is', async () => {
    const r = await runUzel(['--help']);
    assert.equal(r.code, 0);
    for (const [id, title] of [['bitrix24', 'Bitrix24 / Битрикс24'], ['planfix', 'Planfix / ПланФикс'], ['diadoc', 'Kontur Diadoc / Контур.Диадок']]) {
      assert.match(r.stdout, new RegExp(`\\n  ${id} +${title}: \\d+ methods / методов \\(npx uzel ${id} --help\\)\\n`));
    }
  });

  test('--help after any profile action shows the help and changes nothing', async () => {
    const env = isolatedEnv();
    const added = await runUzel(['profile', 'add', 'work', 'bitrix24', '--url', 'https://a.bitrix24.ru/rest/1/abcdef123456/'], env);
    assert.equal(added.code, 0, added.stderr);
    const before = readFileSync(env.UZEL_CONFIG!, 'utf8');
    for (const args of [['list', '--help'], ['list', '-h'], ['add', 'x', 'bitrix24', '--help'], ['remove', 'work', '--help'], ['--help']]) {
      const r = await runUzel(['profile', ...args], env);
      assert.equal(r.code, 0, args.join(' '));
      assert.match(r.stdout, /^npx uzel profile — named connection profiles/, args.join(' '));
      assert.doesNotMatch(r.stdout, /abcdef|work\tbitrix24/);
    }
    assert.equal(readFileSync(env.UZEL_CONFIG!, 'utf8'), before);
    const unknown = await runUzel(['profile', 'list', '--jsn'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option "--jsn" \(did you mean --json\?\)/);
  });
});

test('every help text writes its command lines as npx uzel (bare uzel is not on the PATH in a clone)', async () => {
  const summaries = await serviceSummaries();
  const texts = [topHelp(summaries), profileHelp, sandboxHelp, mcpHelp];
  for (const { service } of summaries) {
    const extras = await loadExtras(service!.id);
    texts.push(serviceHelp(service!, extras), ...extras.map((e) => e.help), ...service!.methods.map((entry) => methodHelp(service!, entry)));
  }
  const bare = texts.flatMap((t) => t.split('\n')).filter((line) => /(^|[^\w.-])(?<!npx )uzel (bitrix24|planfix|diadoc|sandbox|profile|mcp|<service>|--help|--version)/.test(line));
  assert.deepEqual(bare, []);
  assert.ok(texts.length > 50);
});

test('every error that points to a command writes it as npx uzel, as it runs in a clone', async () => {
  const env = isolatedEnv();
  const webhook = { ...env, UZEL_BITRIX24_URL: 'http://127.0.0.1:9/rest/1/abcdef123456/' };
  const cases: [string[], NodeJS.ProcessEnv][] = [
    [['bitrix24', 'get-deal', '--deal', '5e2'], webhook], // a value the catalogue refuses
    [['bitrix24', 'get-deal'], webhook], // a required option missing
    [['bitrix24', 'get-deal', '--deal', '1', '--all'], webhook], // --all on a method that does not page
    [['planfix', 'get-task', '--nope', '1'], env], // an unknown option
    [['diadoc', 'get-box-of-nothing'], env], // an unknown method
    [['nowhere'], env], // an unknown command
    [['bitrix24', 'batch', '--commands', '{}'], webhook], // an empty batch
    [['bitrix24', 'call', 'user.get', '--nope'], webhook],
    [['bitrix24', 'auth-link', '--nope'], env],
    [['bitrix24', 'get-token', '--code', 'x'], env], // nowhere to put the tokens
    [['bitrix24', 'get-server-time', '--profile', 'absent'], env], // no such profile
    [['sandbox', 'bitrix24', '--nope'], env],
    [['profile', 'list', '--nope'], env],
    [['profile', 'add', 'p', 'bitrix24', '--nope', 'x'], env],
  ];
  for (const [args, caseEnv] of cases) {
    const r = await runUzel(args, caseEnv);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /npx uzel /, args.join(' '));
    assert.doesNotMatch(r.stderr, /(^|[^\w.-])(?<!npx )uzel (bitrix24|planfix|diadoc|sandbox|profile|--help)/, args.join(' '));
  }
});

describe('profile names and control characters', () => {
  // (A NUL cannot be passed as an argument; it is tried in the hand-edited file.)
  const unsafe = ['\x1b[2J', 'a\nb', 'a\tb', 'a\rb', 'del\x7f', 'c1\u009b31m', 'bidi\u202eevil', 'line\u2028sep'];

  test('profile add refuses a name with any control character, escaped in the message, nothing written', async () => {
    await Promise.all(unsafe.map(async (name) => {
      const env = isolatedEnv();
      const r = await runUzel(['profile', 'add', name, 'bitrix24', '--url', 'https://a.bitrix24.ru/rest/1/abc123/'], env);
      assert.equal(r.code, 2, JSON.stringify(name));
      assert.match(r.stderr, /a profile name cannot contain control characters \(got "[^"]*(\\[ertnbfv0]|\\x[0-9a-f]{2}|\\u[0-9a-f]{4})/);
      assert.doesNotMatch(r.stderr, terminalUnsafe);
      assert.equal(existsSync(env.UZEL_CONFIG!), false);
    }));
    // Ordinary names, Cyrillic and spaces included, are welcome.
    const env = isolatedEnv();
    const ok = await runUzel(['profile', 'add', 'Рабочий портал 2', 'bitrix24', '--url', 'https://a.bitrix24.ru/rest/1/abc123/'], env);
    assert.equal(ok.code, 0, ok.stderr);
  });

  test('profile list with a hand-broken profile: a configuration error naming it (exit 2), never an internal one', async () => {
    const broken: [unknown, RegExp][] = [
      [[], /profile "b" in .*must be an object \{"service", "values"\}, not a list/],
      [{ service: 7 }, /profile "b" in .*"service" must be a service name/],
      [{ service: 'nosuch' }, /profile "b" in .*"values" must be an object/],
      [{ service: 'bitrix24', values: { url: 123 } }, /profile "b" in .*"url" must be text \(a JSON string\), not a number/],
    ];
    for (const [profile, message] of broken) {
      const env = isolatedEnv();
      writeFileSync(env.UZEL_CONFIG!, JSON.stringify({ profiles: { good: { service: 'bitrix24', values: { url: 'https://a.bitrix24.ru/rest/1/abc123/' } }, b: profile } }));
      for (const args of [['list'], ['list', '--json']]) {
        const r = await runUzel(['profile', ...args], env);
        assert.equal(r.code, 2, `${JSON.stringify(profile)}: ${r.stderr}`);
        assert.match(r.stderr, message);
        assert.doesNotMatch(r.stderr, /abc123|--debug/);
      }
    }
  });

  test('a profiles file that is not JSON is refused without echoing its text (it holds secrets)', async () => {
    const env = isolatedEnv();
    // Cut short by a bad edit: the parser's own message would quote the text around the mistake.
    const texts: [string, RegExp][] = [
      ['{"profiles": {"w": {"service": "bitrix24", "values": {"url": "https://a.bitrix24.ru/", "token": s3cr3tcode}}}}', /is not valid JSON; /],
      ['{"profiles": {"w": {"service": "bitrix24", "values": {"url": "https://a.bitrix24.ru/rest/1/s3cr3tcode/"} x}}}', /is not valid JSON at line 1, column 106; /],
      ['{"profiles":\n {"w": {"values": {"token": "s3cr3tcode"}', /is not valid JSON at line 2, column 42; /],
    ];
    for (const [text, where] of texts) {
      writeFileSync(env.UZEL_CONFIG!, text);
      for (const args of [['profile', 'list'], ['bitrix24', 'get-server-time', '--profile', 'w']]) {
        const r = await runUzel(args, env);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /the config file .* is not valid JSON/);
        assert.match(r.stderr, where);
        assert.doesNotMatch(r.stderr, /s3cr3t|"x|x}/);
      }
    }
  });

  test('profile list escapes control characters found in a hand-edited file, in text and in JSON', async () => {
    const env = isolatedEnv();
    const profiles: Record<string, unknown> = {};
    for (const [i, name] of [...unsafe, 'nul\0'].entries()) profiles[name] = { service: 'bitrix24', values: { url: `https://x${i}.bitrix24.ru/rest/1/secret${i}code/\x07` } };
    writeFileSync(env.UZEL_CONFIG!, JSON.stringify({ profiles }));
    const text = await runUzel(['profile', 'list'], env);
    assert.equal(text.code, 0, text.stderr);
    const lines = text.stdout.trimEnd().split('\n');
    assert.equal(lines.length, unsafe.length + 1, text.stdout);
    for (const line of lines) {
      assert.doesNotMatch(line, terminalUnsafe);
      assert.equal(line.split('\t').length, 3, line);
      assert.doesNotMatch(line, /secret\dcode/);
    }
    const json = await runUzel(['profile', 'list', '--json'], env);
    assert.equal(json.code, 0);
    assert.doesNotMatch(json.stdout, terminalUnsafe);
    const rows = JSON.parse(json.stdout) as { name: string }[];
    assert.deepEqual(rows.map((r) => r.name), [...unsafe, 'nul\0']); // the same names, only written safely
  });
});

/** A port nobody listens on (free at the time of asking). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** True when something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

async function until(check: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

/** Output so far of a running child; resolves when `pattern` shows up on stdout + stderr. */
function waitFor(child: ChildProcess, pattern: RegExp, ms = 60_000): Promise<{ stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in time: ${out.stdout}${out.stderr}`)), ms);
    const check = (): void => {
      if (pattern.test(out.stdout + out.stderr)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout!.setEncoding('utf8').on('data', (c: string) => ((out.stdout += c), check()));
    child.stderr!.setEncoding('utf8').on('data', (c: string) => ((out.stderr += c), check()));
    child.on('close', () => reject(new Error(`exited: ${out.stdout}${out.stderr}`)));
  });
}

const sandboxLeftovers = (temp: string): string[] => readdirSync(temp).filter((f) => f.startsWith('uzel-sandbox-'));

describe('uzel sandbox: ports', () => {
  test('a port out of range or not written as a number is a usage error (exit 2)', async () => {
    await Promise.all(['65536', '-1', '99999999', '0x50', '', '1e3', ' 80', '80.0', '８０'].map(async (port) => {
      const r = await runUzel(['sandbox', 'bitrix24', '--port', port]);
      assert.equal(r.code, 2, `--port ${JSON.stringify(port)}: ${r.stderr}`);
      assert.match(r.stderr, /^uzel: error: --port: expected a port number from 0 to 65535 \(0: any free port\), got "/);
    }));
    const all = await runUzel(['sandbox', 'all', '--port', '65534']);
    assert.equal(all.code, 2);
    assert.match(all.stderr, /--port: 3 sandboxes need ports 65534–65536, past 65535; choose 65533 or lower/);
  });

  test('a busy port is a usage error naming the port; sandboxes already started stop, no temp folder stays', async () => {
    // A busy port whose neighbours are free just now (other tests take ports too): `all` uses three.
    const neighbourFree = (port: number) =>
      new Promise<boolean>((resolve) => {
        const probe = createServer();
        probe.once('error', () => resolve(false));
        probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
      });
    let blocker = createServer();
    let busy = 0;
    for (let attempt = 0; attempt < 20; attempt++) {
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      busy = (blocker.address() as { port: number }).port;
      if (busy < 65535 && (await neighbourFree(busy - 1)) && (await neighbourFree(busy + 1))) break;
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
    const temp = scratchDir('tmp-');
    try {
      // bitrix24 on busy-1 starts first (when that port is free), then planfix meets the busy one.
      for (const args of [['bitrix24', '--port', String(busy)], ['all', '--port', String(busy - 1), '--tls']]) {
        const r = await runUzel(['sandbox', ...args], isolatedEnv({ TMPDIR: temp }));
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, new RegExp(`sandbox: port ${busy} on 127.0.0.1 is already in use: stop the program listening there, or choose another port`));
        assert.doesNotMatch(r.stderr, /EADDRINUSE|at .*\.js/);
      }
      assert.deepEqual(sandboxLeftovers(temp), []);
    } finally {
      blocker.close();
    }
  });
});

describe('uzel sandbox: a clean stop', () => {
  test('kill of `npx uzel sandbox … &` (as the README prints it) stops the sandbox: port free, no certificate folder left', async () => {
    const port = await freePort();
    const temp = scratchDir('tmp-');
    const child = spawn('npx', ['uzel', 'sandbox', 'bitrix24', '--tls', '--port', String(port)], {
      env: isolatedEnv({ ...npxEnv, TMPDIR: temp }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const out = await waitFor(child, /Running \(pid \d+\)/);
      assert.match(out.stdout, new RegExp(`bitrix24 sandbox: https://127\\.0\\.0\\.1:${port}`));
      assert.equal(sandboxLeftovers(temp).length, 1);
      assert.equal(await listening(port), true);
      child.kill('SIGTERM'); // npx (npm exec), not the sandbox itself
      assert.ok(await until(async () => !(await listening(port)), 10_000), `port ${port} still in use after kill`);
      assert.ok(await until(() => sandboxLeftovers(temp).length === 0, 5_000), `left: ${sandboxLeftovers(temp).join(', ')}`);
    } finally {
      child.kill('SIGKILL');
    }
  });

  test('started without npm, a sandbox whose launching shell has ended goes on running until killed', async () => {
    const port = await freePort();
    const env = isolatedEnv();
    for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
    // The shell starts it in the background and ends at once, as a script would.
    const launched = await runBash(`"${process.execPath}" "${bin}" sandbox bitrix24 --port ${port} >/dev/null 2>&1 & echo $!`, env);
    const pid = Number(launched.stdout.trim());
    try {
      assert.ok(await until(() => listening(port), 10_000), 'the sandbox did not start');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(await listening(port), true, 'the sandbox stopped with its shell');
    } finally {
      process.kill(pid, 'SIGTERM');
    }
    assert.ok(await until(async () => !(await listening(port)), 10_000));
  });

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    test(`${signal} stops every sandbox with exit 0, ports free, no certificate folder left`, async () => {
      const temp = scratchDir('tmp-');
      const child = spawn(process.execPath, [bin, 'sandbox', 'all', '--tls', '--json'], {
        env: isolatedEnv({ TMPDIR: temp }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
      const out = await waitFor(child, /("service":"diadoc".*\n)/);
      const ports = out.stdout.trim().split('\n').map((line) => Number(new URL((JSON.parse(line) as { url: string }).url).port));
      assert.equal(ports.length, 3);
      assert.equal(sandboxLeftovers(temp).length, 3);
      child.kill(signal);
      assert.equal(await exit, 0);
      for (const port of ports) assert.equal(await listening(port), false, `port ${port}`);
      assert.deepEqual(sandboxLeftovers(temp), []);
    });
  }
});

describe('uzel sandbox: printed commands run as printed', () => {
  test('each sandbox\'s hint block, pasted into bash in a clone (no uzel on the PATH), runs every command', async () => {
    const temp = scratchDir('tmp-');
    const env = isolatedEnv({ ...npxEnv, TMPDIR: temp });
    const child = spawn(process.execPath, [bin, 'sandbox', 'all', '--tls'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const { stdout } = await waitFor(child, /Running \(pid \d+\)/);
      const blocks = stdout.trim().split('\n\n');
      assert.equal(blocks.length, 3, stdout);
      const noUzel = await runBash('command -v uzel || echo none', env);
      assert.equal(noUzel.stdout.trim(), 'none', 'uzel must not be on the PATH here');
      for (const block of blocks) {
        const lines = block.split('\n').slice(1).map((l) => l.trim());
        const commands = lines.filter((l) => l.startsWith('npx uzel '));
        assert.ok(commands.length >= 2, block);
        assert.deepEqual(lines.filter((l) => /^uzel /.test(l)), [], 'bare uzel in a printed command');
        // As a user pastes it: every line, exports included, one command after another.
        const script = lines.filter((l) => !l.startsWith('(')).join('\n');
        const r = await runBash(`set -e\n${script}`, env);
        assert.equal(r.code, 0, `${block}\n---\n${r.stderr}`);
        const answers = r.stdout.trim().split('\n').filter((l) => l !== '');
        assert.equal(answers.length, commands.length, r.stdout);
        for (const answer of answers) JSON.parse(answer);
      }
    } finally {
      child.kill('SIGTERM');
      await exit;
    }
    assert.deepEqual(sandboxLeftovers(temp), []);
  });
});

describe('the READMEs', () => {
  test('every command line in a shell block starts uzel as npx uzel (uzel alone is not on the PATH in a clone)', () => {
    for (const file of ['README.md', 'README.ru.md']) {
      const blocks = [...readFileSync(file, 'utf8').matchAll(/```(?:bash|sh)\n([\s\S]*?)```/g)].map((m) => m[1]!);
      assert.ok(blocks.length > 0, file);
      const bare = blocks.flatMap((b) => b.split('\n')).filter((line) => /(^|[;&|]\s*)uzel\s/.test(line.trim()));
      assert.deepEqual(bare, [], file);
      // Command lines quoted in the text too (`uzel bitrix24 …`).
      const inline = [...readFileSync(file, 'utf8').matchAll(/`(uzel\s+[a-z][^`]*)`/g)].map((m) => m[1]!);
      assert.deepEqual(inline, [], file);
    }
  });

  test('every command in inline code starts uzel as npx uzel too', () => {
    for (const file of ['README.md', 'README.ru.md']) {
      const spans = [...readFileSync(file, 'utf8').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
      assert.deepEqual(spans.filter((span) => /^uzel (bitrix24|planfix|diadoc|sandbox|profile|--)/.test(span)), [], file);
    }
  });

  test('neither README tells to install from the registry, where the package is not published', () => {
    for (const file of ['README.md', 'README.ru.md']) assert.doesNotMatch(readFileSync(file, 'utf8'), /^npm (install|i) uzel\b/m, file);
  });
});
