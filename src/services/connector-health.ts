import type { ConnectorError, ConnectorProvider } from '../domain/connector-error.ts';

export type ConnectorState = 'ok' | 'disabled' | 'failing';

/** Remembers each connector's last outcome for /readyz: one failure that is not transient is enough. */
export interface ConnectorHealth {
  state(provider: ConnectorProvider): ConnectorState;
  recordSuccess(provider: ConnectorProvider): void;
  recordFailure(provider: ConnectorProvider, error: ConnectorError): void;
  lastError(provider: ConnectorProvider): ConnectorError | null;
}

// Transient blips and rate limits are normal traffic; three in a row mean the connector is failing.
const FAILING_AFTER_TRANSIENT = 3;

export function createConnectorHealth(
  enabled: Readonly<Record<ConnectorProvider, boolean>>,
): ConnectorHealth {
  const failures = new Map<ConnectorProvider, { count: number; error: ConnectorError }>();
  return {
    state(provider) {
      if (!enabled[provider]) return 'disabled';
      const failure = failures.get(provider);
      if (!failure) return 'ok';
      const hard = failure.error.code === 'auth_revoked' || failure.error.code === 'unknown';
      return hard || failure.count >= FAILING_AFTER_TRANSIENT ? 'failing' : 'ok';
    },
    recordSuccess(provider) {
      failures.delete(provider);
    },
    recordFailure(provider, error) {
      if (error.code === 'validation' || error.code === 'not_found') return;
      const previous = failures.get(provider);
      failures.set(provider, { count: (previous?.count ?? 0) + 1, error });
    },
    lastError(provider) {
      return failures.get(provider)?.error ?? null;
    },
  };
}
