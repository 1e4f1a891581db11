// Where an SLA stands at an instant, and the deadlines it is judged against. Pure: the caller
// passes `now` and the clock (business or wall) the definitions file chose.
import type { Duration } from './duration.ts';
import { durationOn } from './sla-clock.ts';
import type { SlaClock } from './sla-clock.ts';

export type SlaStatus = 'not_started' | 'on_track' | 'due_soon' | 'breached' | 'met';

export interface SlaStatusInput {
  readonly startedAt: Date | null;
  readonly dueAt: Date | null;
  readonly warnAt: Date | null;
  readonly metAt: Date | null;
  readonly now: Date;
}

/**
 * The SLA's status at `now`. A deadline is inclusive: meeting it at `dueAt` exactly is `met`.
 * Once met, the status is final: `met` when met by `dueAt`, `breached` when met later (the
 * breach happened and stays on the record even though the work was done).
 * Unmet, it is `breached` from `dueAt` on, `due_soon` from `warnAt` on, `on_track` before.
 */
export function slaStatus(input: SlaStatusInput): SlaStatus {
  const { startedAt, dueAt, warnAt, metAt, now } = input;
  if (startedAt === null || dueAt === null) return 'not_started';
  if (metAt !== null) return metAt.getTime() <= dueAt.getTime() ? 'met' : 'breached';
  if (now.getTime() >= dueAt.getTime()) return 'breached';
  if (warnAt !== null && now.getTime() >= warnAt.getTime()) return 'due_soon';
  return 'on_track';
}

export interface SlaDeadlines {
  readonly dueAt: Date;
  readonly warnAt: Date;
  readonly escalateAt: Date;
}

/**
 * Deadlines of an SLA started at `startedAt`, all counted on `clock`:
 * due `within` after the clock starts; warned `warnBefore` ahead of the due time, but never before
 * the clock starts (a warning window longer than the SLA warns from the start); escalated
 * `escalateAfter` past the due time.
 */
export function computeDeadlines(
  clock: SlaClock,
  startedAt: Date,
  within: Duration,
  warnBefore: Duration,
  escalateAfter: Duration,
): SlaDeadlines {
  const dueAt = clock.add(startedAt, durationOn(clock, within));
  const clockStart = clock.add(startedAt, 0);
  const warnFrom = clock.subtract(dueAt, durationOn(clock, warnBefore));
  const warnAt = warnFrom.getTime() < clockStart.getTime() ? clockStart : warnFrom;
  const escalateAt = clock.add(dueAt, durationOn(clock, escalateAfter));
  return { dueAt, warnAt, escalateAt };
}
