// A sliding-window log: the instants of recent calls. A call at t occupies the window [t, t + windowMs).
// Pure: functions return new states; the caller keeps the current one.

export interface RateWindowState {
  /** Call instants (ms), ascending. */
  readonly stamps: readonly number[];
}

export const emptyRateWindow: RateWindowState = { stamps: [] };

function firstInside(stamps: readonly number[], now: number, windowMs: number): number {
  const floor = now - windowMs;
  let index = 0;
  while (index < stamps.length && (stamps[index] ?? 0) <= floor) {
    index += 1;
  }
  return index;
}

/** Earliest instant ≥ now at which one more call keeps every window of `windowMs` at ≤ `limit` calls. */
export function nextAllowedAt(state: RateWindowState, now: number, limit: number, windowMs: number): number {
  if (limit <= 0) {
    throw new RangeError('limit must be positive');
  }
  const start = firstInside(state.stamps, now, windowMs);
  const inside = state.stamps.length - start;
  if (inside < limit) {
    return now;
  }
  // The call that must leave the window before one more fits.
  const blocking = state.stamps[start + inside - limit] ?? now;
  return Math.max(now, blocking + windowMs);
}

/** Adds a call at `at`, keeping the stamps sorted. */
export function record(state: RateWindowState, at: number): RateWindowState {
  const stamps = [...state.stamps];
  let index = stamps.length;
  while (index > 0 && (stamps[index - 1] ?? 0) > at) {
    index -= 1;
  }
  stamps.splice(index, 0, at);
  return { stamps };
}

/** Drops the calls that can no longer count in a window ending after `now`. */
export function prune(state: RateWindowState, now: number, windowMs: number): RateWindowState {
  const start = firstInside(state.stamps, now, windowMs);
  return start === 0 ? state : { stamps: state.stamps.slice(start) };
}

/** A budget as the ledger holds it: its windows, its call log and any pause. */
export interface Budget {
  readonly windows: readonly { readonly limit: number; readonly ms: number }[];
  readonly state: RateWindowState;
  readonly pausedUntil: number;
}

/** Earliest instant ≥ now at which one more call fits every window of every budget (and no pause holds). */
export function admissibleAt(budgets: readonly Budget[], now: number): number {
  let at = now;
  for (const budget of budgets) {
    at = Math.max(at, budget.pausedUntil);
    for (const window of budget.windows)
      at = Math.max(at, nextAllowedAt(budget.state, now, window.limit, window.ms));
  }
  return at;
}

/** The longest window of a budget: calls older than this can be forgotten. */
export function longestWindow(windows: readonly { readonly ms: number }[]): number {
  return Math.max(1, ...windows.map((window) => window.ms));
}
