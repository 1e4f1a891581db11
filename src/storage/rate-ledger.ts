import { admissibleAt, longestWindow } from '../domain/rate-window.ts';
import type { RateLedger, RateWindow } from '../ports/rate-ledger.ts';
import type { Database } from './database.ts';

interface BudgetRow {
  bucket: string;
  windows: RateWindow[] | null;
  paused_until: Date | null;
}

/**
 * Budgets shared by every instance on one database, on the database's clock: each call is admitted
 * inside a transaction that locks its budgets' rows, counts their recent calls and records the new
 * one, so two instances can never both take the last slot of a window.
 *
 * Never take from it inside another open transaction: the budget rows would stay locked until that
 * transaction ends (the HubSpot connector is never called inside one).
 */
export function createDatabaseRateLedger(db: Database): RateLedger {
  return {
    async take(claims) {
      const buckets = [...new Set(claims.map((claim) => claim.bucket))].sort();
      return db.transaction(async (client) => {
        await client.query(
          'INSERT INTO rate_budgets (bucket) SELECT unnest($1::text[]) ON CONFLICT (bucket) DO NOTHING',
          [buckets],
        );
        // In bucket order, so two takers never wait on each other's rows.
        const { rows: budgets } = await client.query<BudgetRow>(
          `SELECT bucket, windows, paused_until FROM rate_budgets
            WHERE bucket = ANY($1::text[]) ORDER BY bucket FOR UPDATE`,
          [buckets],
        );
        // Read after the locks are ours: a clock read while waiting for them would stamp the call
        // in the past, and free its slot early.
        const { rows: clock } = await client.query<{ now: Date }>('SELECT clock_timestamp() AS now');
        const now = clock[0]?.now ?? new Date();
        const windowsOf = (bucket: string): readonly RateWindow[] =>
          budgets.find((row) => row.bucket === bucket)?.windows ??
          claims.find((claim) => claim.bucket === bucket)?.windows ??
          [];
        const keepMs = Math.max(...buckets.map((bucket) => longestWindow(windowsOf(bucket))));
        await client.query(
          `DELETE FROM rate_calls WHERE bucket = ANY($1::text[]) AND at <= $2::timestamptz - make_interval(secs => $3 / 1000.0)`,
          [buckets, now, keepMs],
        );
        const { rows: calls } = await client.query<{ bucket: string; at: Date }>(
          'SELECT bucket, at FROM rate_calls WHERE bucket = ANY($1::text[]) ORDER BY at',
          [buckets],
        );
        const at = now.getTime();
        const ready = admissibleAt(
          budgets.map((row) => ({
            windows: windowsOf(row.bucket),
            state: {
              stamps: calls.filter((call) => call.bucket === row.bucket).map((call) => call.at.getTime()),
            },
            pausedUntil: row.paused_until?.getTime() ?? 0,
          })),
          at,
        );
        if (ready > at) return { waitMs: ready - at };
        await client.query('INSERT INTO rate_calls (bucket, at) SELECT unnest($1::text[]), $2', [
          buckets,
          now,
        ]);
        return { waitMs: 0 };
      });
    },
    async learn(bucket, windows) {
      await db.query(
        `INSERT INTO rate_budgets (bucket, windows, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (bucket) DO UPDATE SET windows = EXCLUDED.windows, updated_at = now()`,
        [bucket, JSON.stringify(windows)],
      );
    },
    async pause(bucket, ms) {
      await db.query(
        `INSERT INTO rate_budgets (bucket, paused_until) VALUES ($1, clock_timestamp() + make_interval(secs => $2 / 1000.0))
         ON CONFLICT (bucket) DO UPDATE
           SET paused_until = greatest(rate_budgets.paused_until, EXCLUDED.paused_until), updated_at = now()`,
        [bucket, Math.max(0, ms)],
      );
    },
  };
}
