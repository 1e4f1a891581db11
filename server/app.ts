import express from 'express';
import type { Express, Request, Response, NextFunction } from 'express';
import type { Config } from '../src/config/env.ts';
import type { Logger } from '../src/logging/logger.ts';
import type { CrmContacts } from '../src/ports/crm-contacts.ts';
import { checkDefinitions } from '../src/services/check-definitions.ts';
import type { ConnectorHealth } from '../src/services/connector-health.ts';
import type { CrmPortal } from '../src/services/crm-portal.ts';
import { createContactFirstView } from '../src/services/ensure-contact-tracked.ts';
import { readWebhookBacklog } from '../src/services/webhook-backlog.ts';
import type { Database } from '../src/storage/database.ts';
import type { Metrics } from './metrics.ts';
import { trackedProperties } from './jobs/tracked-properties.ts';
import { errorHandler, notFoundHandler } from './middleware/error-handler.ts';
import { requestId } from './middleware/request-id.ts';
import { verifySignature } from './middleware/verify-signature.ts';
import { getHealthz } from './routes/health/get-healthz.ts';
import { getMetrics } from './routes/health/get-metrics.ts';
import { getReadyz } from './routes/health/get-readyz.ts';
import type { ReadinessSection } from './routes/health/get-readyz.ts';
import { hubspotReadinessSections } from './routes/health/readyz-hubspot.ts';
import { salesforceReadinessSection } from './routes/health/readyz-salesforce.ts';
import type { SalesforceConnector } from '../src/connectors/salesforce/salesforce-connector.ts';
import { signedRoutes } from './routes/signed-routes.ts';
import type { SignedRouteDeps } from './routes/signed-routes.ts';

export interface AppDeps extends SignedRouteDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly db: Database;
  readonly metrics: Metrics;
  readonly health: ConnectorHealth;
  readonly now: () => Date;
  /** The CRM contacts read on a first view (core.hubspot); absent or null: unseen contacts are 404. */
  readonly hubspot?: CrmContacts | null;
  readonly crmPortal?: CrmPortal;
  /** The Salesforce connector (core.salesforce); absent or null: Salesforce is off. */
  readonly salesforce?: SalesforceConnector | null;
  readonly servedPortal?: { known(): string | null };
  /** More /readyz fields from other parts (backfill progress, …); the webhook backlog is built in. */
  readonly readinessSections?: readonly ReadinessSection[];
}

/** Builds the HTTP app; only server/main.ts listens. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-* count only from the proxies TRUST_PROXY names (a hop count or subnets).
  app.set('trust proxy', deps.config.TRUST_PROXY ?? false);
  app.use(requestId(deps.logger));
  app.use(timing(deps.metrics));
  // No body parser here: only signed routes read a body, after checking its signature.

  app.get('/healthz', getHealthz());
  app.get(
    '/readyz',
    getReadyz({
      db: deps.db,
      health: deps.health,
      checkDefinitions: () => checkDefinitions(deps.db, deps.definitions),
      readinessSections: [
        webhookBacklogSection(deps),
        ...hubspotReadinessSections(deps),
        salesforceReadinessSection(deps),
        ...(deps.readinessSections ?? []),
      ],
    }),
  );
  app.get('/metrics', getMetrics(deps.metrics.registry));

  const signed = verifySignature({
    clientSecret: deps.config.HUBSPOT_CLIENT_SECRET,
    publicBaseUrl: deps.config.PUBLIC_BASE_URL,
    portalId: deps.config.HUBSPOT_PORTAL_ID,
    now: deps.now,
  });
  const firstView =
    deps.hubspot && deps.crmPortal
      ? createContactFirstView({
          ...deps,
          crm: deps.hubspot,
          crmPortal: deps.crmPortal,
          propertiesToRead: trackedProperties(deps),
        })
      : undefined;
  app.use(signedRoutes(signed, { ...deps, firstView }));

  app.use(notFoundHandler());
  app.use(errorHandler());
  return app;
}

function webhookBacklogSection(deps: AppDeps): ReadinessSection {
  return {
    name: 'webhookBatches',
    async read() {
      const backlog = await readWebhookBacklog(deps.db);
      return { value: backlog, degraded: backlog.stale > 0 };
    },
  };
}

function timing(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({ route, status: String(res.statusCode) });
    });
    next();
  };
}
