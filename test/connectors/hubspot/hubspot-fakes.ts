import type { HubSpotCallKind, RateLimiter } from '../../../src/connectors/hubspot/portal-rate-limiter.ts';

/** A limiter that lets everything through and remembers what it was asked. */
export function recordingLimiter(): RateLimiter & { acquired: HubSpotCallKind[]; pauses: number[] } {
  const acquired: HubSpotCallKind[] = [];
  const pauses: number[] = [];
  return {
    acquired,
    pauses,
    acquire(kind) {
      acquired.push(kind);
      return Promise.resolve();
    },
    onRateLimited(retryAfterMs) {
      pauses.push(retryAfterMs);
    },
  };
}
