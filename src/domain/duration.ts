// Durations of the definitions file: `30m`, `2h`, `3d`. A day means different things on each clock
// (a business day is the calendar's opening hours, a calendar day is 24 h), so a Duration stays
// symbolic until a clock converts it.
export type DurationUnit = 'm' | 'h' | 'd';

export interface Duration {
  readonly amount: number;
  readonly unit: DurationUnit;
  readonly text: string;
}

const DURATION_PATTERN = /^(\d{1,5})(m|h|d)$/;

export function parseDuration(text: string): Duration | null {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = match[2] as DurationUnit;
  return { amount, unit, text: `${amount}${unit}` };
}

/** Milliseconds of counted time for a duration, given how long one "day" is on the clock. */
export function durationToMs(duration: Duration, dayMs: number): number {
  switch (duration.unit) {
    case 'm':
      return duration.amount * 60_000;
    case 'h':
      return duration.amount * 3_600_000;
    case 'd':
      return duration.amount * dayMs;
  }
}
