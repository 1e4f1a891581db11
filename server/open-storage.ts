import type { Config } from '../src/config/env.ts';
import type { Logger } from '../src/logging/logger.ts';
import { openDatabase } from '../src/storage/database.ts';
import type { Database } from '../src/storage/database.ts';
import { migrate } from '../src/storage/migrate.ts';
import { describeFailure } from '../src/logging/describe-failure.ts';
import { StorageError, redactDatabaseUrl } from '../src/storage/storage-error.ts';
import { BootError } from './boot-error.ts';

/** The variable an operator changes to fix storage: the one that chose it. */
function storageVariable(config: Config): 'DATABASE_URL' | 'DATA_DIR' {
  return config.DATABASE_URL ? 'DATABASE_URL' : 'DATA_DIR';
}

/**
 * Opens the storage the configuration names, waiting up to DATABASE_WAIT_SECONDS for a PostgreSQL
 * that is still starting (one log line per try). Fails with one line naming the variable and the cause.
 */
export async function openStorage(config: Config, logger: Logger, signal?: AbortSignal): Promise<Database> {
  const url = config.DATABASE_URL;
  try {
    return await openDatabase({
      databaseUrl: url,
      dataDir: config.DATA_DIR,
      waitMs: config.DATABASE_WAIT_SECONDS * 1000,
      ...(signal ? { signal } : {}),
      onWaiting: ({ attempt, cause, retryInMs, remainingMs }) => {
        logger.warn(
          { attempt, retryInMs, remainingMs, database: url ? redactDatabaseUrl(url) : null },
          `PostgreSQL (DATABASE_URL) is not accepting connections yet: ${cause}; trying again in ${(retryInMs / 1000).toFixed(1)} s`,
        );
      },
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    const cause = error instanceof StorageError ? error.message : describeFailure(error);
    throw new BootError(`${storageVariable(config)}: ${cause}`, { cause: error });
  }
}

/** Applies pending migrations; a refusal (permissions, a damaged schema) names the storage variable. */
export async function migrateStorage(db: Database, config: Config, logger: Logger): Promise<void> {
  try {
    const migrated = await migrate(db);
    if (migrated.applied.length > 0) logger.info({ applied: migrated.applied }, 'database migrated');
  } catch (error) {
    await db.close().catch(() => undefined);
    throw new BootError(
      `${storageVariable(config)}: cannot apply the database migrations: ${describeFailure(error)}`,
      {
        cause: error,
      },
    );
  }
}
