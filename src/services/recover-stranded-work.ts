import type { AlertChannelName } from '../ports/alert-channel.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import type { Database } from '../storage/database.ts';
import { ALERT_QUEUE, WEBHOOK_QUEUE, alertJobKey, webhookJobKey } from './job-queues.ts';

export interface RecoveryDeps {
  readonly db: Database;
  readonly queue: JobQueue;
  /**
   * How long a row may sit pending before the sweep hands it to the queue (again). Jobs are created
   * with their rows, so a younger row has a live job; an older one may have lost it: the queue gave
   * up after its retries, or the row predates same-transaction jobs.
   */
  readonly staleMs: number;
}

export interface RecoveryResult {
  readonly batches: number;
  readonly deliveries: number;
}

// Per run; the loop runs again at once while a run finds a full page.
const PAGE = 200;

/**
 * Sends a job for every webhook batch and alert delivery still pending after `staleMs`. Both
 * queues are exclusive per key, so a row whose job is still queued or running gets no second one:
 * the send is a no-op. Each row is stamped (`requeued_at`) in the same transaction as its send,
 * and looked at again only `staleMs` later, so a long backlog is not re-sent on every run.
 */
export async function recoverStrandedWork(deps: RecoveryDeps): Promise<RecoveryResult> {
  const batches = await deps.db.transaction(async (client) => {
    const { rows } = await client.query<{ id: number }>(
      `UPDATE webhook_batches b SET requeued_at = now()
         FROM (SELECT id FROM webhook_batches
                WHERE state = 'pending'
                  AND coalesce(requeued_at, received_at) <= now() - make_interval(secs => $1 / 1000.0)
                ORDER BY id
                LIMIT $2
                FOR UPDATE SKIP LOCKED) stale
        WHERE b.id = stale.id
        RETURNING b.id`,
      [deps.staleMs, PAGE],
    );
    for (const { id } of rows) {
      await deps.queue.send(
        WEBHOOK_QUEUE,
        { batchId: id },
        { singletonKey: webhookJobKey(id), within: client },
      );
    }
    return rows.length;
  });
  const deliveries = await deps.db.transaction(async (client) => {
    const { rows } = await client.query<{ alert_id: number; channel: AlertChannelName }>(
      `UPDATE alert_deliveries d SET requeued_at = now()
         FROM (SELECT d.alert_id, d.channel FROM alert_deliveries d
                 JOIN sla_alerts a ON a.id = d.alert_id
                WHERE d.state = 'pending'
                  AND coalesce(d.requeued_at, a.created_at) <= now() - make_interval(secs => $1 / 1000.0)
                ORDER BY d.alert_id
                LIMIT $2
                FOR UPDATE OF d SKIP LOCKED) stale
        WHERE d.alert_id = stale.alert_id AND d.channel = stale.channel
        RETURNING d.alert_id, d.channel`,
      [deps.staleMs, PAGE],
    );
    for (const row of rows) {
      const delivery = { alertId: row.alert_id, channel: row.channel };
      await deps.queue.send(ALERT_QUEUE, delivery, { singletonKey: alertJobKey(delivery), within: client });
    }
    return rows.length;
  });
  return { batches, deliveries };
}

export const RECOVERY_PAGE = PAGE;
