import type { Database } from './database.ts';

export interface WriteBackCounts {
  /** Still owed to the CRM: waiting, being written, or parked. */
  readonly pending: number;
  /** Refused by the CRM for good: the current verdict's values, or a row's last values. */
  readonly failed: number;
  /** Of `pending`: waiting for the CRM to accept calls again (token refused, answers not understood). */
  readonly parked: number;
  /**
   * Not in `pending`: changes for a CRM that has no record of the contact yet (no Salesforce Lead
   * linked), kept until a later change or a re-check finds one. Not a failure.
   */
  readonly unlinked: number;
}

export async function countWriteBacks(db: Database): Promise<WriteBackCounts> {
  const { rows } = await db.query<WriteBackCounts>(
    `SELECT (SELECT count(*) FROM write_backs WHERE state IN ('pending', 'in_flight', 'parked'))::int AS pending,
            (SELECT count(*) FROM write_backs WHERE state = 'parked')::int AS parked,
            (SELECT count(*) FROM write_backs WHERE state = 'unlinked')::int AS unlinked,
            -- A refusal stays counted while it is the contact's current verdict, even after later
            -- writes (an SLA status) of the same contact went through.
            (SELECT count(*) FROM (
               SELECT portal_id, contact_id FROM write_backs WHERE state = 'failed'
               UNION
               SELECT v.portal_id, v.contact_id FROM verdicts v
                WHERE v.write_back = 'failed'
                  AND NOT EXISTS (SELECT 1 FROM verdicts n
                                   WHERE n.portal_id = v.portal_id AND n.contact_id = v.contact_id AND n.seq > v.seq)
             ) refused)::int AS failed`,
  );
  return {
    pending: rows[0]?.pending ?? 0,
    failed: rows[0]?.failed ?? 0,
    parked: rows[0]?.parked ?? 0,
    unlinked: rows[0]?.unlinked ?? 0,
  };
}
