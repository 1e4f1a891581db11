import { summarizeFeedback } from '../domain/feedback.ts';
import type { FeedbackSummary } from '../domain/feedback.ts';
import type { DateWindow } from '../domain/local-dates.ts';
import { currentVerdictRows, historicalReasonLabels } from '../storage/marketer-queries.ts';
import type { ReportDeps } from './funnel-report.ts';

/** `GET /api/feedback`'s answer. */
export interface FeedbackReport extends FeedbackSummary {
  readonly from: string;
  readonly to: string;
}

/** The current verdict of each contact decided in the window, by reason, condition and channel. */
export async function buildFeedbackReport(
  deps: ReportDeps,
  portalId: string,
  window: DateWindow,
): Promise<FeedbackReport> {
  const { definitions } = deps;
  const rows = await currentVerdictRows(deps.db, portalId, window);
  const known = new Set(definitions.reasons.map((r) => `${r.verdict}:${r.code}`));
  const others = rows
    .filter((row) => !known.has(`${row.verdict}:${row.reason_code}`))
    .map((row) => row.reason_code);
  // A code the current definition dropped keeps the label it had when it was last in use.
  const labels = await historicalReasonLabels(deps.db, [...new Set(others)]);
  const summary = summarizeFeedback(
    definitions,
    rows.map((row) => ({
      verdict: row.verdict,
      reasonCode: row.reason_code,
      channel: row.channel,
      count: row.count,
    })),
    labels,
  );
  return { from: window.from, to: window.to, ...summary };
}
