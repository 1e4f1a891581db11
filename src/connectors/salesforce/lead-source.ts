// Reading what sales did: one page per call of the Leads (or Opportunities) changed since the
// cursor, by SystemModstamp with an overlap, deduplicated, in our words.
import type { ConnectorError } from '../../domain/connector-error.ts';
import type { VerdictDecision } from '../../domain/crm-changes.ts';
import type { Definitions } from '../../domain/definitions.ts';
import { readFrom, takePage } from '../../domain/poll-window.ts';
import type { PollCursor } from '../../domain/poll-window.ts';
import type { Result } from '../../domain/result.ts';
import { err, ok } from '../../domain/result.ts';
import type { OpportunityFacts, PollPage, SalesLeadChange } from '../../ports/sales-source.ts';
import type { LeadLinkCache } from './lead-links.ts';
import { leadPollQuery, opportunityPollQuery, toLeadChanges, toOpportunityFacts } from './lead-poll.ts';
import { queryPage } from './salesforce-api.ts';
import type { QueryPage } from './salesforce-api.ts';
import { parseSalesforceDateTime } from './salesforce-datetime.ts';
import type { SalesforceSession } from './salesforce-session.ts';
import { linkFieldMissing } from './salesforce-session.ts';
import type { SalesforceRecord } from './salesforce-types.ts';

export interface SourceContext {
  readonly session: SalesforceSession;
  readonly defs: Definitions;
  readonly links: LeadLinkCache;
  readonly overlapMs: number;
  readonly knownDecisions: (
    contactIds: readonly string[],
  ) => Promise<ReadonlyMap<string, VerdictDecision | null>>;
}

/** The cursor's next page, or a new read; a next page that expired starts the read again. */
async function readPage(
  ctx: SourceContext,
  operation: string,
  cursor: PollCursor,
  soql: string,
): Promise<Result<QueryPage<SalesforceRecord>, ConnectorError>> {
  const { api } = ctx.session;
  if (cursor.next === null) return queryPage<SalesforceRecord>(api, operation, { soql });
  const page = await queryPage<SalesforceRecord>(api, operation, { next: cursor.next });
  // A next page unused for 15 minutes expires (INVALID_QUERY_LOCATOR): read again from the
  // watermark; what was already returned is recognised and dropped.
  if (!page.ok && page.error.message.startsWith('INVALID_QUERY_LOCATOR')) {
    return queryPage<SalesforceRecord>(api, operation, { soql });
  }
  return page;
}

function stamped(records: readonly SalesforceRecord[]) {
  return records.flatMap((record) => {
    const id = record['Id'];
    const stamp = parseSalesforceDateTime(record['SystemModstamp']);
    return typeof id === 'string' && stamp !== null ? [{ id, stamp, record }] : [];
  });
}

export async function pollLeadPage(
  ctx: SourceContext,
  cursor: PollCursor,
): Promise<Result<PollPage<SalesLeadChange>, ConnectorError>> {
  const { session } = ctx;
  const linkField = session.fields.readable.get('link');
  if (linkField === undefined) return err(linkFieldMissing(ctx.defs));
  const soql = leadPollQuery(session.fields.readable, readFrom(cursor, ctx.overlapMs));
  const page = await readPage(ctx, 'leads.poll', cursor, soql);
  if (!page.ok) return page;
  const { fresh, cursor: after } = takePage(
    cursor,
    stamped(page.value.records),
    page.value.next,
    ctx.overlapMs,
  );
  const contactIds = fresh.flatMap(({ record }) => {
    const contactId = record[linkField];
    return typeof contactId === 'string' && contactId !== '' ? [contactId] : [];
  });
  const known = await ctx.knownDecisions(contactIds);
  const items: SalesLeadChange[] = [];
  for (const { id, record } of fresh) {
    const contactId = record[linkField];
    // Every Lead read is a link learned: its next write needs no query.
    if (typeof contactId === 'string' && contactId !== '') {
      ctx.links.set(contactId, { leadId: id, converted: record['IsConverted'] === true, fill: false });
    }
    items.push(
      ...toLeadChanges(record, {
        defs: ctx.defs,
        readable: session.fields.readable,
        integrationUserId: session.integrationUserId,
        known,
      }),
    );
  }
  return ok({ items, cursor: after, done: page.value.next === null });
}

export async function pollOpportunityPage(
  ctx: SourceContext,
  cursor: PollCursor,
): Promise<Result<PollPage<OpportunityFacts>, ConnectorError>> {
  const linkField = ctx.session.fields.readable.get('link');
  if (linkField === undefined) return err(linkFieldMissing(ctx.defs));
  const soql = opportunityPollQuery(linkField, readFrom(cursor, ctx.overlapMs));
  const page = await readPage(ctx, 'opportunities.poll', cursor, soql);
  if (!page.ok) return page;
  const { fresh, cursor: after } = takePage(
    cursor,
    stamped(page.value.records),
    page.value.next,
    ctx.overlapMs,
  );
  const items = fresh.flatMap(({ record }) => toOpportunityFacts(record) ?? []);
  return ok({ items, cursor: after, done: page.value.next === null });
}
