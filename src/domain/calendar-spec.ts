// The business calendar as the definitions file states it; the business clock reads only this.
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export interface CalendarSpec {
  /** IANA timezone the hours and dates are read in, e.g. `Asia/Tokyo`. */
  readonly timezone: string;
  readonly workdays: readonly Weekday[];
  /** Local opening hours, `HH:MM` 24 h; end is after start on the same day. */
  readonly hours: { readonly start: string; readonly end: string };
  readonly holidays: 'japan' | 'none';
  /** Local dates `YYYY-MM-DD` the company is closed. */
  readonly closures: readonly string[];
}

export type ClockKind = 'business' | 'calendar';
