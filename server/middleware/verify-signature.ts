import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  checkSignatureHeaders,
  verifyHubSpotSignatureV3,
} from '../../src/connectors/hubspot/request-signature.ts';
import type { SignatureRejection } from '../../src/connectors/hubspot/request-signature.ts';
import type { Secret } from '../../src/config/env.ts';
import { HttpError } from '../http-error.ts';
import { refuseUnstorable } from '../routes/validate.ts';
import { parseJsonBody, rawBody } from './json-body.ts';
import { readSignedIdentity } from './signed-identity.ts';
import type { SignedIdentity } from './signed-identity.ts';

export type { SignedIdentity } from './signed-identity.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Identity from the signed query string only; never from the body. */
    hubspot?: SignedIdentity;
  }
}

export interface SignatureOptions {
  readonly clientSecret: Secret | undefined;
  /** Origin HubSpot called; behind a proxy the request's own host and scheme differ from it. */
  readonly publicBaseUrl: string | undefined;
  readonly portalId: string | undefined;
  readonly now: () => Date;
}

function rejected(req: Request, reason: SignatureRejection): HttpError {
  req.log.warn({ reason }, 'rejected a request with an invalid signature');
  return new HttpError(401, 'invalid_signature', 'The request signature is missing, wrong or expired.');
}

/** Before the body is read: a route that cannot verify, or a request that cannot be signed, ends here. */
function checkHeaders(options: SignatureOptions): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!options.clientSecret) {
      throw new HttpError(
        503,
        'not_configured',
        'HUBSPOT_CLIENT_SECRET is not set, so signed requests cannot be verified.',
      );
    }
    const verdict = checkSignatureHeaders({
      signature: req.get('x-hubspot-signature-v3'),
      timestamp: req.get('x-hubspot-request-timestamp'),
      now: options.now().getTime(),
    });
    if (!verdict.ok) throw rejected(req, verdict.reason);
    next();
  };
}

/** The raw body as read by `rawBody()`, kept for the signature. */
function keepRawBody(req: Request, _res: Response, next: NextFunction): void {
  req.rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  req.body = undefined;
  next();
}

/** Over the raw bytes and the URL exactly as sent; then, and only then, JSON and the identity. */
function checkSignature(options: SignatureOptions): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const secret = options.clientSecret;
    if (!secret) throw new HttpError(503, 'not_configured', 'HUBSPOT_CLIENT_SECRET is not set.');
    // Without PUBLIC_BASE_URL, the request's own scheme and Host; X-Forwarded-Proto and
    // X-Forwarded-Host count only from a proxy TRUST_PROXY names (express's `trust proxy`).
    const origin = options.publicBaseUrl ?? `${req.protocol}://${req.host || 'localhost'}`;
    const verdict = verifyHubSpotSignatureV3({
      method: req.method,
      url: `${origin.replace(/\/+$/, '')}${req.originalUrl}`,
      rawBody: req.rawBody ?? '',
      signature: req.get('x-hubspot-signature-v3'),
      timestamp: req.get('x-hubspot-request-timestamp'),
      clientSecret: secret.reveal(),
      now: options.now().getTime(),
    });
    if (!verdict.ok) throw rejected(req, verdict.reason);
    req.body = parseJsonBody(req);
    refuseUnstorable(req.query, 'query');
    const identity = readSignedIdentity(req.query);
    if (options.portalId && identity.portalId !== null && identity.portalId !== options.portalId) {
      throw new HttpError(403, 'wrong_portal', `This install serves portal ${options.portalId} only.`);
    }
    req.hubspot = identity;
    req.log = req.log.child({ portalId: identity.portalId ?? undefined });
    next();
  };
}

/**
 * The signed-route pipeline (HubSpot request signature v3): headers, raw body, signature, then
 * JSON and identity. An unsigned request is refused before its body is read, and a wrongly signed
 * one before its body is parsed.
 */
export function verifySignature(options: SignatureOptions): RequestHandler[] {
  return [checkHeaders(options), rawBody(), keepRawBody, checkSignature(options)];
}
