import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/hubspot-client.ts';
import { createRateLimiter } from '../../../src/connectors/hubspot/portal-rate-limiter.ts';
import { parseRateLimitHeaders } from '../../../src/connectors/hubspot/rate-limit-headers.ts';
import rateLimited from '../../fixtures/hubspot/rate-limit-429-ten-secondly.json' with { type: 'json' };
import update200 from '../../fixtures/hubspot/batch-update-200.json' with { type: 'json' };
import { recordingLimiter } from './hubspot-fakes.ts';

const BASE = 'https://api.hubapi.test';
const PRO_HEADERS = {
  'X-HubSpot-RateLimit-Daily': '625000',
  'X-HubSpot-RateLimit-Daily-Remaining': '624990',
  'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
  'X-HubSpot-RateLimit-Max': '190',
  'X-HubSpot-RateLimit-Remaining': '189',
};

function fakeClock(start = 1_700_000_000_000) {
  let current = start;
  return {
    now: () => current,
    sleep: async (ms: number) => {
      await new Promise((resolve) => setImmediate(resolve));
      current += ms;
    },
  };
}

describe('HubSpot rate-limit headers', () => {
  it('reads every header HubSpot sends, in any case, and nothing else', () => {
    expect(parseRateLimitHeaders(rateLimited.headers)).toEqual({
      daily: 250_000,
      dailyRemaining: 231_877,
      intervalMs: 10_000,
      max: 100,
      remaining: 0,
    });
    expect(
      parseRateLimitHeaders({
        'x-hubspot-ratelimit-secondly': '10',
        'x-hubspot-ratelimit-secondly-remaining': '9',
      }),
    ).toEqual({ secondly: 10, secondlyRemaining: 9 });
    // Search answers carry none; garbage is not a number we pace on.
    expect(parseRateLimitHeaders({ 'content-type': 'application/json' })).toBeNull();
    expect(parseRateLimitHeaders({ 'X-HubSpot-RateLimit-Max': 'lots' })).toBeNull();
  });

  it('hands the headers of every answer to the limiter, error answers included', async () => {
    const limiter = recordingLimiter();
    const connector = createHubSpotConnector({
      accessToken: 'pat-na1-headers',
      portalId: '1',
      baseUrl: BASE,
      limiter,
    });
    nock(BASE).post('/crm/v3/objects/contacts/batch/update').reply(200, update200, PRO_HEADERS);
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/update')
      .reply(429, rateLimited.body, rateLimited.headers);
    await connector.updateContacts([{ id: '101', properties: { sql_verdict: 'accepted' } }]);
    await connector.updateContacts([{ id: '101', properties: { sql_verdict: 'accepted' } }]);
    expect(limiter.observed).toEqual([
      { daily: 625_000, dailyRemaining: 624_990, intervalMs: 10_000, max: 190, remaining: 189 },
      { daily: 250_000, dailyRemaining: 231_877, intervalMs: 10_000, max: 100, remaining: 0 },
    ]);
  });

  it("paces on the budget HubSpot reports: a Pro portal's 190 per 10 s, at our 90 % share", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep });
    limiter.observe({ max: 190, remaining: 189, intervalMs: 10_000 });
    const granted: number[] = [];
    await Promise.all(
      Array.from({ length: 200 }, () => limiter.acquire('standard').then(() => granted.push(clock.now()))),
    );
    const start = 1_700_000_000_000;
    expect(granted.filter((at) => at < start + 10_000)).toHaveLength(171);
  });

  it('waits a window when HubSpot reports the budget nearly spent by someone else', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep });
    await limiter.acquire('standard');
    // Our ledger holds one call, yet HubSpot has 3 of 100 left: other traffic spends this budget.
    limiter.observe({ max: 100, remaining: 3, intervalMs: 10_000 });
    const began = clock.now();
    await limiter.acquire('standard');
    expect(clock.now() - began).toBe(10_000);
  });

  it('stops calling for an hour when the daily allowance is spent', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep });
    limiter.observe({ daily: 250_000, dailyRemaining: 0 });
    const began = clock.now();
    await limiter.acquire('standard');
    expect(clock.now() - began).toBe(3_600_000);
  });
});
