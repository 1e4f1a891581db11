// The clock an SLA runs on: either business time (the definitions file's calendar) or wall time.
// Services only see this interface, so a deadline reads the same whichever `handoff.clock` says.
import { createBusinessClock } from './business-clock.ts';
import type { CalendarSpec, ClockKind } from './calendar-spec.ts';
import { durationToMs } from './duration.ts';
import type { Duration } from './duration.ts';

export interface SlaClock {
  readonly kind: ClockKind;
  /** Counted milliseconds in one `d` of a duration: the opening hours, or 24 h on the wall clock. */
  readonly dayMs: number;
  /** The instant at which `ms` of counted time have passed since `start` (negative `ms` subtracts). */
  add(start: Date, ms: number): Date;
  /** The latest instant from which `ms` of counted time run until `end` (mirror of `add`). */
  subtract(end: Date, ms: number): Date;
  /** Counted milliseconds between two instants; 0 when `to` is not after `from`. */
  elapsed(from: Date, to: Date): number;
  /** True while the clock is running at this instant. */
  isCounting(at: Date): boolean;
}

const DAY_MS = 86_400_000;

/** The wall clock: every millisecond counts and a day is 24 h. */
export function createCalendarClock(): SlaClock {
  return {
    kind: 'calendar',
    dayMs: DAY_MS,
    add: (start, ms) => new Date(start.getTime() + ms),
    subtract: (end, ms) => new Date(end.getTime() - ms),
    elapsed: (from, to) => Math.max(0, to.getTime() - from.getTime()),
    isCounting: () => true,
  };
}

export function createSlaClock(kind: ClockKind, spec: CalendarSpec): SlaClock {
  switch (kind) {
    case 'business':
      return createBusinessClock(spec);
    case 'calendar':
      return createCalendarClock();
  }
}

/** A definitions-file duration in counted milliseconds on this clock (`1d` = one business day). */
export function durationOn(clock: SlaClock, duration: Duration): number {
  return durationToMs(duration, clock.dayMs);
}
