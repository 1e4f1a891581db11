import { Router } from 'express';
import type { RequestHandler } from 'express';
import type { CardDeps } from '../../src/services/build-card-model.ts';
import type { RecordVerdictDeps } from '../../src/services/record-verdict.ts';
import { getLeadCard } from './cards/get-lead-card.ts';
import { postVerdict } from './verdicts/post-verdict.ts';
import { postHubSpotWebhook } from './webhooks/post-hubspot-webhook.ts';
import type { WebhookRouteDeps } from './webhooks/post-hubspot-webhook.ts';

export type SignedRouteDeps = CardDeps & RecordVerdictDeps & WebhookRouteDeps;

/** Every route HubSpot calls; each one sits behind the v3 signature check. */
export function signedRoutes(signed: RequestHandler[], deps: SignedRouteDeps): Router {
  const router = Router();
  router.get('/api/cards/lead', signed, getLeadCard(deps));
  router.post('/api/verdicts', signed, postVerdict(deps));
  router.post('/webhooks/hubspot', signed, postHubSpotWebhook(deps));
  return router;
}
