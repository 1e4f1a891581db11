// Does a contact meet the MQL definition, and on what grounds? One ground per condition, in the
// definition's order, met or not, so the rep sees exactly why a lead was handed over.
import type { ConditionKind, PropertyHistory, PropertyValues } from './conditions.ts';
import { evaluateConditionAt } from './conditions.ts';
import type { Definitions } from './definitions.ts';

export { evaluateCondition } from './conditions.ts';
export type { ConditionResult, HistoryEntry, PropertyHistory, PropertyValues } from './conditions.ts';

export interface Ground {
  readonly conditionId: string;
  readonly kind: ConditionKind;
  readonly label: string;
  readonly met: boolean;
  readonly property: string;
  /** The raw property value, `null` when unset. */
  readonly value: string | null;
  /** ISO instant the property took the value that decided the condition (property history). */
  readonly evidenceAt: string | null;
}

export interface MqlContact {
  readonly properties: PropertyValues;
  /** Per property, newest first. */
  readonly history: PropertyHistory;
}

export interface MqlEvaluation {
  readonly status: 'mql' | 'not_mql';
  readonly grounds: readonly Ground[];
  /** When the contact started meeting the definition, from the evidence; null when not an MQL or unknown. */
  readonly qualifiedAt: string | null;
}

/** All attributes met, at least `behavioursAtLeast` behaviours met, and the score met. */
export function evaluateMql(defs: Definitions, contact: MqlContact, at: Date): MqlEvaluation {
  const grounds: Ground[] = new Array<Ground>(defs.conditions.length);
  let requiredMet = true;
  let behavioursMet = 0;
  const atMs = at.getTime();
  for (let i = 0; i < defs.conditions.length; i++) {
    const condition = defs.conditions[i];
    if (condition === undefined) continue;
    const result = evaluateConditionAt(condition, contact.properties, contact.history, atMs);
    grounds[i] = {
      conditionId: condition.id,
      kind: condition.kind,
      label: condition.label,
      met: result.met,
      property: condition.property,
      value: result.value,
      evidenceAt: result.evidenceAt,
    };
    if (condition.kind === 'behaviour') {
      if (result.met) behavioursMet++;
    } else if (!result.met) {
      requiredMet = false;
    }
  }
  const isMql = requiredMet && behavioursMet >= defs.behavioursAtLeast;
  return {
    status: isMql ? 'mql' : 'not_mql',
    grounds,
    qualifiedAt: isMql ? qualifiedAtFromGrounds(grounds, defs.behavioursAtLeast) : null,
  };
}

/**
 * When the contact started meeting the definition: the latest evidence among the grounds it needed.
 * Every met attribute and score counts; of the met behaviours only the `behavioursAtLeast` earliest
 * do (a later, extra behaviour did not make the contact qualify). Without `behavioursAtLeast`, every
 * met behaviour counts. Grounds without evidence are skipped; null when none has any.
 */
export function qualifiedAtFromGrounds(
  grounds: readonly Ground[],
  behavioursAtLeast?: number,
): string | null {
  let latest: string | null = null;
  const behaviourTimes: string[] = [];
  for (const ground of grounds) {
    if (!ground.met || ground.evidenceAt === null) continue;
    if (ground.kind === 'behaviour' && behavioursAtLeast !== undefined)
      behaviourTimes.push(ground.evidenceAt);
    else if (latest === null || ground.evidenceAt > latest) latest = ground.evidenceAt;
  }
  if (behavioursAtLeast !== undefined && behavioursAtLeast > 0 && behaviourTimes.length > 0) {
    behaviourTimes.sort();
    const decisive = behaviourTimes[Math.min(behavioursAtLeast, behaviourTimes.length) - 1] ?? null;
    if (decisive !== null && (latest === null || decisive > latest)) latest = decisive;
  }
  return latest;
}
