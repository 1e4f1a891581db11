import { describe, expect, it } from 'vitest';
import { StorageError } from '../../src/storage/storage-error.ts';
import { waitForPostgres } from '../../src/storage/postgres-wait.ts';
import type { PostgresWait } from '../../src/storage/postgres-wait.ts';
import { POSTGRES_URL } from '../helpers/database.ts';
import { startGate, startPasswordRefusingPostgres, unusedPort } from '../helpers/fake-postgres.ts';

// A PostgreSQL that is not up yet is waited for, a bounded time, saying so at each try; one that
// refuses us (password, database) fails at once: waiting would not fix it.

async function failure(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

describe('waiting for PostgreSQL', () => {
  it('fails at once on a refused password, saying why, without the password', async () => {
    const fake = await startPasswordRefusingPostgres('leads', 's3cret-pw');
    const waits: PostgresWait[] = [];
    try {
      const error = await failure(
        waitForPostgres(fake.url, { waitMs: 30_000, onWaiting: (wait) => waits.push(wait) }),
      );
      expect(error.message).toBe(
        `cannot use PostgreSQL at postgres://leads@127.0.0.1:${new URL(fake.url).port}/leads: password authentication failed for user "leads" (28P01)`,
      );
      expect(waits).toEqual([]);
      expect(fake.connections()).toBe(1);
    } finally {
      await fake.close();
    }
  });

  it('tries again while nothing listens, one report per try, then gives up after the wait', async () => {
    const port = await unusedPort();
    const waits: PostgresWait[] = [];
    const started = Date.now();
    const error = await failure(
      waitForPostgres(`postgres://postgres@127.0.0.1:${port}/leads`, {
        waitMs: 2_000,
        onWaiting: (wait) => waits.push(wait),
      }),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(error.message).toBe(
      `PostgreSQL at postgres://postgres@127.0.0.1:${port}/leads is not accepting connections after waiting 2 s: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(waits.map((wait) => wait.attempt)).toEqual(waits.map((_, i) => i + 1));
    expect(waits[0]?.cause).toContain('ECONNREFUSED');
  });

  it('stops waiting when its signal is aborted', async () => {
    const port = await unusedPort();
    const stop = new AbortController();
    const waiting = waitForPostgres(`postgres://postgres@127.0.0.1:${port}/leads`, {
      waitMs: 60_000,
      signal: stop.signal,
      onWaiting: () => {
        stop.abort();
      },
    });
    await expect(waiting).rejects.toThrow(/aborted/i);
  });

  it.runIf(POSTGRES_URL)('connects as soon as the server comes up during the wait', async () => {
    const target = new URL(POSTGRES_URL ?? '');
    const gate = await startGate({ host: target.hostname, port: Number(target.port || 5432) });
    const url = new URL(target);
    url.host = `127.0.0.1:${gate.port}`;
    const waits: PostgresWait[] = [];
    try {
      await waitForPostgres(url.toString(), {
        waitMs: 60_000,
        onWaiting: (wait) => {
          waits.push(wait);
          if (wait.attempt === 2) gate.open();
        },
      });
      expect(waits.map((wait) => wait.cause)).toEqual([
        'Connection terminated unexpectedly',
        'Connection terminated unexpectedly',
      ]);
    } finally {
      await gate.close();
    }
  });
});
