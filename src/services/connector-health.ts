import type { ConnectorError, ConnectorProvider } from '../domain/connector-error.ts';

/**
 * What /readyz says of a connector, from what was observed and nothing else:
 * - `disabled`: not configured, or not built (the reason says which);
 * - `unchecked`: configured, but not called yet (the boot checks call each one before serving);
 * - `ok`: its last call was answered (a refusal of our input is an answer too);
 * - `failing`: it refused our credentials, answered what we cannot read, or did not answer
 *   (three times in a row for outages and rate limits, which are normal traffic).
 */
export type ConnectorState = 'ok' | 'disabled' | 'failing' | 'unchecked';

export interface ConnectorSetting {
  readonly enabled: boolean;
  readonly reason: string;
}

export interface ConnectorReport {
  readonly state: ConnectorState;
  /** Why it is disabled; absent otherwise. */
  readonly reason?: string;
  readonly lastAnsweredAt: string | null;
  /** The failure that makes it failing (code and a message without secrets), or the last one seen. */
  readonly lastError: { readonly code: string; readonly message: string; readonly at: string } | null;
  /** A standing problem found by a check (a Salesforce Lead field missing): failing while set. */
  readonly problem?: string;
}

export interface ConnectorHealth {
  state(provider: ConnectorProvider): ConnectorState;
  report(provider: ConnectorProvider): ConnectorReport;
  /** When the provider last answered a call (null: not since boot). */
  lastAnsweredAt(provider: ConnectorProvider): Date | null;
  recordSuccess(provider: ConnectorProvider): void;
  recordFailure(provider: ConnectorProvider, error: ConnectorError): void;
  /**
   * A problem that answers do not clear (a field the connector needs is missing): the connector is
   * failing while it is set, whatever its calls answer; null clears it.
   */
  setProblem(provider: ConnectorProvider, problem: string | null): void;
}

// Transient blips and rate limits are normal traffic; three in a row mean the connector is failing.
const FAILING_AFTER_TRANSIENT = 3;

interface Observed {
  answeredAt: Date | null;
  failures: number;
  error: { code: string; message: string; at: Date } | null;
}

export function createConnectorHealth(
  settings: Readonly<Record<ConnectorProvider, ConnectorSetting>>,
  now: () => Date = () => new Date(),
): ConnectorHealth {
  const observed = new Map<ConnectorProvider, Observed>();
  const problems = new Map<ConnectorProvider, string>();
  const get = (provider: ConnectorProvider): Observed => {
    let entry = observed.get(provider);
    if (!entry) {
      entry = { answeredAt: null, failures: 0, error: null };
      observed.set(provider, entry);
    }
    return entry;
  };
  const answered = (provider: ConnectorProvider) => {
    const entry = get(provider);
    entry.answeredAt = now();
    entry.failures = 0;
  };
  const state = (provider: ConnectorProvider): ConnectorState => {
    if (!settings[provider].enabled) return 'disabled';
    const entry = observed.get(provider);
    if (problems.has(provider)) return 'failing';
    if (!entry || (entry.answeredAt === null && entry.error === null)) return 'unchecked';
    if (entry.failures === 0) return 'ok';
    const hard = entry.error?.code === 'auth_revoked' || entry.error?.code === 'unknown';
    // Never answered at all: whatever the failure, nothing shows the connector works.
    return hard || entry.answeredAt === null || entry.failures >= FAILING_AFTER_TRANSIENT ? 'failing' : 'ok';
  };
  return {
    state,
    report(provider) {
      const entry = observed.get(provider);
      const setting = settings[provider];
      const problem = problems.get(provider);
      return {
        state: state(provider),
        ...(setting.enabled ? {} : { reason: setting.reason }),
        lastAnsweredAt: entry?.answeredAt?.toISOString() ?? null,
        lastError: entry?.error ? { ...entry.error, at: entry.error.at.toISOString() } : null,
        ...(problem === undefined ? {} : { problem }),
      };
    },
    lastAnsweredAt(provider) {
      return observed.get(provider)?.answeredAt ?? null;
    },
    recordSuccess(provider) {
      answered(provider);
    },
    setProblem(provider, problem) {
      if (problem === null) problems.delete(provider);
      else problems.set(provider, problem);
    },
    recordFailure(provider, error) {
      // A refusal of our input (a bad value, a deleted record) is an answer: the connector works.
      if (error.code === 'validation' || error.code === 'not_found') {
        answered(provider);
        return;
      }
      const entry = get(provider);
      entry.failures += 1;
      entry.error = { code: error.code, message: error.message, at: now() };
    },
  };
}
