import type { SyncLeases } from '../ports/sync-lease.ts';
import type { Queryable } from './queryable.ts';

// Lease times are the database's clock, the one every instance shares: a process whose own clock
// runs fast or slow cannot steal a running lease or keep an expired one.
export function createSyncLeaseRepository(db: Queryable): SyncLeases {
  return {
    async claim(name, holder, ttlMs) {
      const { rows } = await db.query<{ holder: string }>(
        `INSERT INTO sync_leases (name, holder, until)
         VALUES ($1, $2, now() + make_interval(secs => $3::double precision / 1000))
         ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
          WHERE sync_leases.holder = EXCLUDED.holder OR sync_leases.until < now()
         RETURNING holder`,
        [name, holder, ttlMs],
      );
      return rows.length === 1;
    },
    async release(name, holder) {
      await db.query('DELETE FROM sync_leases WHERE name = $1 AND holder = $2', [name, holder]);
    },
    async holder(name) {
      const { rows } = await db.query<{ holder: string }>(
        'SELECT holder FROM sync_leases WHERE name = $1 AND until >= now()',
        [name],
      );
      return rows[0]?.holder ?? null;
    },
  };
}
