import type { Request, Response } from 'express';
import { z } from 'zod';
import { FUNNEL_GROUP_BYS, FUNNEL_MODES, FUNNEL_STAGES } from '../../../src/domain/funnel.ts';
import { buildFunnelReport } from '../../../src/services/funnel-report.ts';
import type { FunnelReport, ReportDeps } from '../../../src/services/funnel-report.ts';
import { requirePortal } from '../portal.ts';
import { parseOrThrow } from '../validate.ts';
import { sendCsv, toCsv } from './csv.ts';
import { formatParam, identityParams, windowOf, windowParams } from './marketer-query.ts';

const querySchema = z.strictObject({
  ...windowParams,
  mode: z.enum(FUNNEL_MODES, { error: "must be 'cohort' or 'period'" }).default('cohort'),
  groupBy: z
    .enum(FUNNEL_GROUP_BYS, { error: "must be 'none', 'channel', 'month' or 'definitionVersion'" })
    .default('none'),
  format: formatParam,
  ...identityParams,
});

/** One row per group: the window and grouping repeated, so a pasted sheet says what it counts. */
export function funnelCsv(report: FunnelReport): string {
  return toCsv(
    ['from', 'to', 'timezone', 'mode', 'group_by', 'group', ...FUNNEL_STAGES],
    report.groups.map((group) => [
      report.from,
      report.to,
      report.timezone,
      report.mode,
      report.groupBy,
      group.key,
      ...FUNNEL_STAGES.map((stage) => group.counts[stage]),
    ]),
  );
}

export function getFunnel(deps: ReportDeps & { readonly portalId: string | undefined }) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = parseOrThrow(querySchema, req.query, 'query');
    const portalId = requirePortal(req, deps.portalId);
    const window = windowOf(query, deps.definitions.timezone);
    const report = await buildFunnelReport(deps, portalId, {
      window,
      mode: query.mode,
      groupBy: query.groupBy,
    });
    if (query.format === 'csv') {
      sendCsv(res, `funnel-${query.mode}-${query.groupBy}-${query.from}-${query.to}.csv`, funnelCsv(report));
      return;
    }
    res.json(report);
  };
}
