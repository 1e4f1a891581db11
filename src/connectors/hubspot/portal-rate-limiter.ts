import { emptyRateWindow, nextAllowedAt, prune, record } from '../../domain/rate-window.ts';
import type { RateWindowState } from '../../domain/rate-window.ts';

export type HubSpotCallKind = 'standard' | 'search';

export interface RateLimiterOptions {
  /**
   * Calls per rolling 10 s. HubSpot allows 100 for a Free/Starter private app (190 Pro/Enterprise,
   * 110 per install for OAuth apps); 90 keeps 10 % for the same app's other traffic and for the
   * difference between our clock and HubSpot's window.
   */
  readonly perTenSeconds?: number;
  /**
   * CRM search calls per second. HubSpot's cap is 5 per account; 4 leaves room for network jitter
   * squeezing two of our seconds into one of theirs. Search calls also count against `perTenSeconds`.
   */
  readonly searchPerSecond?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface RateLimiter {
  /** Resolves when a call of this kind may start; callers are served first come, first served. */
  acquire(kind: HubSpotCallKind): Promise<void>;
  /** HubSpot answered 429: nobody starts a call on this portal for `retryAfterMs`. */
  onRateLimited(retryAfterMs: number): void;
}

export interface RateLimiterRegistry {
  getLimiter(portalId: string): RateLimiter;
}

export const DEFAULT_PER_TEN_SECONDS = 90;
export const DEFAULT_SEARCH_PER_SECOND = 4;

const TEN_SECONDS = 10_000;
const ONE_SECOND = 1_000;

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Waiter {
  readonly kind: HubSpotCallKind;
  readonly resolve: () => void;
}

/** One portal's budget. The SDK's own limiter is process-wide, so it is never turned on. */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const perTenSeconds = options.perTenSeconds ?? DEFAULT_PER_TEN_SECONDS;
  const searchPerSecond = options.searchPerSecond ?? DEFAULT_SEARCH_PER_SECOND;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  if (perTenSeconds < 1 || searchPerSecond < 1) {
    throw new RangeError('rate limits must be at least 1');
  }

  let all: RateWindowState = emptyRateWindow;
  let searches: RateWindowState = emptyRateWindow;
  let pausedUntil = 0;
  const queue: Waiter[] = [];
  let pumping = false;

  function readyAt(kind: HubSpotCallKind, at: number): number {
    const standardAt = nextAllowedAt(all, at, perTenSeconds, TEN_SECONDS);
    const searchAt = kind === 'search' ? nextAllowedAt(searches, at, searchPerSecond, ONE_SECOND) : at;
    return Math.max(pausedUntil, standardAt, searchAt);
  }

  // One pump serves the queue in order and sleeps exactly until the head may go: no polling.
  async function pump(): Promise<void> {
    pumping = true;
    try {
      for (let head = queue[0]; head !== undefined; head = queue[0]) {
        const at = now();
        const wait = readyAt(head.kind, at) - at;
        if (wait > 0) {
          await sleep(wait);
          continue;
        }
        all = record(prune(all, at, TEN_SECONDS), at);
        if (head.kind === 'search') {
          searches = record(prune(searches, at, ONE_SECOND), at);
        }
        queue.shift();
        head.resolve();
      }
    } finally {
      pumping = false;
    }
  }

  return {
    acquire(kind) {
      return new Promise<void>((resolve) => {
        queue.push({ kind, resolve });
        if (!pumping) {
          void pump();
        }
      });
    },
    onRateLimited(retryAfterMs) {
      pausedUntil = Math.max(pausedUntil, now() + Math.max(0, retryAfterMs));
    },
  };
}

/** Limiters keyed by portal: HubSpot's budgets are per app per account, never shared across portals. */
export function createRateLimiterRegistry(options: RateLimiterOptions = {}): RateLimiterRegistry {
  const limiters = new Map<string, RateLimiter>();
  return {
    getLimiter(portalId) {
      let limiter = limiters.get(portalId);
      if (limiter === undefined) {
        limiter = createRateLimiter(options);
        limiters.set(portalId, limiter);
      }
      return limiter;
    },
  };
}
