import { setTimeout as sleep } from 'node:timers/promises';
import type { AlertChannelName } from '../../src/ports/alert-channel.ts';
import type { CrmContact } from '../../src/ports/crm-contacts.ts';
import type { JobQueue } from '../../src/ports/job-queue.ts';
import { ALERT_MAX_ATTEMPTS, deliverAlert } from '../../src/services/deliver-alert.ts';
import { flushWriteBacks } from '../../src/services/flush-write-backs.ts';
import { ALERT_QUEUE, WEBHOOK_QUEUE, alertJobKey } from '../../src/services/job-queues.ts';
import { processWebhookBatch } from '../../src/services/process-webhook-batch.ts';
import { reconcileContacts } from '../../src/services/reconcile-contacts.ts';
import { RECOVERY_PAGE, recoverStrandedWork } from '../../src/services/recover-stranded-work.ts';
import { pollSalesSource } from '../../src/services/poll-sales-source.ts';
import { sweepSla } from '../../src/services/sweep-sla.ts';
import { trackContact } from '../../src/services/track-contact.ts';
import { createSyncCursorRepository } from '../../src/storage/sync-cursor-repository.ts';
import { WEBHOOK_HISTORY_RETENTION_MS, pruneWebhookHistory } from '../../src/storage/webhook-history.ts';
import type { Core } from '../runtime.ts';
import { syncFieldProblems } from '../salesforce-runtime.ts';
import { startHubSpotInstall } from './hubspot-install.ts';
import type { HubSpotInstallOptions } from './hubspot-install.ts';
import { startLoop } from './loop.ts';
import { trackedProperties } from './tracked-properties.ts';
import type { Loop } from './loop.ts';

export { ALERT_QUEUE } from '../../src/services/job-queues.ts';
// A lone verdict reaches HubSpot within about 2 s (a quiet second + the loop tick); a burst goes in
// full batches (flushWriteBacks holds a partial one while changes keep arriving, 5 s at most).
const WRITE_BACK_LINGER_MS = 1_000;

export interface Workers {
  /** Wakes the write-back loop (a verdict was just stored). */
  pokeWriteBacks(): void;
  /** Runs one SLA sweep now and hands its deliveries to the queue (tests, operators). */
  sweepNow(): Promise<void>;
  /** Stops the loops: runs in progress are told to stop and waited for at most `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface WorkerOptions {
  readonly writeBackIntervalMs?: number;
  /** How long a partial write-back batch waits to fill up (see flushWriteBacks). */
  readonly writeBackLingerMs?: number;
  /** Alerts are due within 60 s of a deadline passing: sweep well inside that. */
  readonly sweepIntervalMs?: number;
  readonly reconcileIntervalMs?: number;
  /** The install backfill and the portal properties check (see hubspot-install.ts). */
  readonly install?: HubSpotInstallOptions;
  /** How often webhook dedupe history past its retention window is deleted. */
  readonly pruneIntervalMs?: number;
  /** How often the recovery sweep looks for stranded batches and deliveries (default 60 s). */
  readonly recoveryIntervalMs?: number;
  /** How long a pending row may wait before the sweep re-sends its job (default 5 min). */
  readonly recoveryStaleMs?: number;
  /**
   * Whether contacts are read from HubSpot in the background: the install backfill and the
   * reconciliation (default true). A benchmark of one path (verdict write-back) turns it off.
   */
  readonly hubspotIngest?: boolean;
  /** How often Salesforce is read (default SALESFORCE_POLL_SECONDS). */
  readonly salesforcePollIntervalMs?: number;
}

export { CONTACT_DISPLAY_PROPERTIES, trackedProperties } from './tracked-properties.ts';

/** The background work: webhook and alert jobs on the queue, write-back, SLA and reconcile loops. */
export async function startWorkers(
  core: Core,
  queue: JobQueue,
  options: WorkerOptions = {},
): Promise<Workers> {
  const { logger, db } = core;
  const tracking = {
    db,
    definitions: core.definitions,
    clock: core.clock,
    now: core.now,
    logger,
    writeBackTargets: core.writeBackTargets,
  };
  await queue.define(WEBHOOK_QUEUE, { retryLimit: 20, retryDelaySeconds: 5, exclusive: true });
  await queue.define(ALERT_QUEUE, {
    retryLimit: ALERT_MAX_ATTEMPTS - 1,
    retryDelaySeconds: 5,
    exclusive: true,
  });
  await queue.work<{ batchId: number }>(WEBHOOK_QUEUE, async ({ batchId }) => {
    try {
      const result = await processWebhookBatch(
        { ...tracking, crm: core.hubspot, propertiesToRead: trackedProperties(core) },
        batchId,
      );
      core.metrics.webhookEvents.inc({ outcome: 'duplicate' }, result.duplicates);
      logger.debug({ batchId, ...result }, 'webhook batch processed');
    } catch (error) {
      // The batch stays pending (the queue retries it, then the recovery sweep); say why on its row.
      const message = error instanceof Error ? error.message : String(error);
      await db
        .query('UPDATE webhook_batches SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [
          batchId,
          message.slice(0, 2_000),
        ])
        .catch(() => undefined);
      throw error;
    }
  });
  await queue.work<{ alertId: number; channel: AlertChannelName }>(
    ALERT_QUEUE,
    async ({ alertId, channel }) => {
      await deliverAlert(
        {
          ...tracking,
          channels: core.channels,
          onOutcome: (kind, name, outcome) => {
            core.metrics.alerts.inc({ kind, channel: name, outcome });
          },
        },
        alertId,
        channel,
      );
    },
  );

  const sweep = async () => {
    const result = await sweepSla({
      ...tracking,
      channels: core.channelAvailability,
      // Each delivery's job commits with the alert that owes it: exactly once, across crashes.
      enqueue: (delivery, tx) =>
        queue.send(ALERT_QUEUE, delivery, { singletonKey: alertJobKey(delivery), within: tx }),
    });
    return result.checked === 500;
  };
  const recover = async () => {
    const result = await recoverStrandedWork({
      db,
      queue,
      staleMs: options.recoveryStaleMs ?? 5 * 60_000,
    });
    if (result.batches + result.deliveries > 0)
      logger.warn(result, 'recovery sweep handed stranded work back to the job queue');
    return result.batches === RECOVERY_PAGE || result.deliveries === RECOVERY_PAGE;
  };

  const loops: Loop[] = [];
  const hubspot = core.hubspot;
  // One flush per (portal, target) the registry can write: each CRM's rows go through its own
  // connector, and one CRM's outage or backlog does not hold the other's writes.
  const writeBacks = startLoop(
    'write-back',
    options.writeBackIntervalMs ?? 1_000,
    async () => {
      let more = false;
      for (const route of await core.registry.routes()) {
        const result = await flushWriteBacks({
          db,
          route,
          now: core.now,
          logger,
          lingerMs: options.writeBackLingerMs ?? WRITE_BACK_LINGER_MS,
          answeredAt: () => core.health.lastAnsweredAt(route.target),
          onOutcome: (outcome, count) => {
            core.metrics.writeBacks.inc({ target: route.target, outcome }, count);
          },
        });
        if (result.claimed === route.writeBack.maxBatchSize) more = true;
      }
      return more;
    },
    logger,
  );
  loops.push(writeBacks);
  loops.push(startLoop('sla-sweep', options.sweepIntervalMs ?? 15_000, sweep, logger));
  loops.push(
    startLoop(
      'webhook-history-prune',
      options.pruneIntervalMs ?? 3_600_000,
      async () => {
        const before = new Date(core.now().getTime() - WEBHOOK_HISTORY_RETENTION_MS);
        const pruned = await pruneWebhookHistory(db, before);
        if (pruned.events + pruned.batches + pruned.refusals > 0)
          logger.info({ pruned, before }, 'pruned webhook history past its retention window');
        return false;
      },
      logger,
    ),
  );
  loops.push(startLoop('recovery', options.recoveryIntervalMs ?? 60_000, recover, logger));
  const ingest = options.hubspotIngest ?? true;
  if (hubspot && ingest) {
    const cursors = createSyncCursorRepository(db);
    const properties = trackedProperties(core);
    loops.push(
      startLoop(
        'reconcile',
        options.reconcileIntervalMs ?? 10 * 60_000,
        async (signal) => {
          // HUBSPOT_PORTAL_ID, else the portal the token belongs to (asked of HubSpot once).
          const portal = await core.crmPortal.resolve();
          if (portal === null || !portal.ok) return false;
          const portalId = portal.value;
          const sink = async (contacts: readonly CrmContact[]) => {
            for (const contact of contacts) await trackContact(tracking, portalId, contact, null);
          };
          const result = await reconcileContacts(
            {
              crm: hubspot,
              cursors,
              sink,
              properties,
              historyProperties: core.definitions.propertiesRead,
              now: core.now,
              // A retry pause ends (throws) at shutdown instead of holding it for up to 5 min.
              sleep: (ms) => sleep(ms, undefined, { signal }),
            },
            { signal },
          );
          if (!result.ok)
            logger.warn({ error: result.error }, 'reconciliation stopped early; the next run resumes');
          return false;
        },
        logger,
      ),
    );
  }
  const salesforce = core.salesforce;
  if (salesforce) {
    const cursors = createSyncCursorRepository(db);
    loops.push(
      startLoop(
        'salesforce-poll',
        options.salesforcePollIntervalMs ?? core.config.SALESFORCE_POLL_SECONDS * 1_000,
        async () => {
          const portal = await core.servedPortal.resolve();
          if (portal === null || !portal.ok) return false;
          const result = await pollSalesSource(
            {
              ...tracking,
              source: salesforce.source,
              cursors,
              onWriteBackQueued: () => {
                writeBacks.poke();
              },
            },
            portal.value,
          );
          syncFieldProblems(salesforce, core.health);
          if (result.error !== null)
            logger.warn(result, 'Salesforce read stopped early; the next run resumes');
          else if (result.verdicts + result.refused + result.conversions + result.opportunities > 0)
            logger.info(result, 'Salesforce read');
          return false;
        },
        logger,
      ),
    );
  }
  const install = ingest ? startHubSpotInstall(core, options.install) : null;
  if (install) loops.push(install);
  return {
    pokeWriteBacks: () => {
      writeBacks.poke();
    },
    sweepNow: async () => {
      await sweep();
    },
    async stop(graceMs) {
      await Promise.all(loops.map((loop) => loop.stop(graceMs)));
    },
  };
}
