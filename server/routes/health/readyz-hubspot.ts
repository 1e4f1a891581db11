import type { CrmPortal } from '../../../src/services/crm-portal.ts';
import { loadBackfillReadiness, loadPropertiesReadiness } from '../../../src/services/hubspot-readiness.ts';
import type { Database } from '../../../src/storage/database.ts';
import { createSyncCursorRepository } from '../../../src/storage/sync-cursor-repository.ts';
import type { ReadinessSection } from './get-readyz.ts';

export interface HubSpotReadinessDeps {
  readonly db: Database;
  /** The HubSpot connector (core.hubspot); absent or null: HubSpot sync is off. */
  readonly hubspot?: object | null;
  readonly crmPortal?: CrmPortal;
}

/**
 * The /readyz fields of the HubSpot install, from the shared store (any instance answers the same):
 * `backfill` (the install backfill: `idle` until it first starts, or without a HubSpot token) and
 * `hubspotProperties` (the last check of the portal properties the definitions read; null until
 * checked). A failed backfill or a missing property marks the answer degraded: a person must act.
 */
export function hubspotReadinessSections(deps: HubSpotReadinessDeps): ReadinessSection[] {
  const portal = () => (deps.hubspot && deps.crmPortal ? deps.crmPortal.known() : null);
  const cursors = createSyncCursorRepository(deps.db);
  return [
    {
      name: 'backfill',
      async read() {
        const portalId = portal();
        if (portalId === null) return { value: { state: 'idle', done: 0, total: null } };
        const backfill = await loadBackfillReadiness(cursors, portalId);
        return { value: backfill, degraded: backfill.state === 'failed' };
      },
    },
    {
      name: 'hubspotProperties',
      async read() {
        const portalId = portal();
        if (portalId === null) return { value: null };
        const properties = await loadPropertiesReadiness(cursors, portalId);
        return { value: properties, degraded: (properties?.missing.length ?? 0) > 0 };
      },
    },
  ];
}
