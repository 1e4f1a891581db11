// The shared funnel: lead → MQL → SQL → opportunity → won, counted the same way for marketing and
// sales. Pure: the stage instants of each contact come in, counts go out.
//
// Stage instants of a contact (each may be absent):
//   lead         its `createdate`
//   mql          `qualifiedAt` of its first qualification (frozen: a later definition never moves it)
//   sql          `decidedAt` of its current (latest) verdict, when that verdict is `accepted`
//   opportunity  the earliest of HubSpot's opportunity date and a linked Salesforce opportunity's CreatedDate
//   won          the earliest of HubSpot's customer date and the start (in the timezone) of the
//                CloseDate of a won linked Salesforce opportunity
import type { VerdictKind } from './definitions.ts';
import type { DateWindow } from './local-dates.ts';
import { inWindow, monthKeyOf, startOfLocalDate } from './local-dates.ts';

export const FUNNEL_STAGES = ['lead', 'mql', 'sql', 'opportunity', 'won'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export type StageCounts = Record<FunnelStage, number>;

export type FunnelMode = 'cohort' | 'period';
export const FUNNEL_MODES: readonly FunnelMode[] = ['cohort', 'period'];
export type FunnelGroupBy = 'none' | 'channel' | 'month' | 'definitionVersion';
export const FUNNEL_GROUP_BYS: readonly FunnelGroupBy[] = ['none', 'channel', 'month', 'definitionVersion'];

/** The key of a missing channel or of a contact never qualified (by definition version). */
export const NONE_KEY = '(none)';
/** The one group of `groupBy=none`. */
export const ALL_KEY = 'all';

/** One contact as the funnel sees it. */
export interface ContactStages {
  readonly contactId: string;
  readonly instants: Readonly<Record<FunnelStage, Date | null>>;
  /** Current value of the channel property, raw (empty or null is `(none)`). */
  readonly channel: string | null;
  /** Definition version of the first qualification, null when never qualified. */
  readonly definitionVersion: string | null;
}

/** What the store knows of a contact, before the stage rules are applied. */
export interface ContactFacts {
  readonly contactId: string;
  readonly createdAt: Date | null;
  readonly channel: string | null;
  /** Every qualification episode, any order. */
  readonly qualifications: readonly {
    readonly episode: number;
    readonly qualifiedAt: Date;
    readonly definitionVersion: string;
  }[];
  /** Every verdict, any order; `seq` orders them (the latest supersedes). */
  readonly verdicts: readonly {
    readonly seq: number;
    readonly verdict: VerdictKind;
    readonly decidedAt: Date;
  }[];
  readonly hubspotOpportunityAt: Date | null;
  readonly hubspotCustomerAt: Date | null;
  readonly opportunities: readonly LinkedOpportunity[];
}

/** A CRM opportunity linked to the contact (Salesforce: `ConvertedOpportunityId` of its Lead). */
export interface LinkedOpportunity {
  readonly createdAt: Date;
  readonly isWon: boolean;
  /** `YYYY-MM-DD`: Salesforce's CloseDate is a date, read in the definitions' timezone. */
  readonly closeDate: string | null;
  readonly amount: number | null;
}

function earliest(...instants: readonly (Date | null)[]): Date | null {
  let best: Date | null = null;
  for (const instant of instants) {
    if (instant !== null && (best === null || instant.getTime() < best.getTime())) best = instant;
  }
  return best;
}

/** The opportunity and won instants the linked CRM opportunities alone give. */
export function opportunityInstants(
  opportunities: readonly LinkedOpportunity[],
  timeZone: string,
): { readonly opportunityAt: Date | null; readonly wonAt: Date | null } {
  const created = earliest(...opportunities.map((o) => o.createdAt));
  const closes = opportunities
    .filter((o) => o.isWon && o.closeDate !== null)
    .map((o) => o.closeDate ?? '')
    .sort();
  const firstClose = closes[0];
  return {
    opportunityAt: created,
    wonAt: firstClose === undefined ? null : startOfLocalDate(firstClose, timeZone),
  };
}

/** Applies the stage rules to what the store knows of one contact. */
export function stageInstants(facts: ContactFacts, timeZone: string): ContactStages {
  const first = [...facts.qualifications].sort((a, b) => a.episode - b.episode)[0];
  const current = [...facts.verdicts].sort((a, b) => b.seq - a.seq)[0];
  const linked = opportunityInstants(facts.opportunities, timeZone);
  return {
    contactId: facts.contactId,
    instants: {
      lead: facts.createdAt,
      mql: first?.qualifiedAt ?? null,
      sql: current?.verdict === 'accepted' ? current.decidedAt : null,
      opportunity: earliest(facts.hubspotOpportunityAt, linked.opportunityAt),
      won: earliest(facts.hubspotCustomerAt, linked.wonAt),
    },
    channel: facts.channel,
    definitionVersion: first?.definitionVersion ?? null,
  };
}

/** A channel value as a group key: empty or missing is `(none)`. */
export function channelKey(raw: string | null): string {
  const value = raw?.trim() ?? '';
  return value === '' ? NONE_KEY : value;
}

export interface FunnelGroup {
  readonly key: string;
  readonly counts: StageCounts;
}

export interface FunnelCounts {
  readonly groups: readonly FunnelGroup[];
  readonly total: StageCounts;
}

export function zeroCounts(): StageCounts {
  return { lead: 0, mql: 0, sql: 0, opportunity: 0, won: 0 };
}

/** Which stages after `lead` a cohort contact has reached (instant at or before now). */
export interface ReachedProfile {
  readonly mql: boolean;
  readonly sql: boolean;
  readonly opportunity: boolean;
  readonly won: boolean;
}

/** Cohort contacts of one group sharing one profile (what the store's GROUP BY returns). */
export interface CohortTally {
  readonly key: string;
  readonly reached: ReachedProfile;
  readonly count: number;
}

/** Contacts of one group whose instant for one stage is in the window. */
export interface PeriodTally {
  readonly stage: FunnelStage;
  readonly key: string;
  readonly count: number;
}

/**
 * Cohort counts: a contact counts at a stage when it reached that stage and every stage before
 * it, so the counts never increase along the funnel.
 */
export function foldCohort(tallies: readonly CohortTally[], groupBy: FunnelGroupBy): FunnelCounts {
  const groups = new Map<string, StageCounts>();
  if (groupBy === 'none') groups.set(ALL_KEY, zeroCounts());
  for (const tally of tallies) {
    const counts = groups.get(tally.key) ?? zeroCounts();
    counts.lead += tally.count;
    if (tally.reached.mql) {
      counts.mql += tally.count;
      if (tally.reached.sql) {
        counts.sql += tally.count;
        if (tally.reached.opportunity) {
          counts.opportunity += tally.count;
          if (tally.reached.won) counts.won += tally.count;
        }
      }
    }
    groups.set(tally.key, counts);
  }
  return withTotal(groups);
}

/** Period counts: each stage counted on its own instant, independently of the others. */
export function foldPeriod(tallies: readonly PeriodTally[], groupBy: FunnelGroupBy): FunnelCounts {
  const groups = new Map<string, StageCounts>();
  if (groupBy === 'none') groups.set(ALL_KEY, zeroCounts());
  for (const tally of tallies) {
    const counts = groups.get(tally.key) ?? zeroCounts();
    counts[tally.stage] += tally.count;
    groups.set(tally.key, counts);
  }
  return withTotal(groups);
}

// Keys sort by code unit, so `(none)` comes first and the order never depends on a locale.
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function withTotal(groups: Map<string, StageCounts>): FunnelCounts {
  const total = zeroCounts();
  const sorted = [...groups].sort(([a], [b]) => compareKeys(a, b));
  for (const [, counts] of sorted) {
    for (const stage of FUNNEL_STAGES) total[stage] += counts[stage];
  }
  return { groups: sorted.map(([key, counts]) => ({ key, counts })), total };
}

/** The group a contact falls in; `at` is the instant whose month `groupBy=month` reads. */
export function groupKey(contact: ContactStages, groupBy: FunnelGroupBy, at: Date, timeZone: string): string {
  switch (groupBy) {
    case 'none':
      return ALL_KEY;
    case 'channel':
      return channelKey(contact.channel);
    case 'month':
      return monthKeyOf(at, timeZone);
    case 'definitionVersion':
      return contact.definitionVersion ?? NONE_KEY;
  }
}

function reachedBy(instant: Date | null, now: Date): boolean {
  return instant !== null && instant.getTime() <= now.getTime();
}

/** The reference cohort funnel: the contacts whose lead instant is in the window. */
export function cohortFunnel(
  contacts: readonly ContactStages[],
  window: DateWindow,
  groupBy: FunnelGroupBy,
  timeZone: string,
  now: Date,
): FunnelCounts {
  const tallies: CohortTally[] = [];
  for (const contact of contacts) {
    const lead = contact.instants.lead;
    if (lead === null || !inWindow(lead, window)) continue;
    tallies.push({
      key: groupKey(contact, groupBy, lead, timeZone),
      reached: {
        mql: reachedBy(contact.instants.mql, now),
        sql: reachedBy(contact.instants.sql, now),
        opportunity: reachedBy(contact.instants.opportunity, now),
        won: reachedBy(contact.instants.won, now),
      },
      count: 1,
    });
  }
  return foldCohort(tallies, groupBy);
}

/** The reference period funnel: per stage, the contacts whose instant for it is in the window. */
export function periodFunnel(
  contacts: readonly ContactStages[],
  window: DateWindow,
  groupBy: FunnelGroupBy,
  timeZone: string,
): FunnelCounts {
  const tallies: PeriodTally[] = [];
  for (const contact of contacts) {
    for (const stage of FUNNEL_STAGES) {
      const at = contact.instants[stage];
      if (at === null || !inWindow(at, window)) continue;
      tallies.push({ stage, key: groupKey(contact, groupBy, at, timeZone), count: 1 });
    }
  }
  return foldPeriod(tallies, groupBy);
}
