import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly webhookEvents: Counter<'outcome'>;
  readonly writeBacks: Counter<'target' | 'outcome'>;
  readonly alerts: Counter<'kind' | 'channel' | 'outcome'>;
  readonly crmCalls: Counter<'provider' | 'outcome'>;
}

/** A registry per app instance, so tests can build several apps in one process. */
export function createMetrics(options: { readonly defaultMetrics: boolean }): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'lead_handoff_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    webhookEvents: new Counter({
      name: 'lead_handoff_webhook_events_total',
      help: 'HubSpot webhook events by outcome (accepted, duplicate, other_portal, ignored, invalid)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    writeBacks: new Counter({
      name: 'lead_handoff_write_backs_total',
      help: 'CRM write-back attempts by target and outcome',
      labelNames: ['target', 'outcome'],
      registers: [registry],
    }),
    alerts: new Counter({
      name: 'lead_handoff_sla_alerts_total',
      help: 'SLA alert deliveries by kind, channel and outcome',
      labelNames: ['kind', 'channel', 'outcome'],
      registers: [registry],
    }),
    crmCalls: new Counter({
      name: 'lead_handoff_crm_calls_total',
      help: 'Outbound CRM API calls by provider and outcome',
      labelNames: ['provider', 'outcome'],
      registers: [registry],
    }),
  };
}
