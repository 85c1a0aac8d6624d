// Starts worker processes (bitrix24-shared-worker.ts), lets them start together once all are
// loaded, and collects their reports. Used by the shared-mode tests and benchmark.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerReport, WorkerTask } from './bitrix24-shared-worker.js';

const workerPath = fileURLToPath(new URL('./bitrix24-shared-worker.ts', import.meta.url));

export interface WorkerRun {
  /** One per worker: its report, or undefined when it died before reporting. */
  reports: (WorkerReport | undefined)[];
  /** When the workers were told to start, epoch ms. */
  startedAt: number;
}

/** `onStart` receives the moment (epoch ms) the workers were told to start. */
export async function runWorkers(tasks: WorkerTask[], durationMs: number, onStart?: (startedAt: number) => void): Promise<WorkerRun> {
  const children: ChildProcess[] = tasks.map((task) =>
    fork(workerPath, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, UZEL_WORKER: JSON.stringify(task) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const reports = children.map(
    (child) =>
      new Promise<WorkerReport | undefined>((resolve) => {
        let report: WorkerReport | undefined;
        child.on('message', (m: { done?: WorkerReport }) => {
          if (m.done) report = m.done;
        });
        child.once('exit', () => resolve(report));
      }),
  );
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve, reject) => {
          child.on('message', (m: { ready?: boolean }) => m.ready && resolve());
          child.once('exit', (code) => reject(new Error(`a worker exited (${code}) before it was ready`)));
        }),
    ),
  );
  const startedAt = Date.now() + 100;
  for (const child of children) child.send({ go: startedAt, until: startedAt + durationMs });
  onStart?.(startedAt);
  return { reports: await Promise.all(reports), startedAt };
}
