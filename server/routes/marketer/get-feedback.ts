import type { Request, Response } from 'express';
import { z } from 'zod';
import { VERDICT_KINDS } from '../../../src/domain/definitions.ts';
import { buildFeedbackReport } from '../../../src/services/feedback-report.ts';
import type { FeedbackReport } from '../../../src/services/feedback-report.ts';
import type { ReportDeps } from '../../../src/services/funnel-report.ts';
import { requirePortal } from '../portal.ts';
import { parseOrThrow } from '../validate.ts';
import { sendCsv, toCsv } from './csv.ts';
import type { CsvCell } from './csv.ts';
import { formatParam, identityParams, windowOf, windowParams } from './marketer-query.ts';

const querySchema = z.strictObject({ ...windowParams, format: formatParam, ...identityParams });

/**
 * Long format, one count per row: `dimension` is verdict (key = the verdict), reason (key = the
 * code), condition (key = the condition id, verdict = rejected) or channel (one row per verdict).
 */
export function feedbackCsv(report: FeedbackReport): string {
  const rows: CsvCell[][] = [
    ...VERDICT_KINDS.map((verdict) => ['verdict', verdict, null, verdict, report.verdicts[verdict]]),
    ...report.byReason.map((r) => ['reason', r.code, r.label, r.verdict, r.count]),
    ...report.byCondition.map((c) => ['condition', c.conditionId, c.label, 'rejected', c.rejections]),
    ...report.byChannel.flatMap((c) =>
      VERDICT_KINDS.map((verdict) => ['channel', c.key, null, verdict, c[verdict]]),
    ),
  ];
  return toCsv(
    ['from', 'to', 'dimension', 'key', 'label', 'verdict', 'count'],
    rows.map((row) => [report.from, report.to, ...row]),
  );
}

export function getFeedback(deps: ReportDeps & { readonly portalId: string | undefined }) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = parseOrThrow(querySchema, req.query, 'query');
    const portalId = requirePortal(req, deps.portalId);
    const report = await buildFeedbackReport(deps, portalId, windowOf(query, deps.definitions.timezone));
    if (query.format === 'csv') {
      sendCsv(res, `feedback-${query.from}-${query.to}.csv`, feedbackCsv(report));
      return;
    }
    res.json(report);
  };
}
