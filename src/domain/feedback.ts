// Sales feedback for marketing: the current verdict of each contact decided in a window, read by
// reason, by the MQL condition a rejection disputes (`contradicts`), and by channel. Pure.
import type { ConditionDef } from './conditions.ts';
import type { ReasonDef, VerdictKind } from './definitions.ts';
import { VERDICT_KINDS } from './definitions.ts';
import { channelKey, compareKeys } from './funnel.ts';
import type { DateWindow } from './local-dates.ts';
import { inWindow } from './local-dates.ts';

/** Current verdicts sharing verdict, reason and channel (what the store's GROUP BY returns). */
export interface VerdictTally {
  readonly verdict: VerdictKind;
  readonly reasonCode: string;
  /** Raw channel value; empty or null is `(none)`. */
  readonly channel: string | null;
  readonly count: number;
}

export type VerdictCounts = Record<VerdictKind, number>;

export interface FeedbackSummary {
  readonly verdicts: VerdictCounts;
  readonly byReason: readonly {
    readonly code: string;
    readonly label: string;
    readonly verdict: VerdictKind;
    readonly count: number;
  }[];
  readonly byCondition: readonly {
    readonly conditionId: string;
    readonly label: string;
    readonly rejections: number;
  }[];
  readonly byChannel: readonly ({ readonly key: string } & VerdictCounts)[];
}

export interface FeedbackCatalogue {
  readonly reasons: readonly ReasonDef[];
  readonly conditions: readonly Pick<ConditionDef, 'id' | 'label'>[];
}

function zero(): VerdictCounts {
  return { accepted: 0, rejected: 0, recycled: 0 };
}

/**
 * Every reason of the current definition is listed (zero counts included), in its order, then any
 * other code that occurs (an older definition's), labelled by `otherLabels` or by its code.
 * `byCondition` lists every condition with the rejections whose reason disputes it.
 */
export function summarizeFeedback(
  catalogue: FeedbackCatalogue,
  tallies: readonly VerdictTally[],
  otherLabels: ReadonlyMap<string, string> = new Map(),
): FeedbackSummary {
  const verdicts = zero();
  const byReason = new Map<string, { code: string; label: string; verdict: VerdictKind; count: number }>();
  for (const reason of catalogue.reasons) {
    byReason.set(`${reason.verdict}:${reason.code}`, {
      code: reason.code,
      label: reason.label,
      verdict: reason.verdict,
      count: 0,
    });
  }
  const others: string[] = [];
  const rejections = new Map<string, number>(catalogue.conditions.map((c) => [c.id, 0]));
  const byChannel = new Map<string, VerdictCounts>();
  for (const tally of tallies) {
    verdicts[tally.verdict] += tally.count;
    const key = `${tally.verdict}:${tally.reasonCode}`;
    let entry = byReason.get(key);
    if (!entry) {
      const label = otherLabels.get(tally.reasonCode) ?? tally.reasonCode;
      entry = { code: tally.reasonCode, label, verdict: tally.verdict, count: 0 };
      byReason.set(key, entry);
      others.push(key);
    }
    entry.count += tally.count;
    if (tally.verdict === 'rejected') {
      const reason = catalogue.reasons.find((r) => r.verdict === 'rejected' && r.code === tally.reasonCode);
      for (const conditionId of reason?.contradicts ?? []) {
        rejections.set(conditionId, (rejections.get(conditionId) ?? 0) + tally.count);
      }
    }
    const channel = channelKey(tally.channel);
    const counts = byChannel.get(channel) ?? zero();
    counts[tally.verdict] += tally.count;
    byChannel.set(channel, counts);
  }
  // Codes of older definitions come after the current ones, by verdict then code.
  const verdictOrder = (key: string) => VERDICT_KINDS.indexOf(key.slice(0, key.indexOf(':')) as VerdictKind);
  others.sort((a, b) => verdictOrder(a) - verdictOrder(b) || compareKeys(a, b));
  const ordered = [...catalogue.reasons.map((r) => `${r.verdict}:${r.code}`), ...others];
  return {
    verdicts,
    byReason: ordered.flatMap((key) => {
      const entry = byReason.get(key);
      return entry ? [entry] : [];
    }),
    byCondition: catalogue.conditions.map((c) => ({
      conditionId: c.id,
      label: c.label,
      rejections: rejections.get(c.id) ?? 0,
    })),
    byChannel: [...byChannel]
      .sort(([a], [b]) => compareKeys(a, b))
      .map(([key, counts]) => ({ key, ...counts })),
  };
}

/** A contact's current verdict, for the reference tally. */
export interface CurrentVerdict {
  readonly verdict: VerdictKind;
  readonly reasonCode: string;
  readonly decidedAt: Date;
  readonly channel: string | null;
}

/** The reference tally: one per current verdict decided in the window. */
export function tallyVerdicts(current: readonly CurrentVerdict[], window: DateWindow): VerdictTally[] {
  return current
    .filter((v) => inWindow(v.decidedAt, window))
    .map((v) => ({ verdict: v.verdict, reasonCode: v.reasonCode, channel: v.channel, count: 1 }));
}
