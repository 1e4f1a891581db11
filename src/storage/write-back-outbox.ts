import type { Queryable } from './queryable.ts';

export type WriteBackTarget = 'hubspot' | 'salesforce';

/**
 * Merges property values into the contact's pending write-back. The newest value of each property
 * wins; the row's version is bumped so an in-flight write of older values is sent again afterwards.
 * A change does not push the row's next attempt later: a partial batch lingers from its first
 * unsent change (else a contact changing more often than the linger time is never written), and a
 * retry's backoff stands (else every change would retry a failing call at once). A row waiting
 * only for an older request to settle (pending, no failed attempt) is sent now: the new values go
 * out at once, and the row is sent again when that request has settled.
 */
export async function enqueueWriteBack(
  q: Queryable,
  input: {
    readonly portalId: string;
    readonly contactId: string;
    readonly target: WriteBackTarget;
    readonly properties: Readonly<Record<string, string>>;
    readonly verdictId?: string;
    readonly now: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO write_backs (portal_id, contact_id, target, properties, verdict_id, next_attempt_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6)
     ON CONFLICT (portal_id, contact_id, target) DO UPDATE SET
       properties = write_backs.properties || EXCLUDED.properties,
       verdict_id = COALESCE(EXCLUDED.verdict_id, write_backs.verdict_id),
       version = write_backs.version + 1,
       state = CASE WHEN write_backs.state = 'in_flight' THEN 'in_flight' ELSE 'pending' END,
       attempts = CASE WHEN write_backs.state IN ('in_flight', 'pending') THEN write_backs.attempts ELSE 0 END,
       next_attempt_at = CASE
         WHEN write_backs.state = 'in_flight' THEN write_backs.next_attempt_at
         WHEN write_backs.state = 'pending' AND write_backs.attempts > 0 THEN write_backs.next_attempt_at
         WHEN write_backs.state = 'pending' THEN LEAST(write_backs.next_attempt_at, EXCLUDED.next_attempt_at)
         ELSE EXCLUDED.next_attempt_at END,
       updated_at = EXCLUDED.updated_at`,
    [
      input.portalId,
      input.contactId,
      input.target,
      JSON.stringify(input.properties),
      input.verdictId ?? null,
      input.now,
    ],
  );
}
