// The written agreement between marketing and sales (config/definitions.yaml), validated and
// normalised for use. Pure: the file is read by src/config/definitions-loader.ts.
import { createHash } from 'node:crypto';
import type { CalendarSpec, ClockKind } from './calendar-spec.ts';
import type { ConditionDef, ConditionKind, ConditionOperator, ConditionTest } from './conditions.ts';
import type { Duration } from './duration.ts';
import { parseDuration } from './duration.ts';
import type { PropertyNames, RawCondition, RawDefinitions } from './definitions-schema.ts';
import type { SalesforceSettings } from './salesforce-fields.ts';
import { crossCheck, definitionsSchema } from './definitions-schema.ts';
import type { DefinitionsIssue } from './definitions-issues.ts';
import { locateIssues, toIssues, yamlIssues } from './definitions-issues.ts';
import type { Result } from './result.ts';
import { err, ok } from './result.ts';
import { parseDocument, LineCounter } from 'yaml';

export type { DefinitionsIssue } from './definitions-issues.ts';
export { formatIssues } from './definitions-issues.ts';
export type { PropertyNames } from './definitions-schema.ts';
export { DEFAULT_PROPERTY_NAMES } from './definitions-schema.ts';
export type { SalesforceFieldKey, SalesforceSettings } from './salesforce-fields.ts';
export { DEFAULT_SALESFORCE_FIELDS, DEFAULT_SALESFORCE_LINK } from './salesforce-fields.ts';

export type VerdictKind = 'accepted' | 'rejected' | 'recycled';

export const VERDICT_KINDS: readonly VerdictKind[] = ['accepted', 'rejected', 'recycled'];

export interface ReasonDef {
  readonly code: string;
  readonly label: string;
  readonly verdict: VerdictKind;
  /** Condition ids this rejection disputes, so feedback can be read per condition. */
  readonly contradicts: readonly string[];
}

export interface HandoffDef {
  readonly clock: ClockKind;
  /** Qualified → handed to sales. */
  readonly within: Duration;
  readonly handedOffWhen: ConditionTest;
  /** Handed off → verdict recorded. */
  readonly verdictWithin: Duration;
  readonly warnBefore: Duration;
  readonly escalateAfter: Duration;
  /** Card field name → HubSpot property shown to the rep as is. */
  readonly share: Readonly<Record<string, string>>;
}

export interface Definitions {
  readonly version: string;
  /** sha256 hex of the canonical JSON of the validated agreement: key order, comments and layout do not count. */
  readonly hash: string;
  readonly timezone: string;
  readonly calendar: CalendarSpec;
  /** Attributes, then behaviours, then the score: the order grounds come in. */
  readonly conditions: readonly ConditionDef[];
  readonly behavioursAtLeast: number;
  readonly handoff: HandoffDef;
  readonly reasons: readonly ReasonDef[];
  readonly properties: PropertyNames;
  readonly writeBack: { readonly lifecycleStageOnAccepted: boolean };
  /** Lead fields in Salesforce: the link to the HubSpot contact and the field map. */
  readonly salesforce: SalesforceSettings;
  /** Every property a condition, `handedOffWhen` or `share` reads: the webhook subscriptions and history to fetch. */
  readonly propertiesRead: readonly string[];
}

/** Parses and validates the YAML text of a definitions file; every problem is listed at once. */
export function parseDefinitions(text: string, fileName: string): Result<Definitions, DefinitionsIssue[]> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return err(yamlIssues(doc.errors, lineCounter, fileName));
  const data: unknown = doc.toJS({ maxAliasCount: 1000 });
  const parsed = definitionsSchema.safeParse(data, { reportInput: true });
  const problems = [
    ...(parsed.success ? [] : toIssues(parsed.error.issues, definitionsSchema)),
    ...crossCheck(data),
  ];
  if (!parsed.success || problems.length > 0) return err(locateIssues(problems, doc, lineCounter, fileName));
  return ok(normalise(parsed.data));
}

function normalise(raw: RawDefinitions): Definitions {
  const conditions: ConditionDef[] = [
    ...raw.mql.attributes.map((c) => compileCondition(c, 'attribute')),
    ...raw.mql.behaviours.conditions.map((c) => compileCondition(c, 'behaviour')),
    compileCondition(raw.mql.score, 'score'),
  ];
  const handedOffWhen: ConditionTest = {
    property: raw.handoff.handedOffWhen.property,
    operator: compileOperator(raw.handoff.handedOffWhen),
  };
  const reasons = VERDICT_KINDS.flatMap((verdict) =>
    raw.verdicts[verdict].map((r) => ({ code: r.code, label: r.label, verdict, contradicts: r.contradicts })),
  );
  const propertiesRead = [
    ...new Set([
      ...conditions.map((c) => c.property),
      handedOffWhen.property,
      ...Object.values(raw.handoff.share),
    ]),
  ];
  return {
    version: raw.version,
    hash: hashDefinitions(raw),
    timezone: raw.timezone,
    calendar: { timezone: raw.timezone, ...raw.calendar },
    conditions,
    behavioursAtLeast: raw.mql.behaviours.atLeast,
    handoff: {
      clock: raw.handoff.clock,
      within: duration(raw.handoff.within),
      handedOffWhen,
      verdictWithin: duration(raw.handoff.verdictWithin),
      warnBefore: duration(raw.handoff.warnBefore),
      escalateAfter: duration(raw.handoff.escalateAfter),
      share: raw.handoff.share,
    },
    reasons,
    properties: raw.properties,
    writeBack: raw.writeBack,
    salesforce: raw.salesforce,
    propertiesRead,
  };
}

function duration(text: string): Duration {
  const parsed = parseDuration(text);
  if (parsed === null) throw new Error(`validated duration did not parse: ${text}`);
  return parsed;
}

function compileCondition(raw: RawCondition, kind: ConditionKind): ConditionDef {
  return {
    id: raw.id ?? '',
    label: raw.label ?? '',
    kind,
    property: raw.property,
    operator: compileOperator(raw),
  };
}

// The schema has checked there is exactly one operator and its value's type.
function compileOperator(raw: RawCondition): ConditionOperator {
  if (raw.eq !== undefined) {
    const value = String(raw.eq);
    return { op: 'eq', value, numeric: typeof raw.eq === 'number' ? raw.eq : null };
  }
  if (raw.in !== undefined) {
    const values = raw.in.map(String);
    return { op: 'in', values, set: new Set(values) };
  }
  if (raw.matches !== undefined)
    return { op: 'matches', source: raw.matches, regex: new RegExp(raw.matches) };
  if (raw.exists !== undefined) return { op: 'exists', value: raw.exists };
  if (raw.withinDays !== undefined) return { op: 'withinDays', days: raw.withinDays };
  for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
    const value = raw[op];
    if (value !== undefined) return { op, value };
  }
  throw new Error(`condition without operator on ${raw.property}`);
}

/** Stable content hash: sha256 of JSON with object keys sorted at every level. */
export function hashDefinitions(raw: unknown): string {
  return createHash('sha256').update(canonicalJson(raw)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
