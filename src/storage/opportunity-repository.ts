import type { LinkedOpportunity } from '../domain/funnel.ts';
import type { CrmOpportunity, OpportunitySource } from '../ports/crm-opportunities.ts';
import type { Queryable } from './queryable.ts';

/** Contacts the given opportunities are linked to now (before an update may move them). */
export async function findOpportunityContacts(
  q: Queryable,
  portalId: string,
  source: OpportunitySource,
  opportunityIds: readonly string[],
): Promise<string[]> {
  const { rows } = await q.query<{ contact_id: string }>(
    `SELECT DISTINCT contact_id FROM crm_opportunities
      WHERE portal_id = $1 AND source = $2 AND opportunity_id = ANY($3::text[])`,
    [portalId, source, [...opportunityIds]],
  );
  return rows.map((row) => row.contact_id);
}

/** Inserts or replaces the opportunities (latest read wins), in one statement. */
export async function upsertOpportunities(
  q: Queryable,
  portalId: string,
  source: OpportunitySource,
  opportunities: readonly CrmOpportunity[],
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO crm_opportunities (portal_id, source, opportunity_id, contact_id, created_at, is_won, close_date,
                                    amount, synced_at)
     SELECT $1, $2, o.id, o.contact_id, o.created_at, o.is_won, o.close_date, o.amount, $4
       FROM jsonb_to_recordset($3) AS o(id text, contact_id text, created_at timestamptz, is_won boolean,
                                        close_date date, amount numeric)
     ON CONFLICT (portal_id, source, opportunity_id) DO UPDATE SET
       contact_id = EXCLUDED.contact_id, created_at = EXCLUDED.created_at, is_won = EXCLUDED.is_won,
       close_date = EXCLUDED.close_date, amount = EXCLUDED.amount, synced_at = EXCLUDED.synced_at`,
    [
      portalId,
      source,
      JSON.stringify(
        opportunities.map((o) => ({
          id: o.id,
          contact_id: o.contactId,
          created_at: o.createdAt.toISOString(),
          is_won: o.isWon,
          close_date: o.closeDate,
          amount: o.amount,
        })),
      ),
      now,
    ],
  );
}

/** Every opportunity linked to each of the contacts, whatever its source. */
export async function findLinkedOpportunities(
  q: Queryable,
  portalId: string,
  contactIds: readonly string[],
): Promise<Map<string, LinkedOpportunity[]>> {
  const { rows } = await q.query<{
    contact_id: string;
    created_at: Date;
    is_won: boolean;
    close_date: string | null;
    amount: string | null;
  }>(
    `SELECT contact_id, created_at, is_won, to_char(close_date, 'YYYY-MM-DD') AS close_date, amount::text AS amount
       FROM crm_opportunities WHERE portal_id = $1 AND contact_id = ANY($2::text[])`,
    [portalId, [...contactIds]],
  );
  const byContact = new Map<string, LinkedOpportunity[]>(contactIds.map((id) => [id, []]));
  for (const row of rows) {
    byContact.get(row.contact_id)?.push({
      createdAt: row.created_at,
      isWon: row.is_won,
      closeDate: row.close_date,
      amount: row.amount === null ? null : Number(row.amount),
    });
  }
  return byContact;
}

/** Contacts with at least one linked opportunity, a page at a time (after `after`, by id). */
export async function contactsWithOpportunities(
  q: Queryable,
  after: { readonly portalId: string; readonly contactId: string } | null,
  limit: number,
): Promise<{ portalId: string; contactId: string }[]> {
  const { rows } = await q.query<{ portal_id: string; contact_id: string }>(
    `SELECT DISTINCT portal_id, contact_id FROM crm_opportunities
      WHERE ($1::text IS NULL OR (portal_id, contact_id) > ($1::text, $2::text))
      ORDER BY portal_id, contact_id LIMIT $3`,
    [after?.portalId ?? null, after?.contactId ?? null, limit],
  );
  return rows.map((row) => ({ portalId: row.portal_id, contactId: row.contact_id }));
}
