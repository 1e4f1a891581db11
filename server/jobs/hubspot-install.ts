import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { checkInputProperties } from '../../src/services/input-properties.ts';
import { recordInputCheck } from '../../src/services/hubspot-readiness.ts';
import { runInstallBackfill } from '../../src/services/install-backfill.ts';
import type { InstallRunOutcome } from '../../src/services/install-backfill.ts';
import { createLogProgressReporter } from '../../src/services/progress-reporter.ts';
import { createSyncCursorRepository } from '../../src/storage/sync-cursor-repository.ts';
import { createSyncLeaseRepository } from '../../src/storage/sync-lease-repository.ts';
import type { Core } from '../runtime.ts';
import { abortableSleep } from './abortable-sleep.ts';
import { startLoop } from './loop.ts';
import type { Loop } from './loop.ts';
import { trackedProperties } from './tracked-properties.ts';

export interface HubSpotInstallOptions {
  /** How often the loop looks (backfill not finished yet, properties check due). */
  readonly intervalMs?: number;
  /** After a failed install backfill, the next attempt waits this long. */
  readonly retryAfterFailureMs?: number;
  /** How often the portal's properties are checked against the definitions. */
  readonly propertiesCheckIntervalMs?: number;
}

const DEFAULT_INTERVAL_MS = 60_000;
const DEFAULT_RETRY_AFTER_FAILURE_MS = 10 * 60_000;
const DEFAULT_PROPERTIES_CHECK_MS = 15 * 60_000;

/**
 * The HubSpot install, in the background: with a token, the portal's existing contacts are loaded
 * once (the install backfill, resumable across restarts, one instance at a time), and the portal's
 * properties are checked against what the definitions read. Null without a HubSpot token.
 */
export function startHubSpotInstall(core: Core, options: HubSpotInstallOptions = {}): Loop | null {
  const hubspot = core.hubspot;
  if (!hubspot) return null;
  const { logger, db } = core;
  const cursors = createSyncCursorRepository(db);
  const leases = createSyncLeaseRepository(db);
  const holder = `${process.pid}@${hostname()}/${randomUUID().slice(0, 8)}`;
  const stopping = new AbortController();
  const stopped = (): boolean => stopping.signal.aborted;
  const sleep = abortableSleep(stopping.signal);
  const retryAfterFailureMs = options.retryAfterFailureMs ?? DEFAULT_RETRY_AFTER_FAILURE_MS;
  const checkEveryMs = options.propertiesCheckIntervalMs ?? DEFAULT_PROPERTIES_CHECK_MS;
  let finished = false;
  let nextAttemptAt = 0;
  let nextCheckAt = 0;
  let lastMissing = '';

  const checkProperties = async (portalId: string) => {
    const check = await checkInputProperties(hubspot, core.definitions);
    if (!check.ok) {
      logger.warn({ error: check.error }, 'could not check the portal properties the definitions read');
      return;
    }
    await recordInputCheck(cursors, portalId, check.value, core.now());
    const missing = check.value.missing.map((spec) => spec.name).join(', ');
    if (missing !== '' && missing !== lastMissing) {
      logger.warn(
        { portalId, missing: check.value.missing.map((spec) => spec.name) },
        `HubSpot portal ${portalId} lacks properties the definitions read (${missing}): conditions on them are never met; create them with npm run provision -- --inputs`,
      );
    }
    lastMissing = missing;
  };

  const backfill = async (portalId: string): Promise<InstallRunOutcome> =>
    runInstallBackfill(
      {
        db,
        definitions: core.definitions,
        clock: core.clock,
        writeBackTargets: core.writeBackTargets,
        now: core.now,
        logger,
        crm: hubspot,
        cursors,
        leases,
        holder,
        properties: trackedProperties(core),
        historyProperties: core.definitions.propertiesRead,
        progress: createLogProgressReporter({ label: 'install backfill', logger }),
        sleep,
      },
      portalId,
      stopping.signal,
    );

  const loop = startLoop(
    'hubspot-install',
    options.intervalMs ?? DEFAULT_INTERVAL_MS,
    async () => {
      const portal = await core.crmPortal.resolve();
      if (portal === null || !portal.ok || stopped()) return false;
      const at = Date.now();
      if (at >= nextCheckAt) {
        nextCheckAt = at + checkEveryMs;
        await checkProperties(portal.value);
      }
      if (finished || at < nextAttemptAt) return false;
      try {
        const outcome = await backfill(portal.value);
        if (outcome === 'done' || outcome === 'skipped') finished = true;
        if (outcome === 'failed') nextAttemptAt = Date.now() + retryAfterFailureMs;
      } catch (error) {
        if (stopped()) return false;
        nextAttemptAt = Date.now() + retryAfterFailureMs;
        throw error;
      }
      return false;
    },
    logger,
  );
  return {
    poke: () => {
      loop.poke();
    },
    async stop() {
      stopping.abort();
      await loop.stop();
    },
  };
}
