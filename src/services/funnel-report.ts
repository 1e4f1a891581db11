import type { Definitions } from '../domain/definitions.ts';
import { ALL_KEY, FUNNEL_STAGES, NONE_KEY, channelKey, foldCohort, foldPeriod } from '../domain/funnel.ts';
import type { FunnelCounts, FunnelGroupBy, FunnelMode, FunnelStage } from '../domain/funnel.ts';
import { monthBuckets } from '../domain/local-dates.ts';
import type { DateWindow } from '../domain/local-dates.ts';
import type { Database } from '../storage/database.ts';
import { cohortRows, periodRows } from '../storage/marketer-queries.ts';

export interface ReportDeps {
  readonly db: Database;
  readonly definitions: Definitions;
  readonly now: () => Date;
}

export interface FunnelQuery {
  readonly window: DateWindow;
  readonly mode: FunnelMode;
  readonly groupBy: FunnelGroupBy;
}

/** `GET /api/funnel`'s answer. */
export interface FunnelReport extends FunnelCounts {
  readonly mode: FunnelMode;
  readonly groupBy: FunnelGroupBy;
  readonly from: string;
  readonly to: string;
  readonly timezone: string;
  readonly stages: readonly FunnelStage[];
}

/** A raw group value from the store as the funnel names it. */
function keyOf(groupBy: FunnelGroupBy, raw: string | null): string {
  switch (groupBy) {
    case 'none':
      return ALL_KEY;
    case 'channel':
      return channelKey(raw);
    case 'month':
    case 'definitionVersion':
      return raw ?? NONE_KEY;
  }
}

/** Counts the funnel of a window, cohort or period, grouped as asked. */
export async function funnelCounts(
  deps: ReportDeps,
  portalId: string,
  query: FunnelQuery,
): Promise<FunnelCounts> {
  const { window, mode, groupBy } = query;
  const months = groupBy === 'month' ? monthBuckets(window, deps.definitions.timezone) : null;
  switch (mode) {
    case 'cohort': {
      const rows = await cohortRows(deps.db, portalId, window, groupBy, months, deps.now());
      return foldCohort(
        rows.map((row) => ({ key: keyOf(groupBy, row.key), reached: row, count: row.count })),
        groupBy,
      );
    }
    case 'period': {
      const rows = await periodRows(deps.db, portalId, window, groupBy, months);
      return foldPeriod(
        rows.map((row) => ({ stage: row.stage, key: keyOf(groupBy, row.key), count: row.count })),
        groupBy,
      );
    }
  }
}

export async function buildFunnelReport(
  deps: ReportDeps,
  portalId: string,
  query: FunnelQuery,
): Promise<FunnelReport> {
  const counts = await funnelCounts(deps, portalId, query);
  return {
    mode: query.mode,
    groupBy: query.groupBy,
    from: query.window.from,
    to: query.window.to,
    timezone: deps.definitions.timezone,
    stages: FUNNEL_STAGES,
    groups: counts.groups,
    total: counts.total,
  };
}
