import type { ConnectorError } from '../domain/connector-error.ts';
import type { ConditionOperator } from '../domain/conditions.ts';
import type { Definitions } from '../domain/definitions.ts';
import type { Result } from '../domain/result.ts';
import { ok } from '../domain/result.ts';
import type { CrmAccount } from '../ports/crm-account.ts';
import type { CrmAdmin, PropertySpec, ProvisionReport } from '../ports/crm-admin.ts';

// The portal properties the definitions read (conditions, handedOffWhen, share). A property a
// condition names but the portal lacks (a fresh portal has no `whitepaper_downloaded_at`) leaves
// that condition unmet for every contact, without a word: so it is reported, and
// `npm run provision -- --inputs` can create it.
//
// The type a new property gets follows from how the definition reads it:
//   withinDays          → datetime (a date picker; the evaluator reads dates and instants)
//   gt, gte, lt, lte    → number
//   eq with a number    → number
//   eq/in with text, matches, exists, and share-only properties → string (single-line text)
// `in`/`eq` make a text property, not a dropdown: a dropdown created from the definition would
// hold only the qualifying values, and HubSpot would then refuse every other value a form, an
// import or a rep writes. A portal admin can turn it into a dropdown later; an existing property
// is never changed, whatever its type (HubSpot's own `numemployees` is a dropdown of ranges, which
// the evaluator reads by their lower bound).

/** Where created input properties go: HubSpot's default group for contact properties. */
export const INPUT_GROUP = { name: 'contactinformation', label: 'Contact information' } as const;

type InputType = 'datetime' | 'number' | 'string';

function typeFor(operator: ConditionOperator): InputType {
  switch (operator.op) {
    case 'withinDays':
      return 'datetime';
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return 'number';
    case 'eq':
      return operator.numeric === null ? 'string' : 'number';
    case 'in':
    case 'matches':
    case 'exists':
      return 'string';
  }
}

// When several readers imply different types, the most specific wins (a date read by `exists`
// and `withinDays` is a date).
const SPECIFICITY: Record<InputType, number> = { string: 0, number: 1, datetime: 2 };

function specFor(name: string, type: InputType, readers: readonly string[]): PropertySpec {
  const description = `Read by the Lead Handoff definitions: ${readers.join('; ')}.`;
  switch (type) {
    case 'datetime':
      return { name, label: name, description, type: 'datetime', fieldType: 'date' };
    case 'number':
      return { name, label: name, description, type: 'number', fieldType: 'number' };
    case 'string':
      return { name, label: name, description, type: 'string', fieldType: 'text' };
  }
}

/** Every property the definitions read, with the type a new one would get. */
export function inputPropertySpecs(definitions: Definitions): PropertySpec[] {
  const found = new Map<string, { type: InputType; readers: string[]; label: string | null }>();
  const note = (property: string, type: InputType, reader: string, label: string | null) => {
    const known = found.get(property) ?? { type, readers: [], label };
    if (SPECIFICITY[type] > SPECIFICITY[known.type]) known.type = type;
    known.readers.push(reader);
    known.label ??= label;
    found.set(property, known);
  };
  for (const condition of definitions.conditions) {
    note(
      condition.property,
      typeFor(condition.operator),
      `condition ${condition.id} (${condition.label})`,
      condition.label,
    );
  }
  const handedOff = definitions.handoff.handedOffWhen;
  note(handedOff.property, typeFor(handedOff.operator), 'handoff.handedOffWhen', null);
  for (const [field, property] of Object.entries(definitions.handoff.share)) {
    note(property, 'string', `handoff.share.${field}`, null);
  }
  return [...found].map(([name, { type, readers, label }]) => ({
    ...specFor(name, type, readers),
    label: label ?? name,
  }));
}

export interface InputPropertiesCheck {
  /** Properties the definitions read that the portal does not have, with the type they would get. */
  readonly missing: readonly PropertySpec[];
}

/** Which of the properties the definitions read the portal lacks (one properties call). */
export async function checkInputProperties(
  crm: Pick<CrmAccount, 'listContactProperties'>,
  definitions: Definitions,
): Promise<Result<InputPropertiesCheck, ConnectorError>> {
  const existing = await crm.listContactProperties();
  if (!existing.ok) return existing;
  const names = new Set(existing.value.map((property) => property.name));
  return ok({ missing: inputPropertySpecs(definitions).filter((spec) => !names.has(spec.name)) });
}

/** Creates the missing input properties (and only those: an existing property is never touched). */
export async function provisionInputProperties(
  crm: Pick<CrmAccount, 'listContactProperties'> & Pick<CrmAdmin, 'ensureContactProperties'>,
  definitions: Definitions,
): Promise<Result<ProvisionReport & InputPropertiesCheck, ConnectorError>> {
  const check = await checkInputProperties(crm, definitions);
  if (!check.ok) return check;
  if (check.value.missing.length === 0) {
    return ok({
      groupCreated: false,
      created: [],
      existing: [],
      conflicts: [],
      optionsAdded: [],
      missing: [],
    });
  }
  const created = await crm.ensureContactProperties(INPUT_GROUP, check.value.missing);
  if (!created.ok) return created;
  return ok({ ...created.value, missing: check.value.missing });
}
