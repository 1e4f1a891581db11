import { describe, expect, it } from 'vitest';
import { createBusinessClock } from '../../src/domain/business-clock.ts';
import type { CalendarSpec } from '../../src/domain/calendar-spec.ts';
import { parseDuration } from '../../src/domain/duration.ts';
import type { Duration } from '../../src/domain/duration.ts';
import { isJapaneseHoliday, japaneseHolidayName } from '../../src/domain/japan-holidays.ts';
import { createCalendarClock, createSlaClock, durationOn } from '../../src/domain/sla-clock.ts';

const EXAMPLE_CALENDAR: CalendarSpec = {
  timezone: 'Asia/Tokyo',
  workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  hours: { start: '09:00', end: '18:00' },
  holidays: 'japan',
  closures: ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-02', '2027-01-03'],
};

const HOUR = 3_600_000;
const clock = createBusinessClock(EXAMPLE_CALENDAR);

function duration(text: string): Duration {
  const parsed = parseDuration(text);
  if (!parsed) throw new Error(`bad duration ${text}`);
  return parsed;
}

function addOn(start: string, text: string): string {
  return clock.add(new Date(start), durationOn(clock, duration(text))).toISOString();
}

const at = (text: string): string => new Date(text).toISOString();

describe('japan holidays', () => {
  it('knows the 2026 holidays the golden cases rely on', () => {
    expect(isJapaneseHoliday('2026-04-29')).toBe(true);
    expect(japaneseHolidayName('2026-05-06')).toBe('こどもの日 振替休日');
    expect(japaneseHolidayName('2026-09-22')).toBe('休日');
    expect(isJapaneseHoliday('2027-01-01')).toBe(true);
    expect(isJapaneseHoliday('2026-05-07')).toBe(false);
    expect(japaneseHolidayName('2026-05-07')).toBeNull();
  });
});

describe('business clock', () => {
  it('counts one business day as the opening hours', () => {
    expect(clock.kind).toBe('business');
    expect(clock.dayMs).toBe(9 * HOUR);
    expect(durationOn(clock, duration('2d'))).toBe(18 * HOUR);
    expect(durationOn(clock, duration('2h'))).toBe(2 * HOUR);
    expect(durationOn(clock, duration('30m'))).toBe(30 * 60_000);
  });

  it('ends a deadline that uses up a day at that day’s closing time (Friday 17:00 + 1d = Monday 17:00)', () => {
    expect(addOn('2026-11-13T17:00:00+09:00', '1d')).toBe(at('2026-11-16T17:00:00+09:00'));
    expect(addOn('2026-11-13T17:00:00+09:00', '1h')).toBe(at('2026-11-13T18:00:00+09:00'));
  });

  it('starts a clock begun on Saturday at Monday’s opening (Saturday 10:00 + 1d = Monday 18:00)', () => {
    expect(addOn('2026-11-14T10:00:00+09:00', '1d')).toBe(at('2026-11-16T18:00:00+09:00'));
  });

  it('starts a clock begun before opening at that morning’s opening', () => {
    expect(addOn('2026-11-17T07:00:00+09:00', '1d')).toBe(at('2026-11-17T18:00:00+09:00'));
    expect(addOn('2026-11-17T07:00:00+09:00', '2h')).toBe(at('2026-11-17T11:00:00+09:00'));
  });

  it('starts a clock begun after closing at the next opening', () => {
    expect(addOn('2026-11-17T20:00:00+09:00', '2h')).toBe(at('2026-11-18T11:00:00+09:00'));
    expect(addOn('2026-11-17T18:00:00+09:00', '2h')).toBe(at('2026-11-18T11:00:00+09:00'));
  });

  it('skips a Monday holiday (Friday 17:55 + 1d before 勤労感謝の日 = Tuesday 17:55)', () => {
    expect(addOn('2026-11-20T17:55:00+09:00', '1d')).toBe(at('2026-11-24T17:55:00+09:00'));
    expect(addOn('2026-11-20T17:55:00+09:00', '5m')).toBe(at('2026-11-20T18:00:00+09:00'));
    expect(addOn('2026-11-20T17:55:00+09:00', '10m')).toBe(at('2026-11-24T09:05:00+09:00'));
  });

  it('skips Golden Week: 昭和の日, the weekend, 5/4–5/5 and the substitute holiday 5/6', () => {
    expect(addOn('2026-04-28T15:00:00+09:00', '1d')).toBe(at('2026-04-30T15:00:00+09:00'));
    expect(addOn('2026-04-28T15:00:00+09:00', '2d')).toBe(at('2026-05-01T15:00:00+09:00'));
    expect(addOn('2026-04-28T15:00:00+09:00', '3d')).toBe(at('2026-05-07T15:00:00+09:00'));
  });

  it('treats the substitute holiday 2026-05-06 (振替休日) as closed', () => {
    expect(clock.isCounting(new Date('2026-05-06T10:00:00+09:00'))).toBe(false);
    expect(addOn('2026-05-06T10:00:00+09:00', '1h')).toBe(at('2026-05-07T10:00:00+09:00'));
  });

  it('skips the citizens’ holiday 2026-09-22 between 敬老の日 and 秋分の日', () => {
    expect(clock.isCounting(new Date('2026-09-22T10:00:00+09:00'))).toBe(false);
    expect(addOn('2026-09-18T17:00:00+09:00', '1d')).toBe(at('2026-09-24T17:00:00+09:00'));
  });

  it('skips the year-end closures and New Year’s Day (2026-12-28 17:00 + 1d = 2027-01-04 17:00)', () => {
    expect(addOn('2026-12-28T17:00:00+09:00', '1d')).toBe(at('2027-01-04T17:00:00+09:00'));
    expect(clock.isCounting(new Date('2026-12-30T10:00:00+09:00'))).toBe(false);
  });

  it('counts weekdays that are holidays once holidays are off', () => {
    const plain = createBusinessClock({ ...EXAMPLE_CALENDAR, holidays: 'none', closures: [] });
    expect(plain.isCounting(new Date('2026-05-06T10:00:00+09:00'))).toBe(true);
    expect(plain.add(new Date('2026-04-28T15:00:00+09:00'), 9 * HOUR).toISOString()).toBe(
      at('2026-04-29T15:00:00+09:00'),
    );
  });

  it('honours a non-default workweek', () => {
    const sixDays = createBusinessClock({
      ...EXAMPLE_CALENDAR,
      workdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
    });
    expect(sixDays.add(new Date('2026-11-13T17:00:00+09:00'), 9 * HOUR).toISOString()).toBe(
      at('2026-11-14T17:00:00+09:00'),
    );
  });

  it('starts a zero-length clock at the next opening when begun outside business hours', () => {
    expect(clock.add(new Date('2026-11-14T10:00:00+09:00'), 0).toISOString()).toBe(
      at('2026-11-16T09:00:00+09:00'),
    );
    expect(clock.add(new Date('2026-11-13T18:00:00+09:00'), 0).toISOString()).toBe(
      at('2026-11-16T09:00:00+09:00'),
    );
    expect(clock.add(new Date('2026-11-13T12:34:00+09:00'), 0).toISOString()).toBe(
      at('2026-11-13T12:34:00+09:00'),
    );
  });

  it('subtracts back to the opening time rather than the previous closing', () => {
    expect(clock.subtract(new Date('2026-11-16T11:00:00+09:00'), 2 * HOUR).toISOString()).toBe(
      at('2026-11-16T09:00:00+09:00'),
    );
    expect(clock.subtract(new Date('2026-11-16T17:00:00+09:00'), 9 * HOUR).toISOString()).toBe(
      at('2026-11-13T17:00:00+09:00'),
    );
  });

  it('subtracts from outside business hours starting at the previous closing', () => {
    expect(clock.subtract(new Date('2026-11-15T10:00:00+09:00'), 2 * HOUR).toISOString()).toBe(
      at('2026-11-13T16:00:00+09:00'),
    );
    expect(clock.subtract(new Date('2026-11-16T08:00:00+09:00'), 0).toISOString()).toBe(
      at('2026-11-13T18:00:00+09:00'),
    );
    expect(clock.subtract(new Date('2026-11-16T09:00:00+09:00'), 0).toISOString()).toBe(
      at('2026-11-16T09:00:00+09:00'),
    );
  });

  it('places the warning 2 business hours before a Monday-morning deadline on Friday afternoon', () => {
    expect(clock.subtract(new Date('2026-11-16T10:00:00+09:00'), 2 * HOUR).toISOString()).toBe(
      at('2026-11-13T17:00:00+09:00'),
    );
  });

  it('adds a negative amount by subtracting', () => {
    expect(clock.add(new Date('2026-11-16T10:00:00+09:00'), -2 * HOUR).toISOString()).toBe(
      at('2026-11-13T17:00:00+09:00'),
    );
    expect(clock.subtract(new Date('2026-11-13T17:00:00+09:00'), -2 * HOUR).toISOString()).toBe(
      at('2026-11-16T10:00:00+09:00'),
    );
  });

  it('measures elapsed business time across a weekend and a holiday', () => {
    const from = new Date('2026-11-20T17:00:00+09:00');
    expect(clock.elapsed(from, new Date('2026-11-24T10:00:00+09:00'))).toBe(2 * HOUR);
    expect(clock.elapsed(from, new Date('2026-11-21T23:00:00+09:00'))).toBe(HOUR);
    expect(clock.elapsed(new Date('2026-11-24T10:00:00+09:00'), from)).toBe(0);
    expect(clock.elapsed(from, from)).toBe(0);
  });

  it('counts only inside the opening hours of a business day', () => {
    expect(clock.isCounting(new Date('2026-11-16T09:00:00+09:00'))).toBe(true);
    expect(clock.isCounting(new Date('2026-11-16T17:59:59+09:00'))).toBe(true);
    expect(clock.isCounting(new Date('2026-11-16T18:00:00+09:00'))).toBe(false);
    expect(clock.isCounting(new Date('2026-11-16T08:59:59+09:00'))).toBe(false);
    expect(clock.isCounting(new Date('2026-11-14T12:00:00+09:00'))).toBe(false);
  });

  it('reads the local date in the calendar’s zone, not UTC (Monday 08:00 JST is Sunday in UTC)', () => {
    expect(clock.isCounting(new Date('2026-11-16T00:30:00Z'))).toBe(true); // Monday 09:30 JST
    expect(clock.isCounting(new Date('2026-11-15T23:30:00Z'))).toBe(false); // Monday 08:30 JST
  });

  it('shares one clock between equal calendars and not between different ones', () => {
    expect(createBusinessClock({ ...EXAMPLE_CALENDAR, closures: [...EXAMPLE_CALENDAR.closures] })).toBe(
      clock,
    );
    expect(createBusinessClock({ ...EXAMPLE_CALENDAR, closures: [] })).not.toBe(clock);
    expect(
      createBusinessClock({ ...EXAMPLE_CALENDAR, closures: [] }).isCounting(
        new Date('2026-12-29T10:00:00+09:00'),
      ),
    ).toBe(true);
  });

  it('rejects a calendar that cannot run', () => {
    expect(() =>
      createBusinessClock({ ...EXAMPLE_CALENDAR, hours: { start: '18:00', end: '09:00' } }),
    ).toThrow(/not after start/);
    expect(() =>
      createBusinessClock({ ...EXAMPLE_CALENDAR, hours: { start: '9:00', end: '18:00' } }),
    ).toThrow(/not HH:MM/);
    expect(() => createBusinessClock({ ...EXAMPLE_CALENDAR, workdays: [] })).toThrow(/no workdays/);
    expect(() => createBusinessClock({ ...EXAMPLE_CALENDAR, timezone: 'Mars/Olympus' })).toThrow(RangeError);
    expect(() => clock.add(new Date(Number.NaN), HOUR)).toThrow(/valid instant/);
  });

  it('runs until midnight when the hours end at 24:00', () => {
    const lateShift = createBusinessClock({ ...EXAMPLE_CALENDAR, hours: { start: '16:00', end: '24:00' } });
    expect(lateShift.dayMs).toBe(8 * HOUR);
    expect(lateShift.add(new Date('2026-11-13T23:00:00+09:00'), HOUR).toISOString()).toBe(
      at('2026-11-14T00:00:00+09:00'),
    );
    expect(lateShift.add(new Date('2026-11-13T23:00:00+09:00'), 2 * HOUR).toISOString()).toBe(
      at('2026-11-16T17:00:00+09:00'),
    );
  });
});

describe('business clock in a DST zone (America/New_York)', () => {
  const newYork = createBusinessClock({
    timezone: 'America/New_York',
    workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    hours: { start: '09:00', end: '17:00' },
    holidays: 'none',
    closures: [],
  });

  it('opens at 09:00 local on both sides of the spring-forward weekend', () => {
    // 2026-03-08 (Sunday) clocks go from EST (-05:00) to EDT (-04:00).
    expect(newYork.add(new Date('2026-03-06T16:00:00-05:00'), 2 * HOUR).toISOString()).toBe(
      at('2026-03-09T10:00:00-04:00'),
    );
    expect(
      newYork.elapsed(new Date('2026-03-06T16:00:00-05:00'), new Date('2026-03-09T10:00:00-04:00')),
    ).toBe(2 * HOUR);
  });

  it('opens at 09:00 local on both sides of the fall-back weekend', () => {
    // 2026-11-01 (Sunday) clocks go from EDT back to EST.
    expect(newYork.add(new Date('2026-10-30T16:00:00-04:00'), 8 * HOUR).toISOString()).toBe(
      at('2026-11-02T16:00:00-05:00'),
    );
    expect(newYork.isCounting(new Date('2026-11-02T13:30:00Z'))).toBe(false); // 08:30 EST
    expect(newYork.isCounting(new Date('2026-11-02T14:30:00Z'))).toBe(true); // 09:30 EST
  });

  it('counts the real hours of a day whose opening hours contain the DST change', () => {
    const overnight = createBusinessClock({
      timezone: 'America/New_York',
      workdays: ['sun'],
      hours: { start: '00:00', end: '06:00' },
      holidays: 'none',
      closures: [],
    });
    // 02:00–03:00 does not exist on 2026-03-08, so that Sunday's 00:00–06:00 lasts five hours.
    const sunday = new Date('2026-03-08T00:00:00-05:00');
    expect(overnight.elapsed(sunday, new Date('2026-03-08T06:00:00-04:00'))).toBe(5 * HOUR);
    expect(overnight.add(sunday, 5 * HOUR).toISOString()).toBe(at('2026-03-08T06:00:00-04:00'));
    expect(overnight.isCounting(new Date('2026-03-08T06:30:00-04:00'))).toBe(false);
    // 01:00–02:00 happens twice on 2026-11-01, so that Sunday's 00:00–06:00 lasts seven hours.
    const fallBack = new Date('2026-11-01T00:00:00-04:00');
    expect(overnight.elapsed(fallBack, new Date('2026-11-01T12:00:00-05:00'))).toBe(7 * HOUR);
    expect(overnight.add(fallBack, 7 * HOUR).toISOString()).toBe(at('2026-11-01T06:00:00-05:00'));
  });
});

describe('business clock in a zone east of UTC with DST (Australia/Sydney)', () => {
  const sydney = createBusinessClock({
    timezone: 'Australia/Sydney',
    workdays: ['sun'],
    hours: { start: '00:00', end: '06:00' },
    holidays: 'none',
    closures: [],
  });

  it('counts five hours on the spring-forward Sunday and seven on the fall-back Sunday', () => {
    // 2026-10-04 02:00 AEST jumps to 03:00 AEDT; 2026-04-05 03:00 AEDT falls back to 02:00 AEST.
    const spring = new Date('2026-10-04T00:00:00+10:00');
    expect(sydney.isCounting(spring)).toBe(true);
    expect(sydney.isCounting(new Date(spring.getTime() - 1))).toBe(false);
    expect(sydney.elapsed(new Date('2026-10-03T12:00:00+10:00'), new Date('2026-10-04T12:00:00+11:00'))).toBe(
      5 * HOUR,
    );
    const autumn = new Date('2026-04-05T00:00:00+11:00');
    expect(sydney.add(autumn, 7 * HOUR).toISOString()).toBe(at('2026-04-05T06:00:00+10:00'));
  });
});

describe('calendar clock', () => {
  const wall = createCalendarClock();

  it('counts every millisecond and a day of 24 h', () => {
    expect(wall.kind).toBe('calendar');
    expect(durationOn(wall, duration('1d'))).toBe(24 * HOUR);
    expect(wall.add(new Date('2026-11-13T17:00:00+09:00'), 24 * HOUR).toISOString()).toBe(
      at('2026-11-14T17:00:00+09:00'),
    );
    expect(wall.subtract(new Date('2026-11-14T17:00:00+09:00'), 2 * HOUR).toISOString()).toBe(
      at('2026-11-14T15:00:00+09:00'),
    );
    expect(wall.elapsed(new Date('2026-11-14T15:00:00Z'), new Date('2026-11-14T17:00:00Z'))).toBe(2 * HOUR);
    expect(wall.elapsed(new Date('2026-11-14T17:00:00Z'), new Date('2026-11-14T15:00:00Z'))).toBe(0);
    expect(wall.isCounting(new Date('2026-11-14T03:00:00+09:00'))).toBe(true);
  });

  it('is what createSlaClock builds for each kind', () => {
    expect(createSlaClock('calendar', EXAMPLE_CALENDAR).dayMs).toBe(24 * HOUR);
    expect(createSlaClock('business', EXAMPLE_CALENDAR).dayMs).toBe(9 * HOUR);
    expect(createSlaClock('business', EXAMPLE_CALENDAR).kind).toBe('business');
  });
});
