import type { CrmChangePart, CrmChanges } from '../domain/crm-changes.ts';
import type { WriteBackTarget } from '../ports/crm-write-back.ts';
import type { Queryable } from './queryable.ts';

export type { WriteBackTarget } from '../ports/crm-write-back.ts';

/** Where changes go when nothing else is configured: HubSpot, even before a token is set. */
export const DEFAULT_WRITE_BACK_TARGETS: readonly WriteBackTarget[] = ['hubspot'];

/**
 * Merges a change into the contact's pending write-back of each target (one row per target, so
 * each CRM's writes succeed, wait and fail on their own). The newest value of each part wins
 * (a part replaces the same part pending); the row's version is bumped so an in-flight write of
 * older values is sent again afterwards. `dropParts` are removed from the pending change first
 * (a verdict made in a CRM must not be overwritten there by an older one still pending).
 *
 * A change does not push the row's next attempt later: a partial batch lingers from its first
 * unsent change (else a contact changing more often than the linger time is never written), and a
 * retry's backoff stands (else every change would retry a failing call at once). A row waiting
 * only for an older request to settle (pending, no failed attempt) is sent now: the new values go
 * out at once, and the row is sent again when that request has settled. A row waiting for a record
 * to link to (`unlinked`) is tried again at once with the new change.
 *
 * `verdictId` goes on the HubSpot row only: the card shows whether the verdict reached HubSpot.
 */
export async function enqueueWriteBack(
  q: Queryable,
  input: {
    readonly portalId: string;
    readonly contactId: string;
    readonly targets: readonly WriteBackTarget[];
    readonly changes: CrmChanges;
    readonly dropParts?: readonly CrmChangePart[];
    readonly verdictId?: string;
    readonly now: Date;
  },
): Promise<void> {
  for (const target of input.targets) {
    await q.query(
      `INSERT INTO write_backs (portal_id, contact_id, target, properties, changes, verdict_id, next_attempt_at, updated_at)
       VALUES ($1, $2, $3, '{}'::jsonb, $4, $5, $6, $6)
       ON CONFLICT (portal_id, contact_id, target) DO UPDATE SET
         changes = (write_backs.changes - $7::text[]) || EXCLUDED.changes,
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
        target,
        JSON.stringify(input.changes),
        target === 'hubspot' ? (input.verdictId ?? null) : null,
        input.now,
        [...(input.dropParts ?? [])],
      ],
    );
  }
}
