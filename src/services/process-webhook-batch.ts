import type { Logger } from '../logging/logger.ts';
import type { CrmContacts, CrmContact } from '../ports/crm-contacts.ts';
import { findContact } from '../storage/contact-repository.ts';
import type { Database } from '../storage/database.ts';
import { findRecordedEvents } from '../storage/webhook-history.ts';
import { applyEvents } from './apply-events.ts';
import { readContactsSplitting } from './read-contacts-split.ts';
import type { ContactRefusal } from './read-contacts-split.ts';
import { RetryableError } from './retryable-error.ts';
import { trackContact } from './track-contact.ts';
import type { TrackingDeps } from './track-contact.ts';
import { isContactEvent, webhookEventSchema } from './webhook-events.ts';
import type { WebhookEvent } from './webhook-events.ts';

export interface ProcessBatchDeps extends TrackingDeps {
  readonly crm: CrmContacts | null;
  readonly logger: Logger;
  /** Properties read with each contact; history is fetched for the definition's own. */
  readonly propertiesToRead: readonly string[];
}

export interface ProcessBatchResult {
  readonly events: number;
  readonly duplicates: number;
  readonly contacts: number;
  /** Contacts the CRM refused to read even one by one: their events stay unprocessed, the batch failed. */
  readonly refused: number;
}

/**
 * Processes one stored webhook batch: drops redelivered events, reads the touched contacts (with
 * history) from the CRM, and tracks each. Idempotent: a crash midway reprocesses the batch, and
 * tracking a contact twice changes nothing. A contact the CRM will not read is never skipped in
 * silence: its events are left unrecorded (a redelivery is processed again) and the batch ends
 * `failed` with the reason, in the log at error level.
 */
export async function processWebhookBatch(
  deps: ProcessBatchDeps,
  batchId: number,
): Promise<ProcessBatchResult> {
  const { rows } = await deps.db.query<{ events: unknown[]; state: string }>(
    'SELECT events, state FROM webhook_batches WHERE id = $1',
    [batchId],
  );
  const batch = rows[0];
  if (!batch || batch.state === 'done') return { events: 0, duplicates: 0, contacts: 0, refused: 0 };
  const events = batch.events.flatMap((raw) => {
    const parsed = webhookEventSchema.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
  const fresh = await withoutDuplicates(deps.db, events);
  const byContact = groupByContact(fresh.filter(isContactEvent));
  const refused: (ContactRefusal & { readonly portalId: string })[] = [];
  for (const [portalId, contacts] of byContact) {
    const refusals = await trackPortalContacts(deps, portalId, contacts);
    refused.push(...refusals.map((refusal) => ({ ...refusal, portalId })));
  }
  const kept = new Set(refused.map((refusal) => `${refusal.portalId}:${refusal.id}`));
  const recorded = fresh.filter(
    (event) => !isContactEvent(event) || !kept.has(`${event.portalId}:${event.objectId}`),
  );
  const lastError = refused.length > 0 ? describeRefusals(refused) : null;
  if (lastError !== null) deps.logger.error({ batchId, refused: refused.length }, lastError);
  await deps.db.transaction(async (client) => {
    await client.query(
      `INSERT INTO webhook_events (subscription_id, event_id, portal_id, contact_id, subscription_type,
                                   property_name, property_value, occurred_at, batch_id, recorded_at)
       SELECT e.subscription_id, e.event_id, e.portal_id, e.contact_id, e.subscription_type,
              e.property_name, e.property_value, to_timestamp(e.occurred_at / 1000.0), $2, $3
         FROM jsonb_to_recordset($1) AS e(subscription_id text, event_id text, portal_id text, contact_id text,
              subscription_type text, property_name text, property_value text, occurred_at bigint)
       ON CONFLICT (subscription_id, event_id) DO NOTHING`,
      [JSON.stringify(recorded.map(toEventRecord)), batchId, deps.now()],
    );
    await client.query(
      `UPDATE webhook_batches SET state = $2, last_error = $3, processed_at = now(), attempts = attempts + 1
        WHERE id = $1`,
      [batchId, lastError === null ? 'done' : 'failed', lastError],
    );
  });
  return {
    events: events.length,
    duplicates: events.length - fresh.length,
    contacts: countContacts(byContact),
    refused: refused.length,
  };
}

function describeRefusals(refused: readonly (ContactRefusal & { readonly portalId: string })[]): string {
  const ids = refused.slice(0, 20).map((refusal) => refusal.id);
  const more = refused.length > ids.length ? ` and ${refused.length - ids.length} more` : '';
  const reason = refused[0]?.error.message ?? 'refused';
  return `the CRM refused to read contact(s) ${ids.join(', ')}${more}; their events were kept unprocessed: ${reason}`;
}

function toEventRecord(event: WebhookEvent) {
  return {
    subscription_id: event.subscriptionId,
    event_id: event.eventId,
    portal_id: event.portalId,
    contact_id: event.objectId,
    subscription_type: event.subscriptionType,
    property_name: event.propertyName ?? null,
    property_value: event.propertyValue ?? null,
    occurred_at: event.occurredAt,
  };
}

async function withoutDuplicates(db: Database, events: readonly WebhookEvent[]): Promise<WebhookEvent[]> {
  if (events.length === 0) return [];
  const seen = await findRecordedEvents(db, events);
  const fresh: WebhookEvent[] = [];
  for (const event of events) {
    const key = `${event.subscriptionId}:${event.eventId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    fresh.push(event);
  }
  // Out-of-order delivery: act on the changes in the order they happened.
  return fresh.sort((a, b) => a.occurredAt - b.occurredAt);
}

function groupByContact(events: readonly WebhookEvent[]): Map<string, Map<string, WebhookEvent[]>> {
  const byPortal = new Map<string, Map<string, WebhookEvent[]>>();
  for (const event of events) {
    const contacts = byPortal.get(event.portalId) ?? new Map<string, WebhookEvent[]>();
    const list = contacts.get(event.objectId) ?? [];
    list.push(event);
    contacts.set(event.objectId, list);
    byPortal.set(event.portalId, contacts);
  }
  return byPortal;
}

function countContacts(byContact: Map<string, Map<string, WebhookEvent[]>>): number {
  let total = 0;
  for (const contacts of byContact.values()) total += contacts.size;
  return total;
}

async function trackPortalContacts(
  deps: ProcessBatchDeps,
  portalId: string,
  contacts: Map<string, WebhookEvent[]>,
): Promise<readonly ContactRefusal[]> {
  const ids = [...contacts.keys()];
  const { read, refused } = await readContacts(deps, portalId, contacts, ids);
  for (const contact of read) {
    const events = contacts.get(contact.id) ?? [];
    const last = events.at(-1);
    await trackContact(deps, portalId, contact, last ? new Date(last.occurredAt) : null);
  }
  return refused;
}

async function readContacts(
  deps: ProcessBatchDeps,
  portalId: string,
  contacts: Map<string, WebhookEvent[]>,
  ids: string[],
): Promise<{ read: readonly CrmContact[]; refused: readonly ContactRefusal[] }> {
  if (!deps.crm) {
    const folded: CrmContact[] = [];
    for (const id of ids) {
      const known = await findContact(deps.db, portalId, id);
      folded.push(applyEvents(id, known, contacts.get(id) ?? []));
    }
    return { read: folded, refused: [] };
  }
  // Read in calls the CRM accepts (the connector chunks: ≤ 50 ids with history on HubSpot); a call
  // refused as a whole is split, never taken to mean "these contacts do not exist".
  const result = await readContactsSplitting(
    deps.crm,
    ids,
    deps.propertiesToRead,
    deps.definitions.propertiesRead,
  );
  if (!result.ok) {
    throw new RetryableError(
      `reading ${ids.length} contacts failed: ${result.error.code} ${result.error.message}`,
    );
  }
  const found = new Set(result.value.contacts.map((contact) => contact.id));
  const refusedIds = new Set(result.value.refused.map((refusal) => refusal.id));
  const missing = ids.filter((id) => !found.has(id) && !refusedIds.has(id));
  if (missing.length > 0) {
    deps.logger.info(
      { portalId, missing },
      'contacts the CRM no longer has (deleted or merged) were skipped',
    );
  }
  return { read: result.value.contacts, refused: result.value.refused };
}
