// The closed set of failure codes every connector maps its provider's errors to.
export type ConnectorErrorCode =
  'rate_limited' | 'transient' | 'auth_revoked' | 'not_found' | 'validation' | 'unknown';

export type ConnectorProvider = 'hubspot' | 'salesforce' | 'slack';

export interface ConnectorError {
  readonly code: ConnectorErrorCode;
  readonly provider: ConnectorProvider;
  readonly message: string;
  /** How long the provider asked us to wait, when it said so (or when its rate-limit policy implies it). */
  readonly retryAfterMs?: number;
  readonly status?: number;
}
