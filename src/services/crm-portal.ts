import type { ConnectorError } from '../domain/connector-error.ts';
import type { Result } from '../domain/result.ts';
import { err, ok } from '../domain/result.ts';
import type { Logger } from '../logging/logger.ts';
import type { CrmAccount } from '../ports/crm-account.ts';

/** The one portal the CRM token reads: what first views, the install backfill and reconciliation act on. */
export interface CrmPortal {
  /**
   * The configured portal id, else the one learned from the token (asked once, then remembered).
   * null when no CRM is configured.
   */
  resolve(): Promise<Result<string, ConnectorError> | null>;
  /** The id if already known, without asking. */
  known(): string | null;
}

export interface CrmPortalOptions {
  /** HUBSPOT_PORTAL_ID, when set. */
  readonly configured: string | undefined;
  readonly crm: Pick<CrmAccount, 'getPortalId'> | null;
  readonly logger: Logger;
  /** After a failed attempt, callers get that failure again for this long instead of a new call. */
  readonly retryAfterMs?: number;
  readonly now?: () => number;
}

const DEFAULT_RETRY_AFTER_MS = 30_000;

/**
 * With HUBSPOT_PORTAL_ID unset, the token still belongs to exactly one portal: HubSpot says which
 * (account details), so the install works without the operator looking the id up. Concurrent
 * callers share one call; a failure is remembered briefly so a burst of card views cannot hammer
 * HubSpot while it is down.
 */
export function createCrmPortal(options: CrmPortalOptions): CrmPortal {
  const now = options.now ?? Date.now;
  const retryAfterMs = options.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
  let learned: string | null = options.crm ? (options.configured ?? null) : null;
  let inflight: Promise<Result<string, ConnectorError>> | null = null;
  let failure: { error: ConnectorError; at: number } | null = null;

  const ask = async (crm: Pick<CrmAccount, 'getPortalId'>): Promise<Result<string, ConnectorError>> => {
    const answer = await crm.getPortalId();
    if (answer.ok) {
      learned = answer.value;
      failure = null;
      options.logger.info(
        { portalId: answer.value },
        `HUBSPOT_PORTAL_ID is unset: the access token belongs to portal ${answer.value}, which this install now serves for CRM reads`,
      );
      return answer;
    }
    failure = { error: answer.error, at: now() };
    options.logger.warn(
      { error: answer.error },
      'could not learn the HubSpot portal id from the access token',
    );
    return answer;
  };

  return {
    known: () => learned,
    async resolve() {
      const crm = options.crm;
      if (!crm) return null;
      if (learned !== null) return ok(learned);
      if (failure && now() - failure.at < retryAfterMs) return err(failure.error);
      inflight ??= ask(crm).finally(() => {
        inflight = null;
      });
      return inflight;
    },
  };
}
