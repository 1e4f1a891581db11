// A CRM that refuses our credentials (a refresh token revoked or expired, an access token no
// longer valid) stops that CRM's writes and reads until an operator replaces them: /readyz says
// so, and this says it once to people: one error line in the log and, when Slack is configured,
// one Slack message. Not again on every refused call; again only after the CRM has accepted a
// call in between (a new failure). Held in memory: a restart with the same bad credentials says
// it once more, which is what an operator restarting with them wants to hear.
import { IncomingWebhook } from '@slack/webhook';
import type { ConnectorProvider } from '../domain/connector-error.ts';
import type { Logger } from '../logging/logger.ts';

export interface CredentialsAlertOptions {
  readonly provider: ConnectorProvider;
  /** What an operator does about it, one sentence. */
  readonly fix: string;
  readonly logger: Logger;
  readonly slackWebhookUrl: string | null;
}

export interface CredentialsAlert {
  /** Every call's outcome: `ok` or the connector error code (`auth_revoked` is the refusal). */
  observe(outcome: string): void;
  /** Resolves when the message of the latest refusal has been sent (tests, shutdown). */
  settled(): Promise<void>;
}

const NAMES: Record<ConnectorProvider, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  slack: 'Slack',
};

export function createCredentialsAlert(options: CredentialsAlertOptions): CredentialsAlert {
  let alerted = false;
  let sending: Promise<void> = Promise.resolve();
  const name = NAMES[options.provider];
  const text = `${name} refuses the backend's credentials: ${name} writes and reads are paused until they are replaced. ${options.fix}`;
  return {
    observe(outcome) {
      if (outcome === 'ok') {
        alerted = false;
        return;
      }
      if (outcome !== 'auth_revoked' || alerted) return;
      alerted = true;
      options.logger.error({ provider: options.provider, alert: 'credentials_refused' }, text);
      const url = options.slackWebhookUrl;
      if (url === null) return;
      // No retry of its own: a message lost here still leaves /readyz failing and the log line.
      sending = new IncomingWebhook(url, { timeout: 10_000 }).send({ text: `:warning: ${text}` }).then(
        () => undefined,
        (error: unknown) => {
          options.logger.warn(
            { provider: options.provider, err: error },
            'the Slack message about refused credentials could not be sent',
          );
        },
      );
    },
    settled: () => sending,
  };
}
