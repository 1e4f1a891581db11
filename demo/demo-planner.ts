// The backend's own deadline arithmetic, used by the demo to place its live contacts.
import { planDeadline } from '../src/domain/deadline-plan.ts';
import type { Definitions } from '../src/domain/definitions.ts';
import { createSlaClock } from '../src/domain/sla-clock.ts';
import type { DeadlinePlanner } from './portal/live-deadlines.ts';

export function deadlinePlanner(definitions: Definitions): DeadlinePlanner {
  const clock = createSlaClock(definitions.handoff.clock, definitions.calendar);
  const { handoff } = definitions;
  return (kind, startedAt) =>
    planDeadline(clock, startedAt, {
      within: kind === 'handoff' ? handoff.within : handoff.verdictWithin,
      warnBefore: handoff.warnBefore,
      escalateAfter: handoff.escalateAfter,
    });
}
