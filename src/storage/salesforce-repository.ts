// What the Salesforce side keeps between runs: a rotated refresh token, verdicts refused as outside
// the definitions, and the contact each converted Lead's opportunity belongs to.
import { createHash } from 'node:crypto';
import type { VerdictDecision } from '../domain/crm-changes.ts';
import type { Database } from './database.ts';
import type { Queryable } from './queryable.ts';

/** Keeps the newest refresh token of the chain a configured token started (keyed by its SHA-256). */
export function createRefreshTokenRepository(db: Database) {
  const key = (configured: string) => createHash('sha256').update(configured).digest('hex');
  return {
    async load(configured: string): Promise<string | null> {
      const { rows } = await db.query<{ refresh_token: string }>(
        'SELECT refresh_token FROM salesforce_refresh_tokens WHERE configured_sha256 = $1',
        [key(configured)],
      );
      return rows[0]?.refresh_token ?? null;
    },
    async save(configured: string, rotated: string): Promise<void> {
      await db.query(
        `INSERT INTO salesforce_refresh_tokens (configured_sha256, refresh_token, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (configured_sha256) DO UPDATE SET refresh_token = EXCLUDED.refresh_token, updated_at = now()`,
        [key(configured), rotated],
      );
    },
  };
}

/** The decision the product holds per contact (its latest verdict), null when it holds none. */
export async function findCurrentDecisions(
  q: Queryable,
  portalId: string,
  contactIds: readonly string[],
): Promise<Map<string, VerdictDecision | null>> {
  const { rows } = await q.query<{ contact_id: string; verdict: string; reason_code: string }>(
    `SELECT DISTINCT ON (contact_id) contact_id, verdict, reason_code FROM verdicts
      WHERE portal_id = $1 AND contact_id = ANY($2::text[])
      ORDER BY contact_id, seq DESC`,
    [portalId, [...contactIds]],
  );
  const found = new Map<string, VerdictDecision | null>(contactIds.map((id) => [id, null]));
  for (const row of rows) found.set(row.contact_id, { verdict: row.verdict, reasonCode: row.reason_code });
  return found;
}

export interface SalesVerdictRefusal {
  readonly contactId: string;
  readonly recordId: string;
  readonly verdict: string | null;
  readonly reasonCode: string | null;
  readonly problem: string;
  readonly decidedAt: string;
  readonly decidedBy: string | null;
}

/** Records a refused verdict once per Lead and change instant; true when it is new. */
export async function recordRefusal(
  q: Queryable,
  portalId: string,
  refusal: SalesVerdictRefusal,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO sales_verdict_refusals
       (portal_id, record_id, decided_at, contact_id, verdict, reason_code, problem, decided_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (portal_id, record_id, decided_at) DO NOTHING`,
    [
      portalId,
      refusal.recordId,
      refusal.decidedAt,
      refusal.contactId,
      refusal.verdict,
      refusal.reasonCode,
      refusal.problem,
      refusal.decidedBy,
      now,
    ],
  );
  return (rowCount ?? 0) > 0;
}

/** How many verdicts were refused, and the latest few (newest first). */
export async function readRefusals(
  db: Database,
  latest = 5,
): Promise<{ readonly count: number; readonly latest: readonly SalesVerdictRefusal[] }> {
  const count = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sales_verdict_refusals');
  const { rows } = await db.query<{
    contact_id: string;
    record_id: string;
    verdict: string | null;
    reason_code: string | null;
    problem: string;
    decided_at: Date;
    decided_by: string | null;
  }>(
    `SELECT contact_id, record_id, verdict, reason_code, problem, decided_at, decided_by
       FROM sales_verdict_refusals ORDER BY recorded_at DESC, decided_at DESC LIMIT $1`,
    [latest],
  );
  return {
    count: count.rows[0]?.n ?? 0,
    latest: rows.map((row) => ({
      contactId: row.contact_id,
      recordId: row.record_id,
      verdict: row.verdict,
      reasonCode: row.reason_code,
      problem: row.problem,
      decidedAt: new Date(row.decided_at).toISOString(),
      decidedBy: row.decided_by,
    })),
  };
}

/** Remembers which contact a converted Lead (and so its opportunity) belongs to. */
export async function recordConversion(
  q: Queryable,
  portalId: string,
  conversion: {
    readonly recordId: string;
    readonly contactId: string;
    readonly opportunityId: string | null;
    readonly convertedOn: string | null;
  },
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO sales_lead_conversions (portal_id, record_id, contact_id, opportunity_id, converted_on, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (portal_id, record_id) DO UPDATE SET
       contact_id = EXCLUDED.contact_id, opportunity_id = EXCLUDED.opportunity_id,
       converted_on = EXCLUDED.converted_on, recorded_at = EXCLUDED.recorded_at`,
    [
      portalId,
      conversion.recordId,
      conversion.contactId,
      conversion.opportunityId,
      conversion.convertedOn,
      now,
    ],
  );
}

/** The contact of each opportunity a converted Lead became (opportunity id → contact id). */
export async function findOpportunityOwners(
  q: Queryable,
  portalId: string,
  opportunityIds: readonly string[],
): Promise<Map<string, string>> {
  const { rows } = await q.query<{ opportunity_id: string; contact_id: string }>(
    `SELECT opportunity_id, contact_id FROM sales_lead_conversions
      WHERE portal_id = $1 AND opportunity_id = ANY($2::text[])`,
    [portalId, [...opportunityIds]],
  );
  return new Map(rows.map((row) => [row.opportunity_id, row.contact_id]));
}
