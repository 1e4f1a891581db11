import { Writable } from 'node:stream';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createCredentialsAlert } from '../../src/alerts/credentials-alert.ts';
import { createLogger } from '../../src/logging/logger.ts';

const ORIGIN = 'https://hooks.slack.com';
const PATH = '/services/T0000000/B0000000/s3cretT0kenXYZ';

function capture() {
  const lines: { level: number; msg: string; alert?: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as { level: number; msg: string });
      done();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

function alertFor(slackWebhookUrl: string | null) {
  const { logger, lines } = capture();
  const alert = createCredentialsAlert({
    provider: 'salesforce',
    fix: 'Set a new SALESFORCE_REFRESH_TOKEN.',
    logger,
    slackWebhookUrl,
  });
  return { alert, lines };
}

describe('createCredentialsAlert', () => {
  afterEach(() => {
    nock.cleanAll();
  });

  it('says a refusal once (one error line, one Slack message) however many calls are refused', async () => {
    const posted: string[] = [];
    const scope = nock(ORIGIN)
      .post(PATH, (body: { text: string }) => {
        posted.push(body.text);
        return true;
      })
      .times(2)
      .reply(200, 'ok');
    const { alert, lines } = alertFor(`${ORIGIN}${PATH}`);

    for (let i = 0; i < 5; i += 1) alert.observe('auth_revoked');
    alert.observe('transient');
    alert.observe('auth_revoked');
    await alert.settled();

    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain("Salesforce refuses the backend's credentials");
    expect(posted[0]).toContain('SALESFORCE_REFRESH_TOKEN');
    expect(lines.filter((line) => line.alert === 'credentials_refused')).toHaveLength(1);
    expect(lines.find((line) => line.alert === 'credentials_refused')?.level).toBe(50);
    expect(scope.pendingMocks()).toHaveLength(1);
  });

  it('says it again after the CRM accepted a call in between (a new failure)', async () => {
    let posts = 0;
    nock(ORIGIN)
      .post(PATH)
      .times(2)
      .reply(200, () => {
        posts += 1;
        return 'ok';
      });
    const { alert, lines } = alertFor(`${ORIGIN}${PATH}`);

    alert.observe('auth_revoked');
    await alert.settled();
    alert.observe('ok');
    alert.observe('auth_revoked');
    alert.observe('auth_revoked');
    await alert.settled();

    expect(posts).toBe(2);
    expect(lines.filter((line) => line.alert === 'credentials_refused')).toHaveLength(2);
  });

  it('only logs without Slack, and says nothing for failures that are not a refusal', async () => {
    const { alert, lines } = alertFor(null);
    alert.observe('transient');
    alert.observe('rate_limited');
    expect(lines).toHaveLength(0);
    alert.observe('auth_revoked');
    await alert.settled();
    expect(lines.map((line) => line.level)).toEqual([50]);
  });

  it('keeps going when Slack cannot be reached: a warning, never a throw', async () => {
    nock(ORIGIN).post(PATH).reply(500, 'internal_error');
    const { alert, lines } = alertFor(`${ORIGIN}${PATH}`);
    alert.observe('auth_revoked');
    await alert.settled();
    expect(lines.map((line) => line.level)).toEqual([50, 40]);
    expect(lines[1]?.msg).toContain('could not be sent');
  });
});
