import type { ConnectorError, ConnectorErrorCode } from '../../domain/connector-error.ts';

/** What @hubspot/api-client throws for a non-2xx answer. Each generated module has its own class, so match the shape. */
export interface HubSpotApiExceptionLike {
  readonly code: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** Thrown by our own timeout around an SDK call (the SDK has no timeout of its own). */
export class HubSpotTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

const TEN_SECONDS = 10_000;
const ONE_SECOND = 1_000;
// DAILY resets at midnight in the portal's time zone, which we do not know here; an hour is a
// polite probe interval, the job queue's backoff grows it if HubSpot keeps refusing.
const DAILY_PROBE_MS = 3_600_000;
const MAX_MESSAGE_LENGTH = 500;

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isHubSpotApiException(thrown: unknown): thrown is HubSpotApiExceptionLike {
  return isRecord(thrown) && typeof thrown.code === 'number' && 'body' in thrown && isRecord(thrown.headers);
}

/** Never let a bearer token (ours or one echoed back) reach a message or a log. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text.replace(/Bearer\s+[^\s"'\\,]+/gi, 'Bearer [redacted]');
  for (const secret of secrets) {
    if (secret.length >= 4) {
      result = result.split(secret).join('[redacted]');
    }
  }
  return result.length > MAX_MESSAGE_LENGTH ? `${result.slice(0, MAX_MESSAGE_LENGTH)}…` : result;
}

function bodyField(body: unknown, field: string): string | undefined {
  const value = isRecord(body) ? body[field] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function header(headers: HubSpotApiExceptionLike['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) {
      return value;
    }
  }
  return undefined;
}

function positiveNumber(text: string | undefined): number | undefined {
  const value = text === undefined ? Number.NaN : Number(text);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Retry-After in seconds or as an HTTP date; HubSpot's API does not document it, but honour it if sent. */
function retryAfterHeaderMs(headers: HubSpotApiExceptionLike['headers'], now: number): number | undefined {
  const raw = header(headers, 'retry-after');
  if (raw === undefined) {
    return undefined;
  }
  const seconds = positiveNumber(raw);
  if (seconds !== undefined) {
    return Math.ceil(seconds * 1_000);
  }
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** How long HubSpot's 429 policy implies we wait. */
export function rateLimitDelayMs(exception: HubSpotApiExceptionLike, now: number): number {
  const explicit = retryAfterHeaderMs(exception.headers, now);
  if (explicit !== undefined) {
    return explicit;
  }
  const policy = bodyField(exception.body, 'policyName');
  const message = bodyField(exception.body, 'message') ?? '';
  if (policy === 'DAILY') {
    return DAILY_PROBE_MS;
  }
  // Search 429s carry no rate-limit headers, only "You have reached your secondly limit."
  if (policy === 'SECONDLY' || /secondly limit/i.test(message)) {
    return ONE_SECOND;
  }
  return (
    positiveNumber(header(exception.headers, 'x-hubspot-ratelimit-interval-milliseconds')) ?? TEN_SECONDS
  );
}

function codeForStatus(status: number): ConnectorErrorCode {
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth_revoked';
  if (status === 404) return 'not_found';
  if (status === 400 || status === 409 || status === 422) return 'validation';
  if (status >= 500 && status <= 599) return 'transient';
  return 'unknown';
}

function describeStatus(exception: HubSpotApiExceptionLike): string {
  const status = exception.code;
  const hubspotMessage = bodyField(exception.body, 'message');
  const category = bodyField(exception.body, 'category');
  const detail = hubspotMessage ?? category ?? 'no message';
  if (status === 401) return `HubSpot rejected the access token (401): ${detail}`;
  if (status === 403) return `HubSpot refused the call, the app probably lacks a scope (403): ${detail}`;
  return `HubSpot answered ${status}: ${detail}`;
}

function networkCode(thrown: unknown): string | undefined {
  const candidates = [thrown, isRecord(thrown) ? thrown.cause : undefined];
  for (const candidate of candidates) {
    if (isRecord(candidate) && typeof candidate.code === 'string' && NETWORK_CODES.has(candidate.code)) {
      return candidate.code;
    }
  }
  return undefined;
}

/** Maps whatever an SDK call threw to our closed set of failure codes. */
export function toConnectorError(
  thrown: unknown,
  options: { readonly now?: number; readonly secrets?: readonly string[] } = {},
): ConnectorError {
  const secrets = options.secrets ?? [];
  if (isHubSpotApiException(thrown)) {
    const code = codeForStatus(thrown.code);
    const message = redactSecrets(describeStatus(thrown), secrets);
    const base = { code, provider: 'hubspot' as const, message, status: thrown.code };
    if (code === 'rate_limited') {
      return { ...base, retryAfterMs: rateLimitDelayMs(thrown, options.now ?? Date.now()) };
    }
    if (code === 'transient') {
      const explicit = retryAfterHeaderMs(thrown.headers, options.now ?? Date.now());
      return explicit === undefined ? base : { ...base, retryAfterMs: explicit };
    }
    return base;
  }
  if (thrown instanceof Error && (thrown.name === 'TimeoutError' || thrown.name === 'AbortError')) {
    return { code: 'transient', provider: 'hubspot', message: 'HubSpot did not answer in time' };
  }
  const network = networkCode(thrown);
  if (network !== undefined || (thrown instanceof TypeError && thrown.message === 'fetch failed')) {
    return {
      code: 'transient',
      provider: 'hubspot',
      message: `Could not reach HubSpot (${network ?? 'network error'})`,
    };
  }
  const text = thrown instanceof Error ? thrown.message : String(thrown);
  return {
    code: 'unknown',
    provider: 'hubspot',
    message: redactSecrets(`Unexpected HubSpot failure: ${text}`, secrets),
  };
}
