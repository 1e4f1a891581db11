// SLA compliance over a window: every handoff and verdict deadline (of every qualification
// episode) whose due time is in the window, classified once. Pure.
import { compareKeys, NONE_KEY } from './funnel.ts';
import type { DateWindow } from './local-dates.ts';
import { inWindow } from './local-dates.ts';

export type SlaDeadlineKind = 'handoff' | 'verdict';
export type SlaOutcome = 'metOnTime' | 'metLate' | 'open' | 'breachedOpen';
export const SLA_OUTCOMES: readonly SlaOutcome[] = ['metOnTime', 'metLate', 'open', 'breachedOpen'];

/**
 * Met at or before the due time: on time; met after: late. Unmet: open while the due time is
 * still ahead, breached once it has passed (at the due time itself it is breached, as the SLA
 * status says).
 */
export function classifyDeadline(
  deadline: { readonly dueAt: Date; readonly metAt: Date | null },
  now: Date,
): SlaOutcome {
  if (deadline.metAt !== null)
    return deadline.metAt.getTime() <= deadline.dueAt.getTime() ? 'metOnTime' : 'metLate';
  return now.getTime() < deadline.dueAt.getTime() ? 'open' : 'breachedOpen';
}

export type SlaCounts = { due: number } & Record<SlaOutcome, number>;

/** Deadlines sharing kind, owner and outcome (what the store's GROUP BY returns). */
export interface SlaTally {
  readonly kind: SlaDeadlineKind;
  /** The contact's owner when the deadline was met, or now while it is not; null is `(none)`. */
  readonly ownerId: string | null;
  readonly outcome: SlaOutcome;
  readonly count: number;
}

export interface SlaSummary {
  readonly handoff: SlaCounts;
  readonly verdict: SlaCounts;
  readonly byOwner: readonly {
    readonly ownerId: string;
    readonly handoff: SlaCounts;
    readonly verdict: SlaCounts;
  }[];
}

function zero(): SlaCounts {
  return { due: 0, metOnTime: 0, metLate: 0, open: 0, breachedOpen: 0 };
}

/** Totals per deadline kind and per owner; `due` is the sum of the four outcomes. */
export function summarizeSla(tallies: readonly SlaTally[]): SlaSummary {
  const totals = { handoff: zero(), verdict: zero() };
  const owners = new Map<string, { handoff: SlaCounts; verdict: SlaCounts }>();
  for (const tally of tallies) {
    const owner = tally.ownerId === null || tally.ownerId === '' ? NONE_KEY : tally.ownerId;
    const entry = owners.get(owner) ?? { handoff: zero(), verdict: zero() };
    for (const counts of [totals[tally.kind], entry[tally.kind]]) {
      counts[tally.outcome] += tally.count;
      counts.due += tally.count;
    }
    owners.set(owner, entry);
  }
  return {
    ...totals,
    byOwner: [...owners]
      .sort(([a], [b]) => compareKeys(a, b))
      .map(([ownerId, counts]) => ({ ownerId, ...counts })),
  };
}

/** One deadline, for the reference tally. */
export interface DeadlineRecord {
  readonly kind: SlaDeadlineKind;
  readonly dueAt: Date;
  readonly metAt: Date | null;
  readonly ownerWhenMet: string | null;
  readonly ownerNow: string | null;
}

/** The reference tally: one per deadline due in the window. */
export function tallyDeadlines(
  deadlines: readonly DeadlineRecord[],
  window: DateWindow,
  now: Date,
): SlaTally[] {
  return deadlines
    .filter((d) => inWindow(d.dueAt, window))
    .map((d) => ({
      kind: d.kind,
      ownerId: d.metAt !== null ? d.ownerWhenMet : d.ownerNow,
      outcome: classifyDeadline(d, now),
      count: 1,
    }));
}
