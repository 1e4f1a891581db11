import type { Request, Response } from 'express';
import type { Logger } from '../../../src/logging/logger.ts';
import type { JobQueue } from '../../../src/ports/job-queue.ts';
import { receiveWebhookBatch } from '../../../src/services/receive-webhook-batch.ts';
import { splitWebhookDelivery, webhookDeliverySchema } from '../../../src/services/webhook-events.ts';
import type { Database } from '../../../src/storage/database.ts';
import type { Metrics } from '../../metrics.ts';
import { parseOrThrow } from '../validate.ts';

export interface WebhookRouteDeps {
  readonly db: Database;
  readonly queue: JobQueue;
  readonly metrics: Metrics;
  readonly portalId: string | undefined;
  readonly logger: Logger;
}

/** Stores the batch and answers at once; processing happens in a job (HubSpot wants 2xx fast). */
export function postHubSpotWebhook(deps: WebhookRouteDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    // U+0000 and bad fields are judged per event below: one bad event must not cost the batch.
    const delivery = parseOrThrow(webhookDeliverySchema, req.body, 'webhook batch', { storable: false });
    const { events, refused } = splitWebhookDelivery(delivery);
    const result = await receiveWebhookBatch(deps, events, refused);
    deps.metrics.webhookEvents.inc({ outcome: 'accepted' }, result.accepted);
    if (refused.length > 0) {
      deps.metrics.webhookEvents.inc({ outcome: 'invalid' }, refused.length);
      req.log.warn(
        { refused: refused.map(({ index, field, reason }) => ({ index, field, reason })) },
        'refused webhook events; the rest of the batch is kept',
      );
    }
    if (result.otherPortal > 0) {
      deps.metrics.webhookEvents.inc({ outcome: 'other_portal' }, result.otherPortal);
      req.log.warn({ dropped: result.otherPortal }, 'dropped webhook events of another portal');
    }
    res.status(200).json({
      received: delivery.length,
      accepted: result.accepted,
      refused: result.refused,
      batchId: result.batchId,
    });
  };
}
