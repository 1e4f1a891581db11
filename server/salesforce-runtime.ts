// The Salesforce connector as the running backend uses it: built from SALESFORCE_*, its calls
// observed (/readyz, /metrics), its rotated refresh token kept in storage, the product's current
// decisions read from storage (so our own writes never come back as verdicts, even after a
// restart), and the org's API usage as a gauge.
import { Gauge } from 'prom-client';
import { createCredentialsAlert } from '../src/alerts/credentials-alert.ts';
import type { Config } from '../src/config/env.ts';
import { salesforceConnectionSettings } from '../src/connectors/salesforce/salesforce-connection.ts';
import { createSalesforceConnector } from '../src/connectors/salesforce/salesforce-connector.ts';
import type { SalesforceConnector } from '../src/connectors/salesforce/salesforce-connector.ts';
import type { Definitions } from '../src/domain/definitions.ts';
import type { Logger } from '../src/logging/logger.ts';
import type { ConnectorHealth } from '../src/services/connector-health.ts';
import type { ConnectorError } from '../src/domain/connector-error.ts';
import type { Result } from '../src/domain/result.ts';
import { observeConnector } from '../src/services/observed-connector.ts';
import type { Database } from '../src/storage/database.ts';
import { createRefreshTokenRepository, findCurrentDecisions } from '../src/storage/salesforce-repository.ts';
import { BootError } from './boot-error.ts';
import type { Metrics } from './metrics.ts';

export interface SalesforceRuntimeDeps {
  readonly config: Config;
  readonly definitions: Definitions;
  readonly db: Database;
  readonly health: ConnectorHealth;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly servedPortal: ServedPortal;
  readonly now: () => Date;
}

/** The HubSpot portal whose contacts another CRM's records belong to. */
export interface ServedPortal {
  known(): string | null;
  resolve(): Promise<Result<string, ConnectorError> | null>;
}

export function createSalesforceRuntime(deps: SalesforceRuntimeDeps): SalesforceConnector {
  const settings = salesforceConnectionSettings(deps.config);
  if (!settings.ok) throw new BootError(settings.error);
  const connector = createSalesforceConnector({
    settings: settings.value,
    definitions: deps.definitions,
    now: deps.now,
    refreshTokens: createRefreshTokenRepository(deps.db),
    knownDecisions: async (contactIds) => {
      const portalId = deps.servedPortal.known();
      return portalId === null ? new Map() : findCurrentDecisions(deps.db, portalId, contactIds);
    },
    logger: deps.logger,
  });
  const credentials = createCredentialsAlert({
    provider: 'salesforce',
    fix: 'Set a new SALESFORCE_REFRESH_TOKEN (or SALESFORCE_ACCESS_TOKEN) for the integration user and restart; npm run salesforce:check tests it.',
    logger: deps.logger,
    slackWebhookUrl: deps.config.SLACK_WEBHOOK_URL?.reveal() ?? null,
  });
  const count = (outcome: string) => {
    deps.metrics.crmCalls.inc({ provider: 'salesforce', outcome });
    credentials.observe(outcome);
  };
  const connect = observeConnector('salesforce', { connect: () => connector.connect() }, deps.health, count);
  new Gauge({
    name: 'lead_handoff_salesforce_api_usage',
    help: "The org's daily API requests as Salesforce last reported them (Sforce-Limit-Info: api-usage=used/limit)",
    labelNames: ['kind'],
    registers: [deps.metrics.registry],
    collect() {
      const usage = connector.status.apiUsage();
      if (usage === null) return;
      this.set({ kind: 'used' }, usage.used);
      this.set({ kind: 'limit' }, usage.limit);
    },
  });
  return {
    connect: () => connect.connect(),
    writeBack: observeConnector('salesforce', connector.writeBack, deps.health, count),
    source: observeConnector('salesforce', connector.source, deps.health, count),
    status: connector.status,
  };
}

/** Lead fields the field map needs but the org lacks make the connector failing in /readyz. */
export function syncFieldProblems(salesforce: SalesforceConnector, health: ConnectorHealth): void {
  const report = salesforce.status.fieldReport();
  if (report === null) return;
  health.setProblem(
    'salesforce',
    report.problems.length === 0
      ? null
      : `Lead fields: ${report.problems.map((p) => p.message).join('; ')} (npm run salesforce:check says how to fix)`,
  );
}
