import type { ConnectorError } from '../domain/connector-error.ts';
import type { CrmChanges } from '../domain/crm-changes.ts';
import type { Result } from '../domain/result.ts';

/** The CRMs the product writes to; each has its own outbox rows, credentials and outcomes. */
export type WriteBackTarget = 'hubspot' | 'salesforce';

/** What to write for one contact. */
export interface CrmRecordChange {
  /** The contact (our key: the HubSpot contact id). */
  readonly contactId: string;
  readonly changes: CrmChanges;
  /**
   * Ids other systems recorded for this contact, used to find its record when nothing links it yet:
   * `salesforceLeadId` is HubSpot's `salesforceleadid` property, set by HubSpot's own Salesforce
   * connector.
   */
  readonly hints?: { readonly salesforceLeadId?: string | null };
  /**
   * Values queued in the target's own words before the outbox kept changes in ours (rows from an
   * earlier release, HubSpot property values): sent as they are, under the change's own values.
   */
  readonly carried?: Readonly<Record<string, string>>;
}

export type CrmWriteOutcome =
  | {
      readonly contactId: string;
      readonly status: 'written';
      /** The CRM record written (a HubSpot contact id, a Salesforce Lead id). */
      readonly recordId: string;
    }
  | {
      readonly contactId: string;
      readonly status: 'failed';
      readonly error: ConnectorError;
      /**
       * True when sending the same change again cannot succeed (the record was deleted or
       * converted, a validation rule refused a value): record it and stop. False for failures that
       * clear (a locked row, an outage, a rate limit): the durable queue tries again later.
       */
      readonly final: boolean;
    }
  | {
      readonly contactId: string;
      /**
       * No record of this CRM is the contact's (yet): nothing was written. Not an error: HubSpot's
       * own Salesforce connector may create the Lead minutes later, so a later change can find it.
       */
      readonly status: 'unlinked';
    };

/**
 * Where the product's facts about a contact are written in a CRM. One call writes many contacts
 * with as few requests as the CRM allows (`maxBatchSize` per request); each contact gets its own
 * outcome, so one bad record never holds the others back. The call itself fails (an error Result)
 * only when nothing could be written: the CRM unreachable, the credentials revoked, its API
 * allowance used up.
 */
export interface CrmWriteBack {
  /** Records per request: the outbox claims this many for one call. */
  readonly maxBatchSize: number;
  /** Writes each change (any number; the connector splits them into requests of `maxBatchSize`). */
  write(records: readonly CrmRecordChange[]): Promise<Result<readonly CrmWriteOutcome[], ConnectorError>>;
}

/** One portal's writes to one CRM: only that portal's outbox rows for that target go through it. */
export interface WriteBackRoute {
  readonly portalId: string;
  readonly target: WriteBackTarget;
  readonly writeBack: CrmWriteBack;
}
