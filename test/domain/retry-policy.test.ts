import { describe, expect, it } from 'vitest';
import type { ConnectorError, ConnectorErrorCode } from '../../src/domain/connector-error.ts';
import { backoff, classifyRetry, maxAttempts } from '../../src/domain/retry-policy.ts';

function failure(code: ConnectorErrorCode, retryAfterMs?: number): ConnectorError {
  return { code, provider: 'hubspot', message: 'x', ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}

describe('backoff', () => {
  it('doubles from the base and stops at the cap', () => {
    const shape = { baseMs: 1_000, maxMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => backoff(attempt, shape))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });

  it('stays finite for absurd attempt numbers', () => {
    expect(backoff(5_000, { baseMs: 1_000, maxMs: 60_000 })).toBe(60_000);
  });

  it('spreads the delay over half to all of the capped value with jitter', () => {
    expect(backoff(3, { baseMs: 1_000, maxMs: 30_000, jitter: () => 0 })).toBe(2_000);
    expect(backoff(3, { baseMs: 1_000, maxMs: 30_000, jitter: () => 0.5 })).toBe(3_000);
    expect(backoff(3, { baseMs: 1_000, maxMs: 30_000, jitter: () => 0.999_999 })).toBe(4_000);
  });
});

describe('classifyRetry', () => {
  it.each(['validation', 'not_found', 'auth_revoked'] as const)('never retries %s', (code) => {
    const decision = classifyRetry(failure(code), 1);
    expect(decision.retry).toBe(false);
    expect(decision.delayMs).toBe(0);
    expect(decision.reason).toContain(code);
  });

  it('retries a transient failure with exponential backoff', () => {
    expect(classifyRetry(failure('transient'), 1)).toMatchObject({ retry: true, delayMs: 1_000 });
    expect(classifyRetry(failure('transient'), 4)).toMatchObject({ retry: true, delayMs: 8_000 });
  });

  it('waits at least as long as the provider asked', () => {
    expect(classifyRetry(failure('rate_limited', 10_000), 1)).toMatchObject({ retry: true, delayMs: 10_000 });
    expect(classifyRetry(failure('rate_limited', 1_000), 1)).toMatchObject({ retry: true, delayMs: 1_000 });
    expect(classifyRetry(failure('rate_limited', 3_600_000), 2)).toMatchObject({
      retry: true,
      delayMs: 3_600_000,
    });
    expect(classifyRetry(failure('transient', 45_000), 1)).toMatchObject({ retry: true, delayMs: 45_000 });
  });

  it('grows a repeated rate limit from the hinted window', () => {
    expect(classifyRetry(failure('rate_limited', 10_000), 3).delayMs).toBe(40_000);
  });

  it('backs off from 10 s on a rate limit without a hint', () => {
    expect(classifyRetry(failure('rate_limited'), 1).delayMs).toBe(10_000);
  });

  it('retries unknown failures a few times only', () => {
    expect(classifyRetry(failure('unknown'), 1).retry).toBe(true);
    expect(classifyRetry(failure('unknown'), maxAttempts('unknown')).retry).toBe(false);
    expect(maxAttempts('unknown')).toBeLessThan(maxAttempts('transient'));
  });

  it('gives up once the attempts are spent', () => {
    const last = maxAttempts('transient');
    expect(classifyRetry(failure('transient'), last - 1).retry).toBe(true);
    const decision = classifyRetry(failure('transient'), last);
    expect(decision).toMatchObject({ retry: false, delayMs: 0 });
    expect(decision.reason).toContain(`${last} of ${last}`);
  });

  it('accepts overrides of the attempt budget and a jitter source', () => {
    expect(classifyRetry(failure('transient'), 2, { maxAttempts: { transient: 2 } }).retry).toBe(false);
    expect(classifyRetry(failure('transient'), 2, { jitter: () => 0 }).delayMs).toBe(1_000);
  });
});
