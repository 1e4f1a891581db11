// The marketer pages' DTO types (extensions/shared/dto.ts) are a hand-kept mirror of the four
// report routes' answers. This test holds them to the server's own types, both ways:
// - what the server sends fits the page's type (every field a page reads is sent, with its type);
// - `Required<…>`: every field a page declares, the optional additions included, is one the server
//   sends, so a page never waits for a field no backend has;
// - the closed sets (stages, modes, verdicts, outcomes, …) are the same sets on both sides.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as dto from '../../extensions/shared/dto.ts';
import { VERDICT_KINDS } from '../../src/domain/definitions.ts';
import { ALL_KEY, FUNNEL_GROUP_BYS, FUNNEL_MODES, FUNNEL_STAGES, NONE_KEY } from '../../src/domain/funnel.ts';
import { SLA_OUTCOMES } from '../../src/domain/sla-compliance.ts';
import { ROOT, WIRE_TYPE, dtoFile, importPath, typeErrors } from './dto-agreement.ts';

const DIR = join(ROOT, 'test/extensions');

function agreementSource(dtoPath: string): string {
  const from = (path: string) => importPath(DIR, join(ROOT, path));
  return `
import type * as Dto from '${importPath(DIR, dtoPath)}';
import type { buildFunnelReport } from '${from('src/services/funnel-report.ts')}';
import type { buildFeedbackReport } from '${from('src/services/feedback-report.ts')}';
import type { buildSlaReport } from '${from('src/services/sla-report.ts')}';
import type { buildKpiTreeReport } from '${from('src/services/kpi-tree-report.ts')}';
import type * as Funnel from '${from('src/domain/funnel.ts')}';
import type * as Definitions from '${from('src/domain/definitions.ts')}';
import type * as Sla from '${from('src/domain/sla-compliance.ts')}';
import type * as Kpi from '${from('src/domain/kpi-tree.ts')}';
import type * as Dates from '${from('src/domain/local-dates.ts')}';
${WIRE_TYPE}
type Sent<F extends (...args: never[]) => Promise<unknown>> = Wire<Awaited<ReturnType<F>>>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

declare const funnel: Sent<typeof buildFunnelReport>;
declare const feedback: Sent<typeof buildFeedbackReport>;
declare const sla: Sent<typeof buildSlaReport>;
declare const kpiTree: Sent<typeof buildKpiTreeReport>;

export const funnelAsSent: Dto.FunnelDto = funnel;
export const feedbackAsSent: Dto.FeedbackDto = feedback;
export const slaAsSent: Dto.SlaDto = sla;
export const kpiTreeAsSent: Dto.KpiTreeDto = kpiTree;

export const funnelComplete: Required<Dto.FunnelDto> = funnel;
export const feedbackComplete: Required<Dto.FeedbackDto> = feedback;
export const slaComplete: Required<Dto.SlaDto> = sla;
// trailing is sent only when a rate is trailing; the type still has it.
export const kpiTreeComplete: Required<Dto.KpiTreeDto> = { ...kpiTree, trailing: kpiTree.trailing! };

export const sets: [
  Same<Dto.FunnelStage, Funnel.FunnelStage>,
  Same<Dto.FunnelMode, Funnel.FunnelMode>,
  Same<Dto.FunnelGroupBy, Funnel.FunnelGroupBy>,
  Same<Dto.VerdictKind, Definitions.VerdictKind>,
  Same<Dto.SlaOutcome, Sla.SlaOutcome>,
  Same<Dto.SlaDeadlineKind, Sla.SlaDeadlineKind>,
  Same<Dto.RateSource, Kpi.RateSource>,
  Same<Dto.RevenueSource, Kpi.RevenueSource>,
  Same<Dto.KpiPeriodKind, Dates.PeriodKind>,
] = [true, true, true, true, true, true, true, true, true];
`;
}

describe('marketer DTO mirror', () => {
  it('agrees with what the four report routes send, both ways', () => {
    const fileName = join(DIR, '__marketer-dto-agreement__.ts');
    expect(typeErrors(fileName, agreementSource(dtoFile()))).toEqual([]);
  }, 120_000);

  it('notices a page field the server does not send, and a server field of another type', () => {
    const fileName = join(DIR, '__marketer-dto-disagreement__.ts');
    const source = `${agreementSource(dtoFile())}
// A page reading a field no backend sends (as the pages once read trailingDays).
export const stricter: Required<Dto.KpiTreeDto & { trailingDays?: number }> = { ...kpiTree, trailing: kpiTree.trailing! };
// The server dropping an addition the page declares.
declare const withoutNotes: Omit<typeof feedback, 'notes'>;
export const dropped: Required<Dto.FeedbackDto> = withoutNotes;
// A node's requirement sent as null where a page would want a number.
export const narrower: { required: number } = kpiTree.nodes[0]!;
`;
    const errors = typeErrors(fileName, source).join('\n');
    expect(errors).toMatch(/trailingDays/);
    expect(errors).toMatch(/notes/);
    expect(errors).toMatch(/null/);
  }, 120_000);

  it('notices a closed set that differs', () => {
    const fileName = join(DIR, '__marketer-dto-sets__.ts');
    const source = `${agreementSource(dtoFile())}
export const wider: Same<Dto.SlaOutcome | 'waived', Sla.SlaOutcome> = true;
`;
    expect(typeErrors(fileName, source).join('\n')).toMatch(/not assignable to type 'false'/);
  }, 120_000);

  it('keeps the same constants at run time', () => {
    expect(dto.FUNNEL_STAGES).toEqual(FUNNEL_STAGES);
    expect(dto.VERDICT_KINDS).toEqual(VERDICT_KINDS);
    expect(dto.SLA_OUTCOMES).toEqual(SLA_OUTCOMES);
    expect(dto.NONE_GROUP_KEY).toBe(NONE_KEY);
    expect(dto.ALL_GROUP_KEY).toBe(ALL_KEY);
    expect(FUNNEL_MODES).toEqual(['cohort', 'period'] satisfies dto.FunnelMode[]);
    expect(FUNNEL_GROUP_BYS).toEqual([
      'none',
      'channel',
      'month',
      'definitionVersion',
    ] satisfies dto.FunnelGroupBy[]);
  });
});
