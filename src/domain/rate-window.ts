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
