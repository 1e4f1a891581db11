import { deadlineStatus, nextCheckAt, owedAlerts, planDeadline } from '../domain/deadline-plan.ts';
import type { Definitions } from '../domain/definitions.ts';
import type { SlaClock } from '../domain/sla-clock.ts';
import type { SlaStatus } from '../domain/sla-status.ts';
import { findDeadlines, insertDeadline, markDeadlineMet } from '../storage/deadline-repository.ts';
import type { DeadlineKind, DeadlineRow } from '../storage/deadline-repository.ts';
import type { Queryable } from '../storage/queryable.ts';

export interface DeadlineDeps {
  readonly definitions: Definitions;
  readonly clock: SlaClock;
  readonly now: () => Date;
}

function durationsFor(definitions: Definitions, kind: DeadlineKind) {
  const { handoff } = definitions;
  return {
    within: kind === 'handoff' ? handoff.within : handoff.verdictWithin,
    warnBefore: handoff.warnBefore,
    escalateAfter: handoff.escalateAfter,
  };
}

/**
 * Builds a deadline of qualification episode `episode`, started at `startedAt`. One whose escalation already passed when we first see
 * it (a backfilled, long-gone lead) is recorded as breached without owing any alert: alerting on
 * history would flood the team with news nobody can act on.
 */
export function buildDeadline(
  deps: DeadlineDeps,
  portalId: string,
  contactId: string,
  episode: number,
  kind: DeadlineKind,
  startedAt: Date,
): DeadlineRow {
  const now = deps.now();
  const times = planDeadline(deps.clock, startedAt, durationsFor(deps.definitions, kind));
  const owed = owedAlerts(times, now);
  const historical = owed.includes('escalated');
  return {
    portalId,
    contactId,
    episode,
    kind,
    clock: deps.clock.kind,
    ...times,
    status: deadlineStatus(times, now),
    definitionHash: deps.definitions.hash,
    // Alerts owed right away are the sweeper's job: it is the one place that sends them once.
    nextCheckAt: historical ? null : owed.length > 0 ? now : nextCheckAt(times, now),
  };
}

export async function openDeadline(
  deps: DeadlineDeps,
  q: Queryable,
  portalId: string,
  contactId: string,
  episode: number,
  kind: DeadlineKind,
  startedAt: Date,
): Promise<DeadlineRow> {
  const deadline = buildDeadline(deps, portalId, contactId, episode, kind, startedAt);
  const inserted = await insertDeadline(q, deadline);
  if (inserted) return deadline;
  const existing = (await findDeadlines(q, portalId, contactId, episode))[kind];
  return existing ?? deadline;
}

/** Marks an open deadline of the episode met; false when it was already closed (or never opened). */
export async function closeDeadline(
  deps: DeadlineDeps,
  q: Queryable,
  portalId: string,
  contactId: string,
  episode: number,
  kind: DeadlineKind,
  metAt: Date,
): Promise<boolean> {
  const current = (await findDeadlines(q, portalId, contactId, episode, true))[kind];
  if (!current || current.metAt !== null) return false;
  return markDeadlineMet(q, current, metAt, deadlineStatus({ ...current, metAt }, deps.now()));
}

export function currentStatus(deadline: DeadlineRow | undefined, now: Date): SlaStatus {
  return deadline ? deadlineStatus(deadline, now) : 'not_started';
}
