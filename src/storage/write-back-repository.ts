import type { Database } from './database.ts';

export interface WriteBackCounts {
  readonly pending: number;
  readonly failed: number;
}

export async function countWriteBacks(db: Database): Promise<WriteBackCounts> {
  const { rows } = await db.query<{ pending: number; failed: number }>(
    `SELECT count(*) FILTER (WHERE state IN ('pending', 'in_flight'))::int AS pending,
            count(*) FILTER (WHERE state = 'failed')::int AS failed
       FROM write_backs`,
  );
  return { pending: rows[0]?.pending ?? 0, failed: rows[0]?.failed ?? 0 };
}
