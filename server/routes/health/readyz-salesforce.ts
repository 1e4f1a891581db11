import type { SalesforceConnector } from '../../../src/connectors/salesforce/salesforce-connector.ts';
import type { PollCursor } from '../../../src/domain/poll-window.ts';
import type { ConnectorHealth } from '../../../src/services/connector-health.ts';
import { LEADS_CURSOR, OPPORTUNITIES_CURSOR } from '../../../src/services/poll-sales-source.ts';
import type { Database } from '../../../src/storage/database.ts';
import { readRefusals } from '../../../src/storage/salesforce-repository.ts';
import { createSyncCursorRepository } from '../../../src/storage/sync-cursor-repository.ts';
import type { ReadinessSection } from './get-readyz.ts';

export interface SalesforceReadinessDeps {
  readonly db: Database;
  readonly health: ConnectorHealth;
  readonly salesforce?: SalesforceConnector | null;
  readonly servedPortal?: { known(): string | null };
}

/**
 * The /readyz `salesforce` field: the connector's state with what makes it so (each Lead field of
 * the map that is missing or mistyped, by name), the org's API usage and whether work is paused for
 * it, the Salesforce write-backs, how far the reads got, and the verdicts refused as outside the
 * definitions. Unusable fields or a paused allowance mark the answer degraded.
 */
export function salesforceReadinessSection(deps: SalesforceReadinessDeps): ReadinessSection {
  const cursors = createSyncCursorRepository(deps.db);
  return {
    name: 'salesforce',
    async read() {
      const report = deps.health.report('salesforce');
      const salesforce = deps.salesforce;
      if (!salesforce) return { value: { state: report.state, reason: report.reason ?? null } };
      const fields = salesforce.status.fieldReport();
      const allowance = salesforce.status.allowance();
      const portalId = deps.servedPortal?.known() ?? null;
      const watermark = async (name: string) =>
        portalId === null
          ? null
          : ((await cursors.load<PollCursor>(`${name}:${portalId}`))?.watermark ?? null);
      const { rows } = await deps.db.query<{ pending: number; unlinked: number; failed: number }>(
        `SELECT count(*) FILTER (WHERE state IN ('pending', 'in_flight', 'parked'))::int AS pending,
                count(*) FILTER (WHERE state = 'unlinked')::int AS unlinked,
                count(*) FILTER (WHERE state = 'failed')::int AS failed
           FROM write_backs WHERE target = 'salesforce'`,
      );
      const fieldProblems = (fields?.problems ?? []).map((p) => ({
        field: p.field,
        kind: p.kind,
        message: p.message,
      }));
      return {
        value: {
          state: report.state,
          ...(report.problem === undefined ? {} : { problem: report.problem }),
          fieldsChecked: fields !== null,
          fieldProblems,
          apiUsage: salesforce.status.apiUsage(),
          paused: allowance.paused
            ? { reason: allowance.reason, nextProbeAt: new Date(allowance.nextProbeAt).toISOString() }
            : null,
          writeBacks: rows[0] ?? { pending: 0, unlinked: 0, failed: 0 },
          polled: {
            leads: await watermark(LEADS_CURSOR),
            opportunities: await watermark(OPPORTUNITIES_CURSOR),
          },
          refusedVerdicts: await readRefusals(deps.db),
        },
        degraded: fieldProblems.length > 0 || allowance.paused,
      };
    },
  };
}
