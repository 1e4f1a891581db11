import { describe, expect, it } from 'vitest';
import { dateWindow } from '../../src/domain/local-dates.ts';
import { classifyDeadline, summarizeSla, tallyDeadlines } from '../../src/domain/sla-compliance.ts';
import type { DeadlineRecord } from '../../src/domain/sla-compliance.ts';

const NOW = new Date('2026-11-20T01:00:00.000Z');
const NOVEMBER = dateWindow('2026-11-01', '2026-11-30', 'Asia/Tokyo');

function deadline(
  kind: 'handoff' | 'verdict',
  dueAt: string,
  metAt: string | null,
  ownerWhenMet: string | null,
  ownerNow: string | null,
): DeadlineRecord {
  return {
    kind,
    dueAt: new Date(dueAt),
    metAt: metAt === null ? null : new Date(metAt),
    ownerWhenMet,
    ownerNow,
  };
}

describe('SLA compliance', () => {
  it('classifies met on time (at the due time too), met late, open and breached open', () => {
    const due = new Date('2026-11-20T02:00:00.000Z');
    expect(classifyDeadline({ dueAt: due, metAt: due }, NOW)).toBe('metOnTime');
    expect(classifyDeadline({ dueAt: due, metAt: new Date(due.getTime() + 1) }, NOW)).toBe('metLate');
    expect(classifyDeadline({ dueAt: due, metAt: null }, NOW)).toBe('open');
    expect(classifyDeadline({ dueAt: due, metAt: null }, due)).toBe('breachedOpen');
  });

  it('counts a window by kind and by the owner at closing (or now, while open)', () => {
    const deadlines = [
      // Handoffs: two on time, one late, one open, one breached, one due in October (outside).
      deadline('handoff', '2026-11-02T02:00:00Z', '2026-11-02T01:00:00Z', 'A', 'B'),
      deadline('handoff', '2026-11-03T02:00:00Z', '2026-11-03T02:00:00Z', null, 'A'),
      deadline('handoff', '2026-11-04T02:00:00Z', '2026-11-05T02:00:00Z', 'A', 'A'),
      deadline('handoff', '2026-11-25T02:00:00Z', null, null, 'B'),
      deadline('handoff', '2026-11-19T02:00:00Z', null, null, null),
      deadline('handoff', '2026-10-31T14:59:59Z', null, null, 'A'),
      // Verdicts: one late under B, one breached under A.
      deadline('verdict', '2026-11-10T02:00:00Z', '2026-11-12T02:00:00Z', 'B', 'A'),
      deadline('verdict', '2026-11-18T02:00:00Z', null, 'B', 'A'),
    ];
    const summary = summarizeSla(tallyDeadlines(deadlines, NOVEMBER, NOW));
    expect(summary).toEqual({
      handoff: { due: 5, metOnTime: 2, metLate: 1, open: 1, breachedOpen: 1 },
      verdict: { due: 2, metOnTime: 0, metLate: 1, open: 0, breachedOpen: 1 },
      byOwner: [
        {
          ownerId: '(none)',
          handoff: { due: 2, metOnTime: 1, metLate: 0, open: 0, breachedOpen: 1 },
          verdict: { due: 0, metOnTime: 0, metLate: 0, open: 0, breachedOpen: 0 },
        },
        {
          ownerId: 'A',
          handoff: { due: 2, metOnTime: 1, metLate: 1, open: 0, breachedOpen: 0 },
          verdict: { due: 1, metOnTime: 0, metLate: 0, open: 0, breachedOpen: 1 },
        },
        {
          ownerId: 'B',
          handoff: { due: 1, metOnTime: 0, metLate: 0, open: 1, breachedOpen: 0 },
          verdict: { due: 1, metOnTime: 0, metLate: 1, open: 0, breachedOpen: 0 },
        },
      ],
    });
  });

  it('answers zeros and no owners for a window without deadlines', () => {
    const zero = { due: 0, metOnTime: 0, metLate: 0, open: 0, breachedOpen: 0 };
    expect(summarizeSla([])).toEqual({ handoff: zero, verdict: zero, byOwner: [] });
  });
});
