import type { ConnectorError } from '../../domain/connector-error.ts';
import { err, ok } from '../../domain/result.ts';
import type { Result } from '../../domain/result.ts';
import type { AlertChannel, SlaAlert } from '../../ports/alert-channel.ts';
import type { CrmAdmin } from '../../ports/crm-admin.ts';
import { buildAlertText } from '../alert-message.ts';

/**
 * An alert as a HubSpot task for the contact's owner, associated to the contact, due now: the
 * deadline has passed (or is about to), so the task sits at the top of the owner's queue.
 */
export function createHubSpotTaskChannel(crm: CrmAdmin): AlertChannel {
  return {
    name: 'hubspot_task',
    async send(alert: SlaAlert): Promise<Result<void, ConnectorError>> {
      if (alert.ownerId === null) {
        // routeAlert never sends an ownerless alert here; a caller that does gets a value, not a throw.
        return err({
          code: 'validation',
          provider: 'hubspot',
          message: `no owner: SLA alert ${alert.id} for contact ${alert.contactId} cannot become a HubSpot task`,
        });
      }
      const { subject, body } = buildAlertText(alert);
      const created = await crm.createTask({
        contactId: alert.contactId,
        ownerId: alert.ownerId,
        subject,
        body: toTaskHtml(body),
        dueAt: alert.now,
      });
      return created.ok ? ok(undefined) : created;
    },
  };
}

// HubSpot renders a task body as HTML: plain newlines would run the lines together.
export function toTaskHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .split('\n')
    .join('<br>');
}
