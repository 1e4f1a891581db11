import type { ConnectorError } from '../domain/connector-error.ts';
import type { Result } from '../domain/result.ts';

export type AlertKind = 'due_soon' | 'breached' | 'escalated';
export type DeadlineKind = 'handoff' | 'verdict';
export type AlertChannelName = 'hubspot_task' | 'slack' | 'log';

/** One SLA alert, as the sweep decided it: everything a channel needs to word it, nothing to look up. */
export interface SlaAlert {
  /** Stable per contact × deadline × alert kind, so a redelivered job can be recognised. */
  readonly id: string;
  readonly portalId: string;
  readonly contactId: string;
  readonly contactName: string | null;
  /** https://app.hubspot.com/contacts/{portalId}/record/0-1/{contactId} (see `contactRecordUrl`). */
  readonly contactUrl: string;
  readonly deadlineKind: DeadlineKind;
  readonly alertKind: AlertKind;
  readonly dueAt: Date;
  readonly now: Date;
  /** Counted on the deadline's clock; 0 or negative for `due_soon` (minus the time left). */
  readonly lateByMs: number;
  readonly clock: 'business' | 'calendar';
  /** The definitions' IANA time zone (`Asia/Tokyo`), used to show the due time as people read it. */
  readonly timezone: string;
  readonly ownerId: string | null;
  readonly definitionVersion: string;
}

/**
 * Somewhere an SLA alert can be delivered. Expected failures come back as values with the closed
 * codes; the durable job that calls `send` retries `rate_limited` and `transient`, nothing else does.
 */
export interface AlertChannel {
  readonly name: AlertChannelName;
  send(alert: SlaAlert): Promise<Result<void, ConnectorError>>;
}
