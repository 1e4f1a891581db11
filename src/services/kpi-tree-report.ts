import { buildKpiTree, KPI_RATE_KEYS, trailingWindow } from '../domain/kpi-tree.ts';
import type { KpiDef, KpiTree } from '../domain/kpi-tree.ts';
import { dateWindow } from '../domain/local-dates.ts';
import type { ReportPeriod } from '../domain/local-dates.ts';
import { wonRevenue } from '../storage/marketer-queries.ts';
import { funnelCounts } from './funnel-report.ts';
import type { ReportDeps } from './funnel-report.ts';

/**
 * The KPI tree of a period: required counts back-calculated from the revenue target, the
 * period-mode actuals, and (for `trailing` rates) the cohort conversion of the trailing window.
 */
export async function buildKpiTreeReport(
  deps: ReportDeps,
  portalId: string,
  kpi: KpiDef,
  period: ReportPeriod,
): Promise<KpiTree> {
  const { timezone } = deps.definitions;
  const window = dateWindow(period.from, period.to, timezone);
  const actual = await funnelCounts(deps, portalId, { window, mode: 'period', groupBy: 'none' });
  let trailing = null;
  if (KPI_RATE_KEYS.some((key) => kpi.rates[key] === 'trailing')) {
    const { from, to } = trailingWindow(deps.now(), kpi.trailingDays, timezone);
    const cohort = await funnelCounts(deps, portalId, {
      window: dateWindow(from, to, timezone),
      mode: 'cohort',
      groupBy: 'none',
    });
    trailing = { from, to, counts: cohort.total };
  }
  const revenue = await wonRevenue(deps.db, portalId, window, period);
  return buildKpiTree({ kpi, period, actual: actual.total, trailing, revenue });
}
