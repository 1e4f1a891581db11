import { describe, expect, it } from 'vitest';
import type { ConnectorError, ConnectorErrorCode } from '../../src/domain/connector-error.ts';
import { PARKED_PROBE_MS, decideWriteBack } from '../../src/domain/write-back-policy.ts';

const error = (code: ConnectorErrorCode, retryAfterMs?: number): ConnectorError => ({
  code,
  provider: 'hubspot',
  message: 'x',
  ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
});

describe('write-back policy', () => {
  it('makes only a refusal of the values final', () => {
    expect(decideWriteBack(error('validation'), 1).kind).toBe('fail');
    expect(decideWriteBack(error('not_found'), 1).kind).toBe('fail');
  });

  it('parks on a refused token at once, to be probed once per interval', () => {
    expect(decideWriteBack(error('auth_revoked'), 1)).toMatchObject({
      kind: 'park',
      probeInMs: PARKED_PROBE_MS,
    });
  });

  it('gives an answer it does not understand three tries, then parks it', () => {
    expect(decideWriteBack(error('unknown'), 1).kind).toBe('retry');
    expect(decideWriteBack(error('unknown'), 2).kind).toBe('retry');
    expect(decideWriteBack(error('unknown'), 3)).toMatchObject({ kind: 'park', probeInMs: PARKED_PROBE_MS });
  });

  it('retries rate limits and outages without end, never sooner than HubSpot asks, at most every 5 minutes', () => {
    expect(decideWriteBack(error('rate_limited', 10_000), 1)).toMatchObject({
      kind: 'retry',
      delayMs: 10_000,
    });
    const late = decideWriteBack(error('transient'), 10_000);
    expect(late).toMatchObject({ kind: 'retry', delayMs: 300_000 });
  });
});
