import { describe, expect, it } from 'vitest';
import {
  afterProbe,
  afterUsage,
  DEFAULT_ALLOWANCE_POLICY as POLICY,
  gate,
  OPEN,
  pause,
} from '../../../src/connectors/salesforce/api-allowance.ts';

const T0 = Date.parse('2026-11-22T00:00:00Z');

describe('Salesforce API allowance', () => {
  it('sends while open, waits while paused, probes when the probe is due', () => {
    expect(gate(OPEN, T0)).toEqual({ kind: 'send' });
    const paused = pause(OPEN, T0, 'REQUEST_LIMIT_EXCEEDED', POLICY);
    expect(gate(paused, T0 + 1_000)).toEqual({
      kind: 'wait',
      retryAfterMs: 299_000,
      reason: 'REQUEST_LIMIT_EXCEEDED',
    });
    expect(gate(paused, T0 + 300_000)).toEqual({ kind: 'probe' });
  });

  it('resumes only above the reserve, and when /limits cannot be read', () => {
    const paused = pause(OPEN, T0, 'x', POLICY);
    expect(afterProbe(paused, { max: 15_000, remaining: 750 }, T0, POLICY)).toMatchObject({
      paused: true,
      since: T0,
      nextProbeAt: T0 + 300_000,
    });
    expect(afterProbe(paused, { max: 15_000, remaining: 751 }, T0, POLICY)).toEqual(OPEN);
    expect(afterProbe(paused, null, T0, POLICY)).toEqual(OPEN);
  });

  it('pauses ahead of a refusal when api-usage leaves only the reserve', () => {
    expect(afterUsage(OPEN, { used: 14_249, limit: 15_000 }, T0, POLICY)).toEqual(OPEN);
    expect(afterUsage(OPEN, { used: 14_250, limit: 15_000 }, T0, POLICY)).toMatchObject({ paused: true });
    expect(afterUsage(OPEN, null, T0, POLICY)).toEqual(OPEN);
  });
});
