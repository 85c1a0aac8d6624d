// Runs the real `uzel` binary (bin/uzel.js over dist/, built by the test command) as a child
// process, asynchronously: the sandbox it talks to lives in this process and needs its event loop.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const bin = join(process.cwd(), 'bin', 'uzel.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Every folder a test makes lives under one root, removed when the test process exits.
let root: string | undefined;

/** A new empty folder, removed with the others when the test process exits. */
export function scratchDir(prefix = 'dir-'): string {
  if (!root) {
    const made = (root = mkdtempSync(join(tmpdir(), 'uzel-tests-')));
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  return mkdtempSync(join(root, prefix));
}

/** A clean environment: no UZEL_* from the developer's shell, and a config file of the test's own. */
export function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('UZEL_') && !key.startsWith('NODE_TEST')) env[key] = value;
  env.UZEL_CONFIG = join(scratchDir('config-'), 'config.json');
  return { ...env, ...extra };
}

export function runUzel(args: string[], env: NodeJS.ProcessEnv = isolatedEnv(), cwd = process.cwd()): Promise<RunResult> {
  return run(process.execPath, [bin, ...args], env, cwd);
}

/** Runs any program to its end, collecting what it printed. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every text a run showed the user. */
export const shown = (r: RunResult): string => r.stdout + r.stderr;
