// The Salesforce connector: the sales side of the loop when sales works in Salesforce. It writes
// the product's facts to each contact's Lead (CrmWriteBack) and reads back what sales did there
// (SalesSource). Connecting describes Lead and reports each field of the map that is missing or
// mistyped; the fields that are fine keep working. Every method returns a Result, so the
// observed-connector wrapper can report its health.
import type { ConnectorError } from '../../domain/connector-error.ts';
import type { VerdictDecision } from '../../domain/crm-changes.ts';
import type { Definitions } from '../../domain/definitions.ts';
import type { Result } from '../../domain/result.ts';
import { ok } from '../../domain/result.ts';
import type { CrmWriteBack } from '../../ports/crm-write-back.ts';
import type { SalesSource } from '../../ports/sales-source.ts';
import type { AllowancePolicy, AllowanceState } from './api-allowance.ts';
import type { LeadFieldReport } from './lead-describe.ts';
import { createLeadLinkCache } from './lead-links.ts';
import type { LeadLinkCache } from './lead-links.ts';
import { pollLeadPage, pollOpportunityPage } from './lead-source.ts';
import type { SourceContext } from './lead-source.ts';
import { writeLeads } from './lead-write-back.ts';
import { COLLECTION_MAX_RECORDS } from './lead-writes.ts';
import type { ApiUsage } from './salesforce-api.ts';
import type { RefreshTokenStore, SalesforceConnectionSettings } from './salesforce-connection.ts';
import { openSession } from './salesforce-session.ts';
import type { SalesforceSession } from './salesforce-session.ts';

export interface SalesforceConnectorOptions {
  readonly settings: SalesforceConnectionSettings;
  readonly definitions: Definitions;
  readonly now?: () => Date;
  /** Keeps a rotated refresh token (the seam backs it with the database). */
  readonly refreshTokens?: RefreshTokenStore;
  /**
   * The decision the product holds per contact (null: none), so a Lead edited again without a new
   * decision is not reported, even after a restart. Without it the connector compares with what it
   * wrote itself since it started.
   */
  readonly knownDecisions?: (
    contactIds: readonly string[],
  ) => Promise<ReadonlyMap<string, VerdictDecision | null>>;
  /** How far before the watermark each read starts (default 5 minutes). */
  readonly overlapMs?: number;
  readonly allowance?: AllowancePolicy;
  readonly timeoutMs?: number;
  readonly logger?: { warn(obj: object, msg: string): void };
  readonly linkCache?: LeadLinkCache;
}

export interface SalesforceConnectReport {
  readonly instanceUrl: string;
  readonly integrationUserId: string;
  readonly fields: LeadFieldReport;
}

/** What /readyz and /metrics read: plain values, not observed calls. */
export interface SalesforceStatus {
  apiUsage(): ApiUsage | null;
  allowance(): AllowanceState;
  fieldReport(): LeadFieldReport | null;
  /** REST requests sent since start. */
  calls(): number;
}

export interface SalesforceConnector {
  /** Connects (refresh-token mode: refreshes first), names the integration user, describes Lead. */
  connect(): Promise<Result<SalesforceConnectReport, ConnectorError>>;
  readonly writeBack: CrmWriteBack;
  readonly source: SalesSource;
  readonly status: SalesforceStatus;
}

export const DEFAULT_OVERLAP_MS = 5 * 60_000;
// Decisions the connector wrote itself, kept to recognise them when they come back.
const MAX_REMEMBERED_DECISIONS = 200_000;

export function createSalesforceConnector(options: SalesforceConnectorOptions): SalesforceConnector {
  const now = options.now ?? (() => new Date());
  const defs = options.definitions;
  const links = options.linkCache ?? createLeadLinkCache();
  const written = new Map<string, VerdictDecision>();
  let opening: Promise<Result<SalesforceSession, ConnectorError>> | null = null;
  let current: SalesforceSession | null = null;

  const session = async (): Promise<Result<SalesforceSession, ConnectorError>> => {
    opening ??= openSession({ ...options, now });
    const result = await opening;
    // A failed connect is tried again by the next call.
    if (result.ok) current = result.value;
    else opening = null;
    return result;
  };

  const remember = (contactId: string, decision: VerdictDecision) => {
    written.delete(contactId);
    written.set(contactId, decision);
    if (written.size > MAX_REMEMBERED_DECISIONS) {
      const oldest = written.keys().next();
      if (oldest.done !== true) written.delete(oldest.value);
    }
  };

  const knownDecisions = async (contactIds: readonly string[]) => {
    const known = new Map(
      options.knownDecisions === undefined ? [] : await options.knownDecisions(contactIds),
    );
    for (const id of contactIds) {
      const mine = written.get(id);
      if (!known.has(id) && mine !== undefined) known.set(id, mine);
    }
    return known;
  };

  const sourceContext = (opened: SalesforceSession): SourceContext => ({
    session: opened,
    defs,
    links,
    overlapMs: options.overlapMs ?? DEFAULT_OVERLAP_MS,
    knownDecisions,
  });

  return {
    async connect() {
      const opened = await session();
      if (!opened.ok) return opened;
      const { instanceUrl, integrationUserId, fields } = opened.value;
      return ok({ instanceUrl, integrationUserId, fields });
    },
    writeBack: {
      maxBatchSize: COLLECTION_MAX_RECORDS,
      async write(records) {
        if (records.length === 0) return ok([]);
        const opened = await session();
        if (!opened.ok) return opened;
        return writeLeads({ session: opened.value, defs, links, now: now(), remember }, records);
      },
    },
    source: {
      async pollLeads(cursor) {
        const opened = await session();
        return opened.ok ? pollLeadPage(sourceContext(opened.value), cursor) : opened;
      },
      async pollOpportunities(cursor) {
        const opened = await session();
        return opened.ok ? pollOpportunityPage(sourceContext(opened.value), cursor) : opened;
      },
    },
    status: {
      apiUsage: () => current?.api.usage() ?? null,
      allowance: () => current?.api.allowance() ?? { paused: false },
      fieldReport: () => current?.fields ?? null,
      calls: () => current?.api.calls() ?? 0,
    },
  };
}
