import { admissibleAt, emptyRateWindow, longestWindow, prune, record } from '../domain/rate-window.ts';
import type { RateWindowState } from '../domain/rate-window.ts';
import type { RateLedger, RateWindow } from '../ports/rate-ledger.ts';

interface Entry {
  state: RateWindowState;
  pausedUntil: number;
  learned: readonly RateWindow[] | null;
}

/** Budgets of one process, on its own clock: enough when a single process calls the provider. */
export function createMemoryRateLedger(now: () => number = Date.now): RateLedger {
  const entries = new Map<string, Entry>();
  const entry = (bucket: string): Entry => {
    let found = entries.get(bucket);
    if (!found) {
      found = { state: emptyRateWindow, pausedUntil: 0, learned: null };
      entries.set(bucket, found);
    }
    return found;
  };
  // Synchronous inside: a pause or a call is in force before the returned promise settles.
  return {
    take(claims) {
      const at = now();
      const budgets = claims.map((claim) => {
        const found = entry(claim.bucket);
        const windows = found.learned ?? claim.windows;
        found.state = prune(found.state, at, longestWindow(windows));
        return { found, windows };
      });
      const ready = admissibleAt(
        budgets.map(({ found, windows }) => ({
          windows,
          state: found.state,
          pausedUntil: found.pausedUntil,
        })),
        at,
      );
      if (ready > at) return Promise.resolve({ waitMs: ready - at });
      for (const { found } of budgets) found.state = record(found.state, at);
      return Promise.resolve({ waitMs: 0 });
    },
    learn(bucket, windows) {
      entry(bucket).learned = windows;
      return Promise.resolve();
    },
    pause(bucket, ms) {
      const found = entry(bucket);
      found.pausedUntil = Math.max(found.pausedUntil, now() + Math.max(0, ms));
      return Promise.resolve();
    },
  };
}
