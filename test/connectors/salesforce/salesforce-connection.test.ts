import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/env.ts';
import type { Config } from '../../../src/config/env.ts';
import {
  connectSalesforce,
  salesforceConnectionSettings,
} from '../../../src/connectors/salesforce/salesforce-connection.ts';
import { toSalesforceError } from '../../../src/connectors/salesforce/salesforce-errors.ts';
import { deployPackage } from '../../../src/connectors/salesforce/metadata/deploy-package.ts';
import { zipPackageFiles } from '../../../src/connectors/salesforce/metadata/package-files.ts';
import {
  DEPLOY_ID,
  deployScope,
  fakeClock,
  fixture,
  INSTANCE,
  soapPath,
  succeeded,
} from './soap-fixtures.ts';

function config(env: Record<string, string>): Config {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.config;
}

const ZIP = zipPackageFiles(new Map([['package.xml', '<Package/>']]));

const REFRESH_ENV = {
  SALESFORCE_LOGIN_URL: 'https://test.salesforce.com',
  SALESFORCE_CLIENT_ID: '3MVG9-test-client-id',
  SALESFORCE_CLIENT_SECRET: 'test-client-secret',
  SALESFORCE_REFRESH_TOKEN: '5Aep-test-refresh-token',
};

describe('salesforceConnectionSettings', () => {
  it('takes an access token for an instance, at API 62.0 unless told otherwise', () => {
    const settings = salesforceConnectionSettings(
      config({ SALESFORCE_INSTANCE_URL: `${INSTANCE}/`, SALESFORCE_ACCESS_TOKEN: 'tok' }),
    );
    expect(settings).toEqual({
      ok: true,
      value: {
        instanceUrl: INSTANCE,
        apiVersion: '62.0',
        auth: { kind: 'access_token', accessToken: 'tok' },
        refresh: null,
      },
    });
  });

  it('takes refresh-token credentials against the login URL', () => {
    const settings = salesforceConnectionSettings(config({ ...REFRESH_ENV, SALESFORCE_API_VERSION: '64.0' }));
    expect(settings.ok && settings.value).toEqual({
      instanceUrl: null,
      apiVersion: '64.0',
      auth: {
        kind: 'refresh_token',
        clientId: '3MVG9-test-client-id',
        clientSecret: 'test-client-secret',
        refreshToken: '5Aep-test-refresh-token',
        loginUrl: 'https://test.salesforce.com',
      },
      refresh: null,
    });
  });

  it('says what is missing', () => {
    expect(salesforceConnectionSettings(config({}))).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^Salesforce is not configured: set SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN, or/,
      ) as string,
    });
    expect(salesforceConnectionSettings(config({ SALESFORCE_ACCESS_TOKEN: 'tok' }))).toEqual({
      ok: false,
      error: 'SALESFORCE_ACCESS_TOKEN needs SALESFORCE_INSTANCE_URL (the org the token is for)',
    });
    expect(salesforceConnectionSettings(config({ SALESFORCE_CLIENT_ID: 'id' }))).toEqual({
      ok: false,
      error: expect.stringMatching(/^incomplete Salesforce credentials/) as string,
    });
  });
});

describe('connectSalesforce', () => {
  it('refreshes once up front in refresh-token mode, then deploys to the instance the token names', async () => {
    const token = nock('https://test.salesforce.com')
      .post('/services/oauth2/token', (body: Record<string, string>) => {
        expect(body).toEqual({
          grant_type: 'refresh_token',
          refresh_token: '5Aep-test-refresh-token',
          client_id: '3MVG9-test-client-id',
          client_secret: 'test-client-secret',
        });
        return true;
      })
      .reply(200, JSON.parse(fixture('oauth-token-refreshed.json')) as object);
    const settings = salesforceConnectionSettings(config(REFRESH_ENV));
    if (!settings.ok) throw new Error(settings.error);
    const conn = await connectSalesforce(settings.value);
    expect(token.isDone()).toBe(true);
    expect(conn.instanceUrl).toBe(INSTANCE);
    const { scope } = deployScope({
      polls: 1,
      final: succeeded(),
      token: '00D5g00000LhOrg!AQ4AQ.refreshed-access-token',
    });
    const { now, sleep } = fakeClock();
    const result = await deployPackage(conn, ZIP, { checkOnly: true, now, sleep });
    expect(scope.isDone()).toBe(true);
    expect(result.ok && result.value.id).toBe(DEPLOY_ID);
  });

  it('refreshes an expired access token and replays the SOAP call when refresh credentials are set', async () => {
    const settings = salesforceConnectionSettings(
      config({ ...REFRESH_ENV, SALESFORCE_INSTANCE_URL: INSTANCE, SALESFORCE_ACCESS_TOKEN: 'expired-token' }),
    );
    if (!settings.ok) throw new Error(settings.error);
    const conn = await connectSalesforce(settings.value);
    // jsforce's SOAP layer treats a 500 fault INVALID_SESSION_ID as an expired session.
    const expired = nock(INSTANCE)
      .post(soapPath(), (body: string) => body.includes('<sessionId>expired-token</sessionId>'))
      .reply(500, fixture('soap-fault-invalid-session.xml'), { 'Content-Type': 'text/xml' });
    const token = nock('https://test.salesforce.com')
      .post('/services/oauth2/token')
      .reply(200, JSON.parse(fixture('oauth-token-refreshed.json')) as object);
    const refreshed: string[] = [];
    conn.on('refresh', (accessToken: string) => refreshed.push(accessToken));
    const { scope } = deployScope({
      polls: 1,
      final: succeeded(),
      token: '00D5g00000LhOrg!AQ4AQ.refreshed-access-token',
    });
    const { now, sleep } = fakeClock();
    const result = await deployPackage(conn, ZIP, { checkOnly: false, now, sleep });
    expect(expired.isDone() && token.isDone() && scope.isDone()).toBe(true);
    expect(refreshed).toEqual(['00D5g00000LhOrg!AQ4AQ.refreshed-access-token']);
    expect(result.ok).toBe(true);
  });

  it('turns a refused refresh token into auth_revoked', async () => {
    nock('https://test.salesforce.com')
      .post('/services/oauth2/token')
      .reply(400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
    const settings = salesforceConnectionSettings(config(REFRESH_ENV));
    if (!settings.ok) throw new Error(settings.error);
    const error = await connectSalesforce(settings.value).then(
      () => null,
      (e: unknown) => e,
    );
    expect(toSalesforceError(error)).toEqual({
      code: 'auth_revoked',
      provider: 'salesforce',
      message: 'invalid_grant: expired access/refresh token',
    });
  });
});

describe('toSalesforceError', () => {
  const thrown = (errorCode: string, message = 'm') =>
    Object.assign(new Error(message), { errorCode, name: errorCode });

  it.each([
    ['sf:INVALID_SESSION_ID', 'auth_revoked'],
    ['REQUEST_LIMIT_EXCEEDED', 'rate_limited'],
    ['SERVER_UNAVAILABLE', 'transient'],
    ['ERROR_HTTP_503', 'transient'],
    ['ERROR_HTTP_404', 'unknown'],
    ['sf:INSUFFICIENT_ACCESS', 'validation'],
    ['sf:INVALID_TYPE', 'unknown'],
  ])('maps %s to %s', (code, expected) => {
    expect(toSalesforceError(thrown(code)).code).toBe(expected);
  });

  it('calls a failure without a Salesforce code (the network) transient', () => {
    expect(toSalesforceError(new TypeError('fetch failed'))).toEqual({
      code: 'transient',
      provider: 'salesforce',
      message: 'fetch failed',
    });
  });
});
