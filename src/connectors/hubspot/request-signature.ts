import { createHmac, timingSafeEqual } from 'node:crypto';

export const DEFAULT_SIGNATURE_MAX_SKEW_MS = 300_000;

export interface SignatureV3Input {
  readonly method: string;
  /** PUBLIC_BASE_URL + path + query exactly as sent (still percent-encoded). */
  readonly url: string;
  readonly rawBody: string | Buffer;
  readonly timestamp: string;
  readonly clientSecret: string;
}

export interface VerifySignatureV3Input {
  readonly method: string;
  readonly url: string;
  readonly rawBody: string | Buffer;
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
  readonly clientSecret: string;
  readonly now: number;
  /** How far the timestamp may be from `now`, either way; HubSpot's own rule is 5 minutes. */
  readonly maxSkewMs?: number;
}

export type SignatureRejection = 'missing' | 'stale' | 'future' | 'mismatch' | 'malformed';
export type SignatureVerdict =
  { readonly ok: true } | { readonly ok: false; readonly reason: SignatureRejection };

// HubSpot decodes exactly these escapes before signing; everything else (%20, %26, %3D, …) stays
// encoded. Decoding more (decodeURIComponent) or less breaks real requests whose query has an e-mail.
const DECODED_ESCAPES: Readonly<Record<string, string>> = {
  '3A': ':',
  '2F': '/',
  '3F': '?',
  '40': '@',
  '21': '!',
  '24': '$',
  '27': "'",
  '28': '(',
  '29': ')',
  '2A': '*',
  '2C': ',',
  '3B': ';',
};

const ESCAPE_PATTERN = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

export function normaliseSignedUrl(url: string): string {
  return url.replace(ESCAPE_PATTERN, (match, hex: string) => DECODED_ESCAPES[hex.toUpperCase()] ?? match);
}

/** base64(HMAC-SHA256(clientSecret, METHOD + URI + rawBody + timestamp)); used by tests, the bench and fakes. */
export function signHubSpotV3(input: SignatureV3Input): string {
  const body = typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : input.rawBody;
  return createHmac('sha256', input.clientSecret)
    .update(input.method.toUpperCase() + normaliseSignedUrl(input.url), 'utf8')
    .update(body)
    .update(input.timestamp, 'utf8')
    .digest('base64');
}

/**
 * The checks that need no body: both headers present, the timestamp well-formed and within the
 * allowed skew. Run before the body is read, so an unsigned or replayed request costs nothing more.
 */
export function checkSignatureHeaders(
  input: Pick<VerifySignatureV3Input, 'signature' | 'timestamp' | 'now' | 'maxSkewMs'>,
): SignatureVerdict {
  const { signature, timestamp } = input;
  if (signature === undefined || signature === '' || timestamp === undefined || timestamp === '') {
    return { ok: false, reason: 'missing' };
  }
  if (!/^\d{1,16}$/.test(timestamp)) {
    return { ok: false, reason: 'malformed' };
  }
  const maxSkewMs = input.maxSkewMs ?? DEFAULT_SIGNATURE_MAX_SKEW_MS;
  const sentAt = Number(timestamp);
  if (input.now - sentAt > maxSkewMs) {
    return { ok: false, reason: 'stale' };
  }
  if (sentAt - input.now > maxSkewMs) {
    return { ok: false, reason: 'future' };
  }
  return { ok: true };
}

/** Verifies `X-HubSpot-Signature-v3` in constant time; never throws. */
export function verifyHubSpotSignatureV3(input: VerifySignatureV3Input): SignatureVerdict {
  const headers = checkSignatureHeaders(input);
  if (!headers.ok) return headers;
  const { signature = '', timestamp = '' } = input;
  const expected = Buffer.from(signHubSpotV3({ ...input, timestamp }), 'utf8');
  const received = Buffer.from(signature, 'utf8');
  if (expected.length !== received.length) {
    return { ok: false, reason: 'mismatch' };
  }
  return timingSafeEqual(expected, received) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
