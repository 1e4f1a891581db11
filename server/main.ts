import type { Server } from 'node:http';
import { describeConnectors, formatConfigProblems, loadConfig } from '../src/config/env.ts';
import { createLogger } from '../src/logging/logger.ts';
import { provisionProperties } from '../src/services/provision-properties.ts';
import { startJobQueue } from '../src/storage/pg-boss-queue.ts';
import { createApp } from './app.ts';
import { checkConnectorsAtBoot } from './boot-checks.ts';
import { startWorkers } from './jobs/workers.ts';
import { BootError, buildCore } from './runtime.ts';

// The composition root: the only place that reads the environment, listens and handles signals.
const SHUTDOWN_BUDGET_MS = 9_000;
const HTTP_DRAIN_MS = 5_000;

async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${formatConfigProblems(loaded.problems)}\n`);
    process.exit(1);
  }
  const config = loaded.config;
  const logger = createLogger(config.LOG_LEVEL);
  const core = await buildCore(config, logger, { defaultMetrics: true });
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
  await checkConnectorsAtBoot(core);
  const queue = await startJobQueue(core.db, logger);
  const workers = await startWorkers(core, queue);
  const app = createApp({
    ...core,
    queue,
    portalId: config.HUBSPOT_PORTAL_ID,
    crmAdmin: core.hubspot,
    onWriteBackQueued: () => {
      workers.pokeWriteBacks();
    },
  });
  const server: Server = app.listen(config.PORT, () => {
    const address = server.address();
    logger.info({ port: typeof address === 'object' && address ? address.port : config.PORT }, 'listening');
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new requests, finishing in-flight work');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_BUDGET_MS);
    force.unref();
    // In-flight requests finish on their open connections; idle keep-alive ones close now, and
    // the rest are cut if they outlive the HTTP share of the budget.
    const httpClosed = new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    server.closeIdleConnections();
    const cut = setTimeout(() => {
      server.closeAllConnections();
    }, HTTP_DRAIN_MS);
    cut.unref();
    void (async () => {
      await Promise.all([httpClosed, workers.stop()]);
      clearTimeout(cut);
      await queue.stop();
      await core.db.close();
      logger.info('stopped');
      process.exit(0);
    })().catch((error: unknown) => {
      logger.error({ err: error }, 'error while shutting down');
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => {
    shutdown('SIGTERM');
  });
  process.on('SIGINT', () => {
    shutdown('SIGINT');
  });
}

main().catch((error: unknown) => {
  const message =
    error instanceof BootError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`lead-handoff failed to start: ${message}\n`);
  process.exit(1);
});
