import type { ConnectorError } from '../../domain/connector-error.ts';
import type { CrmOwner } from '../../ports/crm-admin.ts';
import type { CrmContact, PropertyHistoryEntry } from '../../ports/crm-contacts.ts';
import type {
  HubSpotBatchError,
  HubSpotInstant,
  HubSpotRawContact,
  HubSpotRawOwner,
  HubSpotValueWithTimestamp,
} from './hubspot-types.ts';

export function toIsoInstant(instant: HubSpotInstant | undefined): string | null {
  if (instant === undefined) {
    return null;
  }
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function fromHistory(entries: readonly HubSpotValueWithTimestamp[]): PropertyHistoryEntry[] {
  const mapped = entries.flatMap((entry) => {
    const timestamp = toIsoInstant(entry.timestamp);
    return timestamp === null ? [] : [{ value: entry.value, timestamp }];
  });
  // HubSpot already answers newest first; sort anyway (stable), the evaluator relies on it.
  return mapped.sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
}

export function fromHubSpotContact(raw: HubSpotRawContact): CrmContact {
  const history: Record<string, PropertyHistoryEntry[]> = {};
  for (const [name, entries] of Object.entries(raw.propertiesWithHistory ?? {})) {
    history[name] = fromHistory(entries);
  }
  return {
    id: raw.id,
    properties: { ...raw.properties },
    history,
    createdAt: toIsoInstant(raw.createdAt),
    updatedAt: toIsoInstant(raw.updatedAt),
  };
}

export function fromHubSpotOwner(raw: HubSpotRawOwner): CrmOwner {
  const name = [raw.firstName, raw.lastName].filter((part) => part !== undefined && part !== '').join(' ');
  return {
    ownerId: raw.id,
    userId: raw.userId === undefined ? null : String(raw.userId),
    email: raw.email ?? null,
    name: name === '' ? (raw.email ?? raw.id) : name,
  };
}

/**
 * Spreads a 207 answer's errors over the inputs they name (`context.ids`); an error that names none
 * of our inputs applies to every input that did not come back updated, so nothing is silently lost.
 */
export function failuresFromBatchErrors(
  errors: readonly HubSpotBatchError[],
  requestedIds: readonly string[],
  updatedIds: ReadonlySet<string>,
): { readonly id: string; readonly error: ConnectorError }[] {
  const requested = new Set(requestedIds);
  const failed = new Map<string, ConnectorError>();
  for (const batchError of errors) {
    const named = (batchError.context?.ids ?? []).filter((id) => requested.has(id));
    const targets = named.length > 0 ? named : requestedIds.filter((id) => !updatedIds.has(id));
    const error = fromBatchError(batchError);
    for (const id of targets) {
      if (!failed.has(id)) {
        failed.set(id, error);
      }
    }
  }
  return [...failed].map(([id, error]) => ({ id, error }));
}

function fromBatchError(batchError: HubSpotBatchError): ConnectorError {
  const message = `HubSpot refused the update (${batchError.category}): ${batchError.message}`;
  switch (batchError.category) {
    case 'OBJECT_NOT_FOUND':
      return { code: 'not_found', provider: 'hubspot', message };
    case 'VALIDATION_ERROR':
    case 'INVALID_PARAMS':
    case 'PROPERTY_DOESNT_EXIST':
    case 'CONFLICT':
      return { code: 'validation', provider: 'hubspot', message };
    case 'RATE_LIMITS':
      return { code: 'rate_limited', provider: 'hubspot', message, retryAfterMs: 10_000 };
    default:
      return { code: 'unknown', provider: 'hubspot', message };
  }
}
