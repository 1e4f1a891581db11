// Which Lead is a contact's. A contact's Lead is the Lead whose link field holds the contact id;
// when none does, the Lead named by the contact's HubSpot property `salesforceleadid` (set by
// HubSpot's own Salesforce connector) is used, and our next write fills its link field. Links are
// remembered, so a write to a known Lead costs no query.
import type { ConnectorError } from '../../domain/connector-error.ts';
import type { Result } from '../../domain/result.ts';
import { ok } from '../../domain/result.ts';
import type { SalesforceApi } from './salesforce-api.ts';
import { queryAll } from './salesforce-api.ts';
import type { SalesforceRecord } from './salesforce-types.ts';
import { inListQueries } from './soql.ts';

export interface LeadLink {
  readonly leadId: string;
  /** Converted Leads are read-only (CANNOT_UPDATE_CONVERTED_LEAD). */
  readonly converted: boolean;
  /** Found through `salesforceleadid`: the link field is still empty and must be filled. */
  readonly fill: boolean;
}

/** Contact id → its Lead, remembered between writes and polls (bounded, oldest forgotten first). */
export interface LeadLinkCache {
  get(contactId: string): LeadLink | undefined;
  set(contactId: string, link: LeadLink): void;
  forget(contactId: string): void;
  readonly size: number;
}

export function createLeadLinkCache(maxEntries = 200_000): LeadLinkCache {
  const links = new Map<string, LeadLink>();
  return {
    get: (contactId) => links.get(contactId),
    set(contactId, link) {
      links.delete(contactId);
      links.set(contactId, link);
      if (links.size > maxEntries) {
        const oldest = links.keys().next();
        if (oldest.done !== true) links.delete(oldest.value);
      }
    },
    forget: (contactId) => {
      links.delete(contactId);
    },
    get size() {
      return links.size;
    },
  };
}

// A Lead id: key prefix 00Q, 15 characters, or 18 with the case-safe suffix.
const LEAD_ID = /^00Q[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

/** Salesforce ids compare on their first 15 characters (the 18-character form adds a checksum). */
export function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
  return typeof a === 'string' && typeof b === 'string' && a.slice(0, 15) === b.slice(0, 15);
}

export interface LinkWanted {
  readonly contactId: string;
  readonly salesforceLeadId?: string | null | undefined;
}

function text(record: SalesforceRecord, field: string): string | null {
  const value = record[field];
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * Finds the Leads of contacts not in the cache and remembers them. Two queries at most per ~400
 * contacts: by link field, then by `salesforceleadid` for the rest (a Lead whose link field holds
 * another contact is left alone). Contacts without a Lead stay out of the cache.
 */
export async function resolveLeadLinks(
  api: SalesforceApi,
  cache: LeadLinkCache,
  linkField: string,
  wanted: readonly LinkWanted[],
): Promise<Result<void, ConnectorError>> {
  const unknown = wanted.filter((w) => cache.get(w.contactId) === undefined);
  if (unknown.length === 0) return ok(undefined);
  const urlPrefixBytes = `${api.conn.instanceUrl}/services/data/v${api.conn.version}`.length;
  const select = `SELECT Id, IsConverted, ${linkField} FROM Lead`;
  const claimed = new Set<string>();
  for (const soql of inListQueries({
    select,
    field: linkField,
    values: unknown.map((w) => w.contactId),
    urlPrefixBytes,
  })) {
    const rows = await queryAll<SalesforceRecord>(api, 'leads.byLink', soql);
    if (!rows.ok) return rows;
    // The deployed link field is unique; an org whose own field is not may have several Leads for
    // one contact: an open one wins over a converted one.
    for (const row of rows.value) {
      const contactId = text(row, linkField);
      const leadId = text(row, 'Id');
      if (contactId === null || leadId === null) continue;
      const known = cache.get(contactId);
      const converted = row['IsConverted'] === true;
      if (known !== undefined && !known.converted) continue;
      cache.set(contactId, { leadId, converted, fill: false });
      claimed.add(leadId.slice(0, 15));
    }
  }
  const hinted = unknown.filter(
    (w) =>
      cache.get(w.contactId) === undefined &&
      typeof w.salesforceLeadId === 'string' &&
      LEAD_ID.test(w.salesforceLeadId),
  );
  if (hinted.length === 0) return ok(undefined);
  const selectById = `SELECT Id, IsConverted, ${linkField} FROM Lead`;
  const byLead = new Map<string, string>();
  for (const w of hinted) {
    const key = (w.salesforceLeadId ?? '').slice(0, 15);
    // Two contacts naming one Lead (a merged contact): the first keeps it.
    if (!byLead.has(key) && !claimed.has(key)) byLead.set(key, w.contactId);
  }
  const ids = hinted
    .map((w) => w.salesforceLeadId ?? '')
    .filter((id) => byLead.get(id.slice(0, 15)) !== undefined);
  for (const soql of inListQueries({ select: selectById, field: 'Id', values: ids, urlPrefixBytes })) {
    const rows = await queryAll<SalesforceRecord>(api, 'leads.byId', soql);
    if (!rows.ok) return rows;
    for (const row of rows.value) {
      const leadId = text(row, 'Id');
      if (leadId === null) continue;
      const contactId = byLead.get(leadId.slice(0, 15));
      if (contactId === undefined) continue;
      const holder = text(row, linkField);
      if (holder !== null && holder !== contactId) continue;
      cache.set(contactId, { leadId, converted: row['IsConverted'] === true, fill: holder === null });
    }
  }
  return ok(undefined);
}
