import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBusinessClock } from '../../src/domain/business-clock.ts';
import type { CalendarSpec } from '../../src/domain/calendar-spec.ts';
import { isJapaneseHoliday } from '../../src/domain/japan-holidays.ts';

const EXAMPLE_CALENDAR: CalendarSpec = {
  timezone: 'Asia/Tokyo',
  workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  hours: { start: '09:00', end: '18:00' },
  holidays: 'japan',
  closures: ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-02', '2027-01-03'],
};
const NEW_YORK: CalendarSpec = { ...EXAMPLE_CALENDAR, timezone: 'America/New_York', holidays: 'none' };

const MINUTE = 60_000;
const DAY = 86_400_000;
const TOKYO_OFFSET = 9 * 3_600_000;
const FROM = Date.parse('2026-01-01T00:00:00Z');
const TO = Date.parse('2029-12-31T00:00:00Z');

const tokyo = createBusinessClock(EXAMPLE_CALENDAR);
const newYork = createBusinessClock(NEW_YORK);

// Starts: any millisecond, or whole minutes (which land on openings and closings often).
const instant = fc.oneof(
  fc.integer({ min: FROM, max: TO }),
  fc.integer({ min: FROM / MINUTE, max: TO / MINUTE }).map((m) => m * MINUTE),
);
const amount = fc.oneof(
  fc.integer({ min: 0, max: 10 * 9 * 3_600_000 }),
  fc.integer({ min: 0, max: 10 * 9 * 60 }).map((m) => m * MINUTE),
  fc.integer({ min: 0, max: 10 }).map((d) => d * 9 * 3_600_000),
);

// An oracle independent of the clock: Tokyo has no DST, so its wall time is UTC + 9 h.
function tokyoMinute(t: number): { date: string; weekday: number; minuteOfDay: number } {
  const local = new Date(t + TOKYO_OFFSET);
  return {
    date: local.toISOString().slice(0, 10),
    weekday: local.getUTCDay(),
    minuteOfDay:
      local.getUTCHours() * 60 +
      local.getUTCMinutes() +
      local.getUTCSeconds() / 60 +
      local.getUTCMilliseconds() / MINUTE,
  };
}

function isTokyoBusinessDate(date: string, weekday: number): boolean {
  return (
    weekday >= 1 && weekday <= 5 && !EXAMPLE_CALENDAR.closures.includes(date) && !isJapaneseHoliday(date)
  );
}

/** Within [open, close] of a business day, closing instant included. */
function isWithinBusinessDay(t: number): boolean {
  const { date, weekday, minuteOfDay } = tokyoMinute(t);
  return isTokyoBusinessDate(date, weekday) && minuteOfDay >= 9 * 60 && minuteOfDay <= 18 * 60;
}

/** Minute-by-minute reference: the end of the n-th business minute from a whole-minute start. */
function referenceAdd(start: number, minutes: number): number {
  const counts = (t: number): boolean => {
    const { date, weekday, minuteOfDay } = tokyoMinute(t);
    return isTokyoBusinessDate(date, weekday) && minuteOfDay >= 9 * 60 && minuteOfDay < 18 * 60;
  };
  let t = start;
  if (minutes === 0) {
    while (!counts(t)) t += MINUTE;
    return t;
  }
  let counted = 0;
  for (;;) {
    if (counts(t)) counted += 1;
    t += MINUTE;
    if (counted === minutes) return t;
  }
}

describe('business clock properties', () => {
  it('agrees with a minute-by-minute reference count', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: FROM / MINUTE, max: TO / MINUTE }),
        fc.integer({ min: 0, max: 2 * 9 * 60 }),
        (startMinute, minutes) => {
          const start = startMinute * MINUTE;
          expect(tokyo.add(new Date(start), minutes * MINUTE).getTime()).toBe(referenceAdd(start, minutes));
        },
      ),
      { numRuns: 200 },
    );
  });

  for (const [zone, clock] of [
    ['Asia/Tokyo', tokyo],
    ['America/New_York', newYork],
  ] as const) {
    it(`measures back exactly what it added (${zone})`, () => {
      fc.assert(
        fc.property(instant, amount, (s, d) => {
          expect(clock.elapsed(new Date(s), clock.add(new Date(s), d))).toBe(d);
        }),
        { numRuns: 500 },
      );
    });

    it(`never moves a deadline earlier for a longer duration or a later start (${zone})`, () => {
      fc.assert(
        fc.property(instant, instant, amount, amount, (s1, s2, d1, d2) => {
          const [early, late] = s1 <= s2 ? [s1, s2] : [s2, s1];
          const [short, long] = d1 <= d2 ? [d1, d2] : [d2, d1];
          expect(clock.add(new Date(early), short).getTime()).toBeLessThanOrEqual(
            clock.add(new Date(early), long).getTime(),
          );
          expect(clock.add(new Date(early), short).getTime()).toBeLessThanOrEqual(
            clock.add(new Date(late), short).getTime(),
          );
          expect(clock.subtract(new Date(early), short).getTime()).toBeLessThanOrEqual(
            clock.subtract(new Date(late), short).getTime(),
          );
          expect(clock.subtract(new Date(early), long).getTime()).toBeLessThanOrEqual(
            clock.subtract(new Date(early), short).getTime(),
          );
        }),
        { numRuns: 500 },
      );
    });

    it(`undoes add with subtract from inside business hours (${zone})`, () => {
      fc.assert(
        fc.property(instant, amount, (s, d) => {
          fc.pre(d > 0 && clock.isCounting(new Date(s)));
          expect(clock.subtract(clock.add(new Date(s), d), d).getTime()).toBe(s);
        }),
        { numRuns: 300 },
      );
    });

    it(`undoes subtract with add for an end in (open, close] (${zone})`, () => {
      fc.assert(
        fc.property(instant, amount, (e, d) => {
          const inside = clock.isCounting(new Date(e - 1));
          fc.pre(d > 0 && inside && clock.elapsed(new Date(e - 1), new Date(e)) === 1);
          expect(clock.add(clock.subtract(new Date(e), d), d).getTime()).toBe(e);
          expect(clock.elapsed(clock.subtract(new Date(e), d), new Date(e))).toBe(d);
        }),
        { numRuns: 300 },
      );
    });

    it(`counts a millisecond exactly when it is counting (${zone})`, () => {
      fc.assert(
        fc.property(instant, (t) => {
          expect(clock.elapsed(new Date(t), new Date(t + 1))).toBe(clock.isCounting(new Date(t)) ? 1 : 0);
        }),
        { numRuns: 500 },
      );
    });

    it(`adds elapsed time piecewise (${zone})`, () => {
      fc.assert(
        fc.property(
          instant,
          fc.integer({ min: 0, max: 20 * DAY }),
          fc.integer({ min: 0, max: 20 * DAY }),
          (a, x, y) => {
            const mid = new Date(a + x);
            const end = new Date(a + x + y);
            expect(clock.elapsed(new Date(a), end)).toBe(
              clock.elapsed(new Date(a), mid) + clock.elapsed(mid, end),
            );
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  it('lands add and subtract within [opening, closing] of a business day', () => {
    fc.assert(
      fc.property(instant, amount, (s, d) => {
        expect(isWithinBusinessDay(tokyo.add(new Date(s), d).getTime())).toBe(true);
        expect(isWithinBusinessDay(tokyo.subtract(new Date(s), d).getTime())).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('lands a positive add after the opening and a positive subtract before the closing', () => {
    fc.assert(
      fc.property(instant, amount, (s, d) => {
        fc.pre(d > 0);
        expect(tokyoMinute(tokyo.add(new Date(s), d).getTime()).minuteOfDay).toBeGreaterThan(9 * 60);
        expect(tokyoMinute(tokyo.subtract(new Date(s), d).getTime()).minuteOfDay).toBeLessThan(18 * 60);
      }),
      { numRuns: 300 },
    );
  });
});
