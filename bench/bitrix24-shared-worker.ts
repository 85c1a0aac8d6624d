// One worker process of the shared-mode benchmark and tests: a Bitrix24Client sharing its
// portal's bucket, operating time and tokens through Redis. Started with fork(); told what to do
// through the UZEL_WORKER environment variable (JSON), it answers over IPC:
//   → { ready }  ← { go: epoch ms to start, until: epoch ms to stop }  → { done, ok, refused, errors, tokens }
// Modes: 'read' calls `method` from `concurrency` loops until `until`; 'once' calls it once.
// With `dieOnRefreshMarker`, the first worker to start a refresh (it creates that folder) is
// killed right then, holding the portal's refresh lock: a process dying mid-refresh.
import { setMaxListeners } from 'node:events';
import { mkdirSync } from 'node:fs';
import { Bitrix24Client, type Bitrix24ClientOptions } from '../src/services/bitrix24/client.js';
import { UzelError } from '../src/core/errors.js';

export interface WorkerTask {
  mode: 'read' | 'once';
  method: string;
  concurrency?: number;
  client: Bitrix24ClientOptions;
  dieOnRefreshMarker?: string;
}

export interface WorkerReport {
  ok: number;
  /** Calls that failed, by error code (or name). */
  errors: Record<string, number>;
  /** How many times onTokens was called here. */
  tokens: number;
}

const task = JSON.parse(process.env.UZEL_WORKER ?? '{}') as WorkerTask;
const report: WorkerReport = { ok: 0, errors: {}, tokens: 0 };
const client = new Bitrix24Client({
  ...task.client,
  ...('portal' in task.client ? { onTokens: () => void (report.tokens += 1) } : {}),
  onDebug: (line) => {
    if (!task.dieOnRefreshMarker || !line.includes('refreshing the OAuth access token')) return;
    try {
      mkdirSync(task.dieOnRefreshMarker);
    } catch {
      return; // another worker was the one to die
    }
    process.kill(process.pid, 'SIGKILL');
  },
});

async function callOnce(signal?: AbortSignal): Promise<void> {
  try {
    await client.call(task.method, {}, { access: 'read', signal });
    report.ok += 1;
  } catch (error) {
    if (signal?.aborted) return; // the run's end, not a failure
    const code = error instanceof UzelError ? ((error as { code?: string }).code || error.name) : String(error);
    report.errors[code] = (report.errors[code] ?? 0) + 1;
  }
}

process.on('message', (message: { go: number; until: number }) => {
  void (async () => {
    await new Promise((r) => setTimeout(r, Math.max(0, message.go - Date.now())));
    if (task.mode === 'once') await callOnce();
    else {
      // Calls still waiting for the bucket at the end leave its queue.
      const end = AbortSignal.timeout(Math.max(1, message.until - Date.now()));
      setMaxListeners(1000, end); // every call listens to it
      await Promise.all(
        Array.from({ length: task.concurrency ?? 4 }, async () => {
          while (!end.aborted) await callOnce(end);
        }),
      );
    }
    await client.close();
    process.send!({ done: report }, () => process.disconnect());
  })();
});
process.send!({ ready: true });
