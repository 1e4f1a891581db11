import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock.ts';

// One driver and one SQL dialect for both storages: on PGlite we serve the embedded database over
// the PostgreSQL wire protocol on a loopback port (pglite-socket) and talk to it with `pg`, exactly
// as to a real PostgreSQL.
//
// PGlite is a single session: two connections interleaving extended-protocol messages overwrite
// each other's unnamed statement ("unnamed prepared statement does not exist"). So on PGlite the
// pool holds exactly one connection, and everything (pg-boss included, through `executeSql`) goes
// through it, one query or transaction at a time.

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  readonly pool: pg.Pool;
  /** A connection string other PostgreSQL clients (pg-boss) can use. */
  readonly connectionString: string;
  /**
   * Runs one statement. A `name` makes it a prepared statement, parsed and planned once per
   * connection: worth it on hot paths (the card), where parsing costs more than executing.
   */
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    params?: readonly unknown[],
    name?: string,
  ): Promise<pg.QueryResult<Row>>;
  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; when absent the embedded PGlite is used. */
  readonly databaseUrl?: string | undefined;
  /** PGlite data folder, or `memory://` for a throw-away database. */
  readonly dataDir: string;
  readonly poolSize?: number;
}

// pg returns int8/numeric as strings by default; our counts and sequence numbers fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    return wrap('postgres', pool, options.databaseUrl, async () => {
      await pool.end();
    });
  }
  const inMemory = options.dataDir.startsWith('memory://');
  if (!inMemory) await mkdir(options.dataDir, { recursive: true });
  // One process per data folder: a second one is refused here, naming DATA_DIR and the holder.
  const lock = inMemory ? null : await acquireDataDirLock(options.dataDir);
  const embedded = await PGlite.create(options.dataDir).catch(async (error: unknown) => {
    await lock?.release();
    throw error;
  });
  const server = new PGLiteSocketServer({ db: embedded, host: '127.0.0.1', port: 0, maxConnections: 32 });
  await server.start();
  const connectionString = `postgres://postgres@${server.getServerConn()}/postgres`;
  const pool = new pg.Pool({ connectionString, max: 1 });
  return wrap('pglite', pool, connectionString, async () => {
    await pool.end();
    await server.stop();
    await embedded.close();
    await lock?.release();
  });
}

function wrap(
  kind: DatabaseKind,
  pool: pg.Pool,
  connectionString: string,
  shutdown: () => Promise<void>,
): Database {
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // A query issued while a transaction is open in the same async flow joins that transaction
  // instead of waiting for another connection (on PGlite there is only one: it would never come).
  const current = new AsyncLocalStorage<pg.PoolClient>();
  let closed = false;
  return {
    kind,
    pool,
    connectionString,
    query: <Row extends pg.QueryResultRow>(sql: string, params?: readonly unknown[], name?: string) => {
      const client = current.getStore();
      const config: pg.QueryConfig = {
        text: sql,
        values: params ? [...params] : [],
        ...(name ? { name } : {}),
      };
      return client ? client.query<Row>(config) : pool.query<Row>(config);
    },
    async transaction(work) {
      const joined = current.getStore();
      if (joined) return work(joined);
      const client = await pool.connect();
      try {
        return await current.run(client, async () => {
          await client.query('BEGIN');
          const result = await work(client);
          await client.query('COMMIT');
          return result;
        });
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async ping() {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await shutdown();
    },
  };
}
