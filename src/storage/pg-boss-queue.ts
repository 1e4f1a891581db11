import { PgBoss } from 'pg-boss';
import type { Logger } from '../logging/logger.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import type { Database } from './database.ts';

// pg-boss keeps its jobs in PostgreSQL (schema `pgboss`), in the same database as the product.
export async function startJobQueue(db: Database, logger: Logger): Promise<JobQueue> {
  // On PGlite pg-boss must share our single session (see pglite-session.ts): its `db` option takes
  // any `executeSql`. On PostgreSQL it keeps its own small pool, which also gives it LISTEN/NOTIFY.
  const boss =
    db.connectionString === null
      ? new PgBoss({ db: { executeSql: (text, values) => db.query(text, values ?? []) } })
      : new PgBoss({ connectionString: db.connectionString, max: 4 });
  boss.on('error', (error: unknown) => {
    logger.error({ err: error }, 'job queue error');
  });
  await boss.start();
  return {
    async define(queue, policy) {
      const existing = await boss.getQueue(queue);
      if (existing) return;
      await boss.createQueue(queue, {
        retryLimit: policy.retryLimit,
        retryDelay: policy.retryDelaySeconds,
        retryBackoff: true,
        retryDelayMax: 600,
      });
    },
    async send(queue, data, options) {
      await boss.send(queue, data, {
        ...(options?.startAfter !== undefined ? { startAfter: options.startAfter } : {}),
      });
    },
    async work(queue, handler) {
      await boss.work(queue, { pollingIntervalSeconds: 0.5, batchSize: 1 }, async (jobs) => {
        for (const job of jobs) await handler(job.data as never);
      });
    },
    async stopWorking(timeoutMs) {
      // pg-boss fails the jobs still active at the timeout, so they are retried rather than stuck;
      // `close: false` keeps its connections for the sends still to come.
      await boss.stop({ graceful: true, timeout: timeoutMs, close: false });
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 8_000, close: true });
    },
  };
}
