import type { ConnectorError } from '../domain/connector-error.ts';
import { classifyRetry } from '../domain/retry-policy.ts';
import type { Logger } from '../logging/logger.ts';
import type { CrmContacts } from '../ports/crm-contacts.ts';
import type { Database } from '../storage/database.ts';

export interface FlushDeps {
  readonly db: Database;
  readonly crm: CrmContacts;
  readonly now: () => Date;
  readonly logger: Logger;
  /**
   * How long a partial batch may wait for more contacts to fill it (default 0: send at once).
   * During a burst a full batch of 100 is ready long before; a lone verdict waits this long.
   */
  readonly lingerMs?: number;
  readonly onOutcome?: (
    outcome: 'written' | 'retry' | 'failed',
    count: number,
    error?: ConnectorError,
  ) => void;
}

export interface FlushResult {
  readonly claimed: number;
  readonly written: number;
  readonly retried: number;
  readonly failed: number;
}

interface Claimed {
  portal_id: string;
  contact_id: string;
  properties: Record<string, string>;
  version: number;
  verdict_id: string | null;
  attempts: number;
}

// HubSpot takes ≤ 100 inputs per batch/update call.
const BATCH = 100;
// Longer than any call can take (the connector times out at 30 s), so a lease only expires when
// its holder died; then another worker takes the write over.
const LEASE_MS = 120_000;
// Rate limits and outages clear: a write-back keeps trying ("retried until done"), every 5 min at most.
const WRITE_BACK_RETRY = { maxAttempts: { rate_limited: 1_000_000, transient: 1_000_000 } } as const;
/**
 * How long a request whose outcome we did not learn may still be applied by HubSpot. We cancel it
 * at our 30 s timeout, but bytes already sent can sit in the network or in HubSpot's queue; five
 * minutes is ten times our timeout and past the 100 s an edge proxy in front of an API commonly
 * waits for its origin. A newer write that succeeded within it is sent once more after it.
 */
export const UNKNOWN_OUTCOME_SETTLE_MS = 300_000;

/** Did HubSpot perhaps apply the request? A timeout, a broken connection, a 5xx, an unreported input. */
function outcomeUnknown(error: ConnectorError): boolean {
  return error.code === 'transient' || error.code === 'unknown';
}

/**
 * Writes up to 100 pending contacts to HubSpot in one batch/update call. Only one write per contact
 * is ever in flight from us, and what is sent is the row's current (merged, newest) values. A write
 * whose outcome is unknown may still be applied after a newer one: then the current values are sent
 * once more when it can no longer land, so HubSpot ends with the newest values.
 */
export async function flushWriteBacks(deps: FlushDeps): Promise<FlushResult> {
  const now = deps.now();
  if ((deps.lingerMs ?? 0) > 0 && !(await batchReady(deps.db, now, deps.lingerMs ?? 0))) {
    return { claimed: 0, written: 0, retried: 0, failed: 0 };
  }
  const claimed = await claim(deps.db, now);
  if (claimed.length === 0) return { claimed: 0, written: 0, retried: 0, failed: 0 };
  const result = await deps.crm.updateContacts(
    claimed.map((row) => ({ id: row.contact_id, properties: row.properties })),
  );
  if (!result.ok) {
    const outcome = await retryOrFail(deps, claimed, result.error);
    return { claimed: claimed.length, written: 0, ...outcome };
  }
  const failures = new Map(result.value.failed.map((failure) => [failure.id, failure.error]));
  const written = claimed.filter((row) => !failures.has(row.contact_id));
  await markWritten(deps.db, written, now, deps.now());
  deps.onOutcome?.('written', written.length);
  let retried = 0;
  let failed = 0;
  for (const row of claimed) {
    const error = failures.get(row.contact_id);
    if (!error) continue;
    const outcome = await retryOrFail(deps, [row], error);
    retried += outcome.retried;
    failed += outcome.failed;
  }
  return { claimed: claimed.length, written: written.length, retried, failed };
}

// Each call costs the same share of HubSpot's 100-per-10-s budget whatever its size: sending a
// batch as soon as one contact is due would spend a burst's budget on batches of a few contacts.
// A batch goes when it is full, or when its oldest contact has waited `lingerMs`.
async function batchReady(db: Database, now: Date, lingerMs: number): Promise<boolean> {
  const { rows } = await db.query<{ due: number; oldest: Date | null }>(
    `SELECT count(*)::int AS due, min(next_attempt_at) AS oldest
       FROM (SELECT next_attempt_at FROM write_backs
              WHERE target = 'hubspot' AND next_attempt_at <= $1
                AND (state = 'pending' OR (state = 'in_flight' AND lease_until < $1))
              ORDER BY next_attempt_at
              LIMIT $2) due`,
    [now, BATCH],
  );
  const row = rows[0];
  if (!row || row.due === 0 || row.oldest === null) return false;
  return row.due >= BATCH || now.getTime() - row.oldest.getTime() >= lingerMs;
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

async function claim(db: Database, now: Date): Promise<Claimed[]> {
  const { rows } = await db.query<Claimed>(
    `UPDATE write_backs w
        SET state = 'in_flight', lease_until = $1::timestamptz + make_interval(secs => $2 / 1000.0),
            attempts = w.attempts + 1, sent_version = w.version,
            -- Taken over from a holder that died mid-call: what it sent may still land.
            ${unsettle("w.state = 'in_flight'", 'w.sent_version', '$1', '$4')}
       FROM (SELECT portal_id, contact_id, target FROM write_backs
              WHERE target = 'hubspot' AND next_attempt_at <= $1
                AND (state = 'pending' OR (state = 'in_flight' AND lease_until < $1))
              ORDER BY next_attempt_at
              LIMIT $3
              FOR UPDATE SKIP LOCKED) due
      WHERE w.portal_id = due.portal_id AND w.contact_id = due.contact_id AND w.target = due.target
      RETURNING w.portal_id, w.contact_id, w.properties, w.version, w.verdict_id, w.attempts`,
    [now, LEASE_MS, BATCH, UNKNOWN_OUTCOME_SETTLE_MS],
  );
  return rows;
}

/**
 * `sentAt` is when the batch was claimed and sent. A write that succeeded while an older request of
 * the row is unsettled (it may still land, until unsettled_until) and carried newer values than
 * that request keeps the row pending, its values kept, to be sent again at unsettled_until. A write
 * of the very values of the unsettled request needs no such care: its landing late changes nothing.
 */
async function markWritten(db: Database, rows: readonly Claimed[], sentAt: Date, now: Date): Promise<void> {
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
              next_attempt_at = CASE WHEN w.version = s.v AND ${overtaken} THEN w.unsettled_until ELSE $2 END,
              unsettled_version = CASE WHEN ${open} THEN w.unsettled_version END,
              unsettled_until = CASE WHEN ${open} THEN w.unsettled_until END,
              lease_until = NULL, attempts = 0, last_error = NULL, last_error_code = NULL,
              written_at = $2, updated_at = $2
         FROM jsonb_to_recordset($1::jsonb) AS s(p text, c text, v bigint, verdict uuid)
        WHERE w.portal_id = s.p AND w.contact_id = s.c AND w.target = 'hubspot'`,
      [payload, now, sentAt],
    );
  });
}

async function retryOrFail(
  deps: FlushDeps,
  rows: readonly Claimed[],
  error: ConnectorError,
): Promise<{ retried: number; failed: number }> {
  const now = deps.now();
  const attempts = Math.max(...rows.map((row) => row.attempts));
  const decision = classifyRetry(error, attempts, WRITE_BACK_RETRY);
  const keys = JSON.stringify(
    rows.map((r) => ({ p: r.portal_id, c: r.contact_id, v: r.version, verdict: r.verdict_id })),
  );
  const message = `${error.code}: ${error.message}`.slice(0, 2_000);
  await deps.db.transaction(async (client) => {
    // Same lock order as recordVerdict and markWritten: verdicts, then write_backs.
    if (!decision.retry) {
      await client.query(
        `UPDATE verdicts v SET write_back = 'failed', write_back_error = $2
           FROM jsonb_to_recordset($1::jsonb) AS s(p text, c text, v bigint, verdict uuid)
          WHERE v.id = s.verdict AND v.write_back = 'pending'`,
        [keys, message],
      );
    }
    await client.query(
      `UPDATE write_backs w
          SET state = CASE WHEN $2 OR w.version <> s.v THEN 'pending' ELSE 'failed' END,
              -- Refused values are not sent again: they would make every later change (an SLA
              -- status) fail with them. The refusal stays on the verdict and in last_error.
              properties = CASE WHEN $2 OR w.version <> s.v THEN w.properties ELSE '{}'::jsonb END,
              lease_until = NULL, last_error_code = $3, last_error = $4,
              next_attempt_at = $5::timestamptz + make_interval(secs => $6 / 1000.0), updated_at = $5,
              -- HubSpot may have applied what this call sent.
              ${unsettle('$7', 's.v', '$5', '$8')}
         FROM jsonb_to_recordset($1::jsonb) AS s(p text, c text, v bigint, verdict uuid)
        WHERE w.portal_id = s.p AND w.contact_id = s.c AND w.target = 'hubspot'`,
      [
        keys,
        decision.retry,
        error.code,
        message,
        now,
        decision.retry ? decision.delayMs : 0,
        outcomeUnknown(error),
        UNKNOWN_OUTCOME_SETTLE_MS,
      ],
    );
  });
  if (decision.retry) {
    deps.logger.warn({ count: rows.length, error, delayMs: decision.delayMs }, 'write-back will be retried');
    deps.onOutcome?.('retry', rows.length, error);
    return { retried: rows.length, failed: 0 };
  }
  deps.logger.error({ count: rows.length, error, reason: decision.reason }, 'write-back failed');
  deps.onOutcome?.('failed', rows.length, error);
  return { retried: 0, failed: rows.length };
}
