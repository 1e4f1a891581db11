import type { ConnectorError } from '../domain/connector-error.ts';
import type { Result } from '../domain/result.ts';
import { err, ok } from '../domain/result.ts';
import type { CrmContact, CrmContacts } from '../ports/crm-contacts.ts';

export interface ContactRefusal {
  readonly id: string;
  readonly error: ConnectorError;
}

export interface SplitRead {
  readonly contacts: readonly CrmContact[];
  /** Ids the CRM refused to read even alone: neither read nor missing, so never to be skipped silently. */
  readonly refused: readonly ContactRefusal[];
}

// A refusal of the whole call (400) says nothing about any one contact in it: it may be a limit
// (HubSpot's 50-input cap on history reads), or one odd id spoiling the batch. Halving finds out
// with few extra calls; only an id refused on its own is reported, and only to be kept, not dropped.
function refusesWholeCall(error: ConnectorError): boolean {
  return error.code === 'validation';
}

/**
 * Reads contacts with history. When the CRM refuses a whole call, the ids are split in halves and
 * read again, down to single ids. Ids the CRM reports missing are simply absent (deleted or merged
 * contacts). Any other failure (rate limit, outage, revoked token) is returned as is: the caller
 * retries the whole read later.
 */
export async function readContactsSplitting(
  crm: CrmContacts,
  ids: readonly string[],
  properties: readonly string[],
  historyProperties: readonly string[],
): Promise<Result<SplitRead, ConnectorError>> {
  if (ids.length === 0) return ok({ contacts: [], refused: [] });
  const read = await crm.readContacts(ids, properties, historyProperties);
  if (read.ok) return ok({ contacts: read.value, refused: [] });
  if (!refusesWholeCall(read.error)) return err(read.error);
  if (ids.length === 1) return ok({ contacts: [], refused: [{ id: ids[0] ?? '', error: read.error }] });
  const middle = Math.ceil(ids.length / 2);
  const first = await readContactsSplitting(crm, ids.slice(0, middle), properties, historyProperties);
  if (!first.ok) return first;
  const second = await readContactsSplitting(crm, ids.slice(middle), properties, historyProperties);
  if (!second.ok) return second;
  return ok({
    contacts: [...first.value.contacts, ...second.value.contacts],
    refused: [...first.value.refused, ...second.value.refused],
  });
}
