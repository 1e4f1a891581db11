import { checkSlackWebhook } from '../src/alerts/channels/slack-channel.ts';
import { observeConnector } from '../src/services/observed-connector.ts';
import type { Core } from './runtime.ts';
import { syncFieldProblems } from './salesforce-runtime.ts';

// Short: boot waits for it, and a Slack that does not answer in 5 s is worth saying so.
const SLACK_CHECK_TIMEOUT_MS = 5_000;

/**
 * Calls each configured connector once before the server listens, so /readyz reports from its
 * first answer what the provider said, not what the configuration promises. HubSpot is checked by
 * the property provisioning that runs at boot; Slack by an empty (refused, never posted) payload.
 */
export async function checkConnectorsAtBoot(core: Core): Promise<void> {
  await checkSalesforce(core);
  await checkSlack(core);
}

/** Connects (refreshing first in refresh-token mode), names the integration user, describes Lead. */
async function checkSalesforce(core: Core): Promise<void> {
  if (!core.salesforce) return;
  const connected = await core.salesforce.connect();
  if (!connected.ok) {
    core.logger.error(
      { error: connected.error },
      'Salesforce connection failed; Salesforce writes and reads wait until it answers',
    );
    return;
  }
  syncFieldProblems(core.salesforce, core.health);
  const { instanceUrl, integrationUserId, fields } = connected.value;
  core.logger.info(
    { instanceUrl, integrationUserId, fieldProblems: fields.problems.map((p) => p.field) },
    fields.problems.length === 0
      ? 'Salesforce connected; every Lead field of the map is usable'
      : `Salesforce connected; ${fields.problems.length} Lead field(s) unusable (see npm run salesforce:check)`,
  );
}

async function checkSlack(core: Core): Promise<void> {
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
