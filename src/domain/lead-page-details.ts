// The structured Lead field the Salesforce Lead page reads (`salesforce.fields.handoffDetails`):
// the MQL grounds with their evidence, both deadlines with what the page needs to tell their
// status live, and the information shared with sales. One JSON document, written by the backend
// through this function and read by the component in salesforce/lwc/leadHandoff; the format is
// documented in docs/salesforce.md. Pure: the write instant is an argument.
import { truncate } from './grounds-text.ts';
import type { Ground } from './mql-evaluation.ts';
import type { SlaStatus } from './sla-status.ts';

/** Bumped when a reader could misread the document; the page refuses formats it does not know. */
export const LEAD_PAGE_DETAILS_FORMAT = 1;

// A Long Text Area holds at most 131,072 characters (Salesforce Help, "Custom Field Types":
// Text Area (Long)); the deployed field has exactly that length.
export const LEAD_PAGE_DETAILS_MAX_CHARS = 131_072;
const GROUND_VALUE_MAX_CHARS = 500;
const SHARED_VALUE_MAX_CHARS = 2_000;
const SHORT_VALUE_MAX_CHARS = 50;

export interface DeadlineSnapshot {
  readonly status: SlaStatus;
  readonly dueAt: string | null;
  /** From when the deadline is due soon; lets the page move the status on between writes. */
  readonly warnAt: string | null;
  /** When the deadline was met (owner set, verdict recorded); null while open. */
  readonly metAt: string | null;
}

export interface LeadPageDetailsInput {
  readonly definitionVersion: string;
  readonly status: 'mql' | 'not_mql';
  readonly qualifiedAt: string | null;
  readonly grounds: readonly Ground[];
  readonly handoff: DeadlineSnapshot;
  readonly verdictDue: DeadlineSnapshot;
  /** Card field name (`handoff.share`) → the raw HubSpot value. */
  readonly shared: Readonly<Record<string, string | null>>;
}

/** The document as the page reads it (JSON). */
export interface LeadPageDetails {
  readonly format: typeof LEAD_PAGE_DETAILS_FORMAT;
  readonly definitionVersion: string;
  readonly mql: {
    readonly status: 'mql' | 'not_mql';
    readonly qualifiedAt: string | null;
    readonly grounds: readonly Ground[];
  };
  readonly handoff: DeadlineSnapshot;
  readonly verdictDue: DeadlineSnapshot;
  readonly shared: Readonly<Record<string, string | null>>;
  /** When the backend wrote it: the page says how fresh the statuses are. */
  readonly writtenAt: string;
  /** Set when values were shortened to fit the field. */
  readonly truncated?: true;
}

function cut(value: string | null, max: number): string | null {
  return value === null ? null : truncate(value, max);
}

function build(input: LeadPageDetailsInput, writtenAt: Date, groundMax: number, sharedMax: number) {
  const shortened =
    input.grounds.some((g) => g.value !== null && g.value.length > groundMax) ||
    Object.values(input.shared).some((v) => v !== null && v.length > sharedMax);
  const details: LeadPageDetails = {
    format: LEAD_PAGE_DETAILS_FORMAT,
    definitionVersion: input.definitionVersion,
    mql: {
      status: input.status,
      qualifiedAt: input.qualifiedAt,
      grounds: input.grounds.map((g) => ({
        conditionId: g.conditionId,
        kind: g.kind,
        label: g.label,
        met: g.met,
        property: g.property,
        value: cut(g.value, groundMax),
        evidenceAt: g.evidenceAt,
      })),
    },
    handoff: snapshot(input.handoff),
    verdictDue: snapshot(input.verdictDue),
    shared: Object.fromEntries(Object.entries(input.shared).map(([k, v]) => [k, cut(v, sharedMax)])),
    writtenAt: writtenAt.toISOString(),
    ...(shortened ? { truncated: true as const } : {}),
  };
  return details;
}

function snapshot(deadline: DeadlineSnapshot): DeadlineSnapshot {
  return { status: deadline.status, dueAt: deadline.dueAt, warnAt: deadline.warnAt, metAt: deadline.metAt };
}

/**
 * The JSON text for the Lead's details field, never longer than the field. Values are shortened
 * first (grounds to 500 characters, shared information to 2,000), then to 50 when a huge
 * definition still does not fit; `truncated` says so.
 */
export function formatLeadPageDetails(input: LeadPageDetailsInput, writtenAt: Date): string {
  for (const [groundMax, sharedMax] of [
    [GROUND_VALUE_MAX_CHARS, SHARED_VALUE_MAX_CHARS],
    [SHORT_VALUE_MAX_CHARS, SHORT_VALUE_MAX_CHARS],
  ] as const) {
    const text = JSON.stringify(build(input, writtenAt, groundMax, sharedMax));
    if (text.length <= LEAD_PAGE_DETAILS_MAX_CHARS) return text;
  }
  // Only a definition with thousands of conditions gets here: keep the ones that fit, in order.
  const details = build(input, writtenAt, SHORT_VALUE_MAX_CHARS, SHORT_VALUE_MAX_CHARS);
  const grounds = [...details.mql.grounds];
  let excess = JSON.stringify({ ...details, truncated: true }).length - LEAD_PAGE_DETAILS_MAX_CHARS;
  while (excess > 0 && grounds.length > 0) {
    // Each ground costs its own JSON plus the comma before it.
    excess -= JSON.stringify(grounds.pop()).length + 1;
  }
  return JSON.stringify({ ...details, mql: { ...details.mql, grounds }, truncated: true });
}
