import type { Request, Response } from 'express';
import { z } from 'zod';
import { recordVerdict } from '../../../src/services/record-verdict.ts';
import type { RecordVerdictDeps } from '../../../src/services/record-verdict.ts';
import type { VerdictRow } from '../../../src/storage/verdict-repository.ts';
import { HttpError } from '../../http-error.ts';
import { contactNotFound, crmUnavailable } from '../first-view.ts';
import { requirePortal } from '../portal.ts';
import { parseOrThrow } from '../validate.ts';

const bodySchema = z.strictObject({
  contactId: z.string().regex(/^\d{1,20}$/, 'contactId must be a HubSpot record id'),
  verdict: z.enum(['accepted', 'rejected', 'recycled']),
  reasonCode: z.string().min(1).max(100),
  note: z.string().max(2_000, 'note must be at most 2000 characters').nullable().optional(),
  idempotencyKey: z.string().min(1).max(100, 'idempotencyKey must be at most 100 characters').optional(),
});

export function toVerdictResponse(verdict: VerdictRow) {
  return {
    id: verdict.id,
    contactId: verdict.contactId,
    verdict: verdict.verdict,
    reasonCode: verdict.reasonCode,
    note: verdict.note,
    decidedAt: verdict.decidedAt.toISOString(),
    decidedBy: verdict.decidedBy,
    ownerId: verdict.ownerId,
    writeBack: verdict.writeBack,
  };
}

export function postVerdict(deps: RecordVerdictDeps & { readonly portalId: string | undefined }) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = parseOrThrow(bodySchema, req.body, 'body');
    const portalId = requirePortal(req, deps.portalId);
    const outcome = await recordVerdict(deps, {
      portalId,
      contactId: body.contactId,
      verdict: body.verdict,
      reasonCode: body.reasonCode,
      note: body.note === undefined || body.note === null || body.note.trim() === '' ? null : body.note,
      idempotencyKey: body.idempotencyKey ?? null,
      // The rep is who HubSpot signed for, never who the body claims to be.
      userId: req.hubspot?.userId ?? null,
      userEmail: req.hubspot?.userEmail ?? null,
    });
    switch (outcome.kind) {
      case 'unknown_reason':
        throw new HttpError(400, 'unknown_reason', outcome.message);
      case 'idempotency_key_reused':
        throw new HttpError(
          409,
          'idempotency_key_reused',
          'This idempotencyKey was already used for a different verdict request; use a new key for a new decision.',
        );
      case 'not_found':
        throw contactNotFound(body.contactId);
      case 'crm_unavailable':
        throw crmUnavailable(res, body.contactId, outcome.error);
      case 'recorded':
        res.status(201).json(toVerdictResponse(outcome.verdict));
    }
  };
}
