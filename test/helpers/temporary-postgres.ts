import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../src/storage/database.ts';
import type { Database } from '../../src/storage/database.ts';

/** Where tests and benchmarks find PostgreSQL when nothing else is said. */
export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface TemporaryPostgres {
  readonly db: Database;
  /** The new database's own URL, for a second pool or a child process. */
  readonly url: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database created on the server at `serverUrl` (not migrated), so every test file
 * or benchmark runs alone; null when the server cannot be reached.
 */
export async function createTemporaryPostgres(
  serverUrl: string,
  prefix = 'lead_handoff_test',
): Promise<TemporaryPostgres | null> {
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2_000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  const url = target.toString();
  const db = await openDatabase({ databaseUrl: url, dataDir: '' });
  return {
    db,
    url,
    async drop() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
