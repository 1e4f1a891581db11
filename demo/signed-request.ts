// Calls the backend the way HubSpot does: for a card's `hubspot.fetch`, the user's identity is
// appended to the query (portalId, userId, userEmail, appId) and the request is signed (v3) over
// METHOD + URL + body + timestamp with the app's client secret; webhooks are signed the same way.
import { signHubSpotV3 } from '../src/connectors/hubspot/request-signature.ts';

export interface HubSpotIdentity {
  readonly portalId: string;
  readonly userId: string;
  readonly userEmail: string;
  readonly appId: string;
}

export interface SignedRequest {
  readonly method: string;
  /** Absolute URL of the backend route, with its own query if any. */
  readonly url: string;
  readonly body?: unknown;
  readonly clientSecret: string;
  /** Appended to the query, as HubSpot does for calls from a card or page. */
  readonly identity?: HubSpotIdentity;
  readonly timeoutMs?: number;
}

/** The URL HubSpot would call: the card's URL plus the identity parameters. */
export function withIdentity(url: string, identity: HubSpotIdentity | undefined): string {
  if (!identity) return url;
  const target = new URL(url);
  target.searchParams.append('portalId', identity.portalId);
  target.searchParams.append('userId', identity.userId);
  target.searchParams.append('userEmail', identity.userEmail);
  target.searchParams.append('appId', identity.appId);
  return target.toString();
}

export async function sendSigned(request: SignedRequest): Promise<Response> {
  const url = withIdentity(request.url, request.identity);
  const method = request.method.toUpperCase();
  const rawBody = request.body === undefined ? '' : JSON.stringify(request.body);
  const timestamp = String(Date.now());
  const signature = signHubSpotV3({ method, url, rawBody, timestamp, clientSecret: request.clientSecret });
  return fetch(url, {
    method,
    headers: {
      'X-HubSpot-Signature-v3': signature,
      'X-HubSpot-Request-Timestamp': timestamp,
      ...(rawBody === '' ? {} : { 'content-type': 'application/json' }),
    },
    ...(rawBody === '' ? {} : { body: rawBody }),
    signal: AbortSignal.timeout(request.timeoutMs ?? 15_000),
  });
}
