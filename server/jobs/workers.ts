import { setTimeout as sleep } from 'node:timers/promises';
import { trackedContactProperties } from '../../src/domain/watched-properties.ts';
import type { AlertChannelName } from '../../src/ports/alert-channel.ts';
import type { CrmContact } from '../../src/ports/crm-contacts.ts';
import type { JobQueue } from '../../src/ports/job-queue.ts';
import { ALERT_MAX_ATTEMPTS, deliverAlert } from '../../src/services/deliver-alert.ts';
import { flushWriteBacks } from '../../src/services/flush-write-backs.ts';
import { processWebhookBatch } from '../../src/services/process-webhook-batch.ts';
import { WEBHOOK_QUEUE } from '../../src/services/receive-webhook-batch.ts';
import { reconcileContacts } from '../../src/services/reconcile-contacts.ts';
import { sweepSla } from '../../src/services/sweep-sla.ts';
import type { NewDelivery } from '../../src/services/sweep-sla.ts';
import { trackContact } from '../../src/services/track-contact.ts';
import { createSyncCursorRepository } from '../../src/storage/sync-cursor-repository.ts';
import type { Core } from '../runtime.ts';
import { startLoop } from './loop.ts';
import type { Loop } from './loop.ts';

export const ALERT_QUEUE = 'alert-delivery';
// A lone verdict reaches HubSpot within 1–2 s (linger + loop tick); a burst goes in full batches.
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
}

/** Extra properties read with each contact: the alert names the lead. */
export const CONTACT_DISPLAY_PROPERTIES = ['firstname', 'lastname', 'email'];

export function trackedProperties(core: Core): string[] {
  return [...new Set([...trackedContactProperties(core.definitions), ...CONTACT_DISPLAY_PROPERTIES])];
}

/** The background work: webhook and alert jobs on the queue, write-back, SLA and reconcile loops. */
export async function startWorkers(
  core: Core,
  queue: JobQueue,
  options: WorkerOptions = {},
): Promise<Workers> {
  const { logger, db } = core;
  const tracking = { db, definitions: core.definitions, clock: core.clock, now: core.now, logger };
  await queue.define(WEBHOOK_QUEUE, { retryLimit: 20, retryDelaySeconds: 5 });
  await queue.define(ALERT_QUEUE, { retryLimit: ALERT_MAX_ATTEMPTS - 1, retryDelaySeconds: 5 });
  await queue.work<{ batchId: number }>(WEBHOOK_QUEUE, async ({ batchId }) => {
    const result = await processWebhookBatch(
      { ...tracking, crm: core.hubspot, propertiesToRead: trackedProperties(core) },
      batchId,
    );
    core.metrics.webhookEvents.inc({ outcome: 'duplicate' }, result.duplicates);
    logger.debug({ batchId, ...result }, 'webhook batch processed');
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

  const enqueueDeliveries = async (deliveries: readonly NewDelivery[]) => {
    for (const delivery of deliveries) {
      await queue.send(ALERT_QUEUE, delivery);
    }
  };
  const sweep = async () => {
    const result = await sweepSla({ ...tracking, channels: core.channelAvailability });
    await enqueueDeliveries(result.deliveries);
    return result.checked === 500;
  };

  const loops: Loop[] = [];
  const hubspot = core.hubspot;
  const writeBacks = hubspot
    ? startLoop(
        'write-back',
        options.writeBackIntervalMs ?? 1_000,
        async () => {
          const result = await flushWriteBacks({
            db,
            crm: hubspot,
            now: core.now,
            logger,
            lingerMs: options.writeBackLingerMs ?? WRITE_BACK_LINGER_MS,
            onOutcome: (outcome, count) => {
              core.metrics.writeBacks.inc({ target: 'hubspot', outcome }, count);
            },
          });
          return result.claimed === 100;
        },
        logger,
      )
    : null;
  if (writeBacks) loops.push(writeBacks);
  loops.push(startLoop('sla-sweep', options.sweepIntervalMs ?? 15_000, sweep, logger));
  const portalId = core.config.HUBSPOT_PORTAL_ID;
  if (hubspot && portalId) {
    const cursors = createSyncCursorRepository(db);
    const properties = trackedProperties(core);
    loops.push(
      startLoop(
        'reconcile',
        options.reconcileIntervalMs ?? 10 * 60_000,
        async (signal) => {
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
  return {
    pokeWriteBacks: () => {
      writeBacks?.poke();
    },
    sweepNow: async () => {
      await sweep();
    },
    async stop(graceMs) {
      await Promise.all(loops.map((loop) => loop.stop(graceMs)));
    },
  };
}
