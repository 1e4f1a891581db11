/** At most `limit` calls in any `ms` milliseconds. */
export interface RateWindow {
  readonly limit: number;
  readonly ms: number;
}

/** One budget a call draws on (e.g. a portal's HubSpot calls), with the windows it must fit. */
export interface RateClaim {
  readonly bucket: string;
  /** Used until the budget has learned its own windows (`learn`). */
  readonly windows: readonly RateWindow[];
}

/**
 * Where call budgets are kept. In memory it paces one process; in the database it paces every
 * instance sharing it, on the database's clock.
 */
export interface RateLedger {
  /**
   * Admits one call into every claimed budget if all of them allow it now, and records it there;
   * otherwise records nothing and says how long to wait before asking again.
   */
  take(claims: readonly RateClaim[]): Promise<{ readonly waitMs: number }>;
  /** The provider reported this budget's windows: they replace the claim's from now on. */
  learn(bucket: string, windows: readonly RateWindow[]): Promise<void>;
  /** Nobody takes from the budget for `ms` (a 429, an exhausted allowance). Never shortens a pause. */
  pause(bucket: string, ms: number): Promise<void>;
}
