import type { Request, Response } from 'express';
import { z } from 'zod';
import { buildCardModel } from '../../../src/services/build-card-model.ts';
import type { CardDeps } from '../../../src/services/build-card-model.ts';
import { HttpError } from '../../http-error.ts';
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

export function getLeadCard(deps: CardDeps & { readonly portalId: string | undefined }) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = parseOrThrow(querySchema, req.query, 'query');
    const portalId = requirePortal(req, deps.portalId);
    const model = await buildCardModel(deps, portalId, query.objectId);
    if (!model) throw new HttpError(404, 'not_found', `Contact ${query.objectId} is not tracked yet.`);
    res.json(model);
  };
}
