import { contactRecordUrl } from '../alerts/alert-message.ts';
import type { Definitions } from '../domain/definitions.ts';
import type { SlaClock } from '../domain/sla-clock.ts';
import type { Logger } from '../logging/logger.ts';
import type { AlertChannel, AlertChannelName, AlertKind, DeadlineKind } from '../ports/alert-channel.ts';
import type { Database } from '../storage/database.ts';
import { RetryableError } from './retryable-error.ts';

/** Attempts per alert and channel; the alert job queue is defined with one retry fewer. */
export const ALERT_MAX_ATTEMPTS = 21;

export interface DeliverDeps {
  readonly db: Database;
  readonly definitions: Definitions;
  readonly clock: SlaClock;
  readonly channels: ReadonlyMap<AlertChannelName, AlertChannel>;
  readonly now: () => Date;
  readonly logger: Logger;
  readonly onOutcome?: (
    kind: AlertKind,
    channel: AlertChannelName,
    outcome: 'sent' | 'retry' | 'failed',
  ) => void;
}

interface AlertRow {
  portal_id: string;
  contact_id: string;
  deadline_kind: DeadlineKind;
  alert_kind: AlertKind;
  due_at: Date;
  owner_id: string | null;
  state: 'pending' | 'sent' | 'failed';
  properties: Record<string, string | null> | null;
}

/**
 * Sends one alert on one channel. Throws RetryableError on rate limits and outages so the job
 * queue retries it with backoff; other failures are stored as failed. Each channel is its own job,
 * so a failing channel never holds up the others.
 */
export async function deliverAlert(
  deps: DeliverDeps,
  alertId: number,
  channelName: AlertChannelName,
): Promise<void> {
  const { rows } = await deps.db.query<AlertRow>(
    `SELECT a.portal_id, a.contact_id, a.deadline_kind, a.alert_kind, a.due_at, a.owner_id, d.state, c.properties
       FROM sla_alerts a
       JOIN alert_deliveries d ON d.alert_id = a.id AND d.channel = $2
       LEFT JOIN contacts c ON c.portal_id = a.portal_id AND c.contact_id = a.contact_id
      WHERE a.id = $1`,
    [alertId, channelName],
  );
  const row = rows[0];
  if (!row || row.state !== 'pending') return;
  const channel = deps.channels.get(channelName);
  if (!channel) {
    await finish(deps.db, alertId, channelName, 'failed', `channel ${channelName} is not configured`);
    return;
  }
  const now = deps.now();
  const lateByMs =
    now >= row.due_at ? deps.clock.elapsed(row.due_at, now) : -deps.clock.elapsed(now, row.due_at);
  const name = [row.properties?.['firstname'], row.properties?.['lastname']].filter(Boolean).join(' ');
  const result = await channel.send({
    id: String(alertId),
    portalId: row.portal_id,
    contactId: row.contact_id,
    contactName: name === '' ? null : name,
    contactUrl: contactRecordUrl(row.portal_id, row.contact_id),
    deadlineKind: row.deadline_kind,
    alertKind: row.alert_kind,
    dueAt: row.due_at,
    now,
    lateByMs,
    clock: deps.clock.kind,
    timezone: deps.definitions.timezone,
    ownerId: row.owner_id,
    definitionVersion: deps.definitions.version,
  });
  if (result.ok) {
    await finish(deps.db, alertId, channelName, 'sent', null);
    deps.onOutcome?.(row.alert_kind, channelName, 'sent');
    return;
  }
  const { error } = result;
  if (error.code === 'rate_limited' || error.code === 'transient') {
    const { rows: counted } = await deps.db.query<{ attempts: number }>(
      `UPDATE alert_deliveries SET attempts = attempts + 1, last_error = $3 WHERE alert_id = $1 AND channel = $2
       RETURNING attempts`,
      [alertId, channelName, `${error.code}: ${error.message}`],
    );
    // The job queue stops retrying after ALERT_MAX_ATTEMPTS; the last attempt records the failure
    // so the delivery does not stay pending forever.
    if ((counted[0]?.attempts ?? 0) < ALERT_MAX_ATTEMPTS) {
      deps.onOutcome?.(row.alert_kind, channelName, 'retry');
      throw new RetryableError(`${channelName} delivery of alert ${alertId}: ${error.code}`);
    }
  }
  deps.logger.error({ alertId, channel: channelName, error }, 'alert delivery failed');
  await finish(deps.db, alertId, channelName, 'failed', `${error.code}: ${error.message}`);
  deps.onOutcome?.(row.alert_kind, channelName, 'failed');
}

async function finish(
  db: Database,
  alertId: number,
  channel: AlertChannelName,
  state: 'sent' | 'failed',
  error: string | null,
): Promise<void> {
  await db.query(
    `UPDATE alert_deliveries SET state = $3, attempts = attempts + 1, last_error = $4,
            sent_at = CASE WHEN $3 = 'sent' THEN now() ELSE sent_at END
      WHERE alert_id = $1 AND channel = $2 AND state = 'pending'`,
    [alertId, channel, state, error],
  );
}
