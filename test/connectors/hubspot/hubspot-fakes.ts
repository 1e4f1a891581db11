import type { HubSpotCallKind, RateLimiter } from '../../../src/connectors/hubspot/portal-rate-limiter.ts';
import type { RateLimitSnapshot } from '../../../src/connectors/hubspot/rate-limit-headers.ts';

/** A limiter that lets everything through and remembers what it was asked. */
export function recordingLimiter(): RateLimiter & {
  acquired: HubSpotCallKind[];
  pauses: number[];
  observed: (RateLimitSnapshot | null)[];
} {
  const acquired: HubSpotCallKind[] = [];
  const pauses: number[] = [];
  const observed: (RateLimitSnapshot | null)[] = [];
  return {
    acquired,
    pauses,
    observed,
    observe(snapshot) {
      observed.push(snapshot);
    },
    acquire(kind) {
      acquired.push(kind);
      return Promise.resolve();
    },
    onRateLimited(retryAfterMs) {
      pauses.push(retryAfterMs);
    },
  };
}
