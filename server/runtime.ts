import { channelAvailability, createAlertChannels } from '../src/alerts/channel-registry.ts';
import { describeConnectors } from '../src/config/env.ts';
import type { Config } from '../src/config/env.ts';
import { loadDefinitionsFile } from '../src/config/definitions-loader.ts';
import { createHubSpotConnector } from '../src/connectors/hubspot/hubspot-client.ts';
import type { HubSpotConnector } from '../src/connectors/hubspot/hubspot-client.ts';
import { createRateLimiterRegistry } from '../src/connectors/hubspot/portal-rate-limiter.ts';
import { formatIssues } from '../src/domain/definitions.ts';
import type { Definitions } from '../src/domain/definitions.ts';
import { createSlaClock } from '../src/domain/sla-clock.ts';
import type { SlaClock } from '../src/domain/sla-clock.ts';
import type { Logger } from '../src/logging/logger.ts';
import { checkWebhookSubscriptions } from '../src/services/check-webhook-subscriptions.ts';
import { createConnectorHealth } from '../src/services/connector-health.ts';
import type { ConnectorHealth } from '../src/services/connector-health.ts';
import { observeConnector } from '../src/services/observed-connector.ts';
import { recordDefinitions } from '../src/services/record-definitions.ts';
import { recomputeOpenDeadlines } from '../src/services/recompute-deadlines.ts';
import type { Database } from '../src/storage/database.ts';
import { BootError } from './boot-error.ts';
import { createMetrics } from './metrics.ts';
import type { Metrics } from './metrics.ts';
import { migrateStorage, openStorage } from './open-storage.ts';

export { BootError } from './boot-error.ts';

export interface Core {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database;
  readonly definitions: Definitions;
  readonly clock: SlaClock;
  readonly metrics: Metrics;
  readonly health: ConnectorHealth;
  readonly hubspot: HubSpotConnector | null;
  readonly channels: ReturnType<typeof createAlertChannels>;
  readonly channelAvailability: ReturnType<typeof channelAvailability>;
  readonly now: () => Date;
}

export async function loadDefinitionsOrFail(path: string): Promise<Definitions> {
  const loaded = await loadDefinitionsFile(path);
  if (!loaded.ok) throw new BootError(`Invalid definitions file ${path}:\n${formatIssues(loaded.error)}`);
  return loaded.value;
}

/** Everything but HTTP and background work: storage migrated, definitions loaded, connectors built. */
export async function buildCore(
  config: Config,
  logger: Logger,
  options: {
    readonly now?: () => Date;
    readonly defaultMetrics?: boolean;
    readonly db?: Database;
    /** Aborts a boot still waiting for PostgreSQL (a SIGTERM). */
    readonly signal?: AbortSignal;
  } = {},
): Promise<Core> {
  const now = options.now ?? (() => new Date());
  const definitions = await loadDefinitionsOrFail(config.DEFINITIONS_FILE);
  await checkWebhookSubscriptions(definitions, logger);
  const db = options.db ?? (await openStorage(config, logger, options.signal));
  await migrateStorage(db, config, logger);
  const clock = createSlaClock(definitions.handoff.clock, definitions.calendar);
  if (await recordDefinitions(db, definitions)) {
    const recomputed = await recomputeOpenDeadlines({ db, definitions, clock, now });
    logger.info(
      { version: definitions.version, hash: definitions.hash, recomputed },
      'definitions changed; open deadlines recomputed',
    );
  }
  const settings = describeConnectors(config);
  const health = createConnectorHealth({
    hubspot: settings.hubspotSync.enabled,
    salesforce: settings.salesforce.enabled,
    slack: settings.slack.enabled,
  });
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? false });
  const hubspot = config.HUBSPOT_ACCESS_TOKEN
    ? observeConnector(
        'hubspot',
        createHubSpotConnector({
          accessToken: config.HUBSPOT_ACCESS_TOKEN.reveal(),
          portalId: config.HUBSPOT_PORTAL_ID ?? 'default',
          baseUrl: config.HUBSPOT_API_BASE_URL,
          limiter: createRateLimiterRegistry().getLimiter(config.HUBSPOT_PORTAL_ID ?? 'default'),
          logger,
        }),
        health,
        (outcome) => {
          metrics.crmCalls.inc({ provider: 'hubspot', outcome });
        },
      )
    : null;
  const channels = createAlertChannels({
    crm: hubspot,
    slackWebhookUrl: config.SLACK_WEBHOOK_URL?.reveal() ?? null,
    logger,
  });
  return {
    config,
    logger,
    db,
    definitions,
    clock,
    metrics,
    health,
    hubspot,
    channels,
    channelAvailability: channelAvailability(channels),
    now,
  };
}
