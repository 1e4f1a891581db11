import type { Logger } from 'pino';
import { ok } from '../../domain/result.ts';
import type { AlertChannel } from '../../ports/alert-channel.ts';

/** The audit trail of every alert decided: one warn line per alert. It never fails. */
export function createLogChannel(logger: Logger): AlertChannel {
  return {
    name: 'log',
    send(alert) {
      logger.child({ portalId: alert.portalId, contactId: alert.contactId }).warn(
        {
          alert: {
            id: alert.id,
            alertKind: alert.alertKind,
            deadlineKind: alert.deadlineKind,
            contactName: alert.contactName,
            contactUrl: alert.contactUrl,
            dueAt: alert.dueAt.toISOString(),
            now: alert.now.toISOString(),
            lateByMs: alert.lateByMs,
            clock: alert.clock,
            timezone: alert.timezone,
            ownerId: alert.ownerId,
            definitionVersion: alert.definitionVersion,
          },
        },
        'SLA alert',
      );
      return Promise.resolve(ok(undefined));
    },
  };
}
