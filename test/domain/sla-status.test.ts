import { describe, expect, it } from 'vitest';
import { createBusinessClock } from '../../src/domain/business-clock.ts';
import type { CalendarSpec } from '../../src/domain/calendar-spec.ts';
import { parseDuration } from '../../src/domain/duration.ts';
import type { Duration } from '../../src/domain/duration.ts';
import { createCalendarClock } from '../../src/domain/sla-clock.ts';
import { computeDeadlines, slaStatus } from '../../src/domain/sla-status.ts';
import type { SlaStatus, SlaStatusInput } from '../../src/domain/sla-status.ts';

const EXAMPLE_CALENDAR: CalendarSpec = {
  timezone: 'Asia/Tokyo',
  workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  hours: { start: '09:00', end: '18:00' },
  holidays: 'japan',
  closures: ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-02', '2027-01-03'],
};

function duration(text: string): Duration {
  const parsed = parseDuration(text);
  if (!parsed) throw new Error(`bad duration ${text}`);
  return parsed;
}

const d = (text: string): Date => new Date(text);
const STARTED = d('2026-11-16T10:00:00+09:00');
const WARN = d('2026-11-17T08:00:00+09:00');
const DUE = d('2026-11-17T10:00:00+09:00');

describe('slaStatus', () => {
  const cases: [string, Partial<SlaStatusInput> & { now: Date }, SlaStatus][] = [
    ['not started without a start', { startedAt: null, now: d('2026-11-20T10:00:00+09:00') }, 'not_started'],
    ['not started without a due time', { dueAt: null, now: d('2026-11-20T10:00:00+09:00') }, 'not_started'],
    [
      'not started even if met, when there is no start',
      { startedAt: null, metAt: STARTED, now: STARTED },
      'not_started',
    ],
    ['on track before the warning', { now: d('2026-11-17T07:59:59+09:00') }, 'on_track'],
    ['on track with no warning time', { warnAt: null, now: d('2026-11-17T09:59:59+09:00') }, 'on_track'],
    ['due soon from the warning on', { now: WARN }, 'due_soon'],
    ['due soon just before the due time', { now: d('2026-11-17T09:59:59.999+09:00') }, 'due_soon'],
    ['breached from the due time on', { now: DUE }, 'breached'],
    ['breached long after the due time', { now: d('2026-12-01T10:00:00+09:00') }, 'breached'],
    ['met when met before the due time', { metAt: d('2026-11-16T15:00:00+09:00'), now: DUE }, 'met'],
    ['met when met exactly at the due time', { metAt: DUE, now: d('2026-12-01T10:00:00+09:00') }, 'met'],
    ['met while the warning is on', { metAt: WARN, now: d('2026-11-17T09:00:00+09:00') }, 'met'],
    [
      'breached when met after the due time',
      { metAt: d('2026-11-17T10:00:00.001+09:00'), now: DUE },
      'breached',
    ],
  ];

  it.each(cases)('is %s', (_name, overrides, expected) => {
    expect(slaStatus({ startedAt: STARTED, dueAt: DUE, warnAt: WARN, metAt: null, ...overrides })).toBe(
      expected,
    );
  });
});

describe('computeDeadlines', () => {
  const business = createBusinessClock(EXAMPLE_CALENDAR);

  it('counts due, warning and escalation on the business clock', () => {
    const deadlines = computeDeadlines(
      business,
      d('2026-11-13T17:00:00+09:00'),
      duration('1d'),
      duration('2h'),
      duration('1d'),
    );
    expect(deadlines.dueAt.toISOString()).toBe(d('2026-11-16T17:00:00+09:00').toISOString());
    expect(deadlines.warnAt.toISOString()).toBe(d('2026-11-16T15:00:00+09:00').toISOString());
    expect(deadlines.escalateAt.toISOString()).toBe(d('2026-11-17T17:00:00+09:00').toISOString());
  });

  it('warns on the previous business afternoon when the deadline is early in the morning', () => {
    const deadlines = computeDeadlines(
      business,
      d('2026-11-12T10:00:00+09:00'),
      duration('1d'),
      duration('2h'),
      duration('1d'),
    );
    expect(deadlines.dueAt.toISOString()).toBe(d('2026-11-13T10:00:00+09:00').toISOString());
    expect(deadlines.warnAt.toISOString()).toBe(d('2026-11-12T17:00:00+09:00').toISOString());
  });

  it('escalates from a closing-time deadline into the next business day', () => {
    const deadlines = computeDeadlines(
      business,
      d('2026-11-14T10:00:00+09:00'),
      duration('1d'),
      duration('2h'),
      duration('2h'),
    );
    expect(deadlines.dueAt.toISOString()).toBe(d('2026-11-16T18:00:00+09:00').toISOString());
    expect(deadlines.escalateAt.toISOString()).toBe(d('2026-11-17T11:00:00+09:00').toISOString());
  });

  it('warns from the clock’s start when the warning window is longer than the SLA', () => {
    const deadlines = computeDeadlines(
      business,
      d('2026-11-14T10:00:00+09:00'),
      duration('1h'),
      duration('2h'),
      duration('1d'),
    );
    expect(deadlines.dueAt.toISOString()).toBe(d('2026-11-16T10:00:00+09:00').toISOString());
    expect(deadlines.warnAt.toISOString()).toBe(d('2026-11-16T09:00:00+09:00').toISOString());
  });

  it('counts wall time on the calendar clock', () => {
    const deadlines = computeDeadlines(
      createCalendarClock(),
      d('2026-11-13T17:00:00+09:00'),
      duration('1d'),
      duration('2h'),
      duration('30m'),
    );
    expect(deadlines.dueAt.toISOString()).toBe(d('2026-11-14T17:00:00+09:00').toISOString());
    expect(deadlines.warnAt.toISOString()).toBe(d('2026-11-14T15:00:00+09:00').toISOString());
    expect(deadlines.escalateAt.toISOString()).toBe(d('2026-11-14T17:30:00+09:00').toISOString());
  });

  it('reads its deadlines back through slaStatus', () => {
    const { dueAt, warnAt } = computeDeadlines(
      business,
      d('2026-11-13T17:00:00+09:00'),
      duration('1d'),
      duration('2h'),
      duration('1d'),
    );
    const at = (now: string): SlaStatus =>
      slaStatus({ startedAt: d('2026-11-13T17:00:00+09:00'), dueAt, warnAt, metAt: null, now: d(now) });
    expect(at('2026-11-14T12:00:00+09:00')).toBe('on_track'); // Saturday: the clock is not running
    expect(at('2026-11-16T15:00:00+09:00')).toBe('due_soon');
    expect(at('2026-11-16T17:00:00+09:00')).toBe('breached');
  });
});
