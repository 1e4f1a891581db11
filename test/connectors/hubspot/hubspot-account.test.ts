import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/hubspot-client.ts';
import unauthorized from '../../fixtures/hubspot/unauthorized-401.json' with { type: 'json' };
import { recordingLimiter } from './hubspot-fakes.ts';

const BASE = 'https://api.hubapi.test';
const TOKEN = 'pat-na1-fake-token-for-tests-only';

function connector() {
  return createHubSpotConnector({
    accessToken: TOKEN,
    portalId: 'default',
    baseUrl: BASE,
    limiter: recordingLimiter(),
  });
}

// GET /account-info/v3/details, as HubSpot documents it ("Retrieve account details").
const details = {
  portalId: 62515,
  accountType: 'STANDARD',
  timeZone: 'Asia/Tokyo',
  companyCurrency: 'JPY',
  additionalCurrencies: [],
  utcOffset: '+09:00',
  utcOffsetMilliseconds: 32_400_000,
  uiDomain: 'app.hubspot.com',
  dataHostingLocation: 'na1',
};

describe('HubSpot connector: the account behind the token', () => {
  it('reads the portal id from the account details, with the bearer token', async () => {
    const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get('/account-info/v3/details')
      .reply(200, details);
    expect(await connector().getPortalId()).toEqual({ ok: true, value: '62515' });
    expect(scope.isDone()).toBe(true);
  });

  it('maps a refused token to auth_revoked, keeping the token out of the message', async () => {
    nock(BASE)
      .get('/account-info/v3/details')
      .reply(401, { ...unauthorized, message: `${unauthorized.message} ${TOKEN}` });
    const result = await connector().getPortalId();
    expect(result).toMatchObject({ ok: false, error: { code: 'auth_revoked', status: 401 } });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('refuses an answer without a numeric portal id', async () => {
    nock(BASE).get('/account-info/v3/details').reply(200, { accountType: 'STANDARD' });
    expect(await connector().getPortalId()).toMatchObject({ ok: false, error: { code: 'unknown' } });
  });
});
