import type { Definitions } from '../domain/definitions.ts';
import { opportunityInstants } from '../domain/funnel.ts';
import { isLocalDate } from '../domain/local-dates.ts';
import type { CrmOpportunity, OpportunitySource } from '../ports/crm-opportunities.ts';
import { saveOpportunityInstants } from '../storage/contact-stages-repository.ts';
import type { Database } from '../storage/database.ts';
import {
  contactsWithOpportunities,
  findLinkedOpportunities,
  findOpportunityContacts,
  upsertOpportunities,
} from '../storage/opportunity-repository.ts';
import type { Queryable } from '../storage/queryable.ts';

export interface OpportunityDeps {
  readonly db: Database;
  readonly definitions: Pick<Definitions, 'timezone'>;
  readonly now: () => Date;
}

export interface RecordOpportunitiesResult {
  readonly recorded: number;
  /** Contacts whose opportunity and won instants were recomputed. */
  readonly contacts: number;
  /** Opportunities refused as malformed (the connector's mapping is wrong), with why. */
  readonly refused: readonly { readonly id: string; readonly reason: string }[];
}

function problemOf(opportunity: CrmOpportunity): string | null {
  if (opportunity.id === '' || opportunity.contactId === '') return 'id and contactId must not be empty';
  if (Number.isNaN(opportunity.createdAt.getTime())) return 'createdAt is not a valid instant';
  if (opportunity.closeDate !== null && !isLocalDate(opportunity.closeDate))
    return `closeDate '${opportunity.closeDate}' is not a date YYYY-MM-DD`;
  if (opportunity.amount !== null && !Number.isFinite(opportunity.amount))
    return 'amount is not a finite number';
  return null;
}

/**
 * Records opportunities a CRM connector read (the seam the Salesforce connector calls), and in the
 * same transaction the `opportunity` and `won` instants of every contact they touch, including a
 * contact an opportunity was linked to before and is no longer.
 */
export async function recordOpportunities(
  deps: OpportunityDeps,
  portalId: string,
  source: OpportunitySource,
  opportunities: readonly CrmOpportunity[],
): Promise<RecordOpportunitiesResult> {
  const refused: { id: string; reason: string }[] = [];
  const valid = opportunities.filter((o) => {
    const reason = problemOf(o);
    if (reason !== null) refused.push({ id: o.id, reason });
    return reason === null;
  });
  if (valid.length === 0) return { recorded: 0, contacts: 0, refused };
  return deps.db.transaction(async (client) => {
    const before = await findOpportunityContacts(
      client,
      portalId,
      source,
      valid.map((o) => o.id),
    );
    // Sorted, so two writers touching the same contacts lock them in the same order.
    const touched = [...new Set([...before, ...valid.map((o) => o.contactId)])].sort();
    for (const contactId of touched)
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`contact:${portalId}:${contactId}`]);
    await upsertOpportunities(client, portalId, source, valid, deps.now());
    await refreshInstants(client, deps.definitions.timezone, portalId, touched);
    return { recorded: valid.length, contacts: touched.length, refused };
  });
}

async function refreshInstants(
  client: Queryable,
  timezone: string,
  portalId: string,
  contactIds: readonly string[],
): Promise<void> {
  const linked = await findLinkedOpportunities(client, portalId, contactIds);
  for (const [contactId, opportunities] of linked)
    await saveOpportunityInstants(client, portalId, contactId, opportunityInstants(opportunities, timezone));
}

/**
 * Recomputes the won instants of every contact with opportunities: a CloseDate is a date, so its
 * instant moves when the definitions' timezone changes.
 */
export async function refreshOpportunityInstants(deps: OpportunityDeps): Promise<number> {
  let after: { portalId: string; contactId: string } | null = null;
  let total = 0;
  for (;;) {
    const page = await contactsWithOpportunities(deps.db, after, 500);
    if (page.length === 0) return total;
    await deps.db.transaction(async (client) => {
      for (const portalId of new Set(page.map((c) => c.portalId))) {
        const ids = page.filter((c) => c.portalId === portalId).map((c) => c.contactId);
        await refreshInstants(client, deps.definitions.timezone, portalId, ids);
      }
    });
    total += page.length;
    after = page.at(-1) ?? null;
  }
}
