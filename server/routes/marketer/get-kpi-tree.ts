import type { Request, Response } from 'express';
import { z } from 'zod';
import type { KpiTree } from '../../../src/domain/kpi-tree.ts';
import { parseReportPeriod } from '../../../src/domain/local-dates.ts';
import type { ReportDeps } from '../../../src/services/funnel-report.ts';
import { buildKpiTreeReport } from '../../../src/services/kpi-tree-report.ts';
import { HttpError } from '../../http-error.ts';
import { requirePortal } from '../portal.ts';
import { parseOrThrow } from '../validate.ts';
import { sendCsv, toCsv } from './csv.ts';
import { formatParam, identityParams } from './marketer-query.ts';

const PERIOD_FORMS = 'YYYY-MM, YYYY-Qn or YYYY';

const querySchema = z.strictObject({
  period: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be ${PERIOD_FORMS}`) })
    .refine((text) => parseReportPeriod(text) !== null, `must be ${PERIOD_FORMS}`),
  format: formatParam,
  ...identityParams,
});

const EXAMPLE = { month: '2026-11', quarter: '2026-Q4', year: '2026' } as const;

/** One row per stage, the KGI repeated on each, so the sheet stands alone. */
export function kpiTreeCsv(tree: KpiTree): string {
  return toCsv(
    [
      'period',
      'from',
      'to',
      'currency',
      'revenue_target',
      'revenue_actual',
      'revenue_source',
      'stage',
      'required',
      'actual',
      'rate',
      'rate_source',
    ],
    tree.nodes.map((node) => [
      tree.period,
      tree.from,
      tree.to,
      tree.kgi.currency,
      tree.kgi.revenueTarget,
      tree.kgi.revenueActual,
      tree.kgi.revenueSource,
      node.stage,
      node.required,
      node.actual,
      node.rate,
      node.rateSource,
    ]),
  );
}

export function getKpiTree(deps: ReportDeps & { readonly portalId: string | undefined }) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = parseOrThrow(querySchema, req.query, 'query');
    const portalId = requirePortal(req, deps.portalId);
    const { kpi } = deps.definitions;
    if (kpi === null)
      throw new HttpError(
        404,
        'not_configured',
        'The definitions have no kpi section, so there is no KPI tree.',
      );
    const period = parseReportPeriod(query.period);
    if (period?.kind !== kpi.period) {
      throw new HttpError(
        400,
        'invalid_request',
        `Invalid query: period: the revenue target is per ${kpi.period}, so ask for a ${kpi.period} (e.g. ${EXAMPLE[kpi.period]}).`,
      );
    }
    const tree = await buildKpiTreeReport(deps, portalId, kpi, period);
    if (query.format === 'csv') {
      sendCsv(res, `kpi-tree-${query.period}.csv`, kpiTreeCsv(tree));
      return;
    }
    res.json(tree);
  };
}
