// What the product tells a CRM about a contact, in our words: each connector maps it to its own
// fields (HubSpot contact properties, Salesforce Lead fields). A change holds whole parts: the
// qualification, the verdict, the SLA status, the verdict deadline, the Lead page's details. A
// later part replaces an earlier one of the same kind (latest wins), so a durable outbox can merge
// the changes of one contact into one pending write. JSON only (ISO instants), so it can be stored.
import type { VerdictKind } from './definitions.ts';
import type { LeadPageDetailsInput } from './lead-page-details.ts';
import type { Ground } from './mql-evaluation.ts';
import type { SlaStatus } from './sla-status.ts';

export interface QualificationFacts {
  readonly definitionVersion: string;
  /** ISO instant the contact started meeting the definition. */
  readonly qualifiedAt: string;
  /** One per condition, in the definition's order (each connector words them). */
  readonly grounds: readonly Ground[];
  /** ISO instant the handoff is due. */
  readonly handoffDueAt: string;
}

export interface VerdictFacts {
  readonly verdict: VerdictKind;
  readonly reasonCode: string;
  /** null clears a previous verdict's note. */
  readonly note: string | null;
  /** ISO instant. */
  readonly decidedAt: string;
  /** The rep's e-mail, when known. */
  readonly decidedBy: string | null;
}

export interface CrmChanges {
  readonly qualification?: QualificationFacts;
  readonly verdict?: VerdictFacts;
  readonly slaStatus?: SlaStatus;
  /** ISO instant the verdict is due; null while no verdict deadline is open. */
  readonly verdictDueAt?: string | null;
  /** The Lead page's document (grounds, both deadlines, shared information), where a CRM shows it. */
  readonly leadPage?: LeadPageDetailsInput;
}

export type CrmChangePart = keyof CrmChanges;

export const CRM_CHANGE_PARTS: readonly CrmChangePart[] = [
  'qualification',
  'verdict',
  'slaStatus',
  'verdictDueAt',
  'leadPage',
];

/** `newer`'s parts replace `older`'s (a null included); parts `newer` does not have are kept. */
export function mergeCrmChanges(older: CrmChanges, newer: CrmChanges): CrmChanges {
  return { ...older, ...newer };
}

export function isEmptyChange(changes: CrmChanges): boolean {
  return CRM_CHANGE_PARTS.every((part) => changes[part] === undefined);
}

/** What identifies a verdict's decision: its kind and reason (a note edited alone is no new verdict). */
export interface VerdictDecision {
  readonly verdict: string;
  readonly reasonCode: string;
}

export function sameDecision(a: VerdictDecision | null, b: VerdictDecision | null): boolean {
  if (a === null || b === null) return a === b;
  return a.verdict === b.verdict && a.reasonCode === b.reasonCode;
}
