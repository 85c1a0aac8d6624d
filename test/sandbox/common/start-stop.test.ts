// Starting and stopping a sandbox from the library: a port out of range, busy or malformed is a
// clear SandboxStartError (no temp folder left behind); a TLS sandbox's certificate folder is
// gone after close(), while a folder the caller chose is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SandboxStartError } from '../../../src/sandbox/common/server.js';
import { startBitrix24Sandbox } from '../../../src/sandbox/bitrix24/index.js';
import { startDiadocSandbox } from '../../../src/sandbox/diadoc/index.js';
import { startPlanfixSandbox } from '../../../src/sandbox/planfix/index.js';

const starters = { bitrix24: startBitrix24Sandbox, planfix: startPlanfixSandbox, diadoc: startDiadocSandbox };

test('a port out of range or not a whole number is refused before anything starts', async () => {
  for (const [name, start] of Object.entries(starters)) {
    for (const port of [65536, -1, 80.5, Number.NaN]) {
      await assert.rejects(start({ port }), (error: unknown) => {
        assert.ok(error instanceof SandboxStartError, `${name} ${port}: ${String(error)}`);
        assert.equal(error.reason, 'port-range');
        assert.match(error.message, /out of range: give a whole number from 0 to 65535/);
        return true;
      });
    }
  }
});

test('a busy port is a SandboxStartError naming the port, and a TLS start leaves no folder behind', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  // A private temp folder (os.tmpdir() reads TMPDIR on each call): other runs' folders do not count.
  const temp = mkdtempSync(join(tmpdir(), 'uzel-test-tmp-'));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = temp;
  try {
    for (const [name, start] of Object.entries(starters)) {
      await assert.rejects(start({ port, tls: true }), (error: unknown) => {
        assert.ok(error instanceof SandboxStartError, `${name}: ${String(error)}`);
        assert.equal(error.reason, 'port-busy');
        assert.match(error.message, new RegExp(`port ${port} on 127.0.0.1 is already in use`));
        return true;
      });
    }
    assert.deepEqual(readdirSync(temp), []);
  } finally {
    blocker.close();
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    rmSync(temp, { recursive: true, force: true });
  }
});

test('an address not of this machine is a SandboxStartError saying so', async () => {
  // 192.0.2.1 is a documentation address (TEST-NET-1): binding to it fails locally, nothing is sent.
  await assert.rejects(startBitrix24Sandbox({ host: '192.0.2.1' }), (error: unknown) => {
    assert.ok(error instanceof SandboxStartError, String(error));
    assert.equal(error.reason, 'host');
    assert.match(error.message, /cannot listen on 192\.0\.2\.1: it is not an address of this machine/);
    return true;
  });
});

test('close() removes the temp certificate folder; a folder given as certDir is kept', async () => {
  for (const start of Object.values(starters)) {
    const sandbox = await start({ tls: true });
    const certPath = sandbox.info.certPath as string;
    assert.ok(existsSync(certPath));
    await sandbox.close();
    assert.equal(existsSync(dirname(certPath)), false, certPath);
  }
  const mine = mkdtempSync(join(tmpdir(), 'uzel-test-certs-'));
  try {
    const sandbox = await startBitrix24Sandbox({ tls: true, certDir: mine });
    await sandbox.close();
    assert.ok(existsSync(join(mine, 'cert.pem')));
  } finally {
    rmSync(mine, { recursive: true, force: true });
  }
});
