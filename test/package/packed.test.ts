// The package as users get it today (it is not on the registry): `npm pack` in the repository,
// then `npm install` of the tarball in a project of their own. This test does exactly that in a
// scratch project and uses what it installed: the library and a sandbox through ESM imports,
// the types (tsc on a small .ts file, and a wrong call that must not compile), and the `uzel`
// bin through npx, against a sandbox it starts itself.
//
// Offline by design: the scratch project's lockfile is ours (the same dependency versions and
// integrity hashes), so `npm ci --offline` takes every dependency from the npm cache that `npm ci`
// in this repository filled. Needs `npm run build` first (`npm test` does it).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isolatedEnv, run, scratchDir, type RunResult } from '../cli/helpers.js';

const repo = process.cwd();
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  name: string;
  version: string;
  license: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  dependencies: Record<string, string>;
};
const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
// No registry from a test: npm works from its cache or fails.
const npmEnv = { npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

interface LockEntry {
  version?: string;
  dev?: boolean;
  [key: string]: unknown;
}

/** Our lockfile's runtime packages, plus @types/node for the scratch project's own type check. */
interface ScratchLock {
  packages: Record<string, LockEntry & { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }>;
}

function scratchLock(tarball: string, integrity: string): ScratchLock {
  const ours = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockEntry> };
  const packages: ScratchLock['packages'] = {
    '': { name: 'scratch', devDependencies: { '@types/node': String(ours.packages['node_modules/@types/node']!.version) }, dependencies: { [pkg.name]: `file:../${tarball}` } },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: `file:../${tarball}`,
      integrity,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  const typesFor = (path: string) => path === 'node_modules/@types/node' || path === 'node_modules/undici-types';
  for (const [path, entry] of Object.entries(ours.packages)) {
    if (path === '' || (entry.dev && !typesFor(path))) continue;
    packages[path] = typesFor(path) ? { ...entry, dev: true } : entry;
  }
  return { name: 'scratch', lockfileVersion: 3, requires: true, packages } as ScratchLock;
}

const typedUse = `import { Bitrix24Client, ValidationError, ticksToDate } from '${pkg.name}';
import { startBitrix24Sandbox, type Bitrix24Sandbox } from '${pkg.name}/sandbox/bitrix24';

const sandbox: Bitrix24Sandbox = await startBitrix24Sandbox();
const b24 = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl });
const status = await b24.getUserParticipationStatus({ eventId: 71 });
const duration: number = status.time.duration;
const when: Date = ticksToDate(638000000000000000n);
export const seen = [status.result, duration, when, ValidationError.name];
await sandbox.close();
`;

// Each line must be refused by the types: an unknown method, a misspelt parameter.
const wrongUse = `import { Bitrix24Client } from '${pkg.name}';
const b24 = new Bitrix24Client({ webhookUrl: 'https://example.bitrix24.ru/rest/1/code/' });
await b24.getUserParticipationStatuses({ eventId: 71 });
await b24.getUserParticipationStatus({ evnetId: 71 });
`;

const esmUse = `import { Bitrix24Client, PlanfixClient, DiadocClient } from '${pkg.name}';
import { startBitrix24Sandbox } from '${pkg.name}/sandbox/bitrix24';
import { sandboxNames } from '${pkg.name}/sandbox';

const sandbox = await startBitrix24Sandbox();
const b24 = new Bitrix24Client({ webhookUrl: sandbox.info.webhookUrl });
const status = await b24.getUserParticipationStatus({ eventId: 71 });
await sandbox.close();
console.log(JSON.stringify({
  from: import.meta.resolve('${pkg.name}'),
  clients: [typeof PlanfixClient, typeof DiadocClient],
  sandboxes: sandboxNames,
  result: status.result,
}));
`;

describe('the packed package, installed in a scratch project', () => {
  let dir: string;
  let app: string;
  let env: NodeJS.ProcessEnv;
  let files: string[] = [];
  const timings: string[] = [];

  const step = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const start = Date.now();
    const out = await work();
    timings.push(`${label} ${((Date.now() - start) / 1000).toFixed(1)} s`);
    return out;
  };
  const ok = (r: RunResult, what: string): RunResult => {
    assert.equal(r.code, 0, `${what} failed:\n${r.stdout}\n${r.stderr}`);
    return r;
  };

  before(async () => {
    assert.ok(existsSync('dist/index.js'), 'dist/ is missing: run npm run build first');
    dir = scratchDir('pack-');
    app = join(dir, 'app');
    mkdirSync(app);
    env = isolatedEnv({ ...npmEnv, TMPDIR: dir });
    const packed = ok(await step('npm pack', () => run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], env, repo)), 'npm pack');
    const [info] = JSON.parse(packed.stdout) as { filename: string; integrity: string; files: { path: string }[] }[];
    files = info!.files.map((f) => f.path);
    const lock = scratchLock(info!.filename, info!.integrity);
    const { dependencies, devDependencies } = lock.packages['']!;
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module', dependencies, devDependencies }, null, 2));
    writeFileSync(join(app, 'package-lock.json'), JSON.stringify(lock, null, 2));
    const installed = await step('npm ci', () => run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], env, app));
    assert.equal(installed.code, 0, `npm ci --offline failed (is the npm cache filled by npm ci in the repository?):\n${installed.stderr}`);
  });

  after(() => {
    console.log(`packaging steps: ${timings.join(', ')}`);
  });

  test('the tarball holds the build, the bin, the types and both READMEs, not the sources or tests', () => {
    for (const file of ['package.json', 'bin/uzel.js', 'dist/index.js', 'dist/index.d.ts', 'dist/sandbox/bitrix24/index.d.ts', 'dist/cli/main.js', 'README.md', 'README.ru.md', 'docs/README.md']) {
      assert.ok(files.includes(file), `${file} is not in the package`);
    }
    assert.deepEqual(files.filter((f) => /^(src|test|scripts|bench)\//.test(f)), []);
  });

  test('ESM imports of the library and a sandbox work, from the installed copy', async () => {
    writeFileSync(join(app, 'use.mjs'), esmUse);
    const r = ok(await step('ESM use', () => run(process.execPath, ['use.mjs'], env, app)), 'node use.mjs');
    const seen = JSON.parse(r.stdout) as { from: string; clients: string[]; sandboxes: string[]; result: string };
    assert.ok(seen.from.startsWith(`file://${app}/node_modules/${pkg.name}/`), seen.from);
    assert.deepEqual(seen.clients, ['function', 'function']);
    assert.deepEqual(seen.sandboxes, ['bitrix24', 'planfix', 'diadoc']);
    assert.equal(seen.result, 'Y');
  });

  test('the types: a typed use compiles under strict settings, a wrong one does not', async () => {
    // One tsc run over both files: typed.ts must add no error, wrong.ts exactly its two.
    const compilerOptions = { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, skipLibCheck: true, noEmit: true, types: ['node'] };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['typed.ts', 'wrong.ts'] }));
    writeFileSync(join(app, 'typed.ts'), typedUse);
    writeFileSync(join(app, 'wrong.ts'), wrongUse);
    const r = await step('tsc', () => run(process.execPath, [tsc, '-p', 'tsconfig.json'], env, app));
    const errors = r.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
    assert.equal(errors.length, 2, r.stdout);
    assert.match(errors[0]!, /^wrong\.ts\(3,\d+\): error TS2551: Property 'getUserParticipationStatuses' does not exist/);
    assert.match(errors[1]!, /^wrong\.ts\(4,\d+\): error TS2561: Object literal may only specify known properties, but 'evnetId' does not exist/);
  });

  test('the uzel bin: npx uzel --version, and a real call against the sandbox npx uzel starts', async () => {
    const version = ok(await step('npx uzel --version', () => run('npx', ['uzel', '--version'], env, app)), 'npx uzel --version');
    assert.equal(version.stdout.trim(), pkg.version);
    const sandbox = spawn('npx', ['uzel', 'sandbox', 'bitrix24', '--json'], { env, cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    const exit = new Promise<number | null>((resolve) => sandbox.on('close', resolve));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        sandbox.stdout.setEncoding('utf8').on('data', (c: string) => {
          out += c;
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        sandbox.on('close', () => reject(new Error(`the sandbox exited: ${out}`)));
      });
      const { webhookUrl } = JSON.parse(line) as { webhookUrl: string };
      const call = ok(
        await step('npx uzel call', () => run('npx', ['uzel', 'bitrix24', 'get-user-participation-status', '--url', webhookUrl, '--event', '71'], env, app)),
        'npx uzel bitrix24 get-user-participation-status',
      );
      assert.equal((JSON.parse(call.stdout) as { result: string }).result, 'Y');
    } finally {
      sandbox.kill('SIGTERM');
      await exit;
    }
  });
});
