import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { openPgliteSession } from './pglite-session.ts';
import type { Session } from './pglite-session.ts';
import { waitForPostgres } from './postgres-wait.ts';
import type { PostgresWaitOptions } from './postgres-wait.ts';

// One driver (`pg`) and one SQL dialect for both storages. PostgreSQL: a pool of connections.
// PGlite: the embedded database's single session, reached in-process (see pglite-session.ts).

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  /** PostgreSQL only: a URL other clients (pg-boss) can open their own connections with. */
  readonly connectionString: string | null;
  /**
   * Runs one statement. A `name` makes it a prepared statement, parsed and planned once per
   * connection: worth it on hot paths (the card), where parsing costs more than executing.
   */
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    params?: readonly unknown[],
    name?: string,
  ): Promise<pg.QueryResult<Row>>;
  transaction<T>(work: (client: pg.ClientBase) => Promise<T>): Promise<T>;
  /** True when a statement goes through the way the product's own statements do. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions extends PostgresWaitOptions {
  /** PostgreSQL URL; when absent the embedded PGlite is used. */
  readonly databaseUrl?: string | undefined;
  /** PGlite data folder, or `memory://` for a throw-away database. */
  readonly dataDir: string;
  readonly poolSize?: number;
}

// pg returns int8/numeric as strings by default; our counts and sequence numbers fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

// Long enough for a busy moment, short enough that /readyz answers while storage hangs.
const PING_TIMEOUT_MS = 5_000;

/**
 * Opens storage, throwing a StorageError that says what is wrong with the folder or the server.
 * A PostgreSQL that is not accepting connections yet is waited for (`waitMs`).
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const url = options.databaseUrl;
    await waitForPostgres(url, options);
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    return wrap('postgres', url, {
      // pg-pool drops a connection whose statement failed; a new connection is a new session, so
      // its named statements are prepared afresh.
      query: (config) => pool.query(config),
      lease: async () => {
        const client = await pool.connect();
        return {
          client,
          release: () => {
            client.release();
          },
        };
      },
      close: () => pool.end(),
    });
  }
  const session: Session = await openPgliteSession(options.dataDir);
  return wrap('pglite', null, {
    query: async (config) => {
      const { client, release } = await session.lease();
      try {
        return await client.query(config);
      } finally {
        release();
      }
    },
    lease: () => session.lease(),
    close: () => session.close(),
  });
}

interface Connections {
  query(config: pg.QueryConfig): Promise<pg.QueryResult>;
  lease(): Promise<{ readonly client: pg.ClientBase; readonly release: () => void }>;
  close(): Promise<void>;
}

function wrap(kind: DatabaseKind, connectionString: string | null, connections: Connections): Database {
  // A query issued while a transaction is open in the same async flow joins that transaction
  // instead of waiting for another connection (on PGlite there is only one: it would never come).
  const current = new AsyncLocalStorage<pg.ClientBase>();
  let closed = false;
  const query = <Row extends pg.QueryResultRow>(sql: string, params?: readonly unknown[], name?: string) => {
    const config: pg.QueryConfig = {
      text: sql,
      values: params ? [...params] : [],
      ...(name ? { name } : {}),
    };
    const client = current.getStore();
    return (client ? client.query<Row>(config) : connections.query(config)) as Promise<pg.QueryResult<Row>>;
  };
  return {
    kind,
    connectionString,
    query,
    async transaction(work) {
      const joined = current.getStore();
      if (joined) return work(joined);
      const { client, release } = await connections.lease();
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
        release();
      }
    },
    async ping() {
      // Named, like the card's statement, and through the same connections: a ping that takes a
      // side path can answer while every real statement fails.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => {
          resolve(false);
        }, PING_TIMEOUT_MS);
      });
      const answered = query<{ ok: number }>('SELECT 1 AS ok', [], 'ping').then(
        ({ rows }) => rows[0]?.ok === 1,
        () => false,
      );
      try {
        return await Promise.race([answered, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await connections.close();
    },
  };
}
