import { Router } from 'express';
import type { RequestHandler } from 'express';
import type { RecordVerdictDeps } from '../../src/services/record-verdict.ts';
import { getLeadCard } from './cards/get-lead-card.ts';
import { getFeedback } from './marketer/get-feedback.ts';
import { getFunnel } from './marketer/get-funnel.ts';
import { getKpiTree } from './marketer/get-kpi-tree.ts';
import { getSla } from './marketer/get-sla.ts';
import type { LeadCardDeps } from './cards/get-lead-card.ts';
import { postVerdict } from './verdicts/post-verdict.ts';
import { postHubSpotWebhook } from './webhooks/post-hubspot-webhook.ts';
import type { WebhookRouteDeps } from './webhooks/post-hubspot-webhook.ts';

export type SignedRouteDeps = LeadCardDeps & RecordVerdictDeps & WebhookRouteDeps;

/** Every route HubSpot calls; each one sits behind the v3 signature check. */
export function signedRoutes(signed: RequestHandler[], deps: SignedRouteDeps): Router {
  const router = Router();
  router.get('/api/cards/lead', signed, getLeadCard(deps));
  router.post('/api/verdicts', signed, postVerdict(deps));
  router.post('/webhooks/hubspot', signed, postHubSpotWebhook(deps));
  // Marketer views (app pages).
  router.get('/api/funnel', signed, getFunnel(deps));
  router.get('/api/feedback', signed, getFeedback(deps));
  router.get('/api/sla', signed, getSla(deps));
  router.get('/api/kpis/tree', signed, getKpiTree(deps));
  return router;
}
