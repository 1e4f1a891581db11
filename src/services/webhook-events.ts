import { z } from 'zod';
import { describeUnstorable, findUnstorable, formatPath } from '../domain/storable-text.ts';

// HubSpot adds fields to webhook events over time, so unknown fields are kept rather than refused;
// the ones we rely on are checked. Ids arrive as numbers; we store them as strings. HubSpot ids are
// int64s: 20 digits bound any of them, and a JSON number past 2^53 has already lost its digits, so
// neither a 400-digit "id" nor 1e300 gets into the store.
const id = z
  .union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,20}$/)])
  .transform(String);

// 9999-12-31T23:59:59.999Z: beyond it, to_timestamp() fails and the batch could never be processed.
const LAST_INSTANT_MS = 253_402_300_799_999;

export const webhookEventSchema = z.looseObject({
  eventId: id,
  subscriptionId: id,
  portalId: id,
  occurredAt: z.number().int().positive().max(LAST_INSTANT_MS),
  subscriptionType: z.string().min(1),
  objectId: id,
  propertyName: z.string().optional(),
  propertyValue: z.string().optional(),
  objectTypeId: z.string().optional(),
  attemptNumber: z.number().int().optional(),
});

// The delivery itself: an array (of at most 1,000 events); each event is then judged on its own.
export const webhookDeliverySchema = z.array(z.unknown()).max(1_000);

export type WebhookEvent = z.output<typeof webhookEventSchema>;

/** An event refused at the door, kept for inspection. */
export interface RefusedEvent {
  /** Position in the delivery. */
  readonly index: number;
  readonly field: string;
  readonly reason: string;
  /** The event as JSON text: U+0000 and lone surrogates escaped, so text can hold it. */
  readonly event: string;
}

// Enough to see what was wrong; a refused event is not worth a megabyte of storage.
const MAX_KEPT_EVENT_CHARS = 4_000;

/**
 * Splits a delivery into the events we can act on and those we refuse: one holding U+0000 (which
 * PostgreSQL cannot store) or missing or mangling a field we rely on. HubSpot retries a refused
 * delivery whole, so one bad event must not cost the others.
 */
export function splitWebhookDelivery(raw: readonly unknown[]): {
  readonly events: WebhookEvent[];
  readonly refused: RefusedEvent[];
} {
  const events: WebhookEvent[] = [];
  const refused: RefusedEvent[] = [];
  raw.forEach((item, index) => {
    const keep = (field: string, reason: string) => {
      // Items come from JSON.parse: never undefined, so always serialisable.
      const event = JSON.stringify(item).slice(0, MAX_KEPT_EVENT_CHARS);
      refused.push({ index, field: field || '(event)', reason, event });
    };
    const unstorable = findUnstorable(item);
    if (unstorable) {
      keep(formatPath(unstorable.path), describeUnstorable(unstorable.reason));
      return;
    }
    const parsed = webhookEventSchema.safeParse(item);
    if (parsed.success) {
      events.push(parsed.data);
      return;
    }
    const issue = parsed.error.issues[0];
    keep(
      issue ? formatPath(issue.path.map((part) => (typeof part === 'symbol' ? '?' : part))) : '',
      issue?.message ?? 'invalid event',
    );
  });
  return { events, refused };
}

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
