import type { Response } from 'express';
import type { ConnectorError } from '../../src/domain/connector-error.ts';
import { HttpError } from '../http-error.ts';

/** A contact neither the store nor the CRM knows: the contract's 404. */
export function contactNotFound(contactId: string): HttpError {
  return new HttpError(
    404,
    'not_found',
    `Contact ${contactId} is unknown: not tracked here, and not found in the CRM.`,
  );
}

/**
 * The CRM could not be read for a contact seen for the first time: a 503 that says so (never a
 * silent "not tracked"), with Retry-After when the CRM said how long to wait.
 */
export function crmUnavailable(res: Response, contactId: string, error: ConnectorError): HttpError {
  const seconds = Math.ceil((error.retryAfterMs ?? 0) / 1000);
  if (seconds > 0) res.setHeader('Retry-After', String(seconds));
  const why = error.code === 'auth_revoked' ? 'HubSpot refused the app token' : error.message;
  return new HttpError(
    503,
    'crm_unavailable',
    `Contact ${contactId} is not loaded yet and HubSpot could not be read (${error.code}: ${why}); try again shortly.`,
  );
}
