// How late the late deadlines were: every deadline met after its due time, or passed and still
// open, sorted into buckets by the time between its due time and its meeting (or now, while it is
// open), counted on the deadline's own clock. On a business clock only opening hours count, so a
// verdict due Friday 17:00 and given Tuesday 10:00 after a holiday Monday is two hours late. Pure.
import type { SlaDeadlineKind } from './sla-compliance.ts';
import type { SlaClock } from './sla-clock.ts';

const HOUR_MS = 3_600_000;

/**
 * Upper bounds of the buckets, in hours on the deadline's clock; a last, open-ended bucket holds
 * the rest. Up to an hour is "just missed", 8 h about one business day, 72 h over a working week
 * of 9-hour days.
 */
export const LATE_BY_BOUNDS_HOURS: readonly number[] = [1, 4, 8, 24, 72];

export interface LateByBucket {
  /** Later than the previous bucket's bound (0 for the first) and at most this; null: the rest. */
  readonly upToHours: number | null;
  readonly count: number;
}

export type LateBy = Record<SlaDeadlineKind, LateByBucket[]>;

/** One late deadline (or several with the same times), with the clock it runs on. */
export interface LateDeadline {
  readonly kind: SlaDeadlineKind;
  readonly clock: SlaClock;
  readonly dueAt: Date;
  /** When it was met; or now, while it is open. */
  readonly until: Date;
  readonly count: number;
}

/**
 * Counted milliseconds from the due time to `until` on the deadline's clock, but never more than
 * just past the last bound: a deadline breached since July is "more than 72 h" without walking
 * every day since.
 */
export function lateMs(
  deadline: Pick<LateDeadline, 'clock' | 'dueAt' | 'until'>,
  bounds = LATE_BY_BOUNDS_HOURS,
): number {
  const { clock, dueAt, until } = deadline;
  const last = bounds[bounds.length - 1];
  // Counted time is never more than wall time: within the last bound on the wall, no cap needed.
  if (last === undefined || until.getTime() - dueAt.getTime() <= last * HOUR_MS)
    return clock.elapsed(dueAt, until);
  const cap = clock.add(dueAt, last * HOUR_MS + 1);
  return clock.elapsed(dueAt, until.getTime() < cap.getTime() ? until : cap);
}

/** The index of the bucket a lateness falls in: the first bound it does not exceed, else the last. */
export function bucketIndex(ms: number, bounds = LATE_BY_BOUNDS_HOURS): number {
  const index = bounds.findIndex((hours) => ms <= hours * HOUR_MS);
  return index === -1 ? bounds.length : index;
}

/** Every bucket of each deadline kind, in order, zero counts included. */
export function lateBy(deadlines: readonly LateDeadline[], bounds = LATE_BY_BOUNDS_HOURS): LateBy {
  const tally: Record<SlaDeadlineKind, number[]> = {
    handoff: [...bounds, null].map(() => 0),
    verdict: [...bounds, null].map(() => 0),
  };
  for (const deadline of deadlines) {
    const index = bucketIndex(lateMs(deadline, bounds), bounds);
    tally[deadline.kind][index] = (tally[deadline.kind][index] ?? 0) + deadline.count;
  }
  const buckets = (kind: SlaDeadlineKind) =>
    [...bounds, null].map((upToHours, i) => ({ upToHours, count: tally[kind][i] ?? 0 }));
  return { handoff: buckets('handoff'), verdict: buckets('verdict') };
}

/** Whether a deadline is late at `now`: met after its due time, or unmet with the due time passed. */
export function isLate(deadline: { readonly dueAt: Date; readonly metAt: Date | null }, now: Date): boolean {
  if (deadline.metAt !== null) return deadline.metAt.getTime() > deadline.dueAt.getTime();
  return now.getTime() >= deadline.dueAt.getTime();
}
