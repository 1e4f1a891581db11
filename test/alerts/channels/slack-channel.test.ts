import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createSlackChannel, parseRetryAfter } from '../../../src/alerts/channels/slack-channel.ts';
import { slaAlert } from '../sla-alert-fixture.ts';

const ORIGIN = 'https://hooks.slack.com';
const PATH = '/services/T0000000/B0000000/s3cretT0kenXYZ';
const WEBHOOK_URL = `${ORIGIN}${PATH}`;

interface PostedMessage {
  text: string;
  blocks: {
    type: string;
    text?: { text: string };
    fields?: { text: string }[];
    elements?: { text: string }[];
  }[];
}

describe('createSlackChannel', () => {
  it('posts the alert as Block Kit naming the linked contact, the deadline and how late it is', async () => {
    let posted: PostedMessage | undefined;
    const scope = nock(ORIGIN)
      .post(PATH, (body: PostedMessage) => {
        posted = body;
        return true;
      })
      .matchHeader('content-type', 'application/json')
      .reply(200, 'ok');

    const result = await createSlackChannel({ webhookUrl: WEBHOOK_URL }).send(slaAlert());

    expect(result).toEqual({ ok: true, value: undefined });
    expect(scope.isDone()).toBe(true);
    expect(posted?.text).toContain(
      '<https://app.hubspot.com/contacts/62515/record/0-1/123|山田 太郎 (contact 123)>',
    );
    const section = posted?.blocks[1]?.text?.text;
    expect(section).toBe(
      'The hand-off to sales for <https://app.hubspot.com/contacts/62515/record/0-1/123|山田 太郎 (contact 123)> missed its deadline: 2.5 business hours late.',
    );
    const fields = posted?.blocks[2]?.fields?.map((f) => f.text);
    expect(fields).toEqual([
      '*Deadline*\nhand-off to sales',
      '*Due*\n2026-11-20 Fri 10:00 (Asia/Tokyo), 2026-11-20T01:00:00.000Z',
      '*Late by*\n2.5 business hours',
      '*Owner*\nHubSpot owner 77',
    ]);
    expect(posted?.blocks[3]?.elements?.[0]?.text).toContain('Definition version 2026-11');
  });

  it('turns a 429 with Retry-After into rate_limited with the wait in milliseconds', async () => {
    const scope = nock(ORIGIN).post(PATH).reply(429, 'rate_limited', { 'Retry-After': '30' });

    const result = await createSlackChannel({ webhookUrl: WEBHOOK_URL }).send(slaAlert());

    expect(scope.isDone()).toBe(true);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject({
      code: 'rate_limited',
      provider: 'slack',
      status: 429,
      retryAfterMs: 30_000,
    });
  });

  it('leaves retryAfterMs out of a 429 that gives no hint', async () => {
    nock(ORIGIN).post(PATH).reply(429, 'rate_limited');

    const result = await createSlackChannel({ webhookUrl: WEBHOOK_URL }).send(slaAlert());

    expect(!result.ok && result.error.code).toBe('rate_limited');
    expect(!result.ok && 'retryAfterMs' in result.error).toBe(false);
  });

  it('calls a 500 transient, once: retrying is the job queue’s business', async () => {
    const scope = nock(ORIGIN).post(PATH).once().reply(500, 'internal_error');

    const result = await createSlackChannel({ webhookUrl: WEBHOOK_URL }).send(slaAlert());

    expect(scope.isDone()).toBe(true);
    expect(!result.ok && result.error).toMatchObject({ code: 'transient', status: 500 });
  });

  it('calls a 400 invalid_payload a validation failure', async () => {
    nock(ORIGIN).post(PATH).reply(400, 'invalid_payload');

    const result = await createSlackChannel({ webhookUrl: WEBHOOK_URL }).send(slaAlert());

    expect(!result.ok && result.error).toMatchObject({
      code: 'validation',
      status: 400,
      message: 'Slack webhook answered 400 invalid_payload',
    });
  });

  it.each([
    [403, 'invalid_token'],
    [403, 'action_prohibited'],
    [404, 'no_service'],
    [410, 'channel_is_archived'],
  ])('calls %i %s auth_revoked: only a new webhook URL fixes it', async (status, body) => {
    nock(ORIGIN).post(PATH).reply(status, body);

    const result = await createSlackChannel({ webhookUrl: WEBHOOK_URL }).send(slaAlert());

    expect(!result.ok && result.error).toMatchObject({ code: 'auth_revoked', status });
  });

  it('calls a network failure transient and keeps the webhook URL out of the message', async () => {
    nock(ORIGIN).post(PATH).replyWithError(`connect ECONNRESET ${WEBHOOK_URL}`);

    const result = await createSlackChannel({ webhookUrl: WEBHOOK_URL }).send(slaAlert());

    expect(!result.ok && result.error.code).toBe('transient');
    expect(JSON.stringify(result)).not.toContain('s3cretT0kenXYZ');
  });

  it('gives up on a webhook that does not answer within the timeout, as transient', async () => {
    // A real local server that never answers: nock's delay() trips an undici assertion on abort.
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const channel = createSlackChannel({ webhookUrl: `http://127.0.0.1:${port}${PATH}`, timeoutMs: 100 });

      const result = await channel.send(slaAlert());

      expect(!result.ok && result.error.code).toBe('transient');
      expect(JSON.stringify(result)).not.toContain('s3cretT0kenXYZ');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    }
  });

  it('never puts the webhook URL into an error, whatever Slack answers', async () => {
    nock(ORIGIN).post(PATH).reply(404, `no_service for ${WEBHOOK_URL}`);

    const result = await createSlackChannel({ webhookUrl: WEBHOOK_URL }).send(slaAlert());

    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('s3cretT0kenXYZ');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and ignores what is not a number', () => {
    expect(parseRetryAfter('30')).toBe(30_000);
    expect(parseRetryAfter('1.5')).toBe(1_500);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
