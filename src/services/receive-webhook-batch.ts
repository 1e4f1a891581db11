import type { Database } from '../storage/database.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import type { WebhookEvent } from './webhook-events.ts';

export const WEBHOOK_QUEUE = 'webhook-batch';

export interface ReceiveResult {
  readonly accepted: number;
  readonly otherPortal: number;
  readonly batchId: number | null;
}

/**
 * Stores the batch durably, then schedules its processing. Events of another portal than the one
 * this install serves are dropped here (and counted by the caller). If the queue is unreachable
 * after the insert, the stored batch is still picked up by the recovery sweep at the next boot.
 */
export async function receiveWebhookBatch(
  deps: { readonly db: Database; readonly queue: JobQueue; readonly portalId: string | undefined },
  events: readonly WebhookEvent[],
): Promise<ReceiveResult> {
  const accepted = deps.portalId ? events.filter((event) => event.portalId === deps.portalId) : events;
  const otherPortal = events.length - accepted.length;
  if (accepted.length === 0) return { accepted: 0, otherPortal, batchId: null };
  const { rows } = await deps.db.query<{ id: number }>(
    'INSERT INTO webhook_batches (events, event_count) VALUES ($1, $2) RETURNING id',
    [JSON.stringify(accepted), accepted.length],
  );
  const batchId = rows[0]?.id ?? null;
  if (batchId !== null) await deps.queue.send(WEBHOOK_QUEUE, { batchId });
  return { accepted: accepted.length, otherPortal, batchId };
}
