import type { ConnectorError, ConnectorErrorCode } from './connector-error.ts';

export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
  /** Returns a number in [0, 1); when given, the delay is spread over [half, full] of the capped value. */
  readonly jitter?: () => number;
}

export interface RetryDecision {
  readonly retry: boolean;
  readonly delayMs: number;
  readonly reason: string;
}

export interface RetryPolicyOptions {
  readonly jitter?: () => number;
  readonly maxAttempts?: Partial<Readonly<Record<ConnectorErrorCode, number>>>;
}

// Total attempts (first try included) before a job is marked failed. Rate limits always clear, so
// they get the most room; `unknown` is a bug or an undocumented answer: a few tries, then a human looks.
const DEFAULT_MAX_ATTEMPTS: Readonly<Record<ConnectorErrorCode, number>> = {
  rate_limited: 20,
  transient: 10,
  unknown: 3,
  validation: 1,
  not_found: 1,
  auth_revoked: 1,
};

// transient: 1 s, 2 s, 4 s … capped at 5 min (10 attempts span ~15 min).
// rate_limited without a hint: HubSpot's burst window is 10 s, so start there.
const BACKOFF_BY_CODE: Readonly<Partial<Record<ConnectorErrorCode, { baseMs: number; maxMs: number }>>> = {
  transient: { baseMs: 1_000, maxMs: 300_000 },
  rate_limited: { baseMs: 10_000, maxMs: 300_000 },
  unknown: { baseMs: 30_000, maxMs: 300_000 },
};

export function maxAttempts(code: ConnectorErrorCode, options: RetryPolicyOptions = {}): number {
  return options.maxAttempts?.[code] ?? DEFAULT_MAX_ATTEMPTS[code];
}

/** Capped exponential backoff; `attempt` is 1 for the delay after the first failure. */
export function backoff(attempt: number, options: BackoffOptions): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // 2 ** 1024 is Infinity, which Math.min caps; no overflow to worry about.
  const capped = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  if (options.jitter === undefined) {
    return capped;
  }
  const spread = Math.min(Math.max(options.jitter(), 0), 1);
  return Math.round(capped / 2 + (capped / 2) * spread);
}

/**
 * Decides whether a failed attempt is tried again, and when.
 * `attempt` counts the attempts already made (1 after the first failure).
 */
export function classifyRetry(
  error: ConnectorError,
  attempt: number,
  options: RetryPolicyOptions = {},
): RetryDecision {
  const limit = maxAttempts(error.code, options);
  const shape = BACKOFF_BY_CODE[error.code];
  if (shape === undefined) {
    return { retry: false, delayMs: 0, reason: `${error.code} is not retryable` };
  }
  if (attempt >= limit) {
    return {
      retry: false,
      delayMs: 0,
      reason: `${error.code}: gave up after ${attempt} of ${limit} attempts`,
    };
  }
  const jitter = options.jitter ? { jitter: options.jitter } : {};
  const hinted = error.retryAfterMs;
  // A rate limit with a hint (the policy's window) grows from that window; otherwise from the code's base.
  // The provider's hint always wins when it is longer: retrying earlier just earns another 429.
  const computed =
    error.code === 'rate_limited' && hinted !== undefined && hinted > 0
      ? backoff(attempt, { baseMs: hinted, maxMs: Math.max(hinted, shape.maxMs), ...jitter })
      : backoff(attempt, { ...shape, ...jitter });
  const delayMs = hinted !== undefined ? Math.max(hinted, computed) : computed;
  const hint = error.retryAfterMs !== undefined ? `, provider asked for ${error.retryAfterMs} ms` : '';
  return {
    retry: true,
    delayMs,
    reason: `${error.code}: retry ${attempt + 1} of ${limit} in ${delayMs} ms${hint}`,
  };
}
