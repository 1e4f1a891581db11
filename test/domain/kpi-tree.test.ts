import { describe, expect, it } from 'vitest';
import type { StageCounts } from '../../src/domain/funnel.ts';
import {
  backCalculate,
  buildKpiTree,
  ceilDivide,
  decimalRatio,
  resolveRates,
  revenueActual,
  trailingWindow,
} from '../../src/domain/kpi-tree.ts';
import type { KpiDef } from '../../src/domain/kpi-tree.ts';
import { parseReportPeriod } from '../../src/domain/local-dates.ts';

// The contract's example.
const KPI: KpiDef = {
  period: 'quarter',
  revenueTarget: 120_000_000,
  currency: 'JPY',
  averageDealSize: 3_000_000,
  rates: { leadToMql: 0.25, mqlToSql: 0.4, sqlToOpportunity: 0.5, opportunityToWon: 0.3 },
  trailingDays: 180,
};
const counts = (lead: number, mql: number, sql: number, opportunity: number, won: number): StageCounts => ({
  lead,
  mql,
  sql,
  opportunity,
  won,
});
const Q4 = parseReportPeriod('2026-Q4');
if (!Q4) throw new Error('period');
const NO_AMOUNTS = { wonContacts: 12, contactsWithAmount: 0, amountSum: 0 };

describe('KPI tree', () => {
  it('back-calculates the contract example, rounding up at each step', () => {
    // won ⌈120,000,000 / 3,000,000⌉ = 40; opportunity ⌈40 / 0.3⌉ = 134; sql ⌈134 / 0.5⌉ = 268;
    // mql ⌈268 / 0.4⌉ = 670; lead ⌈670 / 0.25⌉ = 2680.
    expect(backCalculate(KPI, resolveRates(KPI, null))).toEqual(counts(2680, 670, 268, 134, 40));
  });

  it('divides exactly: 21 won at 0.7 needs 30 opportunities, not the 31 floating point would ask for', () => {
    expect(21 / 0.7).toBeGreaterThan(30);
    expect(ceilDivide({ num: 21n, den: 1n }, decimalRatio(0.7))).toBe(30);
    const kpi: KpiDef = { ...KPI, revenueTarget: 63_000_000, rates: { ...KPI.rates, opportunityToWon: 0.7 } };
    expect(backCalculate(kpi, resolveRates(kpi, null)).opportunity).toBe(30);
    expect(decimalRatio(1e-7)).toEqual({ num: 1n, den: 10_000_000n });
    expect(decimalRatio(2.5e21)).toEqual({ num: 2_500_000_000_000_000_000_000n, den: 1n });
  });

  it('reads the whole tree: KGI on top, nodes from won down to lead with the rate into the next stage', () => {
    const tree = buildKpiTree({
      kpi: KPI,
      period: Q4,
      actual: counts(900, 200, 60, 30, 12),
      trailing: null,
      revenue: NO_AMOUNTS,
    });
    expect(tree).toEqual({
      period: '2026-Q4',
      from: '2026-10-01',
      to: '2026-12-31',
      kgi: {
        revenueTarget: 120_000_000,
        currency: 'JPY',
        revenueActual: 36_000_000,
        revenueSource: 'estimate',
      },
      nodes: [
        { stage: 'won', required: 40, actual: 12, rate: null, rateSource: null },
        { stage: 'opportunity', required: 134, actual: 30, rate: 0.3, rateSource: 'fixed' },
        { stage: 'sql', required: 268, actual: 60, rate: 0.5, rateSource: 'fixed' },
        { stage: 'mql', required: 670, actual: 200, rate: 0.4, rateSource: 'fixed' },
        { stage: 'lead', required: 2680, actual: 900, rate: 0.25, rateSource: 'fixed' },
      ],
    });
  });

  it('takes trailing rates from the cohort conversion of the trailing window', () => {
    const kpi: KpiDef = { ...KPI, rates: { ...KPI.rates, mqlToSql: 'trailing', leadToMql: 'trailing' } };
    // Trailing cohort: 400 leads, 100 MQLs (0.25), 30 SQLs (0.3).
    const trailing = { from: '2026-05-25', to: '2026-11-20', counts: counts(400, 100, 30, 12, 3) };
    const tree = buildKpiTree({
      kpi,
      period: Q4,
      actual: counts(0, 0, 0, 0, 0),
      trailing,
      revenue: NO_AMOUNTS,
    });
    expect(tree.nodes.map((n) => [n.stage, n.required, n.rate, n.rateSource])).toEqual([
      ['won', 40, null, null],
      ['opportunity', 134, 0.3, 'fixed'],
      ['sql', 268, 0.5, 'fixed'],
      // ⌈268 × 100 / 30⌉ = ⌈893.33⌉
      ['mql', 894, 0.3, 'trailing'],
      // ⌈894 × 400 / 100⌉
      ['lead', 3576, 0.25, 'trailing'],
    ]);
    expect(tree.trailing).toEqual({ from: '2026-05-25', to: '2026-11-20', days: 180 });
  });

  it('cannot back-calculate below a trailing rate with nobody to convert, or that converted nobody', () => {
    const kpi: KpiDef = { ...KPI, rates: { ...KPI.rates, sqlToOpportunity: 'trailing' } };
    const none = backCalculate(kpi, resolveRates(kpi, counts(50, 10, 0, 0, 0)));
    expect(none).toEqual({ won: 40, opportunity: 134, sql: null, mql: null, lead: null });
    const zero = resolveRates(kpi, counts(50, 10, 5, 0, 0));
    expect(zero.sqlToOpportunity.value).toEqual({ num: 0n, den: 5n });
    expect(backCalculate(kpi, zero).sql).toBeNull();
  });

  it('states revenue from the amounts when every won contact has one, else estimates it', () => {
    expect(revenueActual(KPI, 3, { wonContacts: 3, contactsWithAmount: 3, amountSum: 10_500_000 })).toEqual({
      value: 10_500_000,
      source: 'amounts',
    });
    expect(revenueActual(KPI, 3, { wonContacts: 3, contactsWithAmount: 2, amountSum: 7_000_000 })).toEqual({
      value: 9_000_000,
      source: 'estimate',
    });
    expect(revenueActual(KPI, 0, { wonContacts: 0, contactsWithAmount: 0, amountSum: 0 })).toEqual({
      value: 0,
      source: 'estimate',
    });
    expect(revenueActual({ ...KPI, averageDealSize: 0.1 }, 3, NO_AMOUNTS).value).toBe(0.3);
  });

  it('ends the trailing window today in the timezone', () => {
    // 2026-11-20T15:30Z is already the 21st in Tokyo.
    expect(trailingWindow(new Date('2026-11-20T15:30:00Z'), 180, 'Asia/Tokyo')).toEqual({
      from: '2026-05-26',
      to: '2026-11-21',
    });
  });
});
