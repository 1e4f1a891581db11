import type { DateWindow } from '../domain/local-dates.ts';
import { summarizeSla } from '../domain/sla-compliance.ts';
import type { SlaSummary } from '../domain/sla-compliance.ts';
import { deadlineRows } from '../storage/marketer-queries.ts';
import type { ReportDeps } from './funnel-report.ts';

/** Handoff and verdict deadlines of every episode due in the window: on time, late, open, breached. */
export async function buildSlaReport(
  deps: ReportDeps,
  portalId: string,
  window: DateWindow,
): Promise<SlaSummary> {
  const rows = await deadlineRows(deps.db, portalId, window, deps.now());
  return summarizeSla(
    rows.map((row) => ({ kind: row.kind, ownerId: row.owner_id, outcome: row.outcome, count: row.count })),
  );
}
