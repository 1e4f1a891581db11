// Reads what sales did in the sales CRM (Salesforce) since the last read and makes it the
// product's: a rep's verdict becomes a verdict (attributed to that user, at the Lead's
// LastModifiedDate, closing the verdict deadline, written to HubSpot like a card verdict), a verdict
// outside the definitions is recorded as refused, a conversion links the contact to its
// opportunity, and opportunities feed the funnel. The cursors are stored after each page, so a
// crash or a deploy resumes where the last recorded page ended.
import type { ConnectorError } from '../domain/connector-error.ts';
import type { Definitions } from '../domain/definitions.ts';
import type { SlaClock } from '../domain/sla-clock.ts';
import { startPollCursor } from '../domain/poll-window.ts';
import type { PollCursor } from '../domain/poll-window.ts';
import type { Logger } from '../logging/logger.ts';
import type { WriteBackTarget } from '../ports/crm-write-back.ts';
import type { SalesLeadChange, SalesSource } from '../ports/sales-source.ts';
import type { SyncCursorStore } from '../ports/sync-cursor-store.ts';
import type { Database } from '../storage/database.ts';
import { findOpportunityOwners, recordConversion, recordRefusal } from '../storage/salesforce-repository.ts';
import { recordOpportunities } from './record-opportunities.ts';
import { recordVerdict } from './record-verdict.ts';

export interface SalesPollDeps {
  readonly db: Database;
  readonly definitions: Definitions;
  readonly clock: SlaClock;
  readonly now: () => Date;
  readonly logger: Logger;
  readonly source: SalesSource;
  readonly cursors: SyncCursorStore;
  readonly writeBackTargets: readonly WriteBackTarget[];
  /** Wakes the write-back loop when a verdict was recorded. */
  readonly onWriteBackQueued: () => void;
  /** Pages read per run at most (the next run goes on from the stored cursor). */
  readonly maxPages?: number;
}

export interface SalesPollResult {
  readonly pages: number;
  readonly verdicts: number;
  readonly refused: number;
  readonly conversions: number;
  readonly opportunities: number;
  /** The read stopped early (the next run resumes from the stored cursor). */
  readonly error: ConnectorError | null;
}

export const LEADS_CURSOR = 'salesforce:leads';
export const OPPORTUNITIES_CURSOR = 'salesforce:opportunities';
const MAX_PAGES = 50;

const cursorName = (name: string, portalId: string) => `${name}:${portalId}`;

/** One run: Leads first (so conversions are known), then Opportunities, each to its end. */
export async function pollSalesSource(deps: SalesPollDeps, portalId: string): Promise<SalesPollResult> {
  const totals = { pages: 0, verdicts: 0, refused: 0, conversions: 0, opportunities: 0 };
  const maxPages = deps.maxPages ?? MAX_PAGES;
  const leads = await readAll(deps, cursorName(LEADS_CURSOR, portalId), maxPages, async (cursor) => {
    const page = await deps.source.pollLeads(cursor);
    if (page.ok) for (const change of page.value.items) await apply(deps, portalId, change, totals);
    return page;
  });
  totals.pages += leads.pages;
  if (leads.error !== null) return { ...totals, error: leads.error };
  const opportunities = await readAll(
    deps,
    cursorName(OPPORTUNITIES_CURSOR, portalId),
    maxPages,
    async (cursor) => {
      const page = await deps.source.pollOpportunities(cursor);
      if (!page.ok || page.value.items.length === 0) return page;
      const owners = await findOpportunityOwners(
        deps.db,
        portalId,
        page.value.items.map((o) => o.opportunityId),
      );
      const linked = page.value.items.flatMap((o) => {
        const contactId = owners.get(o.opportunityId);
        if (contactId === undefined) {
          deps.logger.warn(
            { opportunityId: o.opportunityId },
            'Salesforce opportunity of no converted Lead we read: not linked to a contact',
          );
          return [];
        }
        return [
          {
            id: o.opportunityId,
            contactId,
            createdAt: new Date(o.createdAt),
            isWon: o.isWon,
            closeDate: o.closeDate,
            amount: o.amount,
          },
        ];
      });
      const recorded = await recordOpportunities(deps, portalId, 'salesforce', linked);
      totals.opportunities += recorded.recorded;
      for (const refused of recorded.refused)
        deps.logger.warn(refused, 'Salesforce opportunity refused as malformed');
      return page;
    },
  );
  totals.pages += opportunities.pages;
  return { ...totals, error: opportunities.error };
}

async function readAll(
  deps: SalesPollDeps,
  name: string,
  maxPages: number,
  readPage: (
    cursor: PollCursor,
  ) => Promise<
    | { ok: true; value: { readonly cursor: PollCursor; readonly done: boolean } }
    | { ok: false; error: ConnectorError }
  >,
): Promise<{ pages: number; error: ConnectorError | null }> {
  // The first read starts at the epoch: every linked Lead once (their current decisions are
  // compared with the product's, so only a decision the product does not hold becomes a verdict).
  let cursor = (await deps.cursors.load<PollCursor>(name)) ?? startPollCursor(new Date(0));
  for (let pages = 0; pages < maxPages;) {
    const page = await readPage(cursor);
    if (!page.ok) return { pages, error: page.error };
    pages += 1;
    cursor = page.value.cursor;
    await deps.cursors.save(name, cursor);
    if (page.value.done) return { pages, error: null };
  }
  return { pages: maxPages, error: null };
}

async function apply(
  deps: SalesPollDeps,
  portalId: string,
  change: SalesLeadChange,
  totals: { verdicts: number; refused: number; conversions: number },
): Promise<void> {
  switch (change.kind) {
    case 'verdict': {
      const outcome = await recordVerdict(
        { ...deps, crmAdmin: null, onWriteBackQueued: deps.onWriteBackQueued },
        {
          portalId,
          contactId: change.contactId,
          verdict: change.verdict,
          reasonCode: change.reasonCode,
          note: change.note,
          // The same change read again (the overlap, a retried page) is the same verdict.
          idempotencyKey: `salesforce:${change.recordId}:${change.decidedAt}`,
          userId: change.decidedByUserId,
          userEmail: change.decidedBy,
          decidedAt: new Date(change.decidedAt),
          madeIn: 'salesforce',
        },
      );
      if (outcome.kind === 'recorded') {
        if (!outcome.replayed) {
          totals.verdicts += 1;
          deps.logger.info(
            {
              contactId: change.contactId,
              leadId: change.recordId,
              verdict: change.verdict,
              by: change.decidedBy,
            },
            'verdict recorded from Salesforce',
          );
        }
        return;
      }
      if (outcome.kind === 'not_found') {
        deps.logger.warn(
          { contactId: change.contactId, leadId: change.recordId },
          'Salesforce verdict for a contact the product does not track: skipped',
        );
        return;
      }
      deps.logger.warn(
        { contactId: change.contactId, leadId: change.recordId, outcome: outcome.kind },
        'Salesforce verdict not recorded',
      );
      return;
    }
    case 'verdict_refused': {
      const fresh = await recordRefusal(deps.db, portalId, change, deps.now());
      if (fresh) {
        totals.refused += 1;
        deps.logger.warn(
          {
            contactId: change.contactId,
            leadId: change.recordId,
            verdict: change.verdict,
            reasonCode: change.reasonCode,
            by: change.decidedBy,
          },
          `Salesforce verdict refused: ${change.problem}`,
        );
      }
      return;
    }
    case 'converted':
      await recordConversion(deps.db, portalId, change, deps.now());
      totals.conversions += 1;
      return;
  }
}
