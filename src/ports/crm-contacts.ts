import type { ConnectorError } from '../domain/connector-error.ts';
import type { Result } from '../domain/result.ts';

/** One value a property held, and since when (HubSpot's `propertiesWithHistory`). */
export interface PropertyHistoryEntry {
  readonly value: string;
  /** ISO-8601 instant the property took this value. */
  readonly timestamp: string;
}

/** A contact as our services see it, whatever CRM it came from. */
export interface CrmContact {
  readonly id: string;
  readonly properties: Readonly<Record<string, string | null>>;
  /** Newest first, per property; only for the properties asked with history. */
  readonly history: Readonly<Record<string, readonly PropertyHistoryEntry[]>>;
  readonly createdAt: string | null;
  readonly updatedAt: string | null;
}

export interface ContactSearchPage {
  readonly contacts: readonly CrmContact[];
  readonly total: number;
  /** Cursor of the next page within the same query, or null at the end. */
  readonly nextAfter: string | null;
}

export interface ContactSearchQuery {
  /** Inclusive lower bound on `lastmodifieddate`. */
  readonly modifiedFrom: Date;
  /** Exclusive upper bound on `lastmodifieddate`. */
  readonly modifiedTo: Date;
  readonly properties: readonly string[];
  readonly after?: string;
  /** ≤ 200 (HubSpot's cap per search page). */
  readonly limit: number;
}

export interface ContactUpdate {
  readonly id: string;
  readonly properties: Readonly<Record<string, string>>;
}

export interface ContactUpdateOutcome {
  readonly updated: readonly string[];
  /** Inputs HubSpot refused individually (207 multi-status), each with its mapped error. */
  readonly failed: readonly { readonly id: string; readonly error: ConnectorError }[];
}

/** The contacts side of a CRM: read (with history), search by modification window, batch update. */
export interface CrmContacts {
  /**
   * Reads contacts by id; the adapter chunks into calls its CRM accepts (HubSpot: ≤ 100 ids, ≤ 50
   * when history is asked). Unknown ids are simply absent. A `validation` failure refuses the whole
   * call: nothing in it was read, and nothing may be taken as missing.
   */
  readContacts(
    ids: readonly string[],
    properties: readonly string[],
    propertiesWithHistory: readonly string[],
  ): Promise<Result<readonly CrmContact[], ConnectorError>>;
  /** One page of a search on `lastmodifieddate` in [modifiedFrom, modifiedTo), sorted ascending. */
  searchContacts(query: ContactSearchQuery): Promise<Result<ContactSearchPage, ConnectorError>>;
  /** Updates ≤ 100 contacts in one call. */
  updateContacts(updates: readonly ContactUpdate[]): Promise<Result<ContactUpdateOutcome, ConnectorError>>;
}
