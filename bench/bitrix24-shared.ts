// The shared mode under load: 1, 2, 4 and 8 worker processes read from ONE Bitrix24 sandbox
// portal with the standard limits (burst 50, 2 requests/s) as fast as they can, sharing the
// portal's bucket through a redis-server started here; then the same without `shared`, each
// process keeping its own bucket. Prints the aggregate throughput and the portal's refusals.
//
//   npx tsx bench/bitrix24-shared.ts [seconds=60] [processes=1,2,4,8]
import { startBitrix24Sandbox } from '../src/sandbox/bitrix24/index.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { runWorkers } from './shared-workers.js';

const seconds = Number(process.argv[2] ?? 60);
const counts = (process.argv[3] ?? '1,2,4,8').split(',').map(Number);
const redis = await startRedisServer();

console.log(`Bitrix24 sandbox, standard limits (burst 50, drain 2/s), ${seconds} s per run, 4 concurrent calls per process`);
console.log('mode      processes  served  refused(503)  failed  req/s  after-burst req/s  of drain');
try {
  for (const shared of [true, false]) {
    for (const n of counts) {
      const portal = await startBitrix24Sandbox();
      try {
        const client = { webhookUrl: portal.info.webhookUrl, ...(shared ? { shared: { redis: redis.url } } : {}) };
        const { reports } = await runWorkers(Array.from({ length: n }, () => ({ mode: 'read' as const, method: 'server.time', concurrency: 4, client })), seconds * 1000);
        const served = portal.stats.served;
        const failed = reports.reduce((sum, r) => sum + (r ? Object.values(r.errors).reduce((a, b) => a + b, 0) : 0), 0);
        const afterBurst = Math.max(0, served - 50) / seconds;
        console.log(
          `${(shared ? 'shared' : 'separate').padEnd(9)} ${String(n).padStart(9)} ${String(served).padStart(7)} ${String(portal.stats.rateLimited).padStart(13)} ${String(failed).padStart(7)} ${(served / seconds).toFixed(2).padStart(6)} ${afterBurst.toFixed(2).padStart(18)} ${((100 * afterBurst) / 2).toFixed(0).padStart(8)}%`,
        );
      } finally {
        await portal.close();
      }
    }
  }
} finally {
  await redis.stop();
}
