import type { Request } from 'express';
import { HttpError } from '../http-error.ts';

export interface SignedIdentity {
  readonly portalId: string | null;
  readonly userId: string | null;
  readonly userEmail: string | null;
  readonly appId: string | null;
}

const IDS = ['portalId', 'userId', 'appId'] as const;

// HubSpot account, user and app ids are positive integers (int64 at most: 19 digits).
const NUMERIC_ID = /^\d{1,20}$/;
// RFC 5321 caps a forward path at 256 octets including the angle brackets: 254 for the address.
const MAX_EMAIL_LENGTH = 254;
// C0 and C1 controls and DEL: nothing an address holds, everything a log or CSV injection needs.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function invalid(name: string, problem: string): HttpError {
  return new HttpError(400, 'invalid_request', `Invalid query: ${name}: ${problem}.`);
}

/** One value of a signed identity parameter; given twice, a caller could pick which one we read. */
function single(query: Request['query'], name: string): string | null {
  const value: unknown = query[name];
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string') {
    throw invalid(name, 'appears more than once; HubSpot signs exactly one value');
  }
  return value;
}

/**
 * Reads the rep's identity from the signed query string. It is signed, but the URL it is part of
 * may carry more than HubSpot added, so each parameter must appear once and have its real shape
 * before it names a rep or reaches a HubSpot property.
 */
export function readSignedIdentity(query: Request['query']): SignedIdentity {
  const ids: Record<(typeof IDS)[number], string | null> = { portalId: null, userId: null, appId: null };
  for (const name of IDS) {
    const value = single(query, name);
    if (value !== null && !NUMERIC_ID.test(value)) {
      throw invalid(name, 'must be a numeric HubSpot id of at most 20 digits');
    }
    ids[name] = value;
  }
  const userEmail = single(query, 'userEmail');
  if (userEmail !== null && userEmail.length > MAX_EMAIL_LENGTH) {
    throw invalid('userEmail', `must be an e-mail address of at most ${MAX_EMAIL_LENGTH} characters`);
  }
  if (userEmail !== null && CONTROL.test(userEmail)) {
    throw invalid('userEmail', 'must not contain control characters');
  }
  return { ...ids, userEmail };
}
