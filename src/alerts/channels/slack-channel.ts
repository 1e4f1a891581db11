import { IncomingWebhook, IncomingWebhookHTTPError, IncomingWebhookRequestError } from '@slack/webhook';
import type { FetchFunction } from '@slack/webhook';
import type { ConnectorError } from '../../domain/connector-error.ts';
import { err, ok } from '../../domain/result.ts';
import type { Result } from '../../domain/result.ts';
import type { AlertChannel } from '../../ports/alert-channel.ts';
import { buildSlackMessage } from '../alert-message.ts';

export interface SlackChannelOptions {
  /** A secret: whoever holds it can post to the channel. It never goes into an error or a log. */
  readonly webhookUrl: string;
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Slack sends `Retry-After` in seconds on 429. */
export function parseRetryAfter(header: string | null): number | undefined {
  if (header === null || !/^\s*\d+(\.\d+)?\s*$/.test(header)) return undefined;
  return Math.round(Number(header) * 1000);
}

/**
 * Maps a failed webhook call to the closed codes. 403/404/410 (invalid_token, action_prohibited,
 * no_service, channel_not_found, channel_is_archived) mean the webhook itself no longer works: only
 * a new URL fixes it, so they are `auth_revoked` and /readyz shows Slack failing. 400 is our payload.
 */
export function slackHttpError(
  status: number,
  body: string,
  retryAfterMs: number | undefined,
): ConnectorError {
  const message = `Slack webhook answered ${status}${body ? ` ${body.slice(0, 200)}` : ''}`;
  const base = { provider: 'slack' as const, status, message };
  if (status === 429)
    return retryAfterMs === undefined
      ? { ...base, code: 'rate_limited' }
      : { ...base, code: 'rate_limited', retryAfterMs };
  if (status >= 500 || status === 408) return { ...base, code: 'transient' };
  if (status === 401 || status === 403 || status === 404 || status === 410)
    return { ...base, code: 'auth_revoked' };
  if (status >= 400) return { ...base, code: 'validation' };
  return { ...base, code: 'unknown' };
}

export function createSlackChannel(options: SlackChannelOptions): AlertChannel {
  const { webhookUrl } = options;
  // Error texts can quote the request; the URL is cut out of anything we pass on.
  const redact = (text: string): string => text.split(webhookUrl).join('[slack webhook]');
  return {
    name: 'slack',
    async send(alert): Promise<Result<void, ConnectorError>> {
      // IncomingWebhookHTTPError drops the response headers, so Retry-After is read on the way through.
      let retryAfter: string | null = null;
      const fetchAndKeepRetryAfter: FetchFunction = async (url, init) => {
        const response = await globalThis.fetch(url, init);
        retryAfter = response.headers.get('retry-after');
        return response;
      };
      // retryConfig: no retries here; the durable alert job owns retrying (one retry policy, not two stacked).
      const webhook = new IncomingWebhook(webhookUrl, {
        fetch: fetchAndKeepRetryAfter,
        timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        retryConfig: { retries: 0 },
      });
      const message = buildSlackMessage(alert);
      try {
        await webhook.send({ text: message.text, blocks: [...message.blocks] });
        return ok(undefined);
      } catch (error) {
        if (error instanceof IncomingWebhookHTTPError) {
          return err(slackHttpError(error.statusCode, redact(error.body), parseRetryAfter(retryAfter)));
        }
        if (error instanceof IncomingWebhookRequestError) {
          // No answer: network failure or our timeout.
          return err({
            code: 'transient',
            provider: 'slack',
            message: redact(`Slack webhook unreachable: ${error.original.message}`),
          });
        }
        const text = error instanceof Error ? error.message : String(error);
        return err({ code: 'unknown', provider: 'slack', message: redact(`Slack webhook failed: ${text}`) });
      }
    },
  };
}

/**
 * Asks Slack whether the webhook still works, without posting anything: a live webhook refuses an
 * empty payload with 400 (`invalid_payload`/`no_text`), a revoked or deleted one answers 403, 404
 * or 410 (Slack's documented webhook errors, api.slack.com/changelog/2016-05-17). Used at boot so
 * /readyz reports what Slack answered rather than assuming it works.
 */
export async function checkSlackWebhook(options: SlackChannelOptions): Promise<Result<void, ConnectorError>> {
  const { webhookUrl } = options;
  const redact = (text: string): string => text.split(webhookUrl).join('[slack webhook]');
  const webhook = new IncomingWebhook(webhookUrl, {
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retryConfig: { retries: 0 },
  });
  try {
    await webhook.send({});
    return ok(undefined);
  } catch (error) {
    if (error instanceof IncomingWebhookHTTPError) {
      const failure = slackHttpError(error.statusCode, redact(error.body), undefined);
      // The refusal of the empty payload is the answer we asked for.
      return failure.code === 'validation' ? ok(undefined) : err(failure);
    }
    if (error instanceof IncomingWebhookRequestError) {
      return err({
        code: 'transient',
        provider: 'slack',
        message: redact(`Slack webhook unreachable: ${error.original.message}`),
      });
    }
    const text = error instanceof Error ? error.message : String(error);
    return err({
      code: 'unknown',
      provider: 'slack',
      message: redact(`Slack webhook check failed: ${text}`),
    });
  }
}
