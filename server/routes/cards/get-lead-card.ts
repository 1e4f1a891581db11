import type { Request, Response } from 'express';
import { z } from 'zod';
import { buildCardModel } from '../../../src/services/build-card-model.ts';
import type { CardDeps } from '../../../src/services/build-card-model.ts';
import type { ContactFirstView } from '../../../src/services/ensure-contact-tracked.ts';
import { contactNotFound, crmUnavailable } from '../first-view.ts';
import { requirePortal } from '../portal.ts';
import { parseOrThrow } from '../validate.ts';

// HubSpot appends its own identity parameters to the query; they are signed, and allowed here.
const querySchema = z.strictObject({
  objectId: z.string().regex(/^\d{1,20}$/, 'objectId must be a HubSpot record id'),
  portalId: z.string().optional(),
  userId: z.string().optional(),
  userEmail: z.string().optional(),
  appId: z.string().optional(),
});

export interface LeadCardDeps extends CardDeps {
  readonly portalId: string | undefined;
  /** Reads a contact the store has not seen from the CRM; absent: an unseen contact is not found. */
  readonly firstView?: ContactFirstView | undefined;
}

export function getLeadCard(deps: LeadCardDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = parseOrThrow(querySchema, req.query, 'query');
    const portalId = requirePortal(req, deps.portalId);
    let model = await buildCardModel(deps, portalId, query.objectId);
    if (!model && deps.firstView) {
      // First view: the store has not seen this contact yet; read it from the CRM once.
      const seen = await deps.firstView.ensureTracked(portalId, query.objectId);
      if (seen.kind === 'crm_unavailable') throw crmUnavailable(res, query.objectId, seen.error);
      if (seen.kind !== 'not_found') model = await buildCardModel(deps, portalId, query.objectId);
    }
    if (!model) throw contactNotFound(query.objectId);
    res.json(model);
  };
}
