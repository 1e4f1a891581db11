import type { ConnectorError } from '../domain/connector-error.ts';
import type { Result } from '../domain/result.ts';

/** A contact property as the CRM's schema has it. */
export interface CrmPropertyInfo {
  readonly name: string;
  /** The CRM's own type name (HubSpot: string, number, date, datetime, enumeration, bool, …). */
  readonly type: string;
}

/** Which account the configured token reads, and its contact schema: what an install checks first. */
export interface CrmAccount {
  /** The account (HubSpot portal) id the token belongs to. */
  getPortalId(): Promise<Result<string, ConnectorError>>;
  listContactProperties(): Promise<Result<readonly CrmPropertyInfo[], ConnectorError>>;
}
