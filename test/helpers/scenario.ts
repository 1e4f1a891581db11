// Factories for the state issue 4's tests start from: contacts the product tracks, qualified or
// not, with or without an owner, seeded through the real tracking service.
import type { Core } from '../../server/runtime.ts';
import type { CrmContact } from '../../src/ports/crm-contacts.ts';
import { trackContact } from '../../src/services/track-contact.ts';
import type { TrackOutcome } from '../../src/services/track-contact.ts';
import type { Database } from '../../src/storage/database.ts';
import { PORTAL_ID } from './harness.ts';

/** Meets the example definition (config/definitions.yaml) on 2026-11-20. */
export const QUALIFYING_PROPERTIES: Readonly<Record<string, string>> = {
  industry: 'COMPUTER_SOFTWARE',
  numemployees: '50-100',
  jobtitle: '営業部長',
  whitepaper_downloaded_at: '2026-11-18',
  hubspotscore: '75',
  firstname: '太郎',
  lastname: '山田',
};

export interface SeedOptions {
  /** hubspot_owner_id: the contact is handed off (verdict deadline open) when set. */
  readonly ownerId?: string;
  /** When the qualifying change happened (defaults to the core's now). */
  readonly changedAt?: Date;
  readonly qualified?: boolean;
}

/** Tracks one contact through trackContact, as a webhook or the reconciler would. */
export function seedContact(core: Core, contactId: string, options: SeedOptions = {}): Promise<TrackOutcome> {
  const changedAt = options.changedAt ?? core.now();
  // The download happens at changedAt, so the lead qualifies then (not days ago, with its
  // deadlines long past).
  const properties: Record<string, string | null> =
    options.qualified === false
      ? { industry: 'RETAIL', firstname: '花子' }
      : { ...QUALIFYING_PROPERTIES, whitepaper_downloaded_at: changedAt.toISOString() };
  if (options.ownerId !== undefined) properties['hubspot_owner_id'] = options.ownerId;
  const contact: CrmContact = {
    id: contactId,
    properties,
    history: {},
    createdAt: null,
    updatedAt: null,
  };
  return trackContact(core, PORTAL_ID, contact, changedAt);
}

/**
 * Row counts of what a verdict writes (write-backs by summed version, since a verdict may merge into
 * a pending row): a refused request must leave them all unchanged.
 */
export async function countVerdictRows(
  db: Database,
): Promise<{ verdicts: number; writeBacks: number; ownerCache: number; openVerdictDeadlines: number }> {
  const { rows } = await db.query<{
    verdicts: number;
    write_backs: number;
    owner_cache: number;
    open_deadlines: number;
  }>(
    `SELECT (SELECT count(*)::int FROM verdicts) AS verdicts,
            (SELECT coalesce(sum(version), 0)::int FROM write_backs) AS write_backs,
            (SELECT count(*)::int FROM owner_cache) AS owner_cache,
            (SELECT count(*)::int FROM deadlines WHERE met_at IS NULL) AS open_deadlines`,
  );
  const row = rows[0];
  if (!row) throw new Error('count query returned nothing');
  return {
    verdicts: row.verdicts,
    writeBacks: row.write_backs,
    ownerCache: row.owner_cache,
    openVerdictDeadlines: row.open_deadlines,
  };
}
