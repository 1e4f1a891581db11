import type { ConnectorError } from './connector-error.ts';
import { classifyRetry } from './retry-policy.ts';

// What becomes of a write-back the CRM did not take. Nothing accepted is dropped: only a refusal
// of the values themselves (validation, or the record no longer exists) is final. A revoked token
// or answers we do not understand park the write with its values until the CRM accepts calls again.

export type WriteBackDecision =
  | { readonly kind: 'retry'; readonly delayMs: number; readonly reason: string }
  | { readonly kind: 'park'; readonly probeInMs: number; readonly reason: string }
  | { readonly kind: 'fail'; readonly reason: string };

/** How often a parked write is tried again on its own (a success of any other call resumes it sooner). */
export const PARKED_PROBE_MS = 60_000;

// Rate limits and outages clear: tried until done, every 5 minutes at most (classifyRetry's cap).
const RETRY_FOREVER = {
  maxAttempts: { rate_limited: Number.MAX_SAFE_INTEGER, transient: Number.MAX_SAFE_INTEGER },
};

/** `attempts` counts the attempts made so far, this one included. */
export function decideWriteBack(error: ConnectorError, attempts: number): WriteBackDecision {
  switch (error.code) {
    case 'validation':
    case 'not_found':
      return { kind: 'fail', reason: `${error.code}: the CRM refused these values` };
    case 'auth_revoked':
      return {
        kind: 'park',
        probeInMs: PARKED_PROBE_MS,
        reason: 'auth_revoked: parked until the CRM accepts calls',
      };
    case 'unknown':
    case 'rate_limited':
    case 'transient': {
      // `unknown` gets its few tries (a bug or an undocumented answer), then waits parked.
      const decision = classifyRetry(error, attempts, RETRY_FOREVER);
      if (decision.retry) return { kind: 'retry', delayMs: decision.delayMs, reason: decision.reason };
      return { kind: 'park', probeInMs: PARKED_PROBE_MS, reason: `${decision.reason}; parked` };
    }
  }
}
