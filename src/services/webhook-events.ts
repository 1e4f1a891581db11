import { z } from 'zod';

// HubSpot adds fields to webhook events over time, so unknown fields are kept rather than refused;
// the ones we rely on are checked. Ids arrive as numbers; we store them as strings.
const id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);

export const webhookEventSchema = z.looseObject({
  eventId: id,
  subscriptionId: id,
  portalId: id,
  occurredAt: z.number().int().positive(),
  subscriptionType: z.string().min(1),
  objectId: id,
  propertyName: z.string().optional(),
  propertyValue: z.string().optional(),
  objectTypeId: z.string().optional(),
  attemptNumber: z.number().int().optional(),
});

export const webhookBatchSchema = z.array(webhookEventSchema).max(1_000);

export type WebhookEvent = z.output<typeof webhookEventSchema>;

/** Contact events we act on: creation and property changes, old and new subscription styles. */
export function isContactEvent(event: WebhookEvent): boolean {
  if (event.subscriptionType.startsWith('contact.')) {
    return (
      event.subscriptionType === 'contact.creation' || event.subscriptionType === 'contact.propertyChange'
    );
  }
  if (event.subscriptionType.startsWith('object.')) {
    return (
      event.objectTypeId === '0-1' &&
      (event.subscriptionType === 'object.creation' || event.subscriptionType === 'object.propertyChange')
    );
  }
  return false;
}
