// At connect the connector describes Lead and checks every field of the field map against what
// `npm run salesforce:deploy` creates: present (and visible to the integration user), of the right
// type and size, editable, with the picklist values the definitions need. Each problem is named by
// field; the fields that are fine keep working.
import type { Definitions, SalesforceFieldKey } from '../../domain/definitions.ts';
import { leadFieldSpecs } from './metadata/lead-fields.ts';
import type { LeadFieldSpec, LeadFieldType } from './metadata/lead-fields.ts';
import type { SalesforceDescribe, SalesforceDescribeField } from './salesforce-types.ts';

export type LeadFieldKey = 'link' | SalesforceFieldKey;

export type FieldProblemKind = 'missing' | 'mistyped' | 'read_only' | 'missing_values';

export interface LeadFieldProblem {
  readonly key: LeadFieldKey;
  /** The field's API name, as the definitions give it. */
  readonly field: string;
  readonly kind: FieldProblemKind;
  readonly message: string;
}

export interface LeadFieldReport {
  readonly problems: readonly LeadFieldProblem[];
  /** Fields that exist with a usable type, by purpose, with Salesforce's spelling of the name. */
  readonly readable: ReadonlyMap<LeadFieldKey, string>;
  /** Readable fields the integration user may also edit. */
  readonly writable: ReadonlyMap<LeadFieldKey, string>;
}

// The describe `type` of each kind the deploy creates (SOAP API Developer Guide, "Field Types":
// Text → string, Long Text Area → textarea, Date/Time → datetime, Picklist → picklist).
const DESCRIBE_TYPES: Readonly<Record<LeadFieldType['kind'], readonly string[]>> = {
  Text: ['string'],
  LongTextArea: ['textarea'],
  DateTime: ['datetime'],
  Picklist: ['picklist'],
};

const HOW_TO_SEE =
  'not on Lead, or not visible to the integration user (run npm run salesforce:deploy, then assign the permission set Lead_Handoff_Integration)';

function typeProblem(spec: LeadFieldSpec, field: SalesforceDescribeField): string | null {
  const expected = DESCRIBE_TYPES[spec.type.kind];
  if (!expected.includes(field.type)) {
    return `is a ${field.type} field, expected ${expected.join(' or ')} (${spec.type.kind})`;
  }
  if (spec.type.kind === 'Text' || spec.type.kind === 'LongTextArea') {
    const length = field.length ?? 0;
    if (length < spec.type.length) {
      return `holds ${length} characters, needs at least ${spec.type.length}`;
    }
  }
  return null;
}

function missingValues(spec: LeadFieldSpec, field: SalesforceDescribeField): string[] {
  if (spec.type.kind !== 'Picklist') return [];
  const active = new Set((field.picklistValues ?? []).filter((v) => v.active).map((v) => v.value));
  return spec.type.values.map((v) => v.value).filter((value) => !active.has(value));
}

/** Checks the described Lead against the field map of the definitions. Pure. */
export function checkLeadFields(describe: SalesforceDescribe, defs: Definitions): LeadFieldReport {
  // API names are case-insensitive in Salesforce.
  const byName = new Map(describe.fields.map((f) => [f.name.toLowerCase(), f]));
  const problems: LeadFieldProblem[] = [];
  const readable = new Map<LeadFieldKey, string>();
  const writable = new Map<LeadFieldKey, string>();
  for (const spec of leadFieldSpecs(defs)) {
    const problem = (kind: FieldProblemKind, message: string) =>
      problems.push({
        key: spec.key,
        field: spec.name,
        kind,
        message: `${spec.name} (${spec.key}): ${message}`,
      });
    const field = byName.get(spec.name.toLowerCase());
    if (field === undefined) {
      problem('missing', HOW_TO_SEE);
      continue;
    }
    const wrong = typeProblem(spec, field);
    if (wrong !== null) {
      problem('mistyped', wrong);
      continue;
    }
    readable.set(spec.key, field.name);
    if (field.updateable === false) {
      problem(
        'read_only',
        'the integration user may read but not edit it (assign the permission set Lead_Handoff_Integration)',
      );
    } else {
      writable.set(spec.key, field.name);
    }
    const lacking = missingValues(spec, field);
    if (lacking.length > 0) {
      problem(
        'missing_values',
        `lacks the active picklist values ${lacking.join(', ')} (run npm run salesforce:deploy to add them)`,
      );
    }
  }
  return { problems, readable, writable };
}
