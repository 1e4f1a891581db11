import type { Queryable } from './queryable.ts';
import type { WriteBackTarget } from './write-back-outbox.ts';

// A token that may read but not write (a missing scope answers 403) makes reads succeed while the
// writes stay refused: resumed writes wait at least this long after parking, so such a portal costs
// one refused write per 10 s, not one per successful read.
const RESUME_NOT_BEFORE_MS = 10_000;

/**
 * Resumes the portal's parked write-backs when the CRM has answered a call since they were parked:
 * any successful call proves the token works again. Returns how many resumed.
 */
export async function resumeParkedWriteBacks(
  q: Queryable,
  portalId: string,
  target: WriteBackTarget,
  answeredAt: Date,
  now: Date,
): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE write_backs
        SET state = 'pending', parked_at = NULL, attempts = 0, updated_at = $3,
            next_attempt_at = greatest($3, parked_at + make_interval(secs => $4 / 1000.0))
      WHERE target = $1 AND portal_id = $5 AND state = 'parked' AND parked_at < $2`,
    [target, answeredAt, now, RESUME_NOT_BEFORE_MS, portalId],
  );
  return rowCount ?? 0;
}

/**
 * The CRM refused the token: every pending write of the portal and target waits parked too (they would all
 * be refused), and the next probe of any parked write is no sooner than `probeAt`: one call per
 * probe interval while the CRM refuses, not one per batch.
 */
export async function parkTarget(
  q: Queryable,
  portalId: string,
  target: WriteBackTarget,
  error: { readonly code: string; readonly message: string },
  now: Date,
  probeAt: Date,
): Promise<void> {
  await q.query(
    `UPDATE write_backs
        SET state = 'parked', parked_at = $2, last_error_code = $3, last_error = $4,
            next_attempt_at = greatest(next_attempt_at, $5), updated_at = $2
      WHERE target = $1 AND portal_id = $6 AND state IN ('pending', 'parked')`,
    [target, now, error.code, error.message, probeAt, portalId],
  );
}

/**
 * While the portal's token for the target is refused (parked for `auth_revoked`), a newly queued write joins the
 * parked ones instead of spending a call the CRM would refuse: it goes with the next probe.
 */
export async function parkWhileRefused(
  q: Queryable,
  portalId: string,
  target: WriteBackTarget,
  now: Date,
): Promise<number> {
  // Two statements, not one UPDATE … FROM (aggregate): this runs before every flush, and on a
  // freshly filled outbox (no statistics yet) the planner re-ran the aggregate for each pending
  // row, seconds per flush under a 10,000-verdict burst. The usual answer, nothing refused, now
  // costs one lookup (served by the partial index on parked rows).
  const { rows } = await q.query<{ probe_at: Date | null; last_error: string | null }>(
    `SELECT max(next_attempt_at) AS probe_at, max(last_error) AS last_error FROM write_backs
      WHERE target = $1 AND portal_id = $2 AND state = 'parked' AND last_error_code = 'auth_revoked'`,
    [target, portalId],
  );
  const refused = rows[0];
  if (!refused?.probe_at) return 0;
  const { rowCount } = await q.query(
    `UPDATE write_backs
        SET state = 'parked', parked_at = $3, last_error_code = 'auth_revoked', last_error = $4,
            next_attempt_at = greatest(next_attempt_at, $5), updated_at = $3
      WHERE target = $1 AND portal_id = $2 AND state = 'pending'`,
    [target, portalId, now, refused.last_error, refused.probe_at],
  );
  return rowCount ?? 0;
}
