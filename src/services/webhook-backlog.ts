import type { Database } from '../storage/database.ts';

export interface WebhookBacklog {
  /** Stored batches not processed yet. */
  readonly pending: number;
  /** When the oldest of them arrived (null when none waits). */
  readonly oldestReceivedAt: string | null;
  /** Of `pending`: batches whose processing failed at least once (the queue or the sweep retries them). */
  readonly failing: number;
  /** Of `pending`: batches waiting longer than a quarter of an hour (by the database's clock). */
  readonly stale: number;
}

// A batch is normally processed within seconds; one still waiting after this is worth a look.
export const WEBHOOK_BACKLOG_STALE_MS = 15 * 60_000;

export async function readWebhookBacklog(db: Database): Promise<WebhookBacklog> {
  const { rows } = await db.query<{ pending: number; oldest: Date | null; failing: number; stale: number }>(
    `SELECT count(*)::int AS pending, min(received_at) AS oldest,
            count(*) FILTER (WHERE attempts > 0)::int AS failing,
            count(*) FILTER (WHERE received_at < now() - make_interval(secs => $1 / 1000.0))::int AS stale
       FROM webhook_batches WHERE state = 'pending'`,
    [WEBHOOK_BACKLOG_STALE_MS],
  );
  const row = rows[0];
  return {
    pending: row?.pending ?? 0,
    oldestReceivedAt: row?.oldest?.toISOString() ?? null,
    failing: row?.failing ?? 0,
    stale: row?.stale ?? 0,
  };
}
