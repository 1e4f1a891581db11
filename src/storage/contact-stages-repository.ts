import type { VerdictKind } from '../domain/definitions.ts';
import type { FunnelFacts } from '../domain/funnel-properties.ts';
import type { Queryable } from './queryable.ts';

// contact_stages holds one row per contact with its funnel stage instants. Every writer runs in
// the transaction that changed the underlying fact (tracking, verdict, opportunities), so the
// marketer views never see a verdict without its stage.

/**
 * Stores what a read of the contact says for the funnel. A fact the read did not include
 * (`undefined`) keeps its stored value; the creation instant never goes back to empty.
 */
export async function saveFunnelFacts(
  q: Queryable,
  portalId: string,
  contactId: string,
  facts: FunnelFacts,
): Promise<void> {
  await q.query(
    `INSERT INTO contact_stages (portal_id, contact_id, lead_at, channel, hubspot_opportunity_at, hubspot_customer_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (portal_id, contact_id) DO UPDATE SET
       lead_at = COALESCE(EXCLUDED.lead_at, contact_stages.lead_at),
       channel = CASE WHEN $7::boolean THEN EXCLUDED.channel ELSE contact_stages.channel END,
       hubspot_opportunity_at = CASE WHEN $8::boolean THEN EXCLUDED.hubspot_opportunity_at
                                     ELSE contact_stages.hubspot_opportunity_at END,
       hubspot_customer_at = CASE WHEN $9::boolean THEN EXCLUDED.hubspot_customer_at
                                  ELSE contact_stages.hubspot_customer_at END`,
    [
      portalId,
      contactId,
      facts.createdAt ?? null,
      facts.channel ?? null,
      facts.hubspotOpportunityAt ?? null,
      facts.hubspotCustomerAt ?? null,
      facts.channel !== undefined,
      facts.hubspotOpportunityAt !== undefined,
      facts.hubspotCustomerAt !== undefined,
    ],
  );
}

/** The first qualification's instant and version: the contact's `mql` stage, frozen once set. */
export async function saveFirstQualification(
  q: Queryable,
  portalId: string,
  contactId: string,
  qualifiedAt: Date,
  definitionVersion: string,
): Promise<void> {
  await q.query(
    `INSERT INTO contact_stages (portal_id, contact_id, mql_at, mql_version) VALUES ($1, $2, $3, $4)
     ON CONFLICT (portal_id, contact_id) DO UPDATE SET
       mql_at = COALESCE(contact_stages.mql_at, EXCLUDED.mql_at),
       mql_version = COALESCE(contact_stages.mql_version, EXCLUDED.mql_version)`,
    [portalId, contactId, qualifiedAt, definitionVersion],
  );
}

/** The contact's current (latest) verdict; `sql_at` follows from it. */
export async function saveCurrentVerdict(
  q: Queryable,
  portalId: string,
  contactId: string,
  verdict: { readonly verdict: VerdictKind; readonly reasonCode: string; readonly decidedAt: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO contact_stages (portal_id, contact_id, verdict, verdict_reason, verdict_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (portal_id, contact_id) DO UPDATE SET
       verdict = EXCLUDED.verdict, verdict_reason = EXCLUDED.verdict_reason, verdict_at = EXCLUDED.verdict_at`,
    [portalId, contactId, verdict.verdict, verdict.reasonCode, verdict.decidedAt],
  );
}

/** The opportunity and won instants the contact's linked CRM opportunities give. */
export async function saveOpportunityInstants(
  q: Queryable,
  portalId: string,
  contactId: string,
  instants: { readonly opportunityAt: Date | null; readonly wonAt: Date | null },
): Promise<void> {
  await q.query(
    `INSERT INTO contact_stages (portal_id, contact_id, crm_opportunity_at, crm_won_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (portal_id, contact_id) DO UPDATE SET
       crm_opportunity_at = EXCLUDED.crm_opportunity_at, crm_won_at = EXCLUDED.crm_won_at`,
    [portalId, contactId, instants.opportunityAt, instants.wonAt],
  );
}

/**
 * Re-reads every contact's channel from its stored properties (after `funnel.channelProperty`
 * changed). A contact whose last read did not include the property has no channel until it is
 * read again. Returns the rows changed.
 */
export async function refreshChannels(q: Queryable, channelProperty: string): Promise<number> {
  const result = await q.query(
    `UPDATE contact_stages s SET channel = NULLIF(btrim(c.properties->>$1), '')
       FROM contacts c
      WHERE c.portal_id = s.portal_id AND c.contact_id = s.contact_id
        AND s.channel IS DISTINCT FROM NULLIF(btrim(c.properties->>$1), '')`,
    [channelProperty],
  );
  return result.rowCount ?? 0;
}
