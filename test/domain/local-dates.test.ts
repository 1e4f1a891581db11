import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateWindow,
  inWindow,
  isLocalDate,
  localDateOf,
  monthBuckets,
  monthKeyOf,
  parseReportPeriod,
  startOfLocalDate,
} from '../../src/domain/local-dates.ts';

const TOKYO = 'Asia/Tokyo';

describe('local dates', () => {
  it('accepts real calendar dates only', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('2026-9-1')).toBe(false);
    expect(isLocalDate('2026-09-01T00:00')).toBe(false);
  });

  it('reads 2026-08-31T15:30Z as 1 September in Tokyo', () => {
    const created = new Date('2026-08-31T15:30:00.000Z');
    expect(localDateOf(created, TOKYO)).toBe('2026-09-01');
    expect(monthKeyOf(created, TOKYO)).toBe('2026-09');
    expect(monthKeyOf(created, 'UTC')).toBe('2026-08');
    expect(inWindow(created, dateWindow('2026-09-01', '2026-09-30', TOKYO))).toBe(true);
    expect(inWindow(created, dateWindow('2026-08-01', '2026-08-31', TOKYO))).toBe(false);
  });

  it('makes a window of inclusive local dates: [first midnight, midnight after the last)', () => {
    const window = dateWindow('2026-07-01', '2026-09-30', TOKYO);
    expect(window.start.toISOString()).toBe('2026-06-30T15:00:00.000Z');
    expect(window.end.toISOString()).toBe('2026-09-30T15:00:00.000Z');
    expect(inWindow(new Date('2026-09-30T14:59:59.999Z'), window)).toBe(true);
    expect(inWindow(new Date('2026-09-30T15:00:00.000Z'), window)).toBe(false);
    expect(inWindow(null, window)).toBe(false);
  });

  it('starts a day at its first existing instant across DST changes', () => {
    // New York falls back on 2026-11-01 at 02:00 (midnight is still EDT, UTC-4).
    expect(startOfLocalDate('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(startOfLocalDate('2026-11-02', 'America/New_York').toISOString()).toBe('2026-11-02T05:00:00.000Z');
    // Santiago springs forward at midnight on 2026-09-06: the day starts at 01:00 (UTC-3).
    const santiago = startOfLocalDate('2026-09-06', 'America/Santiago');
    expect(santiago.toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(localDateOf(santiago, 'America/Santiago')).toBe('2026-09-06');
    expect(localDateOf(new Date(santiago.getTime() - 1), 'America/Santiago')).toBe('2026-09-05');
  });

  it('buckets a window by month, the first bucket starting at the window', () => {
    const buckets = monthBuckets(dateWindow('2026-11-15', '2027-01-10', TOKYO), TOKYO);
    expect(buckets.keys).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(buckets.starts.map((d) => d.toISOString())).toEqual([
      '2026-11-14T15:00:00.000Z',
      '2026-11-30T15:00:00.000Z',
      '2026-12-31T15:00:00.000Z',
    ]);
  });

  it('reads a KPI period as its first and last dates', () => {
    expect(parseReportPeriod('2026-Q4')).toEqual({
      kind: 'quarter',
      label: '2026-Q4',
      from: '2026-10-01',
      to: '2026-12-31',
    });
    expect(parseReportPeriod('2028-02')).toEqual({
      kind: 'month',
      label: '2028-02',
      from: '2028-02-01',
      to: '2028-02-29',
    });
    expect(parseReportPeriod('2026')).toEqual({
      kind: 'year',
      label: '2026',
      from: '2026-01-01',
      to: '2026-12-31',
    });
    expect(parseReportPeriod('2026-Q1')?.to).toBe('2026-03-31');
    for (const bad of ['2026-Q5', '2026-13', '26', '2026-q4', '2026-1', ''])
      expect(parseReportPeriod(bad)).toBeNull();
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
