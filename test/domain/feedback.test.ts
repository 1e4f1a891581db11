import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssues, parseDefinitions } from '../../src/domain/definitions.ts';
import { summarizeFeedback, tallyVerdicts } from '../../src/domain/feedback.ts';
import type { CurrentVerdict } from '../../src/domain/feedback.ts';
import { stageInstants } from '../../src/domain/funnel.ts';
import { dateWindow } from '../../src/domain/local-dates.ts';
import {
  FIXTURE_TIMEZONE,
  LEGACY_REASON,
  Q3_CONTACTS,
  Q3_EXPECTED,
  toContactFacts,
} from '../fixtures/funnel/q3-contacts.ts';

const parsed = parseDefinitions(
  readFileSync(new URL('../../config/definitions.yaml', import.meta.url), 'utf8'),
  'definitions.yaml',
);
if (!parsed.ok) throw new Error(formatIssues(parsed.error));
const definitions = parsed.value;
const Q3 = dateWindow('2026-07-01', '2026-09-30', FIXTURE_TIMEZONE);

/** Each fixture contact's current (latest) verdict. */
const current: CurrentVerdict[] = Q3_CONTACTS.flatMap((c) => {
  const latest = c.verdicts.at(-1);
  return latest
    ? [
        {
          verdict: latest.verdict,
          reasonCode: latest.reason,
          decidedAt: new Date(latest.at),
          channel: c.channel,
        },
      ]
    : [];
});

describe('feedback', () => {
  it('counts the current verdicts of the quarter by verdict, reason, disputed condition and channel', () => {
    const summary = summarizeFeedback(
      definitions,
      tallyVerdicts(current, Q3),
      new Map([[LEGACY_REASON.code, LEGACY_REASON.label]]),
    );
    expect(summary).toEqual(Q3_EXPECTED.feedback);
  });

  it('counts only the current verdict of a contact with two (c2: rejected, then accepted)', () => {
    const c2 = current.filter((v) => v.decidedAt.toISOString().startsWith('2026-09-0'));
    expect(c2).toHaveLength(1);
    const summary = summarizeFeedback(definitions, tallyVerdicts(c2, Q3));
    expect(summary.verdicts).toEqual({ accepted: 1, rejected: 0, recycled: 0 });
    expect(summary.byCondition.find((c) => c.conditionId === 'score')?.rejections).toBe(0);
  });

  it('lists every reason and condition of the definition with zeros when nothing was decided', () => {
    const summary = summarizeFeedback(definitions, []);
    expect(summary.byReason.map((r) => [r.code, r.count])).toEqual(
      definitions.reasons.map((r) => [r.code, 0]),
    );
    expect(summary.byCondition.map((c) => c.conditionId)).toEqual(definitions.conditions.map((c) => c.id));
    expect(summary.byChannel).toEqual([]);
  });

  it('labels a code no definition ever had by its code', () => {
    const summary = summarizeFeedback(definitions, [
      { verdict: 'recycled', reasonCode: 'zzz', channel: null, count: 2 },
    ]);
    expect(summary.byReason.at(-1)).toEqual({ code: 'zzz', label: 'zzz', verdict: 'recycled', count: 2 });
  });

  it('agrees with the stage rules on who is an SQL', () => {
    const sqls = Q3_CONTACTS.map((c) => stageInstants(toContactFacts(c), FIXTURE_TIMEZONE)).filter(
      (s) => s.instants.sql !== null,
    );
    expect(sqls.length).toBe(current.filter((v) => v.verdict === 'accepted').length);
  });
});
