// The sandboxes by name, each imported only when started: `uzel sandbox bitrix24` should not load
// the Planfix and Diadoc emulators, and a sandbox still being written must not break the others.
import type { ServiceName } from '../core/errors.js';

/** Thrown by a start for a port out of range, busy or forbidden, or an address not of this machine. */
export { SandboxStartError } from './common/server.js';

export interface SandboxStartOptions {
  port?: number;
  host?: string;
  tls?: boolean;
  /** Where to write the self-signed certificate with `tls`. */
  certDir?: string;
}

/** What every sandbox returns: its address, what a client needs (JSON-able), and a way to stop it. */
export interface RunningSandbox {
  url: string;
  info: Record<string, unknown>;
  close(): Promise<void>;
}

type StartFunction = (options?: SandboxStartOptions) => Promise<RunningSandbox>;

interface SandboxModule {
  specifier: string;
  exportName: string;
}

// Specifiers are kept in variables so that a sandbox not yet present fails at run time with a
// clear message, not at compile time for all of them.
const modules: Record<ServiceName, SandboxModule> = {
  bitrix24: { specifier: './bitrix24/index.js', exportName: 'startBitrix24Sandbox' },
  planfix: { specifier: './planfix/index.js', exportName: 'startPlanfixSandbox' },
  diadoc: { specifier: './diadoc/index.js', exportName: 'startDiadocSandbox' },
};

export const sandboxNames = Object.keys(modules) as ServiceName[];

export class SandboxUnavailableError extends Error {
  override name = 'SandboxUnavailableError';
}

/** Loads one sandbox's start function. */
export async function loadSandbox(name: ServiceName): Promise<StartFunction> {
  const module = modules[name];
  if (!module) throw new SandboxUnavailableError(`no sandbox named "${name}" (one of: ${sandboxNames.join(', ')})`);
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(module.specifier)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(`sandbox/${name}/index`)) {
      throw new SandboxUnavailableError(`the ${name} sandbox is not available in this build yet`);
    }
    throw error;
  }
  const start = loaded[module.exportName];
  if (typeof start !== 'function') {
    throw new SandboxUnavailableError(`the ${name} sandbox is not available in this build yet (no ${module.exportName})`);
  }
  return start as StartFunction;
}

/** Starts one sandbox in this process. */
export async function startSandbox(name: ServiceName, options: SandboxStartOptions = {}): Promise<RunningSandbox> {
  const start = await loadSandbox(name);
  return start(options);
}
