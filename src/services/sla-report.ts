import { z } from 'zod';
import type { CalendarSpec } from '../domain/calendar-spec.ts';
import { WEEKDAYS } from '../domain/calendar-spec.ts';
import type { DateWindow } from '../domain/local-dates.ts';
import { createSlaClock } from '../domain/sla-clock.ts';
import { summarizeSla } from '../domain/sla-compliance.ts';
import type { SlaSummary } from '../domain/sla-compliance.ts';
import { lateBy } from '../domain/sla-lateness.ts';
import type { LateBy } from '../domain/sla-lateness.ts';
import { deadlineRows, lateDeadlineRows, storedCalendars } from '../storage/marketer-queries.ts';
import type { ReportDeps } from './funnel-report.ts';

/** `GET /api/sla`'s answer. */
export interface SlaReport extends SlaSummary {
  /** Late deadlines by how late, on each deadline's own clock. */
  readonly lateBy: LateBy;
}

// The calendar as recordDefinitions stored it (the normalised definitions' `calendar`).
const storedCalendar = z.object({
  timezone: z.string(),
  workdays: z.array(z.enum(WEEKDAYS)),
  hours: z.object({ start: z.string(), end: z.string() }),
  holidays: z.enum(['japan', 'none']),
  closures: z.array(z.string()),
});

/**
 * The calendar each deadline's definitions version ran with: a met deadline keeps the one it was
 * judged on (an open one is re-planned on the current definitions). A version not on record, or
 * stored before it carried a calendar, reads on the current calendar.
 */
async function calendarsOf(
  deps: ReportDeps,
  hashes: readonly string[],
): Promise<(hash: string) => CalendarSpec> {
  const stored = await storedCalendars(deps.db, hashes);
  const parsed = new Map<string, CalendarSpec>();
  for (const [hash, value] of stored) {
    const calendar = storedCalendar.safeParse(value);
    if (calendar.success) parsed.set(hash, calendar.data);
  }
  return (hash) => parsed.get(hash) ?? deps.definitions.calendar;
}

/** Handoff and verdict deadlines of every episode due in the window: on time, late, open, breached. */
export async function buildSlaReport(
  deps: ReportDeps,
  portalId: string,
  window: DateWindow,
): Promise<SlaReport> {
  const now = deps.now();
  const rows = await deadlineRows(deps.db, portalId, window, now);
  const summary = summarizeSla(
    rows.map((row) => ({ kind: row.kind, ownerId: row.owner_id, outcome: row.outcome, count: row.count })),
  );
  const late = await lateDeadlineRows(deps.db, portalId, window, now);
  const calendar = await calendarsOf(deps, [...new Set(late.map((row) => row.definition_hash))]);
  return {
    ...summary,
    lateBy: lateBy(
      late.map((row) => ({
        kind: row.kind,
        clock: createSlaClock(row.clock, calendar(row.definition_hash)),
        dueAt: row.due_at,
        until: row.met_at ?? now,
        count: row.count,
      })),
    ),
  };
}
