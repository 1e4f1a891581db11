import type { AlertChannelName } from '../ports/alert-channel.ts';

// The durable queues and the key of each job: both queues are exclusive per key, so the recovery
// sweep can hand stranded work to the queue again without ever running it twice at once.
// (Renamed from `webhook-batch`/`alert-delivery`, created before exclusivity: jobs left in those
// old queues are not lost, their rows are still pending and the recovery sweep re-sends them here.)
export const WEBHOOK_QUEUE = 'webhook-batches';
export const ALERT_QUEUE = 'alert-deliveries';

export function webhookJobKey(batchId: number): string {
  return `batch:${batchId}`;
}

export function alertJobKey(delivery: {
  readonly alertId: number;
  readonly channel: AlertChannelName;
}): string {
  return `alert:${delivery.alertId}:${delivery.channel}`;
}
