import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  parseSalesforceDate,
  parseSalesforceDateTime,
  toSalesforceDateTime,
  toSoqlDateTime,
} from '../../../src/connectors/salesforce/salesforce-datetime.ts';

describe('Salesforce dates', () => {
  it("reads Salesforce's own datetime format, which zod's ISO check refuses", () => {
    expect(z.iso.datetime({ offset: true }).safeParse('2026-11-20T01:02:03.000+0000').success).toBe(false);
    expect(parseSalesforceDateTime('2026-11-20T01:02:03.000+0000')?.toISOString()).toBe(
      '2026-11-20T01:02:03.000Z',
    );
    expect(parseSalesforceDateTime('2026-11-20T10:02:03.5+09:00')?.toISOString()).toBe(
      '2026-11-20T01:02:03.500Z',
    );
    expect(parseSalesforceDateTime('2026-11-20T01:02:03Z')?.toISOString()).toBe('2026-11-20T01:02:03.000Z');
    expect(parseSalesforceDateTime('2026-11-19T20:02:03.000-0500')?.toISOString()).toBe(
      '2026-11-20T01:02:03.000Z',
    );
  });

  it('refuses what is not a datetime', () => {
    for (const text of [
      '2026-02-30T00:00:00.000+0000',
      '2026-11-20T25:00:00Z',
      '2026-11-20',
      'yesterday',
      '',
      null,
      42,
    ]) {
      expect(parseSalesforceDateTime(text)).toBeNull();
    }
    expect(parseSalesforceDate('2026-11-20')).toBe('2026-11-20');
    expect(parseSalesforceDate('2026-02-29')).toBeNull();
    expect(parseSalesforceDate('2026-11-20T00:00:00Z')).toBeNull();
  });

  it('writes datetimes as Salesforce returns them and SOQL literals to the second', () => {
    expect(toSalesforceDateTime('2026-11-20T01:02:03.456Z')).toBe('2026-11-20T01:02:03.456+0000');
    expect(toSoqlDateTime(new Date('2026-11-20T01:02:03.456Z'))).toBe('2026-11-20T01:02:03Z');
  });
});
