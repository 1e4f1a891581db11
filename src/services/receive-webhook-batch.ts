import type { Database } from '../storage/database.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import { WEBHOOK_QUEUE, webhookJobKey } from './job-queues.ts';
import type { RefusedEvent, WebhookEvent } from './webhook-events.ts';

export interface ReceiveResult {
  readonly accepted: number;
  readonly otherPortal: number;
  readonly refused: number;
  readonly batchId: number | null;
}

export interface ReceiveDeps {
  readonly db: Database;
  readonly queue: JobQueue;
  readonly portalId: string | undefined;
  /** Fault injection for tests: runs after the batch row is written, before its job is. */
  readonly afterStore?: (batchId: number) => Promise<void>;
}

/**
 * Stores the batch and its processing job in one transaction: either both exist or neither does
 * (then the request fails and HubSpot delivers the batch again). Events of another portal than
 * the one this install serves are dropped here (and counted by the caller); refused events are
 * kept for inspection in the same transaction.
 */
export async function receiveWebhookBatch(
  deps: ReceiveDeps,
  events: readonly WebhookEvent[],
  refused: readonly RefusedEvent[] = [],
): Promise<ReceiveResult> {
  const accepted = deps.portalId ? events.filter((event) => event.portalId === deps.portalId) : events;
  const otherPortal = events.length - accepted.length;
  if (accepted.length === 0 && refused.length === 0) {
    return { accepted: 0, otherPortal, refused: 0, batchId: null };
  }
  const batchId = await deps.db.transaction(async (client) => {
    if (refused.length > 0) {
      await client.query(
        `INSERT INTO webhook_refusals (event_index, field, reason, event)
         SELECT r.event_index, r.field, r.reason, r.event
           FROM jsonb_to_recordset($1::jsonb) AS r(event_index integer, field text, reason text, event text)`,
        [
          JSON.stringify(
            refused.map((r) => ({ event_index: r.index, field: r.field, reason: r.reason, event: r.event })),
          ),
        ],
      );
    }
    if (accepted.length === 0) return null;
    const { rows } = await client.query<{ id: number }>(
      'INSERT INTO webhook_batches (events, event_count) VALUES ($1, $2) RETURNING id',
      [JSON.stringify(accepted), accepted.length],
    );
    const id = rows[0]?.id;
    if (id === undefined) throw new Error('storing the webhook batch returned no id');
    await deps.afterStore?.(id);
    await deps.queue.send(
      WEBHOOK_QUEUE,
      { batchId: id },
      { singletonKey: webhookJobKey(id), within: client },
    );
    return id;
  });
  return { accepted: accepted.length, otherPortal, refused: refused.length, batchId };
}
