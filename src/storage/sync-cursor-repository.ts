import type { SyncCursorStore } from '../ports/sync-cursor-store.ts';
import type { Database } from './database.ts';

/** `SyncCursorStore` on the `sync_cursors` table: one jsonb state per name, last write wins. */
export function createSyncCursorRepository(db: Database): SyncCursorStore {
  return {
    async load<T>(name: string): Promise<T | null> {
      const { rows } = await db.query<{ state: T }>('SELECT state FROM sync_cursors WHERE name = $1', [name]);
      return rows[0]?.state ?? null;
    },
    async save(name, state) {
      await db.query(
        `INSERT INTO sync_cursors (name, state, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
        [name, JSON.stringify(state)],
      );
    },
  };
}
