// The marketer sections of the definitions in words, for `npm run definitions:check`: where the
// funnel's facts come from, who qualifies anew, and the KPI tree with its back-calculated needs.
import type { Definitions } from '../src/domain/definitions.ts';
import { funnelProperties } from '../src/domain/funnel-properties.ts';
import { backCalculate, KPI_NODES, KPI_RATE_KEYS, resolveRates } from '../src/domain/kpi-tree.ts';
import type { KpiDef, KpiRateKey } from '../src/domain/kpi-tree.ts';

const RATE_NAMES: Readonly<Record<KpiRateKey, string>> = {
  leadToMql: 'lead → MQL',
  mqlToSql: 'MQL → SQL',
  sqlToOpportunity: 'SQL → opportunity',
  opportunityToWon: 'opportunity → won',
};

const number = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 6 });

function kpiLines(kpi: KpiDef): string[] {
  const rates = KPI_RATE_KEYS.map((key) => {
    const rate = kpi.rates[key];
    return `${RATE_NAMES[key]} ${rate === 'trailing' ? `trailing (cohort conversion of the last ${kpi.trailingDays} days)` : `${number(rate * 100)}%`}`;
  });
  // Trailing rates are read from live data, so only the stages above the first one are fixed.
  const required = backCalculate(kpi, resolveRates(kpi, null));
  const needs = KPI_NODES.map(
    ({ stage }) => `${stage} ${required[stage] === null ? '(from live data)' : number(required[stage])}`,
  );
  return [
    `KPI tree per ${kpi.period}: revenue target ${number(kpi.revenueTarget)} ${kpi.currency}, average deal ${number(kpi.averageDealSize)} ${kpi.currency}`,
    `  rates: ${rates.join(', ')}`,
    `  required per ${kpi.period}: ${needs.join(', ')}`,
  ];
}

export function describeMarketerSections(defs: Definitions): string[] {
  return [
    `Re-qualification: after a recycled verdict${defs.requalifyAfterRejected ? ' or a rejected one' : ' (not after a rejected one)'}, a contact that meets the definition again qualifies anew`,
    `Funnel: lead = createdate, channel = ${defs.funnel.channelProperty}, opportunity and won = HubSpot lifecycle dates or linked Salesforce opportunities`,
    `  read with every contact: ${funnelProperties(defs).join(', ')}`,
    ...(defs.kpi ? kpiLines(defs.kpi) : ['KPI tree: not configured (no kpi section)']),
  ];
}
