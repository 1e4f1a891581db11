import type { Request, Response } from 'express';
import type { ConnectorHealth } from '../../../src/services/connector-health.ts';
import type { Database } from '../../../src/storage/database.ts';
import { countWriteBacks } from '../../../src/storage/write-back-repository.ts';
import { hubspotReadiness } from './readyz-hubspot.ts';
import type { HubSpotReadinessDeps } from './readyz-hubspot.ts';

export interface ReadyzDeps extends HubSpotReadinessDeps {
  readonly db: Database;
  readonly health: ConnectorHealth;
  readonly definitionsLoaded: () => boolean;
}

/** 200 when storage answers and the definitions are loaded; connectors never make us unready. */
export function getReadyz(deps: ReadyzDeps) {
  return async (_req: Request, res: Response): Promise<void> => {
    const storage = await deps.db.ping();
    const definitions = deps.definitionsLoaded();
    const connectors = {
      hubspot: deps.health.state('hubspot'),
      salesforce: deps.health.state('salesforce'),
      slack: deps.health.state('slack'),
    };
    const writeBacks = storage ? await countWriteBacks(deps.db) : { pending: 0, failed: 0 };
    const ready = storage && definitions;
    const degraded = Object.values(connectors).includes('failing') || writeBacks.failed > 0;
    res.status(ready ? 200 : 503).json({
      status: ready ? (degraded ? 'degraded' : 'ok') : 'down',
      storage: storage ? 'ok' : 'failing',
      definitions: definitions ? 'loaded' : 'missing',
      connectors,
      writeBacks,
      // The HubSpot install: backfill progress and portal properties the definitions lack.
      ...(await hubspotReadiness(deps, storage)),
    });
  };
}
