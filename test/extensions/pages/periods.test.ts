import { describe, expect, it } from 'vitest';
import {
  kpiPeriod,
  kpiPeriodChoices,
  localToday,
  parseIsoDate,
  presetWindow,
} from '../../../extensions/app/pages/periods.ts';

describe('localToday', () => {
  it("reads today's date in the portal's time zone, not in UTC", () => {
    const instant = new Date('2026-08-31T15:30:00.000Z');

    expect(localToday(instant, 'Asia/Tokyo')).toEqual({ year: 2026, month: 9, day: 1 });
    expect(localToday(instant, 'America/New_York')).toEqual({ year: 2026, month: 8, day: 31 });
  });

  it('falls back to UTC for a zone Intl does not know', () => {
    expect(localToday(new Date('2026-08-31T15:30:00.000Z'), 'Mars/Olympus')).toEqual({
      year: 2026,
      month: 8,
      day: 31,
    });
  });
});

describe('presetWindow', () => {
  const today = { year: 2026, month: 11, day: 15 };

  it('covers whole quarters', () => {
    expect(presetWindow('thisQuarter', today)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(presetWindow('lastQuarter', today)).toEqual({ from: '2026-07-01', to: '2026-09-30' });
  });

  it('goes back across the new year', () => {
    const january = { year: 2027, month: 1, day: 3 };
    expect(presetWindow('lastQuarter', january)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(presetWindow('last12Months', january)).toEqual({ from: '2026-02-01', to: '2027-01-31' });
  });

  it('takes the 12 calendar months that end with this one, February of a leap year included', () => {
    expect(presetWindow('last12Months', { year: 2028, month: 2, day: 10 })).toEqual({
      from: '2027-03-01',
      to: '2028-02-29',
    });
  });
});

describe('KPI periods', () => {
  const today = { year: 2026, month: 11, day: 15 };

  it('names the period holding today in each kind the definitions allow', () => {
    expect(kpiPeriod('month', today)).toBe('2026-11');
    expect(kpiPeriod('quarter', today)).toBe('2026-Q4');
    expect(kpiPeriod('year', today)).toBe('2026');
  });

  it('offers the next period, this one and the past ones, newest first', () => {
    expect(kpiPeriodChoices('quarter', today)).toEqual([
      '2027-Q1',
      '2026-Q4',
      '2026-Q3',
      '2026-Q2',
      '2026-Q1',
      '2025-Q4',
      '2025-Q3',
      '2025-Q2',
      '2025-Q1',
    ]);
    expect(kpiPeriodChoices('month', today).slice(0, 3)).toEqual(['2026-12', '2026-11', '2026-10']);
    expect(kpiPeriodChoices('month', today)).toHaveLength(13);
    expect(kpiPeriodChoices('year', today)).toEqual(['2027', '2026', '2025', '2024', '2023']);
  });
});

describe('parseIsoDate', () => {
  it('accepts real calendar dates only', () => {
    expect(parseIsoDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseIsoDate('2026-02-29')).toBeNull();
    expect(parseIsoDate('2026-13-01')).toBeNull();
    expect(parseIsoDate('2026-1-01')).toBeNull();
  });
});
