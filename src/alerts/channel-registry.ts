import type { Logger } from 'pino';
import type { AlertChannel, AlertChannelName } from '../ports/alert-channel.ts';
import type { CrmAdmin } from '../ports/crm-admin.ts';
import { createHubSpotTaskChannel } from './channels/hubspot-task-channel.ts';
import { createLogChannel } from './channels/log-channel.ts';
import { createSlackChannel } from './channels/slack-channel.ts';
import type { ChannelAvailability } from './route-alert.ts';

export interface AlertChannelsOptions {
  /** null when HubSpot is not configured (no access token): no tasks. */
  readonly crm: CrmAdmin | null;
  /** null or empty when SLACK_WEBHOOK_URL is unset: the Slack channel is off. */
  readonly slackWebhookUrl: string | null;
  readonly logger: Logger;
  /** Wraps a channel that talks to a provider, so its answers are observed (health, metrics). */
  readonly observe?: (provider: 'slack', channel: AlertChannel) => AlertChannel;
}

/** The configured channels by name. A new channel is one file in channels/ and one line here. */
export function createAlertChannels(
  options: AlertChannelsOptions,
): ReadonlyMap<AlertChannelName, AlertChannel> {
  const slack = (channel: AlertChannel) => options.observe?.('slack', channel) ?? channel;
  const channels: (AlertChannel | null)[] = [
    options.crm ? createHubSpotTaskChannel(options.crm) : null,
    options.slackWebhookUrl ? slack(createSlackChannel({ webhookUrl: options.slackWebhookUrl })) : null,
    createLogChannel(options.logger),
  ];
  return new Map(channels.filter((c) => c !== null).map((c) => [c.name, c]));
}

/** What routeAlert needs to know about the configured channels. */
export function channelAvailability(
  channels: ReadonlyMap<AlertChannelName, AlertChannel>,
): ChannelAvailability {
  return { slack: channels.has('slack'), hubspotTask: channels.has('hubspot_task') };
}
