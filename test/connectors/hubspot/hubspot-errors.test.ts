import { describe, expect, it } from 'vitest';
import {
  HubSpotTimeoutError,
  redactSecrets,
  toConnectorError,
} from '../../../src/connectors/hubspot/hubspot-errors.ts';
import rateLimited from '../../fixtures/hubspot/rate-limit-429-ten-secondly.json' with { type: 'json' };

const now = Date.parse('2026-11-20T00:00:00.000Z');

function exception(code: number, body: unknown, headers: Record<string, string> = {}) {
  return Object.assign(new Error(`HTTP-Code: ${code}`), { code, body, headers });
}

describe('toConnectorError', () => {
  it('waits an hour on the DAILY policy', () => {
    const error = toConnectorError(exception(429, { ...rateLimited.body, policyName: 'DAILY' }), { now });
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 3_600_000 });
  });

  it('waits a second on the SECONDLY policy and on a search 429 that only says so in its message', () => {
    expect(toConnectorError(exception(429, { policyName: 'SECONDLY' }), { now }).retryAfterMs).toBe(1_000);
    expect(
      toConnectorError(
        exception(429, { status: 'error', message: 'You have reached your secondly limit.' }),
        { now },
      ).retryAfterMs,
    ).toBe(1_000);
  });

  it('reads the interval header whatever its case, defaulting to ten seconds', () => {
    const lower = { 'x-hubspot-ratelimit-interval-milliseconds': '15000' };
    expect(toConnectorError(exception(429, rateLimited.body, lower), { now }).retryAfterMs).toBe(15_000);
    expect(toConnectorError(exception(429, rateLimited.body), { now }).retryAfterMs).toBe(10_000);
  });

  it('prefers Retry-After, in seconds or as a date', () => {
    expect(
      toConnectorError(exception(429, rateLimited.body, { 'Retry-After': '3' }), { now }).retryAfterMs,
    ).toBe(3_000);
    const at = new Date(now + 42_000).toUTCString();
    expect(toConnectorError(exception(503, {}, { 'retry-after': at }), { now })).toMatchObject({
      code: 'transient',
      retryAfterMs: 42_000,
    });
  });

  it.each([
    [409, 'validation'],
    [422, 'validation'],
    [404, 'not_found'],
    [500, 'transient'],
    [504, 'transient'],
    [418, 'unknown'],
  ] as const)('maps %i to %s', (status, code) => {
    expect(toConnectorError(exception(status, { message: 'x' }), { now })).toMatchObject({ code, status });
  });

  it('maps network failures and our timeout to transient', () => {
    const fetchFailed = new TypeError('fetch failed', {
      cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    });
    expect(toConnectorError(fetchFailed)).toMatchObject({
      code: 'transient',
      message: expect.stringContaining('ECONNREFUSED') as unknown,
    });
    expect(toConnectorError(new HubSpotTimeoutError('slow')).code).toBe('transient');
  });

  it('maps a programming error to unknown, with secrets removed', () => {
    const error = toConnectorError(new RangeError('boom with secret-token-123'), {
      secrets: ['secret-token-123'],
    });
    expect(error).toEqual({
      code: 'unknown',
      provider: 'hubspot',
      message: 'Unexpected HubSpot failure: boom with [redacted]',
    });
    expect(toConnectorError('a string').code).toBe('unknown');
  });
});

describe('redactSecrets', () => {
  it('removes bearer tokens and known secrets, and bounds the length', () => {
    expect(redactSecrets('"authorization": "Bearer pat-na1-abc"')).toBe(
      '"authorization": "Bearer [redacted]"',
    );
    expect(redactSecrets('x'.repeat(600))).toHaveLength(501);
  });
});
