// Places a few contacts so that their SLA deadlines sit where a demo can watch them: due soon,
// just breached, or breaching within minutes. The instants are found on the definitions' own clock
// (business hours, Japanese holidays), so the demo shows alerts whatever the time of day it runs.
import type { DeadlineTimes } from '../../src/domain/deadline-plan.ts';

export type DeadlineKind = 'handoff' | 'verdict';

/** The backend's deadline plan for a clock started at `startedAt`. */
export type DeadlinePlanner = (kind: DeadlineKind, startedAt: Date) => DeadlineTimes;

export type LiveScenario =
  | 'handoff-due-soon'
  | 'handoff-breached'
  | 'handoff-breaches-in-minutes'
  | 'verdict-due-soon'
  | 'verdict-breached'
  | 'just-qualified';

export interface LivePlan {
  readonly scenario: LiveScenario;
  readonly qualifiedAt: Date;
  /** When an owner was set (the handoff), or null while nobody owns the lead. */
  readonly handedOffAt: Date | null;
}

const MINUTE = 60_000;
// A week back covers the longest run of non-business days the Japanese calendar has (Golden Week).
const SEARCH_MINUTES = 9 * 24 * 60;

type Test = (times: DeadlineTimes, now: number) => boolean;

const dueSoon: Test = (t, now) => t.warnAt.getTime() <= now && now < t.dueAt.getTime();
const breached: Test = (t, now) => t.dueAt.getTime() <= now && now < t.escalateAt.getTime();
const inMinutes: Test = (t, now) => t.dueAt.getTime() > now + 90_000 && t.dueAt.getTime() <= now + 5 * MINUTE;

/** Clock starts, newest first, whose deadline passes `test`; `taken` instants are skipped. */
function starts(planner: DeadlinePlanner, kind: DeadlineKind, now: number, test: Test): number[] {
  const found: number[] = [];
  for (let minutes = 2; minutes <= SEARCH_MINUTES; minutes += 1) {
    const at = now - minutes * MINUTE;
    if (test(planner(kind, new Date(at)), now)) found.push(at);
  }
  return found;
}

/** `wanted` instants spread over the candidates (newest, then towards the oldest). */
function spread(candidates: readonly number[], wanted: number): number[] {
  if (candidates.length === 0) return [];
  const step = Math.max(1, Math.floor(candidates.length / wanted));
  return Array.from(
    { length: Math.min(wanted, candidates.length) },
    (_, index) => candidates[index * step] ?? 0,
  );
}

export function planLiveContacts(planner: DeadlinePlanner, nowDate: Date): LivePlan[] {
  const now = Math.floor(nowDate.getTime() / MINUTE) * MINUTE;
  const plans: LivePlan[] = [];
  const unowned = (scenario: LiveScenario, at: number): LivePlan => ({
    scenario,
    qualifiedAt: new Date(at),
    handedOffAt: null,
  });
  // Handed off 40 minutes after qualifying: the handoff was on time, the verdict clock runs.
  const owned = (scenario: LiveScenario, handedOffAt: number): LivePlan => ({
    scenario,
    qualifiedAt: new Date(handedOffAt - 40 * MINUTE),
    handedOffAt: new Date(handedOffAt),
  });

  for (const at of spread(starts(planner, 'handoff', now, dueSoon), 2))
    plans.push(unowned('handoff-due-soon', at));
  for (const at of spread(starts(planner, 'handoff', now, breached), 2))
    plans.push(unowned('handoff-breached', at));
  // Only while the business clock runs (or is about to): the deadline lands while people watch.
  for (const at of starts(planner, 'handoff', now, inMinutes).slice(0, 1))
    plans.push(unowned('handoff-breaches-in-minutes', at));
  for (const at of spread(starts(planner, 'verdict', now, dueSoon), 2))
    plans.push(owned('verdict-due-soon', at));
  for (const at of spread(starts(planner, 'verdict', now, breached), 1))
    plans.push(owned('verdict-breached', at));
  plans.push(unowned('just-qualified', now - 25 * MINUTE));
  plans.push(unowned('just-qualified', now - 70 * MINUTE));
  return plans;
}
