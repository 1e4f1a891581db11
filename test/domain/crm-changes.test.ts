import { describe, expect, it } from 'vitest';
import { isEmptyChange, mergeCrmChanges, sameDecision } from '../../src/domain/crm-changes.ts';
import type { CrmChanges } from '../../src/domain/crm-changes.ts';

const VERDICT = {
  verdict: 'rejected' as const,
  reasonCode: 'no-budget',
  note: null,
  decidedAt: '2026-11-21T00:00:00.000Z',
  decidedBy: null,
};

describe('CRM changes', () => {
  it('merges latest-wins per part, a null included, keeping parts the newer change lacks', () => {
    const older: CrmChanges = { slaStatus: 'on_track', verdictDueAt: '2026-11-25T00:00:00.000Z' };
    const newer: CrmChanges = { slaStatus: 'met', verdictDueAt: null, verdict: VERDICT };
    expect(mergeCrmChanges(older, newer)).toEqual({ slaStatus: 'met', verdictDueAt: null, verdict: VERDICT });
    expect(mergeCrmChanges(newer, { slaStatus: 'breached' })).toEqual({ ...newer, slaStatus: 'breached' });
  });

  it('knows an empty change and compares decisions by verdict and reason only', () => {
    expect(isEmptyChange({})).toBe(true);
    expect(isEmptyChange({ slaStatus: 'met' })).toBe(false);
    expect(
      sameDecision(
        { verdict: 'rejected', reasonCode: 'no-budget' },
        { verdict: 'rejected', reasonCode: 'no-budget' },
      ),
    ).toBe(true);
    expect(
      sameDecision(
        { verdict: 'rejected', reasonCode: 'no-budget' },
        { verdict: 'rejected', reasonCode: 'unreachable' },
      ),
    ).toBe(false);
    expect(sameDecision(null, null)).toBe(true);
    expect(sameDecision(null, { verdict: 'accepted', reasonCode: 'budget-confirmed' })).toBe(false);
  });
});
