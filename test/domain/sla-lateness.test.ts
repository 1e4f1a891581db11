import { describe, expect, it } from 'vitest';
import { createBusinessClock } from '../../src/domain/business-clock.ts';
import type { CalendarSpec } from '../../src/domain/calendar-spec.ts';
import { createCalendarClock } from '../../src/domain/sla-clock.ts';
import { bucketIndex, isLate, lateBy, lateMs } from '../../src/domain/sla-lateness.ts';
import type { LateDeadline } from '../../src/domain/sla-lateness.ts';

// Tokyo, Mon–Fri 09:00–18:00, Japanese holidays: Mon 2026-11-23 (Labor Thanksgiving Day) is one.
const CALENDAR: CalendarSpec = {
  timezone: 'Asia/Tokyo',
  workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  hours: { start: '09:00', end: '18:00' },
  holidays: 'japan',
  closures: ['2026-12-29', '2026-12-30', '2026-12-31'],
};
const business = createBusinessClock(CALENDAR);
const wall = createCalendarClock();
const HOUR = 3_600_000;

/** A local Tokyo time `2026-11-20 17:00` as an instant. */
const jst = (local: string) => new Date(`${local.replace(' ', 'T')}:00+09:00`);

function late(
  kind: LateDeadline['kind'],
  dueAt: string,
  until: string,
  clock = business,
  count = 1,
): LateDeadline {
  return { kind, clock, dueAt: jst(dueAt), until: jst(until), count };
}

describe('SLA lateness', () => {
  it('counts only opening hours across a weekend and a holiday Monday', () => {
    // Fri 17:00 → 18:00 is 1 h; Sat, Sun and Mon 23 Nov (holiday) count nothing; Tue 09:00 → 10:00 is 1 h.
    expect(lateMs(late('verdict', '2026-11-20 17:00', '2026-11-24 10:00'))).toBe(2 * HOUR);
    // On the wall clock the same span is 89 h: past the last bound, so counted as 72 h and 1 ms.
    expect(lateMs(late('verdict', '2026-11-20 17:00', '2026-11-24 10:00', wall))).toBe(72 * HOUR + 1);
  });

  it('reads a deadline met after closing, before the next opening, as zero hours late', () => {
    expect(lateMs(late('handoff', '2026-11-20 18:00', '2026-11-21 11:00'))).toBe(0);
    expect(lateMs(late('handoff', '2026-11-20 18:00', '2026-11-24 09:00'))).toBe(0);
  });

  it('stops counting just past the last bound, however long ago the deadline passed', () => {
    // Due 1 July, still open on 20 November: more than 72 h, measured as 72 h and a millisecond.
    expect(lateMs(late('handoff', '2026-07-01 10:00', '2026-11-20 10:00'))).toBe(72 * HOUR + 1);
    // Under the cap the exact business time: Thu 10:00 → Fri 10:00 is 8 + 1 = 9 h.
    expect(lateMs(late('handoff', '2026-11-19 10:00', '2026-11-20 10:00'))).toBe(9 * HOUR);
  });

  it('puts a lateness in the first bucket it does not exceed, the bounds inclusive', () => {
    expect(bucketIndex(0)).toBe(0);
    expect(bucketIndex(HOUR)).toBe(0);
    expect(bucketIndex(HOUR + 1)).toBe(1);
    expect(bucketIndex(8 * HOUR)).toBe(2);
    expect(bucketIndex(72 * HOUR)).toBe(4);
    expect(bucketIndex(72 * HOUR + 1)).toBe(5);
  });

  it('buckets each kind on its own, every bucket listed, counts added', () => {
    const result = lateBy([
      // 2 h over the holiday weekend: up to 4 h.
      late('verdict', '2026-11-20 17:00', '2026-11-24 10:00'),
      // Exactly 1 h (Fri 17:00 → 18:00, then closed): up to 1 h.
      late('verdict', '2026-11-20 17:00', '2026-11-22 12:00'),
      // 9 h: over 8, up to 24. Two deadlines with these times.
      late('handoff', '2026-11-19 10:00', '2026-11-20 10:00', business, 2),
      // Mon 28 Dec 17:00 → Mon 4 Jan 10:00: the closures (29–31 Dec), New Year's Day and the
      // weekend count nothing: 1 h + 1 h, up to 4 h.
      late('handoff', '2026-12-28 17:00', '2027-01-04 10:00'),
      // Wall clock: 30 h, over 24 up to 72.
      late('handoff', '2026-11-20 10:00', '2026-11-21 16:00', wall),
      // Since July: more than 72 h.
      late('handoff', '2026-07-01 10:00', '2026-11-20 10:00'),
    ]);
    expect(result).toEqual({
      handoff: [
        { upToHours: 1, count: 0 },
        { upToHours: 4, count: 1 },
        { upToHours: 8, count: 0 },
        { upToHours: 24, count: 2 },
        { upToHours: 72, count: 1 },
        { upToHours: null, count: 1 },
      ],
      verdict: [
        { upToHours: 1, count: 1 },
        { upToHours: 4, count: 1 },
        { upToHours: 8, count: 0 },
        { upToHours: 24, count: 0 },
        { upToHours: 72, count: 0 },
        { upToHours: null, count: 0 },
      ],
    });
  });

  it('lists every bucket at zero when nothing was late', () => {
    expect(lateBy([]).handoff.map((b) => b.upToHours)).toEqual([1, 4, 8, 24, 72, null]);
    expect(lateBy([]).verdict.every((b) => b.count === 0)).toBe(true);
  });

  it('calls late what was met after the due time or is unmet past it, as the SLA outcomes do', () => {
    const dueAt = jst('2026-11-20 10:00');
    const now = jst('2026-11-20 12:00');
    expect(isLate({ dueAt, metAt: dueAt }, now)).toBe(false);
    expect(isLate({ dueAt, metAt: new Date(dueAt.getTime() + 1) }, now)).toBe(true);
    expect(isLate({ dueAt, metAt: null }, now)).toBe(true);
    expect(isLate({ dueAt, metAt: null }, dueAt)).toBe(true);
    expect(isLate({ dueAt, metAt: null }, new Date(dueAt.getTime() - 1))).toBe(false);
  });
});
