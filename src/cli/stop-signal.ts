// How a long-running command (`uzel sandbox`, `uzel serve`) learns that it should stop.

/**
 * Resolves on Ctrl+C (SIGINT), SIGTERM or SIGHUP, on `signal`, or, when npm started this process
 * (npx, npm exec, npm run), once npm's shell is gone: `kill` of an `npx uzel sandbox … &` ends npx
 * and its shell, never reaching this process, which only sees its parent change. Started any
 * other way, a server whose parent goes on is left running (`uzel sandbox … &` from a script).
 */
export function stopSignal(signal?: AbortSignal, env: NodeJS.ProcessEnv = process.env): { promise: Promise<void>; dispose(): void } {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  let stop = (): void => {};
  const promise = new Promise<void>((resolve) => (stop = resolve));
  // Listeners stay until everything is closed: a second Ctrl+C must not kill the process
  // before it has closed what it runs (a sandbox's certificate folder, the gateway's connections).
  for (const name of signals) process.on(name, stop);
  signal?.addEventListener('abort', stop, { once: true });
  const parent = process.ppid;
  const underNpm = env.npm_command !== undefined || env.npm_execpath !== undefined;
  const watch = underNpm ? setInterval(() => process.ppid !== parent && stop(), 300).unref() : undefined;
  return {
    promise,
    dispose: () => {
      clearInterval(watch);
      for (const name of signals) process.off(name, stop);
      signal?.removeEventListener('abort', stop);
    },
  };
}
