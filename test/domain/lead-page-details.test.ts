import { describe, expect, it } from 'vitest';
import type { LeadPageDetails, LeadPageDetailsInput } from '../../src/domain/lead-page-details.ts';
import {
  formatLeadPageDetails,
  LEAD_PAGE_DETAILS_FORMAT,
  LEAD_PAGE_DETAILS_MAX_CHARS,
} from '../../src/domain/lead-page-details.ts';
import type { Ground } from '../../src/domain/mql-evaluation.ts';

const WRITTEN_AT = new Date('2026-11-20T02:00:00.000Z');

function ground(overrides: Partial<Ground> = {}): Ground {
  return {
    conditionId: 'industry',
    kind: 'attribute',
    label: 'ターゲット業種',
    met: true,
    property: 'industry',
    value: 'COMPUTER_SOFTWARE',
    evidenceAt: '2026-11-02T01:00:00.000Z',
    ...overrides,
  };
}

function input(overrides: Partial<LeadPageDetailsInput> = {}): LeadPageDetailsInput {
  return {
    definitionVersion: '2026-11',
    status: 'mql',
    qualifiedAt: '2026-11-20T01:02:03.000Z',
    grounds: [
      ground(),
      ground({
        conditionId: 'score',
        kind: 'score',
        label: 'スコア',
        met: false,
        property: 'hubspotscore',
        value: null,
        evidenceAt: null,
      }),
    ],
    handoff: {
      status: 'on_track',
      dueAt: '2026-11-24T01:02:03.000Z',
      warnAt: '2026-11-23T23:02:03.000Z',
      metAt: null,
    },
    verdictDue: { status: 'not_started', dueAt: null, warnAt: null, metAt: null },
    shared: { industry: 'COMPUTER_SOFTWARE', challenge: '営業とマーケの連携', productInterest: null },
    ...overrides,
  };
}

function parse(text: string): LeadPageDetails {
  return JSON.parse(text) as LeadPageDetails;
}

describe('formatLeadPageDetails', () => {
  it('writes the grounds, both deadlines and the shared information as one JSON document', () => {
    expect(parse(formatLeadPageDetails(input(), WRITTEN_AT))).toEqual({
      format: LEAD_PAGE_DETAILS_FORMAT,
      definitionVersion: '2026-11',
      mql: {
        status: 'mql',
        qualifiedAt: '2026-11-20T01:02:03.000Z',
        grounds: [
          {
            conditionId: 'industry',
            kind: 'attribute',
            label: 'ターゲット業種',
            met: true,
            property: 'industry',
            value: 'COMPUTER_SOFTWARE',
            evidenceAt: '2026-11-02T01:00:00.000Z',
          },
          {
            conditionId: 'score',
            kind: 'score',
            label: 'スコア',
            met: false,
            property: 'hubspotscore',
            value: null,
            evidenceAt: null,
          },
        ],
      },
      handoff: {
        status: 'on_track',
        dueAt: '2026-11-24T01:02:03.000Z',
        warnAt: '2026-11-23T23:02:03.000Z',
        metAt: null,
      },
      verdictDue: { status: 'not_started', dueAt: null, warnAt: null, metAt: null },
      shared: { industry: 'COMPUTER_SOFTWARE', challenge: '営業とマーケの連携', productInterest: null },
      writtenAt: '2026-11-20T02:00:00.000Z',
    });
  });

  it('keeps the shared fields and the grounds in the order given', () => {
    const details = parse(formatLeadPageDetails(input(), WRITTEN_AT));
    expect(Object.keys(details.shared)).toEqual(['industry', 'challenge', 'productInterest']);
    expect(details.mql.grounds.map((g) => g.conditionId)).toEqual(['industry', 'score']);
  });

  it('drops keys a ground may carry beyond the format', () => {
    const extra = { ...ground(), internal: 'x' } as Ground;
    const details = parse(formatLeadPageDetails(input({ grounds: [extra] }), WRITTEN_AT));
    expect(Object.keys(details.mql.grounds[0] ?? {})).not.toContain('internal');
  });

  it('shortens long values and says so', () => {
    const details = parse(
      formatLeadPageDetails(
        input({ grounds: [ground({ value: 'x'.repeat(600) })], shared: { challenge: 'y'.repeat(3000) } }),
        WRITTEN_AT,
      ),
    );
    expect(details.mql.grounds[0]?.value).toHaveLength(500);
    expect(details.mql.grounds[0]?.value?.endsWith('…')).toBe(true);
    expect(details.shared.challenge).toHaveLength(2000);
    expect(details.truncated).toBe(true);
    expect(parse(formatLeadPageDetails(input(), WRITTEN_AT)).truncated).toBeUndefined();
  });

  it('never exceeds the Long Text Area, even for a definition with thousands of long conditions', () => {
    const grounds = Array.from({ length: 3000 }, (_, i) =>
      ground({ conditionId: `c${i}`, label: '𠮷'.repeat(30), value: '𠮷'.repeat(400) }),
    );
    const text = formatLeadPageDetails(input({ grounds }), WRITTEN_AT);
    expect(text.length).toBeLessThanOrEqual(LEAD_PAGE_DETAILS_MAX_CHARS);
    const details = parse(text);
    expect(details.truncated).toBe(true);
    expect(details.mql.grounds.length).toBeGreaterThan(100);
    expect(details.mql.grounds[0]?.conditionId).toBe('c0');
    // Cut at a code point: no lone surrogate survives the round trip.
    expect(text).toBe(Buffer.from(text, 'utf8').toString('utf8'));
  });

  it('fits by shortening values before dropping any ground', () => {
    const grounds = Array.from({ length: 250 }, (_, i) =>
      ground({ conditionId: `c${i}`, value: 'v'.repeat(500) }),
    );
    const details = parse(formatLeadPageDetails(input({ grounds }), WRITTEN_AT));
    expect(details.mql.grounds).toHaveLength(250);
    expect(details.mql.grounds[0]?.value).toHaveLength(50);
  });
});
