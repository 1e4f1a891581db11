// The product's changes as Lead field values, and sObject Collections answers as per-record
// outcomes. Pure: the write instant is an argument.
import type { ConnectorError } from '../../domain/connector-error.ts';
import type { CrmChanges } from '../../domain/crm-changes.ts';
import type { Definitions } from '../../domain/definitions.ts';
import { formatGroundsText } from '../../domain/grounds-text.ts';
import { formatLeadPageDetails } from '../../domain/lead-page-details.ts';
import type { LeadFieldKey } from './lead-describe.ts';
import { isFinal, recordError } from './salesforce-errors.ts';
import { toSalesforceDateTime } from './salesforce-datetime.ts';
import type { SalesforceSaveResult } from './salesforce-types.ts';

// Update Records Using sObject Collections (REST API Developer Guide): "The list can contain up to
// 200 objects"; more is refused as a whole with 400 EXCEEDED_ID_LIMIT ("record limit reached.
// cannot submit more than 200 records into this call").
export const COLLECTION_MAX_RECORDS = 200;

export type LeadFieldValues = Record<string, string | null>;

/**
 * The Lead field values for a change: datetimes in Salesforce's format, picklists as their codes,
 * the grounds one line per condition, the Lead page's details as its JSON document; `null` clears.
 * Fields the integration user cannot write (missing, mistyped, read-only) are left out and named.
 */
export function toLeadFields(
  changes: CrmChanges,
  defs: Definitions,
  writable: ReadonlyMap<LeadFieldKey, string>,
  now: Date,
): { readonly values: LeadFieldValues; readonly skipped: readonly LeadFieldKey[] } {
  const wanted: [LeadFieldKey, string | null][] = [];
  const { qualification, verdict, slaStatus, verdictDueAt, leadPage } = changes;
  if (qualification !== undefined) {
    wanted.push(
      ['definitionVersion', qualification.definitionVersion],
      ['qualifiedAt', toSalesforceDateTime(qualification.qualifiedAt)],
      ['grounds', formatGroundsText(defs, qualification.grounds)],
      ['handoffDueAt', toSalesforceDateTime(qualification.handoffDueAt)],
    );
  }
  if (verdict !== undefined) {
    wanted.push(
      ['verdict', verdict.verdict],
      ['reason', verdict.reasonCode],
      ['note', verdict.note === null || verdict.note === '' ? null : verdict.note],
      ['decidedAt', toSalesforceDateTime(verdict.decidedAt)],
      ['decidedBy', verdict.decidedBy],
    );
  }
  if (slaStatus !== undefined) wanted.push(['slaStatus', slaStatus]);
  if (verdictDueAt !== undefined) {
    wanted.push(['verdictDueAt', verdictDueAt === null ? null : toSalesforceDateTime(verdictDueAt)]);
  }
  if (leadPage !== undefined) wanted.push(['handoffDetails', formatLeadPageDetails(leadPage, now)]);
  const values: LeadFieldValues = {};
  const skipped: LeadFieldKey[] = [];
  for (const [key, value] of wanted) {
    const name = writable.get(key);
    if (name === undefined) skipped.push(key);
    else values[name] = value;
  }
  return { values, skipped };
}

/** One Lead of a collections request. */
export interface SentLead {
  readonly contactId: string;
  readonly leadId: string;
}

export type LeadWriteResult =
  | { readonly contactId: string; readonly leadId: string; readonly ok: true }
  | {
      readonly contactId: string;
      readonly leadId: string;
      readonly ok: false;
      readonly error: ConnectorError;
      readonly final: boolean;
      /** Salesforce's own code, e.g. CANNOT_UPDATE_CONVERTED_LEAD. */
      readonly statusCode: string;
    };

function isSaveResult(value: unknown): value is SalesforceSaveResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { success?: unknown }).success === 'boolean'
  );
}

/**
 * Per-record outcomes of a collections answer, which lists results in request order. A record the
 * answer does not account for is `unknown`, never counted as written.
 */
export function fromCollectionResults(sent: readonly SentLead[], answer: unknown): LeadWriteResult[] {
  const results = Array.isArray(answer) ? (answer as unknown[]) : [];
  return sent.map((lead, index) => {
    const result = results[index];
    if (!isSaveResult(result)) {
      return {
        ...lead,
        ok: false,
        statusCode: 'UNKNOWN',
        final: false,
        error: { code: 'unknown', provider: 'salesforce', message: 'Salesforce did not report this record' },
      };
    }
    if (result.success) return { ...lead, ok: true };
    const first = result.errors[0];
    const statusCode = first?.statusCode ?? first?.errorCode ?? 'UNKNOWN';
    const error = recordError(statusCode, first?.message ?? 'no message', first?.fields ?? []);
    return { ...lead, ok: false, statusCode, error, final: isFinal(error) };
  });
}
