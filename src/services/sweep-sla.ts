import { routeAlert } from '../alerts/route-alert.ts';
import type { ChannelAvailability } from '../alerts/route-alert.ts';
import { deadlineStatus, nextCheckAt, owedAlerts } from '../domain/deadline-plan.ts';
import type { Definitions } from '../domain/definitions.ts';
import type { Logger } from '../logging/logger.ts';
import type { AlertChannelName } from '../ports/alert-channel.ts';
import type { Database } from '../storage/database.ts';
import { DEADLINE_COLUMNS, saveDeadline, toDeadline } from '../storage/deadline-repository.ts';
import type { DeadlineRow } from '../storage/deadline-repository.ts';
import type { Queryable } from '../storage/queryable.ts';
import { DEFAULT_WRITE_BACK_TARGETS } from '../storage/write-back-outbox.ts';
import type { WriteBackTarget } from '../storage/write-back-outbox.ts';
import { enqueueContactChange } from './lead-page-change.ts';

export interface SweepDeps {
  readonly db: Database;
  readonly definitions: Definitions;
  readonly now: () => Date;
  readonly logger: Logger;
  readonly channels: ChannelAvailability;
  /**
   * Hands a new delivery to the job queue inside the sweep's transaction, so an alert is recorded
   * exactly when its deliveries are scheduled: a crash cannot leave one without the other.
   */
  readonly enqueue?: (delivery: NewDelivery, tx: Queryable) => Promise<void>;
  /** The CRMs each SLA status change is written to (default: HubSpot). */
  readonly writeBackTargets?: readonly WriteBackTarget[];
}

export interface NewDelivery {
  readonly alertId: number;
  readonly channel: AlertChannelName;
}

export interface SweepResult {
  readonly checked: number;
  readonly alerts: number;
  readonly deliveries: readonly NewDelivery[];
}

const SWEEP_BATCH = 500;

/**
 * Looks at every open deadline whose next check is due, records the alerts it owes (each at most
 * once: the sla_alerts unique key decides, whatever instance gets there first), writes the new SLA
 * status back, and moves the deadline's next check forward. Each delivery's job is created in the
 * same transaction (`enqueue`); the deliveries are also returned, for tests and logs.
 */
export async function sweepSla(deps: SweepDeps): Promise<SweepResult> {
  const now = deps.now();
  return deps.db.transaction(async (client) => {
    const { rows } = await client.query<Parameters<typeof toDeadline>[0] & { owner_id: string | null }>(
      `SELECT ${DEADLINE_COLUMNS.split(',')
        .map((c) => `d.${c.trim()}`)
        .join(', ')}, c.owner_id
         FROM deadlines d
         LEFT JOIN contacts c ON c.portal_id = d.portal_id AND c.contact_id = d.contact_id
        WHERE d.next_check_at IS NOT NULL AND d.next_check_at <= $1
        ORDER BY d.next_check_at
        LIMIT $2
        FOR UPDATE OF d SKIP LOCKED`,
      [now, SWEEP_BATCH],
    );
    let alerts = 0;
    const deliveries: NewDelivery[] = [];
    for (const row of rows) {
      const deadline = toDeadline(row);
      for (const kind of owedAlerts(deadline, now)) {
        const alertId = await insertAlert(client, deadline, kind, row.owner_id);
        if (alertId === null) continue;
        alerts++;
        for (const channel of routeAlert({ alertKind: kind, ownerId: row.owner_id }, deps.channels)) {
          await client.query(
            'INSERT INTO alert_deliveries (alert_id, channel) VALUES ($1, $2) ON CONFLICT DO NOTHING',
            [alertId, channel],
          );
          await deps.enqueue?.({ alertId, channel }, client);
          deliveries.push({ alertId, channel });
        }
      }
      await advance(deps, client, deadline, now);
    }
    return { checked: rows.length, alerts, deliveries };
  });
}

async function insertAlert(
  client: Queryable,
  deadline: DeadlineRow,
  kind: 'due_soon' | 'breached' | 'escalated',
  ownerId: string | null,
): Promise<number | null> {
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO sla_alerts (portal_id, contact_id, episode, deadline_kind, alert_kind, started_at, due_at, owner_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (portal_id, contact_id, episode, deadline_kind, alert_kind) DO NOTHING
     RETURNING id`,
    [
      deadline.portalId,
      deadline.contactId,
      deadline.episode,
      deadline.kind,
      kind,
      deadline.startedAt,
      deadline.dueAt,
      ownerId,
    ],
  );
  return rows[0]?.id ?? null;
}

async function advance(deps: SweepDeps, client: Queryable, deadline: DeadlineRow, now: Date): Promise<void> {
  const status = deadlineStatus(deadline, now);
  await saveDeadline(client, { ...deadline, status, nextCheckAt: nextCheckAt(deadline, now) });
  if (status === deadline.status) return;
  await enqueueContactChange(deps, client, {
    portalId: deadline.portalId,
    contactId: deadline.contactId,
    targets: deps.writeBackTargets ?? DEFAULT_WRITE_BACK_TARGETS,
    changes: { slaStatus: status },
    now,
  });
}
