import { describe } from 'vitest';
import { openDatabase } from '../../src/storage/database.ts';
import type { Database } from '../../src/storage/database.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { createTemporaryPostgres } from './temporary-postgres.ts';

// Repository and service tests run against both storages: a fresh in-memory PGlite, and, when
// TEST_DATABASE_URL points at a PostgreSQL server (CI does), a fresh database created on it.

export type StorageKind = 'pglite' | 'postgres';

export const POSTGRES_URL = process.env['TEST_DATABASE_URL'];

export const STORAGES: readonly StorageKind[] = POSTGRES_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
  readonly db: Database;
  /** Another pool on the same database, as a second backend instance would have. */
  openAnother(): Promise<Database>;
  close(): Promise<void>;
}

export async function createTestDatabase(kind: StorageKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openDatabase({ dataDir: 'memory://' });
    await migrate(db);
    return {
      db,
      openAnother: () =>
        Promise.reject(new Error('PGlite serves one process; use postgres for two instances')),
      close: () => db.close(),
    };
  }
  if (!POSTGRES_URL) throw new Error('TEST_DATABASE_URL is not set');
  const temporary = await createTemporaryPostgres(POSTGRES_URL);
  if (!temporary) throw new Error(`TEST_DATABASE_URL is set but ${POSTGRES_URL} is not reachable`);
  const others: Database[] = [];
  await migrate(temporary.db);
  return {
    db: temporary.db,
    async openAnother() {
      const another = await openDatabase({ databaseUrl: temporary.url, dataDir: '' });
      others.push(another);
      return another;
    },
    async close() {
      await Promise.all(others.map((other) => other.close()));
      await temporary.drop();
    },
  };
}

/** Runs a suite once per available storage kind. */
export function describeEachStorage(name: string, suite: (kind: StorageKind) => void): void {
  for (const kind of STORAGES) {
    describe(`${name} [${kind}]`, () => {
      suite(kind);
    });
  }
}
