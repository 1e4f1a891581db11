// Writing contacts' changes to their Leads: find the Leads (cache, then the link field, then
// `salesforceleadid`), map the changes to field values, and send them through sObject Collections
// in requests of at most 200 records, each record with its own outcome.
import type { ConnectorError } from '../../domain/connector-error.ts';
import type { VerdictDecision } from '../../domain/crm-changes.ts';
import { isEmptyChange, mergeCrmChanges } from '../../domain/crm-changes.ts';
import type { Definitions } from '../../domain/definitions.ts';
import type { Result } from '../../domain/result.ts';
import { err, ok } from '../../domain/result.ts';
import type { CrmRecordChange, CrmWriteOutcome } from '../../ports/crm-write-back.ts';
import { resolveLeadLinks } from './lead-links.ts';
import type { LeadLinkCache } from './lead-links.ts';
import { COLLECTION_MAX_RECORDS, fromCollectionResults, toLeadFields } from './lead-writes.ts';
import type { LeadFieldValues, SentLead } from './lead-writes.ts';
import type { SalesforceSession } from './salesforce-session.ts';
import { linkFieldMissing } from './salesforce-session.ts';

export interface WriteContext {
  readonly session: SalesforceSession;
  readonly defs: Definitions;
  readonly links: LeadLinkCache;
  readonly now: Date;
  /** Told of each decision written, to recognise it when it comes back. */
  readonly remember: (contactId: string, decision: VerdictDecision) => void;
}

interface Pending {
  readonly lead: SentLead;
  readonly values: LeadFieldValues;
  readonly record: CrmRecordChange;
}

function validation(message: string): ConnectorError {
  return { code: 'validation', provider: 'salesforce', message };
}

/** One entry per contact, its changes merged: a Lead may appear once per collections request. */
function mergeByContact(records: readonly CrmRecordChange[]): Map<string, CrmRecordChange> {
  const merged = new Map<string, CrmRecordChange>();
  for (const record of records) {
    const before = merged.get(record.contactId);
    merged.set(
      record.contactId,
      before === undefined ? record : { ...record, changes: mergeCrmChanges(before.changes, record.changes) },
    );
  }
  return merged;
}

/** What each contact needs: nothing to send (an outcome now), or field values for its Lead. */
function plan(
  ctx: WriteContext,
  linkField: string,
  record: CrmRecordChange,
): { readonly outcome: CrmWriteOutcome } | { readonly pending: Pending } {
  const { contactId } = record;
  const link = ctx.links.get(contactId);
  if (link === undefined) return { outcome: { contactId, status: 'unlinked' } };
  if (link.converted) {
    return {
      outcome: {
        contactId,
        status: 'failed',
        final: true,
        error: validation(`Lead ${link.leadId} is converted: Salesforce keeps converted Leads read-only`),
      },
    };
  }
  const { values, skipped } = toLeadFields(record.changes, ctx.defs, ctx.session.fields.writable, ctx.now);
  if (link.fill) values[linkField] = contactId;
  if (Object.keys(values).length > 0)
    return { pending: { lead: { contactId, leadId: link.leadId }, values, record } };
  return {
    outcome: isEmptyChange(record.changes)
      ? { contactId, status: 'written', recordId: link.leadId }
      : {
          contactId,
          status: 'failed',
          final: true,
          error: validation(`no field of this change can be written on Lead: ${skipped.join(', ')}`),
        },
  };
}

/** Sends one request of ≤ 200 Leads; null when the whole request failed. */
async function sendBatch(
  ctx: WriteContext,
  linkField: string,
  batch: readonly Pending[],
  outcomes: Map<string, CrmWriteOutcome>,
): Promise<ConnectorError | null> {
  // Update Records Using sObject Collections: PATCH /composite/sobjects, each record with its type
  // and id; allOrNone false, so one refused record leaves the others written.
  const answer = await ctx.session.api.patch<unknown>('leads.update', '/composite/sobjects', {
    allOrNone: false,
    records: batch.map((item) => ({ attributes: { type: 'Lead' }, id: item.lead.leadId, ...item.values })),
  });
  if (!answer.ok) return answer.error;
  fromCollectionResults(
    batch.map((item) => item.lead),
    answer.value,
  ).forEach((result, index) => {
    const { contactId, leadId } = result;
    if (result.ok) {
      outcomes.set(contactId, { contactId, status: 'written', recordId: leadId });
      if (batch[index]?.values[linkField] !== undefined)
        ctx.links.set(contactId, { leadId, converted: false, fill: false });
      const verdict = batch[index]?.record.changes.verdict;
      if (verdict !== undefined)
        ctx.remember(contactId, { verdict: verdict.verdict, reasonCode: verdict.reasonCode });
      return;
    }
    outcomes.set(contactId, { contactId, status: 'failed', error: result.error, final: result.final });
    if (result.statusCode === 'CANNOT_UPDATE_CONVERTED_LEAD') {
      ctx.links.set(contactId, { leadId, converted: true, fill: false });
    } else if (result.error.code === 'not_found' || result.statusCode === 'DUPLICATE_VALUE') {
      // Deleted, merged away, or the link is another Lead's now: find it again next time.
      ctx.links.forget(contactId);
    }
  });
  return null;
}

export async function writeLeads(
  ctx: WriteContext,
  records: readonly CrmRecordChange[],
): Promise<Result<readonly CrmWriteOutcome[], ConnectorError>> {
  const linkField = ctx.session.fields.writable.get('link');
  if (linkField === undefined) return err(linkFieldMissing(ctx.defs));
  const merged = mergeByContact(records);
  const resolved = await resolveLeadLinks(
    ctx.session.api,
    ctx.links,
    linkField,
    [...merged.values()].map((r) => ({
      contactId: r.contactId,
      salesforceLeadId: r.hints?.salesforceLeadId,
    })),
  );
  if (!resolved.ok) return resolved;
  const outcomes = new Map<string, CrmWriteOutcome>();
  const pending: Pending[] = [];
  for (const record of merged.values()) {
    const planned = plan(ctx, linkField, record);
    if ('outcome' in planned) outcomes.set(record.contactId, planned.outcome);
    else pending.push(planned.pending);
  }
  let failure: ConnectorError | null = null;
  let sent = false;
  for (let start = 0; start < pending.length; start += COLLECTION_MAX_RECORDS) {
    const batch = pending.slice(start, start + COLLECTION_MAX_RECORDS);
    // After a failed request the rest is not sent: the same refusal (an outage, a revoked token,
    // the API allowance) would meet them.
    failure ??= await sendBatch(ctx, linkField, batch, outcomes);
    if (failure === null) {
      sent = true;
      continue;
    }
    for (const item of batch) {
      const { contactId } = item.lead;
      if (!outcomes.has(contactId))
        outcomes.set(contactId, { contactId, status: 'failed', error: failure, final: false });
    }
  }
  if (failure !== null && !sent) return err(failure);
  return ok([...merged.keys()].flatMap((id) => outcomes.get(id) ?? []));
}
