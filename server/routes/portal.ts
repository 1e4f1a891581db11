import type { Request } from 'express';
import { HttpError } from '../http-error.ts';

/** The portal a signed card request acts on: the signed `portalId`, else the one this install serves. */
export function requirePortal(req: Request, configured: string | undefined): string {
  const portalId = req.hubspot?.portalId ?? configured;
  if (!portalId)
    throw new HttpError(400, 'invalid_request', 'portalId is missing from the signed query string.');
  return portalId;
}
