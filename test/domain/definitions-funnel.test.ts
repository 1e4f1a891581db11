import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Definitions, DefinitionsIssue } from '../../src/domain/definitions.ts';
import { formatIssues, parseDefinitions } from '../../src/domain/definitions.ts';

const SHIPPED = readFileSync(new URL('../../config/definitions.yaml', import.meta.url), 'utf8');

// The contract's example kpi section.
const KPI = `
kpi:
  period: quarter
  revenueTarget: 120000000
  currency: JPY
  averageDealSize: 3000000
  rates:
    leadToMql: 0.25
    mqlToSql: 0.4
    sqlToOpportunity: 0.5
    opportunityToWon: 0.3
  trailingDays: 180
`;

function valid(text: string): Definitions {
  const result = parseDefinitions(text, 'defs.yaml');
  if (!result.ok) throw new Error(formatIssues(result.error));
  return result.value;
}

function issues(text: string): DefinitionsIssue[] {
  const result = parseDefinitions(text, 'defs.yaml');
  if (result.ok) throw new Error('expected the definitions to be refused');
  return result.error;
}

describe('definitions: funnel, kpi and re-qualification', () => {
  it('defaults to the hs_analytics_source channel, no KPI tree and no re-qualification after a rejection', () => {
    const defs = valid(SHIPPED);
    expect(defs.funnel).toEqual({ channelProperty: 'hs_analytics_source' });
    expect(defs.kpi).toBeNull();
    expect(defs.requalifyAfterRejected).toBe(false);
  });

  it('reads the contract’s kpi section, a channel property and requalifyAfterRejected', () => {
    const text = `${SHIPPED.replace('  score: {', '  requalifyAfterRejected: true\n  score: {')}
funnel: { channelProperty: lead_channel }
${KPI}`;
    const defs = valid(text);
    expect(defs.requalifyAfterRejected).toBe(true);
    expect(defs.funnel.channelProperty).toBe('lead_channel');
    expect(defs.kpi).toEqual({
      period: 'quarter',
      revenueTarget: 120_000_000,
      currency: 'JPY',
      averageDealSize: 3_000_000,
      rates: { leadToMql: 0.25, mqlToSql: 0.4, sqlToOpportunity: 0.5, opportunityToWon: 0.3 },
      trailingDays: 180,
    });
    // The version hash covers the new sections: a different target is a different agreement.
    const lower = text.replace(KPI, KPI.replace('revenueTarget: 120000000', 'revenueTarget: 90000000'));
    expect(lower).not.toBe(text);
    expect(valid(lower).hash).not.toBe(defs.hash);
  });

  it('accepts trailing rates and defaults the trailing window to 180 days', () => {
    const defs = valid(
      `${SHIPPED}${KPI.replace('mqlToSql: 0.4', 'mqlToSql: trailing').replace('  trailingDays: 180\n', '')}`,
    );
    expect(defs.kpi?.rates.mqlToSql).toBe('trailing');
    expect(defs.kpi?.trailingDays).toBe(180);
  });

  it('lists every problem of the kpi section with its key path and line', () => {
    const text = `${SHIPPED}${KPI.replace('period: quarter', 'period: quartr')
      .replace('currency: JPY', 'currency: yen')
      .replace('leadToMql: 0.25', 'leadToMql: 25')
      .replace('mqlToSql: 0.4', 'mqlToSql: 0')
      .replace('    opportunityToWon: 0.3\n', '')
      .replace('trailingDays: 180', 'trailngDays: 180')}`;
    // The shipped file's comments show a kpi section too: find the lines of the real one.
    const lines = text.split('\n');
    const lineOf = (needle: string) =>
      lines.findLastIndex((line) => line.includes(needle) && !line.trimStart().startsWith('#')) + 1;
    const found = issues(text).map((i) => [i.path, i.line, i.message]);
    expect(found).toEqual([
      ['kpi.period', lineOf('period: quartr'), expect.stringContaining('"quartr"')],
      ['kpi.currency', lineOf('currency: yen'), 'expected an ISO 4217 currency code such as JPY or USD'],
      ['kpi.rates.opportunityToWon', lineOf('  rates:'), "missing required key 'opportunityToWon'"],
      [
        'kpi.rates.leadToMql',
        lineOf('leadToMql: 25'),
        "expected a fraction above 0 and at most 1 (e.g. 0.25), or 'trailing', got 25",
      ],
      [
        'kpi.rates.mqlToSql',
        lineOf('mqlToSql: 0'),
        "expected a fraction above 0 and at most 1 (e.g. 0.25), or 'trailing', got 0",
      ],
      ['kpi.trailngDays', lineOf('trailngDays'), "unknown key 'trailngDays' (did you mean 'trailingDays'?)"],
    ]);
  });

  it('refuses a typo in the funnel section and a non-boolean requalifyAfterRejected', () => {
    const text = `${SHIPPED.replace('  score: {', '  requalifyAfterRejected: yes please\n  score: {')}
funnel: { channelPropety: x }
`;
    expect(issues(text).map((i) => [i.path, i.message])).toEqual([
      ['mql.requalifyAfterRejected', expect.stringContaining('expected boolean')],
      ['funnel.channelPropety', "unknown key 'channelPropety' (did you mean 'channelProperty'?)"],
    ]);
  });
});
