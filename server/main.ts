import { describeConnectors, formatConfigProblems, loadConfig } from '../src/config/env.ts';
import { describeFailure } from '../src/logging/describe-failure.ts';
import { createLogger } from '../src/logging/logger.ts';
import { provisionProperties } from '../src/services/provision-properties.ts';
import { startJobQueue } from '../src/storage/pg-boss-queue.ts';
import { createApp } from './app.ts';
import { BootError } from './boot-error.ts';
import { startWorkers } from './jobs/workers.ts';
import { SHUTDOWN_BUDGET_MS, listen, settledWithin, stopRunning } from './lifecycle.ts';
import type { Running } from './lifecycle.ts';
import { buildCore } from './runtime.ts';
import type { Core } from './runtime.ts';

// The composition root: the only place that reads the environment, listens and handles signals.
// Exit codes: 0 after SIGTERM/SIGINT (also during boot), 1 when boot fails (one line on stderr).

// Past this, something other than a CRM is stuck (every CRM wait is bounded below it): say so.
const FORCE_EXIT_MS = SHUTDOWN_BUDGET_MS - 500;
// How long after a signal storage that is still opening may take, leaving time to close it.
const STORAGE_OPEN_GRACE_MS = 6_000;

async function main(): Promise<number> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${formatConfigProblems(loaded.problems)}\n`);
    return 1;
  }
  const config = loaded.config;
  const logger = createLogger(config.LOG_LEVEL);

  const stopping = new AbortController();
  let signalledAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping.signal.aborted) return;
    signalledAt = Date.now();
    logger.info({ signal }, 'shutting down: no new requests, finishing in-flight work');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, FORCE_EXIT_MS).unref();
    stopping.abort(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const stopped = new Promise<void>((resolve) => {
    stopping.signal.addEventListener('abort', () => {
      resolve();
    });
  });
  /** A boot step, unless a signal comes first: then boot ends there and the process stops. */
  const unlessStopped = <T>(step: Promise<T>): Promise<T> =>
    Promise.race([step, stopped.then(() => Promise.reject(new Error('stopped during boot')))]);

  const running: { -readonly [K in keyof Running]: Running[K] } = {};
  const building = buildCore(config, logger, { defaultMetrics: true, signal: stopping.signal });
  try {
    const core = await unlessStopped(building);
    running.db = core.db;
    await unlessStopped(boot(core, running, stopping.signal));
  } catch (error) {
    if (!stopping.signal.aborted) {
      // Our own sentences as written (a definitions file lists each problem on its line).
      const message = error instanceof BootError ? error.message : describeFailure(error);
      process.stderr.write(`lead-handoff failed to start: ${message}\n`);
      // A bug rather than a setting: its stack goes to the log, not to the operator's one line.
      if (!(error instanceof BootError)) logger.error({ err: error }, 'boot failed');
      await stopRunning(running, Date.now(), logger).catch(() => undefined);
      return 1;
    }
  }
  await stopped;
  if (!running.db) {
    // Stopped while storage was opening or migrating: a first PGlite boot half-written to its
    // folder is worse than a late exit, so it may finish within the budget, then it is closed.
    const remaining = signalledAt + STORAGE_OPEN_GRACE_MS - Date.now();
    running.db = (await settledWithin(building, remaining))?.db ?? null;
  }
  await stopRunning(running, signalledAt, logger);
  logger.info('stopped');
  return 0;
}

/**
 * Provisioning, queue, workers, HTTP: each recorded in `running` as it starts, for stopRunning. A
 * step still under way when a signal came is not followed by the next one.
 */
async function boot(
  core: Core,
  running: { -readonly [K in keyof Running]: Running[K] },
  signal: AbortSignal,
): Promise<void> {
  const { config, logger } = core;
  const signalled = () => signal.aborted;
  const settings = describeConnectors(config);
  const disabled = (Object.entries(settings) as [string, { enabled: boolean; reason: string }][])
    .filter(([, setting]) => !setting.enabled)
    .map(([name, setting]) => `${name}: ${setting.reason}`);
  logger.info(
    {
      storage: core.db.kind,
      definitions: { version: core.definitions.version, hash: core.definitions.hash },
      disabled,
    },
    disabled.length > 0
      ? `started with ${disabled.length} part(s) disabled: ${disabled.join('; ')}`
      : 'started with every connector enabled',
  );
  if (core.hubspot) {
    const report = await provisionProperties(core.hubspot, core.definitions);
    if (report.ok) logger.info({ provisioning: report.value }, 'HubSpot properties provisioned');
    else
      logger.error(
        { error: report.error },
        'HubSpot property provisioning failed; write-backs may be refused',
      );
  }
  if (signalled()) return;
  const queue = await startJobQueue(core.db, logger);
  running.queue = queue;
  if (signalled()) return;
  const workers = await startWorkers(core, queue);
  running.workers = workers;
  if (signalled()) return;
  const app = createApp({
    ...core,
    queue,
    portalId: config.HUBSPOT_PORTAL_ID,
    crmAdmin: core.hubspot,
    onWriteBackQueued: () => {
      workers.pokeWriteBacks();
    },
    definitionsLoaded: () => true,
  });
  const server = await listen(app, config.PORT);
  running.server = server;
  const address = server.address();
  logger.info({ port: typeof address === 'object' && address ? address.port : config.PORT }, 'listening');
}

main().then(
  (code) => {
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`lead-handoff failed: ${describeFailure(error)}\n`);
    process.exit(1);
  },
);
