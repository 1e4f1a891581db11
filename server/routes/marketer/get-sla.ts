import type { Request, Response } from 'express';
import { z } from 'zod';
import { SLA_OUTCOMES } from '../../../src/domain/sla-compliance.ts';
import type { SlaCounts, SlaSummary } from '../../../src/domain/sla-compliance.ts';
import type { ReportDeps } from '../../../src/services/funnel-report.ts';
import { buildSlaReport } from '../../../src/services/sla-report.ts';
import { requirePortal } from '../portal.ts';
import { parseOrThrow } from '../validate.ts';
import { sendCsv, toCsv } from './csv.ts';
import { formatParam, identityParams, windowOf, windowParams } from './marketer-query.ts';

const querySchema = z.strictObject({ ...windowParams, format: formatParam, ...identityParams });

/** One row per deadline kind for the whole window (scope total), then per owner (scope owner). */
export function slaCsv(report: SlaSummary, from: string, to: string): string {
  const row = (scope: string, ownerId: string | null, deadline: string, counts: SlaCounts) => [
    from,
    to,
    scope,
    ownerId,
    deadline,
    counts.due,
    ...SLA_OUTCOMES.map((outcome) => counts[outcome]),
  ];
  return toCsv(
    [
      'from',
      'to',
      'scope',
      'owner_id',
      'deadline',
      'due',
      'met_on_time',
      'met_late',
      'open',
      'breached_open',
    ],
    [
      row('total', null, 'handoff', report.handoff),
      row('total', null, 'verdict', report.verdict),
      ...report.byOwner.flatMap((owner) => [
        row('owner', owner.ownerId, 'handoff', owner.handoff),
        row('owner', owner.ownerId, 'verdict', owner.verdict),
      ]),
    ],
  );
}

export function getSla(deps: ReportDeps & { readonly portalId: string | undefined }) {
  return async (req: Request, res: Response): Promise<void> => {
    const query = parseOrThrow(querySchema, req.query, 'query');
    const portalId = requirePortal(req, deps.portalId);
    const report = await buildSlaReport(deps, portalId, windowOf(query, deps.definitions.timezone));
    if (query.format === 'csv') {
      sendCsv(res, `sla-${query.from}-${query.to}.csv`, slaCsv(report, query.from, query.to));
      return;
    }
    res.json(report);
  };
}
