// The KPI tree: from the revenue target (the KGI) down to the leads it takes, stage by stage,
// against what actually happened in the period. Pure.
//
// Required counts are back-calculated, rounding up at each step:
//   won = ⌈revenueTarget / averageDealSize⌉, opportunity = ⌈won / opportunityToWon⌉,
//   sql = ⌈opportunity / sqlToOpportunity⌉, mql = ⌈sql / mqlToSql⌉, lead = ⌈mql / leadToMql⌉.
// The arithmetic is exact (decimals as fractions of integers): in floating point 21 / 0.7 is
// 30.000000000000004, and rounding that up would ask for a 31st opportunity nobody planned.
import type { FunnelStage, StageCounts } from './funnel.ts';
import { addDays, localDateOf } from './local-dates.ts';
import type { PeriodKind, ReportPeriod } from './local-dates.ts';

export type KpiRateKey = 'leadToMql' | 'mqlToSql' | 'sqlToOpportunity' | 'opportunityToWon';
export const KPI_RATE_KEYS: readonly KpiRateKey[] = [
  'leadToMql',
  'mqlToSql',
  'sqlToOpportunity',
  'opportunityToWon',
];

/** The `kpi` section of the definitions. */
export interface KpiDef {
  /** The kind of period `revenueTarget` is for. */
  readonly period: PeriodKind;
  readonly revenueTarget: number;
  readonly currency: string;
  readonly averageDealSize: number;
  /** Each a fraction in (0, 1], or `trailing`: the cohort conversion of the last `trailingDays`. */
  readonly rates: Readonly<Record<KpiRateKey, number | 'trailing'>>;
  readonly trailingDays: number;
}

/** Stages from the top of the tree down, each with the rate that converts it into the one above. */
export const KPI_NODES: readonly { readonly stage: FunnelStage; readonly rate: KpiRateKey | null }[] = [
  { stage: 'won', rate: null },
  { stage: 'opportunity', rate: 'opportunityToWon' },
  { stage: 'sql', rate: 'sqlToOpportunity' },
  { stage: 'mql', rate: 'mqlToSql' },
  { stage: 'lead', rate: 'leadToMql' },
];

const NEXT_STAGE: Readonly<Record<KpiRateKey, { from: FunnelStage; to: FunnelStage }>> = {
  leadToMql: { from: 'lead', to: 'mql' },
  mqlToSql: { from: 'mql', to: 'sql' },
  sqlToOpportunity: { from: 'sql', to: 'opportunity' },
  opportunityToWon: { from: 'opportunity', to: 'won' },
};

/** A non-negative rational number, exactly. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

/** The exact value of a finite, non-negative number as JavaScript prints it (0.3 is 3/10). */
export function decimalRatio(value: number): Ratio {
  const match = DECIMAL.exec(String(value));
  if (!match) throw new RangeError(`not a non-negative finite number: ${value}`);
  const fraction = match[2] ?? '';
  const exponent = Number(match[3] ?? '0') - fraction.length;
  const digits = BigInt(`${match[1] ?? '0'}${fraction}`);
  return exponent >= 0
    ? { num: digits * 10n ** BigInt(exponent), den: 1n }
    : { num: digits, den: 10n ** BigInt(-exponent) };
}

/** ⌈a / b⌉ for b > 0. */
export function ceilDivide(a: Ratio, b: Ratio): number {
  const num = a.num * b.den;
  const den = a.den * b.num;
  if (den <= 0n) throw new RangeError('division by zero');
  return Number((num + den - 1n) / den);
}

export type RateSource = 'fixed' | 'trailing';

export interface KpiRate {
  /** Null when a trailing rate has no contacts to convert from. */
  readonly value: Ratio | null;
  readonly source: RateSource;
}

/** The rates to use: fixed ones as written, trailing ones from cohort counts of the trailing window. */
export function resolveRates(kpi: KpiDef, trailing: StageCounts | null): Record<KpiRateKey, KpiRate> {
  const result = {} as Record<KpiRateKey, KpiRate>;
  for (const key of KPI_RATE_KEYS) {
    const rate = kpi.rates[key];
    if (rate !== 'trailing') {
      result[key] = { value: decimalRatio(rate), source: 'fixed' };
      continue;
    }
    const { from, to } = NEXT_STAGE[key];
    const base = trailing?.[from] ?? 0;
    result[key] = {
      value: base > 0 ? { num: BigInt(trailing?.[to] ?? 0), den: BigInt(base) } : null,
      source: 'trailing',
    };
  }
  return result;
}

/**
 * Required count per stage. A stage below a rate that is unknown or zero (a trailing window that
 * converted nobody) cannot be back-calculated: null, with every stage under it.
 */
export function backCalculate(
  kpi: KpiDef,
  rates: Record<KpiRateKey, KpiRate>,
): Record<FunnelStage, number | null> {
  const required: Record<FunnelStage, number | null> = {
    won: ceilDivide(decimalRatio(kpi.revenueTarget), decimalRatio(kpi.averageDealSize)),
    opportunity: null,
    sql: null,
    mql: null,
    lead: null,
  };
  let above = required.won;
  for (const node of KPI_NODES) {
    if (node.rate === null) continue;
    const rate = rates[node.rate].value;
    above =
      above === null || rate === null || rate.num === 0n
        ? null
        : ceilDivide({ num: BigInt(above), den: 1n }, rate);
    required[node.stage] = above;
  }
  return required;
}

export type RevenueSource = 'amounts' | 'estimate';

/** What the store says of the won contacts of the period and their CRM opportunities' amounts. */
export interface WonRevenue {
  readonly wonContacts: number;
  /** Won contacts with at least one won opportunity closed in the period that carries an Amount. */
  readonly contactsWithAmount: number;
  /** Sum of those Amounts. */
  readonly amountSum: number;
}

/** Amounts when every won contact has one, else won × averageDealSize. */
export function revenueActual(
  kpi: KpiDef,
  won: number,
  revenue: WonRevenue,
): { readonly value: number; readonly source: RevenueSource } {
  if (revenue.wonContacts > 0 && revenue.contactsWithAmount === revenue.wonContacts)
    return { value: revenue.amountSum, source: 'amounts' };
  const deal = decimalRatio(kpi.averageDealSize);
  return { value: Number(BigInt(won) * deal.num) / Number(deal.den), source: 'estimate' };
}

export interface KpiNodeView {
  readonly stage: FunnelStage;
  readonly required: number | null;
  readonly actual: number;
  readonly rate: number | null;
  readonly rateSource: RateSource | null;
}

export interface KpiTree {
  readonly period: string;
  readonly from: string;
  readonly to: string;
  readonly kgi: {
    readonly revenueTarget: number;
    readonly currency: string;
    readonly revenueActual: number;
    readonly revenueSource: RevenueSource;
  };
  readonly nodes: readonly KpiNodeView[];
  /** The cohort window trailing rates were read from; present only when a rate is trailing. */
  readonly trailing?: { readonly from: string; readonly to: string; readonly days: number };
}

/** The trailing window: the last `days` local dates, today included. */
export function trailingWindow(now: Date, days: number, timeZone: string): { from: string; to: string } {
  const to = localDateOf(now, timeZone);
  return { from: addDays(to, -(days - 1)), to };
}

export interface KpiTreeInput {
  readonly kpi: KpiDef;
  readonly period: ReportPeriod;
  /** Period-mode counts of the period. */
  readonly actual: StageCounts;
  /** Cohort counts of the trailing window, when a rate is trailing. */
  readonly trailing: { readonly from: string; readonly to: string; readonly counts: StageCounts } | null;
  readonly revenue: WonRevenue;
}

export function buildKpiTree(input: KpiTreeInput): KpiTree {
  const { kpi, period, actual } = input;
  const rates = resolveRates(kpi, input.trailing?.counts ?? null);
  const required = backCalculate(kpi, rates);
  const revenue = revenueActual(kpi, actual.won, input.revenue);
  const usesTrailing = KPI_RATE_KEYS.some((key) => kpi.rates[key] === 'trailing');
  return {
    period: period.label,
    from: period.from,
    to: period.to,
    kgi: {
      revenueTarget: kpi.revenueTarget,
      currency: kpi.currency,
      revenueActual: revenue.value,
      revenueSource: revenue.source,
    },
    nodes: KPI_NODES.map((node) => {
      const rate = node.rate === null ? null : rates[node.rate];
      return {
        stage: node.stage,
        required: required[node.stage],
        actual: actual[node.stage],
        rate: rate?.value ? Number(rate.value.num) / Number(rate.value.den) : null,
        rateSource: rate?.source ?? null,
      };
    }),
    ...(usesTrailing && input.trailing
      ? { trailing: { from: input.trailing.from, to: input.trailing.to, days: kpi.trailingDays } }
      : {}),
  };
}
