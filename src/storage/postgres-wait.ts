import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { describeFailure } from '../logging/describe-failure.ts';
import { StorageError, isNotUpYet, redactDatabaseUrl } from './storage-error.ts';

export interface PostgresWait {
  /** 1 for the first failed try. */
  readonly attempt: number;
  readonly cause: string;
  readonly retryInMs: number;
  readonly remainingMs: number;
}

export interface PostgresWaitOptions {
  /**
   * How long to keep trying while PostgreSQL is not accepting connections yet (starting, restarting,
   * not in DNS yet); 0 tries once. A refused password or a missing database fails at once.
   */
  readonly waitMs?: number;
  /** Called before each pause between tries: say in the log that we are waiting, and why. */
  readonly onWaiting?: (wait: PostgresWait) => void;
  /** Stops waiting (a SIGTERM during boot). */
  readonly signal?: AbortSignal;
}

// One try must not hang on a server that swallows packets; pauses grow to 5 s between tries.
const CONNECT_TIMEOUT_MS = 5_000;
const FIRST_PAUSE_MS = 500;
const MAX_PAUSE_MS = 5_000;

/** Resolves once PostgreSQL at `url` answers a statement; throws a StorageError saying why not. */
export async function waitForPostgres(url: string, options: PostgresWaitOptions = {}): Promise<void> {
  const where = redactDatabaseUrl(url);
  const waitMs = options.waitMs ?? 0;
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt += 1) {
    const error = await tryOnce(url);
    if (error === null) return;
    const cause = describeFailure(error);
    if (!isNotUpYet(error)) {
      throw new StorageError('postgres', `cannot use PostgreSQL at ${where}: ${cause}`, { cause: error });
    }
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) {
      const waited = waitMs > 0 ? ` after waiting ${Math.round(waitMs / 1000)} s` : '';
      throw new StorageError(
        'postgres',
        `PostgreSQL at ${where} is not accepting connections${waited}: ${cause}`,
        {
          cause: error,
        },
      );
    }
    const retryInMs = Math.min(remainingMs, FIRST_PAUSE_MS * 2 ** (attempt - 1), MAX_PAUSE_MS);
    options.onWaiting?.({ attempt, cause, retryInMs, remainingMs });
    await sleep(retryInMs, undefined, options.signal ? { signal: options.signal } : {});
  }
}

async function tryOnce(url: string): Promise<unknown> {
  let client: pg.Client | null = null;
  try {
    client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    client.on('error', () => undefined);
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error;
  } finally {
    await client?.end().catch(() => undefined);
  }
}
