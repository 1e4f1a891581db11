import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.ts';
import type { JobQueue } from '../../src/ports/job-queue.ts';
import { startJobQueue } from '../../src/storage/pg-boss-queue.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';

// pg-boss is the durable job queue; on PGlite it shares the product's single session (its `db` option).
describeEachStorage('pg-boss job queue', (kind) => {
  let test: TestDatabase;
  let queue: JobQueue;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const silent = new Writable({
      write: (_c, _e, done) => {
        done();
      },
    });
    queue = await startJobQueue(test.db, createLogger('silent', silent));
  });
  afterAll(async () => {
    await queue.stop();
    await test.close();
  });

  it('runs every job once, and retries a job whose handler throws until it succeeds', async () => {
    await queue.define('test-jobs', { retryLimit: 3, retryDelaySeconds: 1 });
    const seen: number[] = [];
    const attempts = new Map<number, number>();
    await queue.work<{ n: number }>('test-jobs', async ({ n }) => {
      const attempt = (attempts.get(n) ?? 0) + 1;
      attempts.set(n, attempt);
      if (n === 3 && attempt === 1) throw new Error('flaky');
      seen.push(n);
      await Promise.resolve();
    });
    for (let n = 1; n <= 5; n++) await queue.send('test-jobs', { n });
    for (let i = 0; i < 200 && seen.length < 5; i++) await new Promise((r) => setTimeout(r, 100));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(attempts.get(3)).toBe(2);
  });
});
