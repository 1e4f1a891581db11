import { checkSlackWebhook } from '../src/alerts/channels/slack-channel.ts';
import { observeConnector } from '../src/services/observed-connector.ts';
import type { Core } from './runtime.ts';

// Short: boot waits for it, and a Slack that does not answer in 5 s is worth saying so.
const SLACK_CHECK_TIMEOUT_MS = 5_000;

/**
 * Calls each configured connector once before the server listens, so /readyz reports from its
 * first answer what the provider said, not what the configuration promises. HubSpot is checked by
 * the property provisioning that runs at boot; Slack by an empty (refused, never posted) payload.
 */
export async function checkConnectorsAtBoot(core: Core): Promise<void> {
  const slackUrl = core.config.SLACK_WEBHOOK_URL?.reveal();
  if (slackUrl === undefined) return;
  const slack = observeConnector(
    'slack',
    { check: () => checkSlackWebhook({ webhookUrl: slackUrl, timeoutMs: SLACK_CHECK_TIMEOUT_MS }) },
    core.health,
    (outcome) => {
      core.metrics.crmCalls.inc({ provider: 'slack', outcome });
    },
  );
  const result = await slack.check();
  if (result.ok) core.logger.info('Slack webhook answers');
  else
    core.logger.error(
      { error: result.error },
      'Slack webhook check failed; SLA alerts to Slack may not arrive',
    );
}
