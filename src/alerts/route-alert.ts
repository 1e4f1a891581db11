import type { AlertChannelName, AlertKind } from '../ports/alert-channel.ts';

export interface ChannelAvailability {
  readonly slack: boolean;
  readonly hubspotTask: boolean;
}

/**
 * Which channels receive an alert (contract, "SLA alerts"):
 * - breached: the owner's HubSpot task when there is an owner, and Slack when configured;
 * - due_soon: one warning, the owner's task when there is an owner, else Slack;
 * - escalated: Slack.
 *
 * `log` is always included, not only as the fallback: it is the audit trail that an alert was
 * decided, whatever happens to the other deliveries, and it is the only place an alert is visible
 * when neither HubSpot nor Slack is configured. It cannot fail, so it never holds up a retry.
 *
 * A due_soon warning for an owner falls back to Slack when tasks cannot be created (no HubSpot
 * token): the warning exists to reach a person before the deadline, and the log reaches nobody.
 */
export function routeAlert(
  alert: { readonly alertKind: AlertKind; readonly ownerId: string | null },
  available: ChannelAvailability,
): AlertChannelName[] {
  const ownerTask = alert.ownerId !== null && available.hubspotTask;
  const channels: AlertChannelName[] = [];
  switch (alert.alertKind) {
    case 'breached':
      if (ownerTask) channels.push('hubspot_task');
      if (available.slack) channels.push('slack');
      break;
    case 'due_soon':
      if (ownerTask) channels.push('hubspot_task');
      else if (available.slack) channels.push('slack');
      break;
    case 'escalated':
      if (available.slack) channels.push('slack');
      break;
  }
  channels.push('log');
  return channels;
}
