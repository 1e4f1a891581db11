// The incremental reads of Leads and Opportunities, and what a changed Lead means in our words.
// Pure: queries are built from the field map and the instant to read from.
import type { VerdictDecision } from '../../domain/crm-changes.ts';
import { sameDecision } from '../../domain/crm-changes.ts';
import type { Definitions, VerdictKind } from '../../domain/definitions.ts';
import { VERDICT_KINDS } from '../../domain/definitions.ts';
import type { OpportunityFacts, SalesLeadChange } from '../../ports/sales-source.ts';
import type { LeadFieldKey } from './lead-describe.ts';
import { sameId } from './lead-links.ts';
import { parseSalesforceDate, parseSalesforceDateTime, toSoqlDateTime } from './salesforce-datetime.ts';
import type { SalesforceRecord } from './salesforce-types.ts';

// SystemModstamp rather than LastModifiedDate: it also moves on system changes, is indexed, and
// LastModifiedDate ≤ SystemModstamp always (Salesforce Help 000386977). Only Leads the product
// linked are read. Of our long text fields only the note is selected: a query selecting two or
// more long text custom fields gets pages of at most 200 rows instead of 2,000 (SOQL and SOSL
// Reference, "Change the Batch Size in Queries").
const LEAD_STANDARD_FIELDS = [
  'Id',
  'SystemModstamp',
  'LastModifiedDate',
  'LastModifiedById',
  'LastModifiedBy.Email',
  'IsConverted',
  'ConvertedDate',
  'ConvertedOpportunityId',
];
const LEAD_MAPPED: readonly LeadFieldKey[] = ['link', 'verdict', 'reason', 'note', 'decidedAt', 'decidedBy'];

export function leadPollQuery(readable: ReadonlyMap<LeadFieldKey, string>, from: Date): string {
  const link = readable.get('link');
  if (link === undefined) throw new Error('the link field is needed to read Leads');
  const mapped = LEAD_MAPPED.flatMap((key) => {
    const name = readable.get(key);
    return name === undefined ? [] : [name];
  });
  return (
    `SELECT ${[...LEAD_STANDARD_FIELDS, ...mapped].join(', ')} FROM Lead ` +
    `WHERE SystemModstamp >= ${toSoqlDateTime(from)} AND ${link} != null ` +
    'ORDER BY SystemModstamp ASC, Id ASC'
  );
}

// Opportunities of converted Leads the product linked (a semi-join on ConvertedOpportunityId),
// changed since `from`. Amount is in the org's currency (multi-currency orgs: the record's).
export function opportunityPollQuery(linkField: string, from: Date): string {
  return (
    'SELECT Id, SystemModstamp, CreatedDate, IsClosed, IsWon, CloseDate, Amount, StageName FROM Opportunity ' +
    `WHERE SystemModstamp >= ${toSoqlDateTime(from)} ` +
    `AND Id IN (SELECT ConvertedOpportunityId FROM Lead WHERE IsConverted = true AND ${linkField} != null) ` +
    'ORDER BY SystemModstamp ASC, Id ASC'
  );
}

function text(record: SalesforceRecord, field: string | undefined): string | null {
  if (field === undefined) return null;
  const value = record[field];
  return typeof value === 'string' && value !== '' ? value : null;
}

function relationText(record: SalesforceRecord, relation: string, field: string): string | null {
  const nested = record[relation];
  if (typeof nested !== 'object' || nested === null) return null;
  const value = (nested as Record<string, unknown>)[field];
  return typeof value === 'string' && value !== '' ? value : null;
}

export interface LeadChangeContext {
  readonly defs: Definitions;
  readonly readable: ReadonlyMap<LeadFieldKey, string>;
  readonly integrationUserId: string;
  /**
   * The decision the product already holds for a contact: a decision, null when it holds none,
   * absent when it cannot tell (then a Lead last modified by the integration user is ours).
   */
  readonly known: ReadonlyMap<string, VerdictDecision | null>;
}

function refusal(verdict: string | null, reason: string | null, defs: Definitions): string | null {
  if (verdict === null) return `a reason (${reason ?? ''}) without a verdict`;
  if (!(VERDICT_KINDS as readonly string[]).includes(verdict)) {
    return `'${verdict}' is not a verdict (accepted, rejected or recycled)`;
  }
  if (reason === null) return `the verdict '${verdict}' has no reason`;
  const match = defs.reasons.find((r) => r.code === reason);
  if (match === undefined) return `'${reason}' is not a reason of the definitions ${defs.version}`;
  if (match.verdict !== verdict)
    return `'${reason}' is a reason for '${match.verdict}', not for '${verdict}'`;
  return null;
}

/**
 * What a changed Lead means: a verdict a sales user set (or one the definitions refuse), and its
 * conversion. A Lead last modified by the integration user is our own write and brings no verdict,
 * unless its decision differs from the one the product holds: then someone set it between our
 * writes, and it is attributed from the Lead's own decidedBy/decidedAt fields (the Lead page sets
 * them).
 */
export function toLeadChanges(record: SalesforceRecord, ctx: LeadChangeContext): SalesLeadChange[] {
  const { readable } = ctx;
  const contactId = text(record, readable.get('link'));
  const leadId = text(record, 'Id');
  if (contactId === null || leadId === null) return [];
  const changes: SalesLeadChange[] = [];
  // Without both fields a decision cannot be read whole: none is reported (salesforce:check says why).
  const complete = readable.has('verdict') && readable.has('reason');
  const verdict = complete ? text(record, readable.get('verdict')) : null;
  const reason = complete ? text(record, readable.get('reason')) : null;
  const decision =
    verdict === null && reason === null ? null : { verdict: verdict ?? '', reasonCode: reason ?? '' };
  const known = ctx.known.get(contactId);
  const byUs = sameId(text(record, 'LastModifiedById'), ctx.integrationUserId);
  const ours =
    decision === null ||
    (known !== undefined && sameDecision(known, decision)) ||
    (byUs && known === undefined);
  if (!ours) {
    const modifiedAt = parseSalesforceDateTime(record['LastModifiedDate'])?.toISOString() ?? null;
    const attributed = byUs
      ? {
          decidedAt:
            parseSalesforceDateTime(text(record, readable.get('decidedAt')))?.toISOString() ?? modifiedAt,
          decidedBy: text(record, readable.get('decidedBy')),
          decidedByUserId: null,
        }
      : {
          decidedAt: modifiedAt,
          decidedBy: relationText(record, 'LastModifiedBy', 'Email'),
          decidedByUserId: text(record, 'LastModifiedById'),
        };
    const decidedAt = attributed.decidedAt ?? new Date(0).toISOString();
    const problem = refusal(verdict, reason, ctx.defs);
    if (problem === null) {
      const note = text(record, readable.get('note'));
      changes.push({
        kind: 'verdict',
        contactId,
        recordId: leadId,
        verdict: verdict as VerdictKind,
        reasonCode: reason ?? '',
        note,
        decidedAt,
        decidedBy: attributed.decidedBy,
        decidedByUserId: attributed.decidedByUserId,
      });
    } else {
      changes.push({
        kind: 'verdict_refused',
        contactId,
        recordId: leadId,
        verdict,
        reasonCode: reason,
        problem,
        decidedAt,
        decidedBy: attributed.decidedBy,
      });
    }
  }
  if (record['IsConverted'] === true) {
    changes.push({
      kind: 'converted',
      contactId,
      recordId: leadId,
      opportunityId: text(record, 'ConvertedOpportunityId'),
      convertedOn: parseSalesforceDate(record['ConvertedDate']),
    });
  }
  return changes;
}

export function toOpportunityFacts(record: SalesforceRecord): OpportunityFacts | null {
  const id = text(record, 'Id');
  const createdAt = parseSalesforceDateTime(record['CreatedDate']);
  const modifiedAt = parseSalesforceDateTime(record['SystemModstamp']);
  if (id === null || createdAt === null || modifiedAt === null) return null;
  const amount = record['Amount'];
  return {
    opportunityId: id,
    createdAt: createdAt.toISOString(),
    isClosed: record['IsClosed'] === true,
    isWon: record['IsWon'] === true,
    closeDate: parseSalesforceDate(record['CloseDate']),
    amount: typeof amount === 'number' && Number.isFinite(amount) ? amount : null,
    stageName: text(record, 'StageName'),
    modifiedAt: modifiedAt.toISOString(),
  };
}
