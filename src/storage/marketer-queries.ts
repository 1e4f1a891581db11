import type { VerdictKind } from '../domain/definitions.ts';
import type { FunnelGroupBy, FunnelStage } from '../domain/funnel.ts';
import type { ClockKind } from '../domain/calendar-spec.ts';
import type { SlaDeadlineKind, SlaOutcome } from '../domain/sla-compliance.ts';
import type { Queryable } from './queryable.ts';

// The counting behind the marketer views, grouped in SQL over indexed columns so the answer is a
// few dozen rows whatever the number of contacts. The rules (what a group key means, the cohort's
// "every stage before it", the outcome of a deadline) are the domain's; each query here has a pure
// reference in src/domain it is tested against on the same fixtures.

/** Instants [start, end) of a window. */
export interface InstantRange {
  readonly start: Date;
  readonly end: Date;
}

/** Month keys and the instant each starts at (from src/domain/local-dates monthBuckets). */
export interface MonthBuckets {
  readonly keys: readonly string[];
  readonly starts: readonly Date[];
}

const STAGE_COLUMNS: Readonly<Record<FunnelStage, string>> = {
  lead: 'lead_at',
  mql: 'mql_at',
  sql: 'sql_at',
  opportunity: 'opportunity_at',
  won: 'won_at',
};

// `first` is the parameter number of the month keys; the thresholds follow it. width_bucket counts
// the thresholds at or before the instant: the 1-based index of its month in the keys.
function keyExpression(groupBy: FunnelGroupBy, column: string, first: number): string {
  switch (groupBy) {
    case 'none':
      return `'all'`;
    case 'channel':
      return 'channel';
    case 'definitionVersion':
      return 'mql_version';
    case 'month':
      return `($${first}::text[])[width_bucket(${column}, $${first + 1}::timestamptz[])]`;
  }
}

function monthParams(groupBy: FunnelGroupBy, months: MonthBuckets | null): unknown[] {
  if (groupBy !== 'month') return [];
  if (!months) throw new Error('grouping by month needs the month buckets');
  return [months.keys, months.starts];
}

/** Raw key: null is a missing channel or version (the caller names it `(none)`). */
export interface CohortRow {
  readonly key: string | null;
  readonly mql: boolean;
  readonly sql: boolean;
  readonly opportunity: boolean;
  readonly won: boolean;
  readonly count: number;
}

// The later stages a cohort contact reached by now, as one small integer (a bit per stage):
// grouping on two columns instead of five is what keeps a quarter of a million-contact portal
// well inside the page's time budget.
const REACHED_BITS = { mql: 1, sql: 2, opportunity: 4, won: 8 } as const;

/** Contacts whose lead instant is in the range, by group and by the later stages reached by `now`. */
export async function cohortRows(
  q: Queryable,
  portalId: string,
  range: InstantRange,
  groupBy: FunnelGroupBy,
  months: MonthBuckets | null,
  now: Date,
): Promise<CohortRow[]> {
  const reached = Object.entries(REACHED_BITS)
    .map(([stage, bit]) => `CASE WHEN ${STAGE_COLUMNS[stage as FunnelStage]} <= $4 THEN ${bit} ELSE 0 END`)
    .join(' | ');
  const { rows } = await q.query<{ key: string | null; reached: number; count: number }>(
    `SELECT ${keyExpression(groupBy, 'lead_at', 5)} AS key, ${reached} AS reached, count(*)::int AS count
       FROM contact_stages
      WHERE portal_id = $1 AND lead_at >= $2 AND lead_at < $3
      GROUP BY 1, 2`,
    [portalId, range.start, range.end, now, ...monthParams(groupBy, months)],
  );
  return rows.map((row) => ({
    key: row.key,
    mql: (row.reached & REACHED_BITS.mql) !== 0,
    sql: (row.reached & REACHED_BITS.sql) !== 0,
    opportunity: (row.reached & REACHED_BITS.opportunity) !== 0,
    won: (row.reached & REACHED_BITS.won) !== 0,
    count: row.count,
  }));
}

export interface PeriodRow {
  readonly stage: FunnelStage;
  readonly key: string | null;
  readonly count: number;
}

/** Per stage, the contacts whose instant for it is in the range, by group (one index range each). */
export async function periodRows(
  q: Queryable,
  portalId: string,
  range: InstantRange,
  groupBy: FunnelGroupBy,
  months: MonthBuckets | null,
): Promise<PeriodRow[]> {
  const parts = Object.entries(STAGE_COLUMNS).map(
    ([stage, column]) =>
      `SELECT '${stage}' AS stage, ${keyExpression(groupBy, column, 4)} AS key, count(*)::int AS count
         FROM contact_stages WHERE portal_id = $1 AND ${column} >= $2 AND ${column} < $3 GROUP BY 2`,
  );
  const { rows } = await q.query<PeriodRow>(parts.join('\nUNION ALL\n'), [
    portalId,
    range.start,
    range.end,
    ...monthParams(groupBy, months),
  ]);
  return rows;
}

export interface VerdictRowTally {
  readonly verdict: VerdictKind;
  readonly reason_code: string;
  readonly channel: string | null;
  readonly count: number;
}

/** Current verdicts decided in the range, by verdict, reason and channel. */
export async function currentVerdictRows(
  q: Queryable,
  portalId: string,
  range: InstantRange,
): Promise<VerdictRowTally[]> {
  const { rows } = await q.query<VerdictRowTally>(
    `SELECT verdict, verdict_reason AS reason_code, channel, count(*)::int AS count
       FROM contact_stages
      WHERE portal_id = $1 AND verdict_at >= $2 AND verdict_at < $3
      GROUP BY 1, 2, 3`,
    [portalId, range.start, range.end],
  );
  return rows;
}

export interface FeedbackNoteRow {
  readonly contact_id: string;
  readonly verdict: VerdictKind;
  readonly reason_code: string;
  readonly note: string;
  readonly decided_at: Date;
  readonly decided_by: string | null;
}

// The notes' query, exported for the plan test (it must read the partial index verdicts_noted).
export const FEEDBACK_NOTES_SQL = `SELECT v.contact_id, v.verdict, v.reason_code, v.note, v.decided_at, v.decided_by
   FROM verdicts v
  WHERE v.portal_id = $1 AND v.decided_at >= $2 AND v.decided_at < $3 AND v.note ~ '\\S'
    AND NOT EXISTS (SELECT 1 FROM verdicts later
                     WHERE later.portal_id = v.portal_id AND later.contact_id = v.contact_id
                       AND later.seq > v.seq)
  ORDER BY v.decided_at DESC, v.seq DESC
  LIMIT $4`;

/**
 * The latest `limit` current verdicts decided in the range that carry a note (not only white
 * space), newest first. Read from the partial index verdicts_noted, newest first, each checked to
 * be its contact's latest verdict (verdicts_by_contact), so the work is about `limit` rows however
 * many verdicts the window holds.
 */
export async function feedbackNotes(
  q: Queryable,
  portalId: string,
  range: InstantRange,
  limit: number,
): Promise<FeedbackNoteRow[]> {
  const { rows } = await q.query<FeedbackNoteRow>(FEEDBACK_NOTES_SQL, [
    portalId,
    range.start,
    range.end,
    limit,
  ]);
  return rows;
}

/** The label each reason code had in the latest definitions version that listed it. */
export async function historicalReasonLabels(
  q: Queryable,
  codes: readonly string[],
): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const { rows } = await q.query<{ code: string; label: string }>(
    `SELECT DISTINCT ON (r->>'code') r->>'code' AS code, r->>'label' AS label
       FROM definitions_versions dv, jsonb_array_elements(dv.body->'reasons') r
      WHERE r->>'code' = ANY($1::text[])
      ORDER BY r->>'code', dv.first_loaded_at DESC`,
    [[...codes]],
  );
  return new Map(rows.map((row) => [row.code, row.label]));
}

export interface DeadlineRowTally {
  readonly kind: SlaDeadlineKind;
  readonly owner_id: string | null;
  readonly outcome: SlaOutcome;
  readonly count: number;
}

/**
 * Deadlines of every episode due in the range, by kind, owner (when met: the owner then; open:
 * the owner now) and outcome, classified as src/domain/sla-compliance classifyDeadline does.
 */
export async function deadlineRows(
  q: Queryable,
  portalId: string,
  range: InstantRange,
  now: Date,
): Promise<DeadlineRowTally[]> {
  const { rows } = await q.query<DeadlineRowTally>(
    `SELECT d.kind,
            CASE WHEN d.met_at IS NOT NULL THEN d.met_owner_id ELSE c.owner_id END AS owner_id,
            CASE WHEN d.met_at IS NOT NULL THEN CASE WHEN d.met_at <= d.due_at THEN 'metOnTime' ELSE 'metLate' END
                 WHEN d.due_at > $4 THEN 'open'
                 ELSE 'breachedOpen' END AS outcome,
            count(*)::int AS count
       FROM deadlines d
       LEFT JOIN contacts c ON c.portal_id = d.portal_id AND c.contact_id = d.contact_id
      WHERE d.portal_id = $1 AND d.due_at >= $2 AND d.due_at < $3
      GROUP BY 1, 2, 3`,
    [portalId, range.start, range.end, now],
  );
  return rows;
}

export interface LateDeadlineRow {
  readonly kind: SlaDeadlineKind;
  readonly clock: ClockKind;
  readonly definition_hash: string;
  readonly due_at: Date;
  /** Null while open (late = breached): the lateness runs until now. */
  readonly met_at: Date | null;
  readonly count: number;
}

/**
 * The late deadlines due in the range (met after their due time, or unmet with it passed, as
 * src/domain/sla-lateness isLate says), with what their lateness is measured on. Deadlines with
 * the same times are one row: an old breach shared by a batch of contacts is measured once.
 */
export async function lateDeadlineRows(
  q: Queryable,
  portalId: string,
  range: InstantRange,
  now: Date,
): Promise<LateDeadlineRow[]> {
  const { rows } = await q.query<LateDeadlineRow>(
    `SELECT kind, clock, definition_hash, due_at, met_at, count(*)::int AS count
       FROM deadlines
      WHERE portal_id = $1 AND due_at >= $2 AND due_at < $3
        AND (met_at > due_at OR (met_at IS NULL AND due_at <= $4))
      GROUP BY 1, 2, 3, 4, 5`,
    [portalId, range.start, range.end, now],
  );
  return rows;
}

/** The business calendar each definitions version ran with, as stored (unchecked JSON). */
export async function storedCalendars(
  q: Queryable,
  hashes: readonly string[],
): Promise<Map<string, unknown>> {
  if (hashes.length === 0) return new Map();
  const { rows } = await q.query<{ hash: string; calendar: unknown }>(
    `SELECT hash, body->'calendar' AS calendar FROM definitions_versions WHERE hash = ANY($1::text[])`,
    [[...hashes]],
  );
  return new Map(rows.map((row) => [row.hash, row.calendar]));
}

/**
 * The contacts won in the range, and the Amounts of their won opportunities closed between the
 * two dates (inclusive): how many have one, and their sum.
 */
export async function wonRevenue(
  q: Queryable,
  portalId: string,
  range: InstantRange,
  closeDates: { readonly from: string; readonly to: string },
): Promise<{ wonContacts: number; contactsWithAmount: number; amountSum: number }> {
  const { rows } = await q.query<{ won_contacts: number; with_amount: number; amount_sum: string }>(
    `SELECT count(*)::int AS won_contacts, count(r.amount)::int AS with_amount,
            COALESCE(sum(r.amount), 0)::text AS amount_sum
       FROM contact_stages s
       LEFT JOIN LATERAL (
              SELECT sum(o.amount) AS amount FROM crm_opportunities o
               WHERE o.portal_id = s.portal_id AND o.contact_id = s.contact_id AND o.is_won
                 AND o.amount IS NOT NULL AND o.close_date BETWEEN $4::date AND $5::date) r ON true
      WHERE s.portal_id = $1 AND s.won_at >= $2 AND s.won_at < $3`,
    [portalId, range.start, range.end, closeDates.from, closeDates.to],
  );
  const row = rows[0];
  return {
    wonContacts: row?.won_contacts ?? 0,
    contactsWithAmount: row?.with_amount ?? 0,
    amountSum: Number(row?.amount_sum ?? 0),
  };
}
