import { channelAvailability, createAlertChannels } from '../src/alerts/channel-registry.ts';
import { describeConnectors } from '../src/config/env.ts';
import type { Config } from '../src/config/env.ts';
import { loadDefinitionsFile } from '../src/config/definitions-loader.ts';
import { createHubSpotConnector } from '../src/connectors/hubspot/hubspot-client.ts';
import type { HubSpotConnector } from '../src/connectors/hubspot/hubspot-client.ts';
import { createHubSpotWriteBack } from '../src/connectors/hubspot/hubspot-write-back.ts';
import { createRateLimiterRegistry } from '../src/connectors/hubspot/portal-rate-limiter.ts';
import { createConnectorRegistry } from '../src/connectors/registry.ts';
import type { SalesforceConnector } from '../src/connectors/salesforce/salesforce-connector.ts';
import type { ConnectorRegistry } from '../src/connectors/registry.ts';
import { formatIssues } from '../src/domain/definitions.ts';
import type { Definitions } from '../src/domain/definitions.ts';
import { createSlaClock } from '../src/domain/sla-clock.ts';
import type { SlaClock } from '../src/domain/sla-clock.ts';
import type { Logger } from '../src/logging/logger.ts';
import type { WriteBackTarget } from '../src/ports/crm-write-back.ts';
import { checkWebhookSubscriptions } from '../src/services/check-webhook-subscriptions.ts';
import { createConnectorHealth } from '../src/services/connector-health.ts';
import { createCrmPortal } from '../src/services/crm-portal.ts';
import type { CrmPortal } from '../src/services/crm-portal.ts';
import { ok } from '../src/domain/result.ts';
import type { ServedPortal } from './salesforce-runtime.ts';
import type { ConnectorHealth } from '../src/services/connector-health.ts';
import { observeConnector } from '../src/services/observed-connector.ts';
import { recordDefinitions } from '../src/services/record-definitions.ts';
import { recomputeOpenDeadlines } from '../src/services/recompute-deadlines.ts';
import { refreshFunnelFacts } from '../src/services/refresh-funnel-facts.ts';
import type { Database } from '../src/storage/database.ts';
import { createDatabaseRateLedger } from '../src/storage/rate-ledger.ts';
import { BootError } from './boot-error.ts';
import { createMetrics } from './metrics.ts';
import type { Metrics } from './metrics.ts';
import { migrateStorage, openStorage } from './open-storage.ts';
import { createSalesforceRuntime } from './salesforce-runtime.ts';

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
  /** The Salesforce connector (observed), when SALESFORCE_* configures one. */
  readonly salesforce: SalesforceConnector | null;
  /** The portal the HubSpot token reads: HUBSPOT_PORTAL_ID, else learned from the token. */
  readonly crmPortal: CrmPortal;
  /**
   * The portal this instance serves for another CRM (Salesforce): HUBSPOT_PORTAL_ID, else the one
   * the HubSpot token belongs to (null: neither is set).
   */
  readonly servedPortal: ServedPortal;
  /** Per portal and target, the connector the outbox writes through. */
  readonly registry: ConnectorRegistry;
  /** The CRMs each change is queued for (registry.targets). */
  readonly writeBackTargets: readonly WriteBackTarget[];
  readonly channels: ReturnType<typeof createAlertChannels>;
  readonly channelAvailability: ReturnType<typeof channelAvailability>;
  readonly now: () => Date;
}

export async function loadDefinitionsOrFail(path: string): Promise<Definitions> {
  const loaded = await loadDefinitionsFile(path);
  if (!loaded.ok) throw new BootError(`Invalid definitions file ${path}:\n${formatIssues(loaded.error)}`);
  return loaded.value;
}

/** The HubSpot connector the configuration asks for (no storage needed), or null without a token. */
/**
 * The HubSpot connector the configuration asks for. With `db`, its calls are admitted through the
 * budget ledger in that database: one budget for every instance (and the backfill CLI) sharing it,
 * since HubSpot counts the app's calls per portal, whoever makes them.
 */
export function createHubSpotFromConfig(
  config: Config,
  logger: Logger,
  db?: Database,
): HubSpotConnector | null {
  if (!config.HUBSPOT_ACCESS_TOKEN) return null;
  const registry = createRateLimiterRegistry(db ? { ledger: createDatabaseRateLedger(db) } : {});
  return createHubSpotConnector({
    accessToken: config.HUBSPOT_ACCESS_TOKEN.reveal(),
    portalId: config.HUBSPOT_PORTAL_ID ?? 'default',
    baseUrl: config.HUBSPOT_API_BASE_URL,
    limiter: registry.getLimiter(config.HUBSPOT_PORTAL_ID ?? 'default'),
    logger,
  });
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
    const refreshed = await refreshFunnelFacts({ db, definitions, now });
    logger.info(
      { version: definitions.version, hash: definitions.hash, recomputed, refreshed },
      'definitions changed; open deadlines recomputed, funnel facts refreshed',
    );
  }
  const settings = describeConnectors(config);
  const health = createConnectorHealth(
    { hubspot: settings.hubspotSync, salesforce: settings.salesforce, slack: settings.slack },
    now,
  );
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? false });
  const client = createHubSpotFromConfig(config, logger, db);
  const hubspot = client
    ? observeConnector('hubspot', client, health, (outcome) => {
        metrics.crmCalls.inc({ provider: 'hubspot', outcome });
      })
    : null;
  const channels = createAlertChannels({
    crm: hubspot,
    slackWebhookUrl: config.SLACK_WEBHOOK_URL?.reveal() ?? null,
    logger,
    // Slack's answers feed /readyz like HubSpot's (the task channel goes through `hubspot` already).
    observe: (provider, channel) =>
      observeConnector(provider, channel, health, (outcome) => {
        metrics.crmCalls.inc({ provider, outcome });
      }),
  });
  const crmPortal = createCrmPortal({ configured: config.HUBSPOT_PORTAL_ID, crm: hubspot, logger });
  const configuredPortal = config.HUBSPOT_PORTAL_ID;
  const servedPortal: ServedPortal = {
    known: () => configuredPortal ?? crmPortal.known(),
    resolve: () =>
      configuredPortal === undefined ? crmPortal.resolve() : Promise.resolve(ok(configuredPortal)),
  };
  const salesforce = settings.salesforce.enabled
    ? createSalesforceRuntime({ config, definitions, db, health, metrics, logger, servedPortal, now })
    : null;
  // One line per CRM. Salesforce serves the HubSpot portal this instance serves.
  const registry = createConnectorRegistry([
    {
      target: 'hubspot',
      queued: true,
      writeBack: hubspot ? createHubSpotWriteBack(hubspot, definitions) : null,
      portal: () => crmPortal.resolve(),
    },
    {
      target: 'salesforce',
      queued: salesforce !== null,
      writeBack: salesforce?.writeBack ?? null,
      portal: () => servedPortal.resolve(),
    },
  ]);
  return {
    config,
    logger,
    db,
    definitions,
    clock,
    metrics,
    health,
    hubspot,
    salesforce,
    crmPortal,
    servedPortal,
    registry,
    writeBackTargets: registry.targets,
    channels,
    channelAvailability: channelAvailability(channels),
    now,
  };
}
