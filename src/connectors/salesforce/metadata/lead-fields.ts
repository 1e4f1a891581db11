// The Lead custom fields of the field map, as the product needs them in Salesforce: types, sizes,
// picklist values generated from the definitions, and who may edit each one.
import type { Definitions, SalesforceFieldKey, VerdictKind } from '../../../domain/definitions.ts';
import { VERDICT_KINDS } from '../../../domain/definitions.ts';
import { LEAD_PAGE_DETAILS_MAX_CHARS } from '../../../domain/lead-page-details.ts';
import type { SlaStatus } from '../../../domain/sla-status.ts';

// Salesforce Help, "Custom Field Types" and "Picklist Limitations": a Text field holds up to 255
// characters, a Long Text Area 256 to 131,072; a picklist value's API name and label up to 255
// characters each; a custom picklist up to 1,000 values (active and inactive together).
export const TEXT_MAX_LENGTH = 255;
export const LONG_TEXT_MAX_LENGTH = 131_072;
export const PICKLIST_VALUE_MAX_CHARS = 255;
export const PICKLIST_MAX_VALUES = 1_000;

/** The note the rep types: the same limit as the verdict route and the HubSpot card. */
export const NOTE_MAX_LENGTH = 2_000;

export interface PicklistValue {
  readonly value: string;
  readonly label: string;
  /** For a dependent picklist: the controlling field's value this one belongs to. */
  readonly controllingValue?: string;
}

export type LeadFieldType =
  | {
      readonly kind: 'Text';
      readonly length: number;
      readonly externalId?: boolean;
      readonly unique?: boolean;
    }
  | { readonly kind: 'LongTextArea'; readonly length: number; readonly visibleLines: number }
  | { readonly kind: 'DateTime' }
  | {
      readonly kind: 'Picklist';
      readonly values: readonly PicklistValue[];
      /** Key of the field that controls this dependent picklist. */
      readonly controlledBy?: SalesforceFieldKey;
    };

export interface LeadFieldSpec {
  readonly key: 'link' | SalesforceFieldKey;
  /** API name without the object, e.g. `SQL_Verdict__c`. */
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly type: LeadFieldType;
  /** Sales reps edit it from the Lead page; everything else only the integration user writes. */
  readonly repEditable: boolean;
}

const VERDICT_LABELS: Record<VerdictKind, string> = {
  accepted: 'Accepted (SQL)',
  rejected: 'Rejected',
  recycled: 'Recycled to nurturing',
};

const SLA_STATUS_LABELS: Record<SlaStatus, string> = {
  not_started: 'Not started',
  on_track: 'On track',
  due_soon: 'Due soon',
  breached: 'Breached',
  met: 'Met',
};

const WRITTEN = 'Written by Lead Handoff.';

/** Every field the product deploys on Lead, the link first, then the field map in its order. */
export function leadFieldSpecs(defs: Definitions): LeadFieldSpec[] {
  const { link, fields } = defs.salesforce;
  const reasons = defs.reasons.map((r) => ({ value: r.code, label: r.label, controllingValue: r.verdict }));
  const specs: Record<SalesforceFieldKey, Omit<LeadFieldSpec, 'key' | 'name'>> = {
    verdict: {
      label: 'SQL Verdict',
      description: "The sales verdict on this MQL. Set on the Lead page or synced from HubSpot's card.",
      type: { kind: 'Picklist', values: VERDICT_KINDS.map((v) => ({ value: v, label: VERDICT_LABELS[v] })) },
      repEditable: true,
    },
    reason: {
      label: 'SQL Verdict Reason',
      description: "The verdict's reason, from the reason catalogue of the definitions file.",
      type: { kind: 'Picklist', values: reasons, controlledBy: 'verdict' },
      repEditable: true,
    },
    note: {
      label: 'SQL Verdict Note',
      description: "The rep's note on the verdict.",
      type: { kind: 'LongTextArea', length: NOTE_MAX_LENGTH, visibleLines: 3 },
      repEditable: true,
    },
    decidedAt: {
      label: 'SQL Verdict At',
      description: 'When the verdict was decided.',
      type: { kind: 'DateTime' },
      repEditable: true,
    },
    decidedBy: {
      label: 'SQL Verdict By',
      description: 'E-mail of the rep who decided the verdict.',
      type: { kind: 'Text', length: TEXT_MAX_LENGTH },
      repEditable: true,
    },
    definitionVersion: {
      label: 'MQL Definition Version',
      description: `Version of the MQL definition this lead qualified under. ${WRITTEN}`,
      type: { kind: 'Text', length: TEXT_MAX_LENGTH },
      repEditable: false,
    },
    qualifiedAt: {
      label: 'MQL Qualified At',
      description: `When the lead started meeting the MQL definition. ${WRITTEN}`,
      type: { kind: 'DateTime' },
      repEditable: false,
    },
    grounds: {
      label: 'MQL Grounds',
      description: `Why this lead is an MQL, one line per condition. ${WRITTEN}`,
      type: { kind: 'LongTextArea', length: LONG_TEXT_MAX_LENGTH, visibleLines: 5 },
      repEditable: false,
    },
    handoffDueAt: {
      label: 'MQL Handoff Due At',
      description: `When the lead must be handed to sales (business calendar). ${WRITTEN}`,
      type: { kind: 'DateTime' },
      repEditable: false,
    },
    slaStatus: {
      label: 'MQL SLA Status',
      description: `Where the open deadline stands. ${WRITTEN}`,
      type: {
        kind: 'Picklist',
        values: Object.entries(SLA_STATUS_LABELS).map(([value, label]) => ({ value, label })),
      },
      repEditable: false,
    },
    handoffDetails: {
      label: 'MQL Handoff Details',
      description: `Grounds, deadlines and shared information as JSON, read by the Lead Handoff component; keep it off page layouts. ${WRITTEN}`,
      type: { kind: 'LongTextArea', length: LEAD_PAGE_DETAILS_MAX_CHARS, visibleLines: 3 },
      repEditable: false,
    },
    verdictDueAt: {
      label: 'SQL Verdict Due At',
      description: `When sales must record a verdict (business calendar). ${WRITTEN}`,
      type: { kind: 'DateTime' },
      repEditable: false,
    },
  };
  return [
    {
      key: 'link',
      name: link,
      label: 'HubSpot Contact ID',
      description: `The HubSpot contact this lead is. ${WRITTEN}`,
      // Unique external id: the connector finds and upserts the Lead by it.
      type: { kind: 'Text', length: 40, externalId: true, unique: true },
      repEditable: false,
    },
    ...(Object.keys(specs) as SalesforceFieldKey[]).map((key) => ({ key, name: fields[key], ...specs[key] })),
  ];
}

/** What Salesforce would refuse in the generated fields, said in the definitions' words. */
export function leadFieldProblems(specs: readonly LeadFieldSpec[]): string[] {
  const problems: string[] = [];
  for (const spec of specs) {
    if (spec.type.kind !== 'Picklist') continue;
    if (spec.type.values.length > PICKLIST_MAX_VALUES) {
      problems.push(
        `${spec.name}: ${spec.type.values.length} values, Salesforce allows ${PICKLIST_MAX_VALUES}`,
      );
    }
    for (const { value, label } of spec.type.values) {
      if (value.length > PICKLIST_VALUE_MAX_CHARS || label.length > PICKLIST_VALUE_MAX_CHARS) {
        problems.push(
          `${spec.name}: '${value.slice(0, 40)}…' is longer than the ${PICKLIST_VALUE_MAX_CHARS} characters a picklist value or label may have (shorten it in the definitions)`,
        );
      }
    }
  }
  return problems;
}
