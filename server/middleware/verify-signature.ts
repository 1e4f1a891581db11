import type { NextFunction, Request, Response } from 'express';
import { verifyHubSpotSignatureV3 } from '../../src/connectors/hubspot/request-signature.ts';
import type { Secret } from '../../src/config/env.ts';
import { HttpError } from '../http-error.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Identity from the signed query string only; never from the body. */
    hubspot?: SignedIdentity;
  }
}

export interface SignedIdentity {
  readonly portalId: string | null;
  readonly userId: string | null;
  readonly userEmail: string | null;
  readonly appId: string | null;
}

export interface SignatureOptions {
  readonly clientSecret: Secret | undefined;
  /** Origin HubSpot called; behind a proxy the request's own host and scheme differ from it. */
  readonly publicBaseUrl: string | undefined;
  readonly portalId: string | undefined;
  readonly now: () => Date;
}

function firstQueryValue(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return null;
}

/** Verifies `X-HubSpot-Signature-v3` over the URL exactly as sent (`req.originalUrl`) and the raw body. */
export function verifySignature(options: SignatureOptions) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const secret = options.clientSecret;
    if (!secret) {
      throw new HttpError(
        503,
        'not_configured',
        'HUBSPOT_CLIENT_SECRET is not set, so signed requests cannot be verified.',
      );
    }
    const origin = options.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const verdict = verifyHubSpotSignatureV3({
      method: req.method,
      url: `${origin.replace(/\/+$/, '')}${req.originalUrl}`,
      rawBody: req.rawBody ?? '',
      signature: req.get('x-hubspot-signature-v3'),
      timestamp: req.get('x-hubspot-request-timestamp'),
      clientSecret: secret.reveal(),
      now: options.now().getTime(),
    });
    if (!verdict.ok) {
      req.log.warn({ reason: verdict.reason }, 'rejected a request with an invalid signature');
      throw new HttpError(401, 'invalid_signature', 'The request signature is missing, wrong or expired.');
    }
    const identity: SignedIdentity = {
      portalId: firstQueryValue(req.query['portalId']),
      userId: firstQueryValue(req.query['userId']),
      userEmail: firstQueryValue(req.query['userEmail']),
      appId: firstQueryValue(req.query['appId']),
    };
    if (options.portalId && identity.portalId !== null && identity.portalId !== options.portalId) {
      throw new HttpError(403, 'wrong_portal', `This install serves portal ${options.portalId} only.`);
    }
    req.hubspot = identity;
    req.log = req.log.child({ portalId: identity.portalId ?? undefined });
    next();
  };
}
