import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { memoryRefreshTokenStore } from '../../../src/connectors/salesforce/salesforce-connection.ts';
import { createConnectorHealth } from '../../../src/services/connector-health.ts';
import { observeConnector } from '../../../src/services/observed-connector.ts';
import type { SalesforceConnectionSettings } from '../../../src/connectors/salesforce/salesforce-connection.ts';
import {
  BASE,
  connectScope,
  connector,
  json,
  leadId,
  LOGIN,
  org,
  REFRESH,
  REFRESHABLE_SETTINGS,
} from './rest-fixtures.ts';

const LINK = 'HubSpot_Contact_Id__c';
const ROTATED_ACCESS = '00D5g00000LhOrg!AQ4AQ.rotated-access-token';
const LINKED = {
  totalSize: 1,
  done: true,
  records: [{ attributes: { type: 'Lead' }, Id: leadId(1), IsConverted: false, [LINK]: '101' }],
};
const LINK_QUERY = `SELECT Id, IsConverted, ${LINK} FROM Lead WHERE ${LINK} IN ('101')`;
const WRITTEN = [{ id: leadId(1), success: true, errors: [] }];
const SLA = [{ contactId: '101', changes: { slaStatus: 'due_soon' as const } }];

function tokenEndpoint(refreshToken: string): nock.Interceptor {
  return nock(LOGIN).post('/services/oauth2/token', (body: Record<string, string>) => {
    return (
      body['grant_type'] === 'refresh_token' &&
      body['refresh_token'] === refreshToken &&
      body['client_id'] === REFRESH.clientId &&
      body['client_secret'] === REFRESH.clientSecret
    );
  });
}

describe('Salesforce session', () => {
  it('refreshes an expired token on a 401, replays the call, and keeps the rotated refresh token', async () => {
    const store = memoryRefreshTokenStore();
    const sf = await connector({ settings: REFRESHABLE_SETTINGS, refreshTokens: store });
    const connect = connectScope();
    const expired = org()
      .get(`${BASE}/query`)
      .query({ q: LINK_QUERY })
      .reply(401, json('invalid-session-401.json'));
    const refresh = tokenEndpoint(REFRESH.refreshToken).reply(200, json('oauth-token-rotated.json'));
    const replayed = org(ROTATED_ACCESS)
      .get(`${BASE}/query`)
      .query({ q: LINK_QUERY })
      .reply(200, LINKED)
      .patch(`${BASE}/composite/sobjects`)
      .reply(200, WRITTEN);
    const result = await sf.writeBack.write(SLA);
    expect(connect.isDone() && expired.isDone() && refresh.isDone() && replayed.isDone()).toBe(true);
    expect(result.ok && result.value).toEqual([{ contactId: '101', status: 'written', recordId: leadId(1) }]);
    expect(store.saved.get(REFRESH.refreshToken)).toBe('5Aep861rotated.refresh-token-2');

    // The next expiry refreshes with the rotated token, not the configured one.
    const expiredAgain = org(ROTATED_ACCESS)
      .patch(`${BASE}/composite/sobjects`)
      .reply(401, json('invalid-session-401.json'));
    const secondRefresh = tokenEndpoint('5Aep861rotated.refresh-token-2').reply(200, {
      ...json<object>('oauth-token-refreshed.json'),
    });
    const replayedAgain = org('00D5g00000LhOrg!AQ4AQ.refreshed-access-token')
      .patch(`${BASE}/composite/sobjects`)
      .reply(200, WRITTEN);
    const again = await sf.writeBack.write(SLA);
    expect(expiredAgain.isDone() && secondRefresh.isDone() && replayedAgain.isDone()).toBe(true);
    expect(again.ok).toBe(true);
  });

  it('starts from the stored successor of the configured refresh token', async () => {
    const store = memoryRefreshTokenStore();
    await store.save(REFRESH.refreshToken, '5Aep861rotated.refresh-token-2');
    const settings: SalesforceConnectionSettings = {
      instanceUrl: null,
      apiVersion: '62.0',
      auth: REFRESH,
      refresh: null,
    };
    const sf = await connector({ settings, refreshTokens: store });
    const refresh = tokenEndpoint('5Aep861rotated.refresh-token-2').reply(
      200,
      json('oauth-token-refreshed.json'),
    );
    const connect = connectScope(undefined, '00D5g00000LhOrg!AQ4AQ.refreshed-access-token');
    const report = await sf.connect();
    expect(refresh.isDone() && connect.isDone()).toBe(true);
    expect(report.ok && report.value.integrationUserId).toBe('0055g00000LhIntAAB');
  });

  it('fails with auth_revoked when the refresh token is refused: the observed connector is failing', async () => {
    const sf = await connector({ settings: REFRESHABLE_SETTINGS });
    const health = createConnectorHealth({
      hubspot: { enabled: true, reason: 'test' },
      salesforce: { enabled: true, reason: 'test' },
      slack: { enabled: false, reason: 'test' },
    });
    const outcomes: string[] = [];
    const writeBack = observeConnector('salesforce', sf.writeBack, health, (o) => outcomes.push(o));
    const connect = connectScope();
    const expired = org()
      .get(`${BASE}/query`)
      .query({ q: LINK_QUERY })
      .reply(401, json('invalid-session-401.json'));
    const refused = tokenEndpoint(REFRESH.refreshToken).reply(400, json('oauth-invalid-grant-400.json'));
    const result = await writeBack.write(SLA);
    expect(connect.isDone() && expired.isDone() && refused.isDone()).toBe(true);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('auth_revoked');
    expect(!result.ok && result.error.message).toContain('invalid_grant');
    expect(writeBack.maxBatchSize).toBe(200);
    expect(outcomes).toEqual(['auth_revoked']);
    expect(health.state('salesforce')).toBe('failing');
  });

  it('calls a 401 without refresh credentials auth_revoked', async () => {
    const sf = await connector();
    const refused = org().get(`${BASE}/`).reply(401, json('invalid-session-401.json'));
    const report = await sf.connect();
    expect(refused.isDone()).toBe(true);
    expect(!report.ok && report.error).toEqual({
      code: 'auth_revoked',
      provider: 'salesforce',
      message: 'INVALID_SESSION_ID: Session expired or invalid',
    });
  });

  it('reports the API usage Salesforce sends in Sforce-Limit-Info', async () => {
    const sf = await connector();
    expect(sf.status.apiUsage()).toBeNull();
    const connect = connectScope();
    await sf.connect();
    expect(connect.isDone()).toBe(true);
    expect(sf.status.apiUsage()).toEqual({ used: 25, limit: 15_000 });
    expect(sf.status.calls()).toBe(2);
  });

  it('pauses all Salesforce work on REQUEST_LIMIT_EXCEEDED until /limits shows headroom', async () => {
    let now = new Date('2026-11-22T00:00:00.000Z');
    const sf = await connector({ now: () => now });
    const connect = connectScope();
    const refused = org()
      .get(`${BASE}/query`)
      .query({ q: LINK_QUERY })
      .reply(403, json('request-limit-exceeded-403.json'), { 'Sforce-Limit-Info': 'api-usage=15001/15000' });
    const first = await sf.writeBack.write(SLA);
    expect(connect.isDone() && refused.isDone()).toBe(true);
    expect(!first.ok && first.error.code).toBe('rate_limited');
    expect(sf.status.allowance()).toMatchObject({ paused: true });

    // Paused: nothing is sent (nock would refuse any request), polls included.
    const paused = await sf.writeBack.write(SLA);
    const poll = await sf.source.pollLeads({ watermark: now.toISOString(), seen: [], next: null });
    expect(!paused.ok && paused.error).toMatchObject({ code: 'rate_limited', retryAfterMs: 300_000 });
    expect(!poll.ok && poll.error.code).toBe('rate_limited');

    // Five minutes on: /limits is probed; still nothing left, so still paused.
    now = new Date(now.getTime() + 300_000);
    const exhausted = org()
      .get(`${BASE}/limits`)
      .reply(200, { ...json<object>('limits.json'), DailyApiRequests: { Max: 15000, Remaining: 0 } });
    const stillPaused = await sf.writeBack.write(SLA);
    expect(exhausted.isDone()).toBe(true);
    expect(!stillPaused.ok && stillPaused.error.code).toBe('rate_limited');

    // Five more: headroom, so the write goes out.
    now = new Date(now.getTime() + 300_000);
    const resumed = org()
      .get(`${BASE}/limits`)
      .reply(200, json('limits.json'), { 'Sforce-Limit-Info': 'api-usage=25/15000' })
      .get(`${BASE}/query`)
      .query({ q: LINK_QUERY })
      .reply(200, LINKED)
      .patch(`${BASE}/composite/sobjects`)
      .reply(200, WRITTEN, { 'Sforce-Limit-Info': 'api-usage=27/15000' });
    const written = await sf.writeBack.write(SLA);
    expect(resumed.isDone()).toBe(true);
    expect(written.ok && written.value).toEqual([
      { contactId: '101', status: 'written', recordId: leadId(1) },
    ]);
    expect(sf.status.allowance()).toEqual({ paused: false });
    expect(sf.status.apiUsage()).toEqual({ used: 27, limit: 15_000 });
  });

  it('pauses before Salesforce refuses, when api-usage reaches the reserve', async () => {
    const sf = await connector();
    const connect = org()
      .get(`${BASE}/`)
      .reply(200, json('resources-v62.json'))
      .get(`${BASE}/sobjects/Lead/describe`)
      .reply(200, json('lead-describe.json'), { 'Sforce-Limit-Info': 'api-usage=14300/15000' });
    await sf.connect();
    expect(connect.isDone()).toBe(true);
    const paused = await sf.writeBack.write(SLA);
    expect(!paused.ok && paused.error.code).toBe('rate_limited');
    expect(!paused.ok && paused.error.message).toContain('API usage 14300/15000 reached the 5 % reserve');
  });
});
