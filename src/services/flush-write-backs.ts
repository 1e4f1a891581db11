import type { ConnectorError } from '../domain/connector-error.ts';
import { decideWriteBack } from '../domain/write-back-policy.ts';
import type { WriteBackDecision } from '../domain/write-back-policy.ts';
import type { CrmChanges } from '../domain/crm-changes.ts';
import type { Logger } from '../logging/logger.ts';
import type { CrmWriteOutcome, WriteBackRoute, WriteBackTarget } from '../ports/crm-write-back.ts';
import type { Database } from '../storage/database.ts';
import { parkTarget, parkWhileRefused, resumeParkedWriteBacks } from '../storage/write-back-parking.ts';

export type { WriteBackRoute } from '../ports/crm-write-back.ts';

export interface FlushDeps {
  readonly db: Database;
  readonly route: WriteBackRoute;
  readonly now: () => Date;
  readonly logger: Logger;
  /**
   * How long the outbox must be quiet (no new change due) before a partial batch goes (default 0:
   * send at once). A lone verdict waits this long; during a burst changes keep arriving, so batches
   * fill to the connector's `maxBatchSize` first. No change waits more than `maxLingerMs` (default 5 × `lingerMs`).
   */
  readonly lingerMs?: number;
  readonly maxLingerMs?: number;
  /**
   * When the CRM last answered a call of any kind (null: not since boot). Parked writes resume
   * once it answers after they were parked.
   */
  readonly answeredAt?: () => Date | null;
  readonly onOutcome?: (
    outcome: 'written' | 'retry' | 'parked' | 'failed' | 'unlinked',
    count: number,
    error?: ConnectorError,
  ) => void;
}

export interface FlushResult {
  readonly claimed: number;
  readonly written: number;
  readonly retried: number;
  /** Kept with their values until the CRM accepts calls again (revoked token, repeated unknown answers). */
  readonly parked: number;
  /** Refused by the CRM (validation, record gone): final, shown on the card and in /readyz. */
  readonly failed: number;
  /** No record of the CRM is the contact's yet: kept with their values (see UNLINKED_RECHECK_MS). */
  readonly unlinked: number;
}

const NOTHING: FlushResult = { claimed: 0, written: 0, retried: 0, parked: 0, failed: 0, unlinked: 0 };

interface Claimed {
  portal_id: string;
  contact_id: string;
  /** Values in the target's words, queued before the outbox kept changes in ours. */
  properties: Record<string, string>;
  changes: CrmChanges;
  version: number;
  verdict_id: string | null;
  attempts: number;
  /** HubSpot's `salesforceleadid` of the contact, as last read. */
  lead_hint: string | null;
}

/**
 * How long a write waits when the CRM has no record of the contact yet (no Salesforce Lead holds
 * its id, and no `salesforceleadid` names one). The row keeps its values; a later change of the
 * contact sends it at once (merged), and otherwise it is tried again after this long, by then
 * perhaps linked: HubSpot's own Salesforce connector creates Leads within about 15 minutes, and
 * every Lead the poll reads is a link the connector remembers. One lookup per batch, hourly.
 */
export const UNLINKED_RECHECK_MS = 3_600_000;
// Longer than any call can take (the connector times out at 30 s), so a lease only expires when
// its holder died; then another worker takes the write over.
const LEASE_MS = 120_000;
/**
 * How long a request whose outcome we did not learn may still be applied by HubSpot. We cancel it
 * at our 30 s timeout, but bytes already sent can sit in the network or in HubSpot's queue; five
 * minutes is ten times our timeout and past the 100 s an edge proxy in front of an API commonly
 * waits for its origin. A newer write that succeeded within it is sent once more after it.
 */
export const UNKNOWN_OUTCOME_SETTLE_MS = 300_000;

/** Did the CRM perhaps apply the request? A timeout, a broken connection, a 5xx, an unreported input. */
function outcomeUnknown(error: ConnectorError): boolean {
  return error.code === 'transient' || error.code === 'unknown';
}

/**
 * SET clauses recording that the request carrying `version`, sent before `now`, may land until
 * now + UNKNOWN_OUTCOME_SETTLE_MS (`settleMs`), when `when` holds. Several unsettled requests
 * merge: the oldest version, the latest deadline (an unsettled record past its deadline is over).
 */
function unsettle(when: string, version: string, now: string, settleMs: string): string {
  const open = `coalesce(w.unsettled_until > ${now}::timestamptz, false)`;
  return `unsettled_version = CASE WHEN NOT (${when}) THEN w.unsettled_version
                                   WHEN ${open} THEN LEAST(w.unsettled_version, ${version})
                                   ELSE ${version} END,
          unsettled_until = CASE WHEN NOT (${when}) THEN w.unsettled_until
                                 ELSE GREATEST(w.unsettled_until,
                                               ${now}::timestamptz + make_interval(secs => ${settleMs} / 1000.0)) END`;
}

const NO_OUTCOME: ConnectorError = {
  code: 'unknown',
  provider: 'hubspot',
  message: 'the connector reported no outcome for this contact',
};

/**
 * Writes up to `maxBatchSize` pending contacts of one portal to one CRM in one call of its
 * connector (`deps.route`): no other portal's rows, no other target's. Only one write per contact
 * and target is ever in flight from us, and what is sent is the row's current (merged, newest)
 * change. A write whose outcome is unknown may still be applied after a newer one: then the current
 * values are sent once more when it can no longer land, so the CRM ends with the newest values.
 */
export async function flushWriteBacks(deps: FlushDeps): Promise<FlushResult> {
  const { portalId, target, writeBack } = deps.route;
  const now = deps.now();
  const answeredAt = deps.answeredAt?.() ?? null;
  if (answeredAt !== null) {
    const resumed = await resumeParkedWriteBacks(deps.db, portalId, target, answeredAt, now);
    if (resumed > 0)
      deps.logger.info({ resumed, target }, 'the CRM answers again: parked write-backs resume');
  }
  await parkWhileRefused(deps.db, portalId, target, now);
  const lingerMs = deps.lingerMs ?? 0;
  const claimed = await claim(deps.db, deps.route, now, lingerMs, deps.maxLingerMs ?? 5 * lingerMs);
  if (claimed.length === 0) return NOTHING;
  const result = await writeBack.write(
    claimed.map((row) => ({
      contactId: row.contact_id,
      changes: row.changes,
      ...(row.lead_hint === null ? {} : { hints: { salesforceLeadId: row.lead_hint } }),
      ...(Object.keys(row.properties).length === 0 ? {} : { carried: row.properties }),
    })),
  );
  if (!result.ok) {
    const outcome = await settleFailure(deps, claimed, result.error, 'call', false);
    return { ...NOTHING, claimed: claimed.length, ...outcome };
  }
  const outcomes = new Map<string, CrmWriteOutcome>(result.value.map((o) => [o.contactId, o]));
  const written = claimed.filter((row) => outcomes.get(row.contact_id)?.status === 'written');
  const unlinked = claimed.filter((row) => outcomes.get(row.contact_id)?.status === 'unlinked');
  await markWritten(deps.db, target, written, now, deps.now());
  if (written.length > 0) deps.onOutcome?.('written', written.length);
  await markUnlinked(deps, unlinked);
  let totals = { retried: 0, parked: 0, failed: 0 };
  for (const row of claimed) {
    const outcome = outcomes.get(row.contact_id);
    if (outcome?.status === 'written' || outcome?.status === 'unlinked') continue;
    const settled =
      outcome === undefined
        ? await settleFailure(deps, [row], { ...NO_OUTCOME, provider: target }, 'contact', false)
        : await settleFailure(deps, [row], outcome.error, 'contact', outcome.final);
    totals = {
      retried: totals.retried + settled.retried,
      parked: totals.parked + settled.parked,
      failed: totals.failed + settled.failed,
    };
  }
  return { claimed: claimed.length, written: written.length, unlinked: unlinked.length, ...totals };
}

/** Nothing was sent for these: they keep their change and wait for a record to link to. */
async function markUnlinked(deps: FlushDeps, rows: readonly Claimed[]): Promise<void> {
  if (rows.length === 0) return;
  const now = deps.now();
  await deps.db.query(
    `UPDATE write_backs w
        SET state = CASE WHEN w.version = s.v THEN 'unlinked' ELSE 'pending' END,
            next_attempt_at = CASE WHEN w.version = s.v
                                   THEN $2::timestamptz + make_interval(secs => $4 / 1000.0) ELSE $2 END,
            lease_until = NULL, parked_at = NULL, attempts = 0, updated_at = $2,
            last_error_code = 'unlinked', last_error = 'no record of this CRM is linked to the contact yet'
       FROM jsonb_to_recordset($1::jsonb) AS s(p text, c text, v bigint)
      WHERE w.portal_id = s.p AND w.contact_id = s.c AND w.target = $3`,
    [
      JSON.stringify(rows.map((r) => ({ p: r.portal_id, c: r.contact_id, v: r.version }))),
      now,
      deps.route.target,
      UNLINKED_RECHECK_MS,
    ],
  );
  deps.logger.info(
    { count: rows.length, target: deps.route.target },
    'write-back waits: no record linked to the contact yet',
  );
  deps.onOutcome?.('unlinked', rows.length);
}

// Each call costs the same share of the CRM's budget whatever its size: sending a
// batch as soon as one contact is due would spend a burst's budget on batches of a few contacts.
// A batch goes when it is full, when no new change arrived for `lingerMs` (the burst is over, or it
// was a lone verdict), or when its oldest unsent change has waited `maxLingerMs`. A change stamps
// its row's updated_at but never pushes next_attempt_at later (see enqueueWriteBack), so "quiet"
// reads updated_at and the cap reads next_attempt_at: a contact changing every second still goes
// within `maxLingerMs`. The rows are locked and judged in the same statement, so two instances
// cannot each take half of a batch.
async function claim(
  db: Database,
  route: WriteBackRoute,
  now: Date,
  lingerMs: number,
  maxLingerMs: number,
): Promise<Claimed[]> {
  const { rows } = await db.query<Claimed>(
    `WITH due AS (
       SELECT portal_id, contact_id, target, next_attempt_at, updated_at FROM write_backs
        WHERE target = $7 AND portal_id = $8 AND next_attempt_at <= $1
          AND (state IN ('pending', 'parked', 'unlinked') OR (state = 'in_flight' AND lease_until < $1))
        ORDER BY next_attempt_at
        LIMIT $3
        FOR UPDATE SKIP LOCKED),
     ready AS (
       SELECT count(*) >= $3
              OR max(updated_at) <= $1::timestamptz - make_interval(secs => $4 / 1000.0)
              OR min(next_attempt_at) <= $1::timestamptz - make_interval(secs => $5 / 1000.0) AS go
         FROM due)
     UPDATE write_backs w
        SET state = 'in_flight', lease_until = $1::timestamptz + make_interval(secs => $2 / 1000.0),
            attempts = w.attempts + 1, sent_version = w.version,
            -- Taken over from a holder that died mid-call: what it sent may still land.
            ${unsettle("w.state = 'in_flight'", 'w.sent_version', '$1', '$6')}
       FROM due, ready
      WHERE ready.go AND w.portal_id = due.portal_id AND w.contact_id = due.contact_id AND w.target = due.target
      RETURNING w.portal_id, w.contact_id, w.properties, w.changes, w.version, w.verdict_id, w.attempts,
                -- HubSpot's own Salesforce connector names the contact's Lead here, when it has one.
                (SELECT c.properties ->> 'salesforceleadid' FROM contacts c
                  WHERE c.portal_id = w.portal_id AND c.contact_id = w.contact_id) AS lead_hint`,
    [
      now,
      LEASE_MS,
      route.writeBack.maxBatchSize,
      lingerMs,
      maxLingerMs,
      UNKNOWN_OUTCOME_SETTLE_MS,
      route.target,
      route.portalId,
    ],
  );
  return rows;
}

/**
 * `sentAt` is when the batch was claimed and sent. A write that succeeded while an older request of
 * the row is unsettled (it may still land, until unsettled_until) and carried newer values than
 * that request keeps the row pending, its values kept, to be sent again at unsettled_until. A write
 * of the very values of the unsettled request needs no such care: its landing late changes nothing.
 */
async function markWritten(
  db: Database,
  target: WriteBackTarget,
  rows: readonly Claimed[],
  sentAt: Date,
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const payload = JSON.stringify(
    rows.map((r) => ({ p: r.portal_id, c: r.contact_id, v: r.version, verdict: r.verdict_id })),
  );
  await db.transaction(async (client) => {
    // Verdicts before write_backs: recordVerdict locks in that order (it supersedes the contact's
    // older verdicts, then merges into its write-back row); the other order deadlocks with it.
    await client.query(
      `UPDATE verdicts v SET write_back = 'written', write_back_error = NULL
         FROM jsonb_to_recordset($1::jsonb) AS s(p text, c text, v bigint, verdict uuid)
        WHERE v.id = s.verdict AND v.write_back IN ('pending', 'failed')`,
      [payload],
    );
    // A change that arrived while the call was in flight bumped the version: keep it pending.
    // (An unsettled record of unknown version counts every write as newer: one write too many.)
    const open = 'coalesce(w.unsettled_until > $3, false)';
    const overtaken = `(${open} AND s.v > coalesce(w.unsettled_version, 0))`;
    await client.query(
      `UPDATE write_backs w
          SET state = CASE WHEN w.version = s.v AND NOT ${overtaken} THEN 'written' ELSE 'pending' END,
              properties = CASE WHEN w.version = s.v AND NOT ${overtaken} THEN '{}'::jsonb ELSE w.properties END,
              changes = CASE WHEN w.version = s.v AND NOT ${overtaken} THEN '{}'::jsonb ELSE w.changes END,
              next_attempt_at = CASE WHEN w.version = s.v AND ${overtaken} THEN w.unsettled_until ELSE $2 END,
              unsettled_version = CASE WHEN ${open} THEN w.unsettled_version END,
              unsettled_until = CASE WHEN ${open} THEN w.unsettled_until END,
              lease_until = NULL, parked_at = NULL, attempts = 0, last_error = NULL, last_error_code = NULL,
              written_at = $2, updated_at = $2
         FROM jsonb_to_recordset($1::jsonb) AS s(p text, c text, v bigint, verdict uuid)
        WHERE w.portal_id = s.p AND w.contact_id = s.c AND w.target = $4`,
      [payload, now, sentAt, target],
    );
  });
}

async function settleFailure(
  deps: FlushDeps,
  rows: readonly Claimed[],
  error: ConnectorError,
  scope: 'call' | 'contact',
  final: boolean,
): Promise<{ retried: number; parked: number; failed: number }> {
  const now = deps.now();
  const { portalId, target } = deps.route;
  // A refusal the connector calls final (a converted Lead, a validation rule) is not tried again.
  const decision: WriteBackDecision = final
    ? { kind: 'fail', reason: `${error.code}: the CRM refused this write for good` }
    : decideWriteBack(error, Math.max(...rows.map((row) => row.attempts)));
  const keys = JSON.stringify(
    rows.map((r) => ({ p: r.portal_id, c: r.contact_id, v: r.version, verdict: r.verdict_id })),
  );
  const message = `${error.code}: ${error.message}`.slice(0, 2_000);
  const delayMs =
    decision.kind === 'retry' ? decision.delayMs : decision.kind === 'park' ? decision.probeInMs : 0;
  await deps.db.transaction(async (client) => {
    // Same lock order as recordVerdict and markWritten: verdicts, then write_backs.
    await client.query(
      `UPDATE verdicts v SET write_back = CASE WHEN $3 THEN 'failed' ELSE v.write_back END, write_back_error = $2
         FROM jsonb_to_recordset($1::jsonb) AS s(p text, c text, v bigint, verdict uuid)
        WHERE v.id = s.verdict AND v.write_back = 'pending'`,
      [keys, message, decision.kind === 'fail'],
    );
    await client.query(
      `UPDATE write_backs w
          SET state = CASE WHEN w.version <> s.v THEN 'pending' ELSE $2 END,
              -- Refused values are not sent again: they would make every later change (an SLA
              -- status) fail with them. The refusal stays on the verdict, which this row no longer
              -- carries, so a later write of the row cannot mark the refused verdict written.
              properties = CASE WHEN $2 = 'failed' AND w.version = s.v THEN '{}'::jsonb ELSE w.properties END,
              changes = CASE WHEN $2 = 'failed' AND w.version = s.v THEN '{}'::jsonb ELSE w.changes END,
              verdict_id = CASE WHEN $2 = 'failed' AND w.version = s.v THEN NULL ELSE w.verdict_id END,
              parked_at = CASE WHEN $2 = 'parked' AND w.version = s.v THEN $5::timestamptz ELSE NULL END,
              lease_until = NULL, last_error_code = $3, last_error = $4,
              next_attempt_at = $5::timestamptz + make_interval(secs => $6 / 1000.0), updated_at = $5,
              -- The CRM may have applied what this call sent.
              ${unsettle('$7', 's.v', '$5', '$8')}
         FROM jsonb_to_recordset($1::jsonb) AS s(p text, c text, v bigint, verdict uuid)
        WHERE w.portal_id = s.p AND w.contact_id = s.c AND w.target = $9`,
      [
        keys,
        stateFor(decision),
        error.code,
        message,
        now,
        delayMs,
        outcomeUnknown(error),
        UNKNOWN_OUTCOME_SETTLE_MS,
        target,
      ],
    );
    // A refused token refuses every write: the whole target waits, probed once per interval.
    if (decision.kind === 'park' && scope === 'call' && error.code === 'auth_revoked') {
      await parkTarget(
        client,
        portalId,
        target,
        { code: error.code, message },
        now,
        new Date(now.getTime() + delayMs),
      );
    }
  });
  const outcome = { retried: 0, parked: 0, failed: 0 };
  switch (decision.kind) {
    case 'retry':
      deps.logger.warn({ count: rows.length, target, error, delayMs }, 'write-back will be retried');
      deps.onOutcome?.('retry', rows.length, error);
      return { ...outcome, retried: rows.length };
    case 'park':
      deps.logger.error(
        { count: rows.length, target, error, reason: decision.reason },
        'write-back parked, values kept',
      );
      deps.onOutcome?.('parked', rows.length, error);
      return { ...outcome, parked: rows.length };
    case 'fail':
      deps.logger.error(
        {
          count: rows.length,
          target,
          contactIds: rows.map((r) => r.contact_id),
          error,
          reason: decision.reason,
        },
        'write-back refused by the CRM',
      );
      deps.onOutcome?.('failed', rows.length, error);
      return { ...outcome, failed: rows.length };
  }
}

function stateFor(decision: WriteBackDecision): 'pending' | 'parked' | 'failed' {
  switch (decision.kind) {
    case 'retry':
      return 'pending';
    case 'park':
      return 'parked';
    case 'fail':
      return 'failed';
  }
}
