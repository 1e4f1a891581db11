import type { CrmContact, PropertyHistoryEntry } from '../ports/crm-contacts.ts';
import type { WebhookEvent } from './webhook-events.ts';

/**
 * Folds property-change events into a contact we already know, oldest first, when the CRM cannot
 * be read (no HubSpot token). An event older than the property's latest known change is history,
 * not the current value, so out-of-order delivery cannot roll a property back.
 */
export function applyEvents(
  contactId: string,
  known: Pick<CrmContact, 'properties' | 'history'> | null,
  events: readonly WebhookEvent[],
): CrmContact {
  const properties: Record<string, string | null> = { ...(known?.properties ?? {}) };
  const history: Record<string, PropertyHistoryEntry[]> = {};
  for (const [name, entries] of Object.entries(known?.history ?? {})) history[name] = [...entries];
  let updatedAt: string | null = null;
  const ordered = [...events].sort((a, b) => a.occurredAt - b.occurredAt);
  for (const event of ordered) {
    const at = new Date(event.occurredAt).toISOString();
    if (updatedAt === null || at > updatedAt) updatedAt = at;
    if (event.propertyName === undefined || event.propertyValue === undefined) continue;
    const entries = history[event.propertyName] ?? [];
    const entry = { value: event.propertyValue, timestamp: at };
    const newer = entries.findIndex((existing) => existing.timestamp <= at);
    if (newer === 0 || entries.length === 0) {
      entries.unshift(entry);
      properties[event.propertyName] = event.propertyValue;
    } else {
      entries.splice(newer === -1 ? entries.length : newer, 0, entry);
    }
    history[event.propertyName] = entries;
  }
  return { id: contactId, properties, history, createdAt: null, updatedAt };
}
