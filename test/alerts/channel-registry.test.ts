import nock from 'nock';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { channelAvailability, createAlertChannels } from '../../src/alerts/channel-registry.ts';
import { ok } from '../../src/domain/result.ts';
import type { CrmAdmin } from '../../src/ports/crm-admin.ts';
import { slaAlert } from './sla-alert-fixture.ts';

const logger = pino({ level: 'silent' });

const crm: CrmAdmin = {
  ensureContactProperties: () => Promise.reject(new Error('not used by alerts')),
  getOwnerByUserId: () => Promise.reject(new Error('not used by alerts')),
  createTask: () => Promise.resolve(ok({ id: 'task-1' })),
};

describe('createAlertChannels', () => {
  it('has only the log channel when neither HubSpot nor Slack is configured', () => {
    const channels = createAlertChannels({ crm: null, slackWebhookUrl: null, logger });

    expect([...channels.keys()]).toEqual(['log']);
    expect(channelAvailability(channels)).toEqual({ slack: false, hubspotTask: false });
  });

  it('treats an empty webhook URL as Slack switched off', () => {
    const channels = createAlertChannels({ crm: null, slackWebhookUrl: '', logger });

    expect(channels.has('slack')).toBe(false);
  });

  it('adds HubSpot tasks and Slack when they are configured', () => {
    const channels = createAlertChannels({
      crm,
      slackWebhookUrl: 'https://hooks.slack.com/services/T1/B1/abc',
      logger,
    });

    expect([...channels.keys()]).toEqual(['hubspot_task', 'slack', 'log']);
    expect(channelAvailability(channels)).toEqual({ slack: true, hubspotTask: true });
  });

  it('wires the Slack channel to the configured webhook', async () => {
    const scope = nock('https://hooks.slack.com').post('/services/T1/B1/abc').reply(200, 'ok');
    const channels = createAlertChannels({
      crm: null,
      slackWebhookUrl: 'https://hooks.slack.com/services/T1/B1/abc',
      logger,
    });

    const result = await channels.get('slack')?.send(slaAlert());

    expect(result?.ok).toBe(true);
    expect(scope.isDone()).toBe(true);
  });
});
