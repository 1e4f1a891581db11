import type { RateClaim, RateLedger, RateWindow } from '../../ports/rate-ledger.ts';
import { createMemoryRateLedger } from '../../storage/memory-rate-ledger.ts';
import type { RateLimitSnapshot } from './rate-limit-headers.ts';

export type HubSpotCallKind = 'standard' | 'search';

export interface RateLimiterOptions {
  /**
   * Calls per rolling 10 s until HubSpot's headers say what this app's budget is. HubSpot allows at
   * least 100 to any app (Free/Starter private app; 110 per install for OAuth apps, 190 Pro and
   * Enterprise): 90 keeps 10 % for the same app's other traffic and for clock differences.
   */
  readonly perTenSeconds?: number;
  /**
   * CRM search calls per second. HubSpot's cap is 5 per account and search answers carry no
   * rate-limit headers; 4 leaves room for network jitter. Search calls also count against the burst.
   */
  readonly searchPerSecond?: number;
  /** Where the budget is kept: in memory (one process, the default) or in the database (every instance). */
  readonly ledger?: RateLedger;
  /** Names the budgets in a shared ledger (the portal id). */
  readonly bucket?: string;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface RateLimiter {
  /** Resolves when a call of this kind may start; callers are served first come, first served. */
  acquire(kind: HubSpotCallKind): Promise<void>;
  /** HubSpot answered 429: nobody starts a call on this portal for `retryAfterMs`. */
  onRateLimited(retryAfterMs: number): void;
  /** What HubSpot's rate-limit headers said on an answer (null when it sent none). */
  observe(snapshot: RateLimitSnapshot | null): void;
}

export interface RateLimiterRegistry {
  getLimiter(portalId: string): RateLimiter;
}

export const DEFAULT_PER_TEN_SECONDS = 90;
export const DEFAULT_SEARCH_PER_SECOND = 4;
/** Share of HubSpot's reported budget we use; the rest is the margin described above. */
export const BUDGET_SHARE = 0.9;

const TEN_SECONDS = 10_000;
const ONE_SECOND = 1_000;
// When HubSpot reports fewer calls left than this share of its budget, traffic we do not pace (another
// integration on the same app, a script) is using it: everyone waits a window before the next call.
const LOW_REMAINING_SHARE = 0.05;
// The daily allowance resets at midnight in the portal's time zone, which we do not know; an hour
// matches the DAILY 429 probe (hubspot-errors.ts).
const DAILY_EXHAUSTED_PAUSE_MS = 3_600_000;
// The ledger could not be reached (storage down): ask again shortly.
const LEDGER_RETRY_MS = 1_000;

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Waiter {
  readonly kind: HubSpotCallKind;
  readonly resolve: () => void;
}

/** The windows HubSpot's headers describe, at our share of them; null when they describe none. */
export function windowsFromSnapshot(snapshot: RateLimitSnapshot): RateWindow[] | null {
  const windows: RateWindow[] = [];
  if (snapshot.max !== undefined && snapshot.intervalMs !== undefined) {
    windows.push({ limit: Math.max(1, Math.floor(snapshot.max * BUDGET_SHARE)), ms: snapshot.intervalMs });
  }
  if (snapshot.secondly !== undefined) {
    windows.push({ limit: Math.max(1, Math.floor(snapshot.secondly * BUDGET_SHARE)), ms: ONE_SECOND });
  }
  return windows.length > 0 ? windows : null;
}

function sameWindows(a: readonly RateWindow[] | null, b: readonly RateWindow[]): boolean {
  return (
    a !== null && a.length === b.length && a.every((w, i) => w.limit === b[i]?.limit && w.ms === b[i].ms)
  );
}

/**
 * One portal's HubSpot budget. Calls queue here first come, first served; each is admitted by the
 * ledger, which in the database paces every instance together. HubSpot's rate-limit headers are the
 * truth about the budget: its size replaces the default, and a near-empty `Remaining` (someone else
 * is spending it) or an exhausted daily allowance pauses everyone. The SDK's own limiter is
 * process-wide, so it is never turned on.
 */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const perTenSeconds = options.perTenSeconds ?? DEFAULT_PER_TEN_SECONDS;
  const searchPerSecond = options.searchPerSecond ?? DEFAULT_SEARCH_PER_SECOND;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  if (perTenSeconds < 1 || searchPerSecond < 1) {
    throw new RangeError('rate limits must be at least 1');
  }
  const ledger = options.ledger ?? createMemoryRateLedger(now);
  const bucket = `hubspot:${options.bucket ?? 'default'}`;
  const searchBucket = `${bucket}:search`;
  const standard: RateClaim = { bucket, windows: [{ limit: perTenSeconds, ms: TEN_SECONDS }] };
  const search: RateClaim = { bucket: searchBucket, windows: [{ limit: searchPerSecond, ms: ONE_SECOND }] };
  let learned: readonly RateWindow[] | null = null;

  const queue: Waiter[] = [];
  let pumping = false;

  // One pump serves the queue in order and sleeps exactly until the ledger says the head may go.
  async function pump(): Promise<void> {
    pumping = true;
    try {
      for (let head = queue[0]; head !== undefined; head = queue[0]) {
        const claims = head.kind === 'search' ? [standard, search] : [standard];
        const { waitMs } = await ledger.take(claims).catch(() => ({ waitMs: LEDGER_RETRY_MS }));
        if (waitMs > 0) {
          await sleep(waitMs);
          continue;
        }
        queue.shift();
        head.resolve();
      }
    } finally {
      pumping = false;
    }
  }

  const pause = (ms: number) => {
    // A pause the ledger could not record still holds nothing up here: the next 429 says it again.
    void ledger.pause(bucket, ms).catch(() => undefined);
  };

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
      pause(retryAfterMs);
    },
    observe(snapshot) {
      if (snapshot === null) return;
      const windows = windowsFromSnapshot(snapshot);
      if (windows !== null && !sameWindows(learned, windows)) {
        learned = windows;
        void ledger.learn(bucket, windows).catch(() => {
          learned = null;
        });
      }
      const { max, remaining, intervalMs, dailyRemaining } = snapshot;
      if (max !== undefined && remaining !== undefined && remaining < Math.ceil(max * LOW_REMAINING_SHARE)) {
        pause(intervalMs ?? TEN_SECONDS);
      }
      if (dailyRemaining !== undefined && dailyRemaining <= 0) pause(DAILY_EXHAUSTED_PAUSE_MS);
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
        limiter = createRateLimiter({ ...options, bucket: portalId });
        limiters.set(portalId, limiter);
      }
      return limiter;
    },
  };
}
