// When an SLA deadline needs attention, and which alerts are owed at an instant. Pure.
import type { Duration } from './duration.ts';
import type { SlaClock } from './sla-clock.ts';
import { computeDeadlines, slaStatus } from './sla-status.ts';
import type { SlaStatus } from './sla-status.ts';

export type AlertKind = 'due_soon' | 'breached' | 'escalated';

export interface DeadlineTimes {
  readonly startedAt: Date;
  readonly dueAt: Date;
  readonly warnAt: Date;
  readonly escalateAt: Date;
  readonly metAt: Date | null;
}

export interface SlaDurations {
  readonly within: Duration;
  readonly warnBefore: Duration;
  readonly escalateAfter: Duration;
}

export function planDeadline(clock: SlaClock, startedAt: Date, durations: SlaDurations): DeadlineTimes {
  const { dueAt, warnAt, escalateAt } = computeDeadlines(
    clock,
    startedAt,
    durations.within,
    durations.warnBefore,
    durations.escalateAfter,
  );
  return { startedAt, dueAt, warnAt, escalateAt, metAt: null };
}

export function deadlineStatus(times: DeadlineTimes, now: Date): SlaStatus {
  return slaStatus({ ...times, now });
}

/**
 * Alerts owed at `now` for an unmet deadline. A due-soon warning that is only seen after the
 * deadline passed is skipped (the breach alert says more); a late sweep owes breach and escalation.
 */
export function owedAlerts(times: DeadlineTimes, now: Date): AlertKind[] {
  if (times.metAt !== null) return [];
  const t = now.getTime();
  if (t >= times.escalateAt.getTime()) return ['breached', 'escalated'];
  if (t >= times.dueAt.getTime()) return ['breached'];
  if (t >= times.warnAt.getTime()) return ['due_soon'];
  return [];
}

/** The next instant the sweeper must look at this deadline, or null once nothing more can happen. */
export function nextCheckAt(times: DeadlineTimes, now: Date): Date | null {
  if (times.metAt !== null) return null;
  let next: Date | null = null;
  for (const at of [times.warnAt, times.dueAt, times.escalateAt]) {
    if (at.getTime() > now.getTime() && (next === null || at.getTime() < next.getTime())) next = at;
  }
  return next;
}
