import type { Database } from './database.ts';
import type { Queryable } from './queryable.ts';

// HubSpot redelivers a webhook it could not hand over up to 10 times: "spread out over the next 24
// hours" (developers.hubspot.com/docs/api/webhooks, Retries), with an exponential backoff from 2
// minutes in the older overview (about 34 h in all). Three days of history outlive either schedule
// with room for our own downtime, and keep the table to a few days of events.
export const WEBHOOK_HISTORY_RETENTION_MS = 3 * 24 * 3_600_000;

// Deleting in slices keeps each transaction, and the locks it holds, short.
const PRUNE_SLICE = 5_000;

export interface EventKey {
  readonly subscriptionId: string;
  readonly eventId: string;
}

/**
 * Which of these events were recorded already, as `subscriptionId:eventId`. Matches on the column
 * pair, so each key is one probe of the primary key (an expression over the columns could not use
 * it and would read the whole table).
 */
export async function findRecordedEvents(q: Queryable, keys: readonly EventKey[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await q.query<{ subscription_id: string; event_id: string }>(
    `SELECT e.subscription_id, e.event_id
       FROM unnest($1::text[], $2::text[]) AS k(subscription_id, event_id)
       JOIN webhook_events e ON e.subscription_id = k.subscription_id AND e.event_id = k.event_id`,
    [keys.map((key) => key.subscriptionId), keys.map((key) => key.eventId)],
  );
  return new Set(rows.map((row) => `${row.subscription_id}:${row.event_id}`));
}

export interface PruneResult {
  readonly events: number;
  readonly batches: number;
  readonly refusals: number;
}

/** Deletes dedupe history, processed batches and refused events older than `before`, a slice at a time. */
export async function pruneWebhookHistory(db: Database, before: Date): Promise<PruneResult> {
  const slices = async (sql: string): Promise<number> => {
    let total = 0;
    for (;;) {
      const { rowCount } = await db.query(sql, [before, PRUNE_SLICE]);
      total += rowCount ?? 0;
      if ((rowCount ?? 0) < PRUNE_SLICE) return total;
    }
  };
  const events = await slices(
    `DELETE FROM webhook_events WHERE (subscription_id, event_id) IN (
       SELECT subscription_id, event_id FROM webhook_events WHERE recorded_at < $1 LIMIT $2)`,
  );
  const batches = await slices(
    `DELETE FROM webhook_batches WHERE id IN (
       SELECT id FROM webhook_batches WHERE state = 'done' AND processed_at < $1 LIMIT $2)`,
  );
  const refusals = await slices(
    `DELETE FROM webhook_refusals WHERE id IN (
       SELECT id FROM webhook_refusals WHERE received_at < $1 LIMIT $2)`,
  );
  return { events, batches, refusals };
}
