import { describe, expect, it } from 'vitest';
import {
  cohortFunnel,
  foldCohort,
  foldPeriod,
  opportunityInstants,
  periodFunnel,
  stageInstants,
} from '../../src/domain/funnel.ts';
import type { ContactStages, FunnelGroupBy } from '../../src/domain/funnel.ts';
import { dateWindow } from '../../src/domain/local-dates.ts';
import {
  FIXTURE_NOW,
  FIXTURE_TIMEZONE,
  Q3_CONTACTS,
  Q3_EXPECTED,
  toContactFacts,
} from '../fixtures/funnel/q3-contacts.ts';

const TZ = FIXTURE_TIMEZONE;
const NOW = new Date(FIXTURE_NOW);
const Q3 = dateWindow('2026-07-01', '2026-09-30', TZ);
const contacts = Q3_CONTACTS.map((c) => stageInstants(toContactFacts(c), TZ));
const byId = (id: string): ContactStages => {
  const found = contacts.find((c) => c.contactId === id);
  if (!found) throw new Error(id);
  return found;
};
const iso = (date: Date | null) => date?.toISOString() ?? null;

describe('stage instants', () => {
  it('takes the sql stage from the current verdict only: rejected then accepted is an SQL, accepted then rejected is not', () => {
    expect(iso(byId('c2').instants.sql)).toBe('2026-09-05T03:00:00.000Z');
    expect(byId('c7').instants.sql).toBeNull();
  });

  it('keeps the first qualification of a re-qualified contact as its mql stage and version', () => {
    const c3 = byId('c3');
    expect(iso(c3.instants.mql)).toBe('2026-08-06T03:00:00.000Z');
    expect(c3.definitionVersion).toBe('2026-07');
    expect(iso(c3.instants.sql)).toBe('2026-10-02T03:00:00.000Z');
  });

  it('takes the earliest opportunity of HubSpot and Salesforce, and a won CloseDate at the start of that day in the timezone', () => {
    expect(iso(byId('c8').instants.opportunity)).toBe('2026-07-20T03:00:00.000Z');
    expect(byId('c8').instants.won).toBeNull();
    expect(iso(byId('c7').instants.won)).toBe('2026-09-29T15:00:00.000Z');
    expect(
      opportunityInstants(
        [
          {
            createdAt: new Date('2026-05-01T00:00:00Z'),
            isWon: false,
            closeDate: '2026-05-10',
            amount: null,
          },
          { createdAt: new Date('2026-06-01T00:00:00Z'), isWon: true, closeDate: '2026-07-01', amount: 10 },
          { createdAt: new Date('2026-06-02T00:00:00Z'), isWon: true, closeDate: '2026-06-20', amount: 10 },
        ],
        'America/New_York',
      ),
    ).toEqual({ opportunityAt: new Date('2026-05-01T00:00:00Z'), wonAt: new Date('2026-06-20T04:00:00Z') });
  });

  it('reads a contact created at 2026-08-31T15:30Z as a September lead in Tokyo', () => {
    const september = dateWindow('2026-09-01', '2026-09-30', TZ);
    const august = dateWindow('2026-08-01', '2026-08-31', TZ);
    const c2 = [byId('c2')];
    expect(cohortFunnel(c2, september, 'month', TZ, NOW).groups).toEqual([
      { key: '2026-09', counts: { lead: 1, mql: 1, sql: 1, opportunity: 0, won: 0 } },
    ]);
    expect(cohortFunnel(c2, august, 'none', TZ, NOW).total.lead).toBe(0);
  });
});

describe('cohort funnel', () => {
  it.each(['none', 'channel', 'month', 'definitionVersion'] as const)(
    'counts the hand-counted Q3 cohort grouped by %s',
    (groupBy: FunnelGroupBy) => {
      const funnel = cohortFunnel(contacts, Q3, groupBy, TZ, NOW);
      expect(funnel.groups).toEqual(Q3_EXPECTED.cohort[groupBy]);
      expect(funnel.total).toEqual(Q3_EXPECTED.cohort.total);
    },
  );

  it('never increases along the funnel, in every group', () => {
    for (const groupBy of ['none', 'channel', 'month', 'definitionVersion'] as const) {
      for (const { counts } of cohortFunnel(contacts, Q3, groupBy, TZ, NOW).groups) {
        expect(counts.lead).toBeGreaterThanOrEqual(counts.mql);
        expect(counts.mql).toBeGreaterThanOrEqual(counts.sql);
        expect(counts.sql).toBeGreaterThanOrEqual(counts.opportunity);
        expect(counts.opportunity).toBeGreaterThanOrEqual(counts.won);
      }
    }
  });

  it('does not count a stage reached after now', () => {
    // c9's customer date (1 Dec) is still ahead on 20 Nov; once it has passed, c9 is won.
    const later = cohortFunnel([byId('c9')], Q3, 'none', TZ, new Date('2026-12-02T00:00:00Z'));
    expect(cohortFunnel([byId('c9')], Q3, 'none', TZ, NOW).total.won).toBe(0);
    expect(later.total.won).toBe(1);
  });

  it('leaves an earlier cohort unchanged when contacts re-qualify under a later definition', () => {
    const before = cohortFunnel(contacts, Q3, 'definitionVersion', TZ, NOW);
    // A new definition (2026-12): every qualified Q3 contact is recycled and qualifies anew under it.
    const requalified = Q3_CONTACTS.map((c) => {
      const facts = toContactFacts(c);
      if (facts.qualifications.length === 0) return stageInstants(facts, TZ);
      return stageInstants(
        {
          ...facts,
          qualifications: [
            ...facts.qualifications,
            {
              episode: facts.qualifications.length + 1,
              qualifiedAt: new Date('2026-12-05T00:00:00Z'),
              definitionVersion: '2026-12',
            },
          ],
        },
        TZ,
      );
    });
    expect(cohortFunnel(requalified, Q3, 'definitionVersion', TZ, NOW)).toEqual(before);
  });

  it('answers one group "all" with zeros for an empty window', () => {
    const empty = cohortFunnel(contacts, dateWindow('2030-01-01', '2030-01-31', TZ), 'none', TZ, NOW);
    const zero = { lead: 0, mql: 0, sql: 0, opportunity: 0, won: 0 };
    expect(empty).toEqual({ groups: [{ key: 'all', counts: zero }], total: zero });
    expect(
      cohortFunnel(contacts, dateWindow('2030-01-01', '2030-01-31', TZ), 'channel', TZ, NOW).groups,
    ).toEqual([]);
  });
});

describe('period funnel', () => {
  it('counts each stage on its own instant in the window', () => {
    expect(periodFunnel(contacts, Q3, 'none', TZ)).toEqual({
      groups: Q3_EXPECTED.period.none,
      total: Q3_EXPECTED.period.total,
    });
  });

  it('groups by the month of each stage’s own instant', () => {
    expect(periodFunnel(contacts, Q3, 'month', TZ).groups).toEqual(Q3_EXPECTED.period.month);
  });
});

describe('folding store tallies', () => {
  it('sums tallies of one key and applies the cohort rule across profiles', () => {
    const reached = (mql: boolean, sql: boolean, opportunity: boolean, won: boolean) => ({
      mql,
      sql,
      opportunity,
      won,
    });
    const folded = foldCohort(
      [
        { key: 'B', reached: reached(true, true, true, true), count: 2 },
        { key: 'A', reached: reached(true, false, true, true), count: 3 },
        { key: 'A', reached: reached(false, true, false, false), count: 4 },
      ],
      'channel',
    );
    expect(folded.groups).toEqual([
      { key: 'A', counts: { lead: 7, mql: 3, sql: 0, opportunity: 0, won: 0 } },
      { key: 'B', counts: { lead: 2, mql: 2, sql: 2, opportunity: 2, won: 2 } },
    ]);
    expect(folded.total).toEqual({ lead: 9, mql: 5, sql: 2, opportunity: 2, won: 2 });
    expect(
      foldPeriod(
        [
          { stage: 'won', key: 'X', count: 1 },
          { stage: 'lead', key: 'X', count: 5 },
        ],
        'channel',
      ).groups,
    ).toEqual([{ key: 'X', counts: { lead: 5, mql: 0, sql: 0, opportunity: 0, won: 1 } }]);
  });
});
