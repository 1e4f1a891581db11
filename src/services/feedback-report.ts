import { summarizeFeedback } from '../domain/feedback.ts';
import type { FeedbackSummary } from '../domain/feedback.ts';
import type { DateWindow } from '../domain/local-dates.ts';
import type { VerdictKind } from '../domain/definitions.ts';
import { currentVerdictRows, feedbackNotes, historicalReasonLabels } from '../storage/marketer-queries.ts';
import type { ReportDeps } from './funnel-report.ts';

/** How many notes the feedback view lists: the latest ones, enough to read on a page. */
export const FEEDBACK_NOTES_LIMIT = 50;

/** A current verdict of the window with the rep's note. */
export interface FeedbackNote {
  readonly contactId: string;
  readonly verdict: VerdictKind;
  readonly reasonCode: string;
  readonly note: string;
  readonly decidedAt: Date;
  /** The rep's e-mail (or the Salesforce user's); null when the verdict came without one. */
  readonly decidedBy: string | null;
}

/** `GET /api/feedback`'s answer. */
export interface FeedbackReport extends FeedbackSummary {
  readonly from: string;
  readonly to: string;
  /** The latest current verdicts of the window that carry a note, newest first, at most 50. */
  readonly notes: readonly FeedbackNote[];
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
  const notes = await feedbackNotes(deps.db, portalId, window, FEEDBACK_NOTES_LIMIT);
  return {
    from: window.from,
    to: window.to,
    ...summary,
    notes: notes.map((row) => ({
      contactId: row.contact_id,
      verdict: row.verdict,
      reasonCode: row.reason_code,
      note: row.note,
      decidedAt: row.decided_at,
      decidedBy: row.decided_by,
    })),
  };
}
