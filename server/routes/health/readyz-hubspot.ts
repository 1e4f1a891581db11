import type { CrmPortal } from '../../../src/services/crm-portal.ts';
import { loadBackfillReadiness, loadPropertiesReadiness } from '../../../src/services/hubspot-readiness.ts';
import type { BackfillReadiness, PropertiesReadiness } from '../../../src/services/hubspot-readiness.ts';
import type { Database } from '../../../src/storage/database.ts';
import { createSyncCursorRepository } from '../../../src/storage/sync-cursor-repository.ts';

export interface HubSpotReadinessDeps {
  readonly db: Database;
  /** The HubSpot connector (core.hubspot); absent or null: HubSpot sync is off. */
  readonly hubspot?: object | null;
  readonly crmPortal?: CrmPortal;
}

export interface HubSpotReadiness {
  /** The install backfill: `idle` until it first starts (or without a HubSpot token). */
  readonly backfill: BackfillReadiness;
  /** The last check of the portal properties the definitions read; null until checked. */
  readonly hubspotProperties: PropertiesReadiness | null;
}

/** The /readyz fields of the HubSpot install, from the shared store (any instance answers the same). */
export async function hubspotReadiness(
  deps: HubSpotReadinessDeps,
  storageUp: boolean,
): Promise<HubSpotReadiness> {
  const portalId = deps.hubspot && deps.crmPortal ? deps.crmPortal.known() : null;
  if (!storageUp || portalId === null) {
    return { backfill: { state: 'idle', done: 0, total: null }, hubspotProperties: null };
  }
  const cursors = createSyncCursorRepository(deps.db);
  return {
    backfill: await loadBackfillReadiness(cursors, portalId),
    hubspotProperties: await loadPropertiesReadiness(cursors, portalId),
  };
}
