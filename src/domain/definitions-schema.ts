// The shape of config/definitions.yaml. Every object is closed: a typo'd key is an error, never
// silently ignored. Conditions are checked by hand so an unknown operator is named as one.
import { z } from 'zod';
import { OPERATOR_NAMES } from './conditions.ts';
import type { OperatorName } from './conditions.ts';
import { parseDuration } from './duration.ts';
import type { LocatedProblem, PathSegment } from './definitions-issues.ts';
import { crossCheckSalesforce, salesforceSchema } from './salesforce-fields.ts';
import { funnelSection, kpiSection } from './definitions-funnel-schema.ts';

export const DEFAULT_PROPERTY_NAMES = {
  sqlVerdict: 'sql_verdict',
  sqlVerdictReason: 'sql_verdict_reason',
  sqlVerdictNote: 'sql_verdict_note',
  sqlVerdictAt: 'sql_verdict_at',
  sqlVerdictBy: 'sql_verdict_by',
  mqlDefinitionVersion: 'mql_definition_version',
  mqlQualifiedAt: 'mql_qualified_at',
  mqlGrounds: 'mql_grounds',
  mqlHandoffDueAt: 'mql_handoff_due_at',
  mqlSlaStatus: 'mql_sla_status',
} as const;

export type PropertyNames = Readonly<Record<keyof typeof DEFAULT_PROPERTY_NAMES, string>>;

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
// HubSpot internal names are lower-case with underscores; Salesforce-style names may be mixed case.
const PROPERTY_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const text = z.string().trim().min(1, 'must not be empty');
const id = z.string().regex(ID, 'use letters, digits, "-", "_" or "." (no spaces)');
const propertyName = z.string().regex(PROPERTY_NAME, 'is not a valid property internal name');

const duration = z
  .string({ error: 'expected a duration like 30m, 2h or 3d' })
  .refine((value) => parseDuration(value) !== null, 'expected a duration like 30m, 2h or 3d');
const positiveDuration = duration.refine(
  (value) => (parseDuration(value)?.amount ?? 0) > 0,
  'must be more than 0',
);

function isTimezone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(ms).toISOString().slice(0, 10) === value;
}

const hours = z
  .strictObject({
    start: z.string().regex(HH_MM, 'expected HH:MM (24 h)'),
    end: z.string().regex(HH_MM, 'expected HH:MM (24 h)'),
  })
  .refine((h) => h.end > h.start, { message: 'end must be after start', path: ['end'] });

const calendar = z.strictObject({
  workdays: z
    .array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']))
    .min(1, 'needs at least one workday')
    .refine((days) => new Set(days).size === days.length, 'lists a day twice'),
  hours,
  holidays: z.enum(['japan', 'none']),
  closures: z.array(z.string().refine(isCalendarDate, 'expected a date YYYY-MM-DD')).default([]),
});

/** A condition after validation: the keys as written, with exactly one operator. */
export interface RawCondition {
  readonly id?: string;
  readonly label?: string;
  readonly property: string;
  readonly eq?: string | number | boolean;
  readonly in?: readonly (string | number)[];
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
  readonly matches?: string;
  readonly exists?: boolean;
  readonly withinDays?: number;
}

function operatorProblem(op: OperatorName, value: unknown): string | null {
  switch (op) {
    case 'eq':
      return ['string', 'number', 'boolean'].includes(typeof value)
        ? null
        : 'expected a string, number or boolean';
    case 'in':
      return Array.isArray(value) &&
        value.length > 0 &&
        value.every((v) => typeof v === 'string' || typeof v === 'number')
        ? null
        : 'expected a non-empty list of values';
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'expected a number';
    case 'exists':
      return typeof value === 'boolean' ? null : 'expected true or false';
    case 'withinDays':
      return Number.isInteger(value) && (value as number) > 0
        ? null
        : 'expected a whole number of days above 0';
    case 'matches':
      if (typeof value !== 'string') return 'expected a regular expression (string)';
      try {
        new RegExp(value);
        return null;
      } catch (error) {
        // V8's message already reads "Invalid regular expression: /…/: Unterminated group".
        return (error as Error).message;
      }
  }
}

function isOperator(key: string): key is OperatorName {
  return (OPERATOR_NAMES as readonly string[]).includes(key);
}

function conditionSchema(identityKeys: readonly string[]) {
  const baseKeys = [...identityKeys, 'property'];
  return z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    for (const key of baseKeys) {
      const v = value[key];
      const pattern = key === 'id' ? ID : key === 'property' ? PROPERTY_NAME : /\S/;
      if (typeof v !== 'string' || !pattern.test(v)) {
        const message = v === undefined ? `missing required key '${key}'` : `'${key}' must be a valid ${key}`;
        ctx.addIssue({ code: 'custom', path: [key], message });
      }
    }
    const operators: OperatorName[] = [];
    let unknownKeys = 0;
    for (const [key, v] of Object.entries(value)) {
      if (baseKeys.includes(key)) continue;
      if (!isOperator(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: '', params: { unknownConditionKey: baseKeys } });
        unknownKeys++;
        continue;
      }
      operators.push(key);
      const problem = operatorProblem(key, v);
      if (problem !== null) ctx.addIssue({ code: 'custom', path: [key], message: problem });
    }
    // A misspelt operator is reported once, as unknown, not again as a missing operator.
    if (operators.length === 0 && unknownKeys === 0) {
      ctx.addIssue({ code: 'custom', message: `needs one operator: ${OPERATOR_NAMES.join(', ')}` });
    } else if (operators.length > 1) {
      ctx.addIssue({ code: 'custom', message: `has ${operators.join(' and ')}: use exactly one operator` });
    }
  }) as unknown as z.ZodType<RawCondition>;
}

const condition = conditionSchema(['id', 'label']);
const reason = z.strictObject({ code: id, label: text, contradicts: z.array(z.string()).default([]) });
const propertyNameDefaults = Object.fromEntries(
  Object.entries(DEFAULT_PROPERTY_NAMES).map(([key, name]) => [key, propertyName.default(name)]),
) as Record<keyof typeof DEFAULT_PROPERTY_NAMES, z.ZodDefault<typeof propertyName>>;

export const definitionsSchema = z.strictObject({
  version: text,
  timezone: z.string().refine(isTimezone, 'is not an IANA timezone (e.g. Asia/Tokyo)'),
  calendar,
  mql: z.strictObject({
    attributes: z.array(condition).default([]),
    behaviours: z.strictObject({
      atLeast: z.int().min(0),
      conditions: z.array(condition).default([]),
    }),
    score: condition,
    // A `rejected` contact qualifies anew (like a `recycled` one) when it meets the definition again.
    requalifyAfterRejected: z.boolean().default(false),
  }),
  handoff: z.strictObject({
    clock: z.enum(['business', 'calendar']),
    within: positiveDuration,
    handedOffWhen: conditionSchema([]),
    verdictWithin: positiveDuration,
    warnBefore: duration,
    escalateAfter: duration,
    share: z
      .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'is not a field name'), propertyName)
      .default({}),
  }),
  verdicts: z.strictObject({
    accepted: z.array(reason).min(1, 'needs at least one reason'),
    rejected: z.array(reason).min(1, 'needs at least one reason'),
    recycled: z.array(reason).min(1, 'needs at least one reason'),
  }),
  // Extensions to the contract's example, with the contract's names as defaults.
  properties: z.strictObject(propertyNameDefaults).prefault({}),
  writeBack: z.strictObject({ lifecycleStageOnAccepted: z.boolean().default(false) }).prefault({}),
  // Salesforce (optional): the Lead fields of the field map, defaults as in docs/salesforce.md.
  salesforce: salesforceSchema,
  // Marketer views: where the channel is read, and the KPI tree (optional).
  funnel: funnelSection,
  kpi: kpiSection.optional(),
});

export type RawDefinitions = z.output<typeof definitionsSchema>;

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * Rules across sections. Reads the data defensively, so these problems are listed together with
 * the shape's problems (the file is fixed in one pass, not one error at a time).
 */
export function crossCheck(data: unknown): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  const mql = field(data, 'mql');
  const behaviours = list(field(field(mql, 'behaviours'), 'conditions'));
  const located: [PathSegment[], unknown][] = [
    ...list(field(mql, 'attributes')).map((c, i): [PathSegment[], unknown] => [['mql', 'attributes', i], c]),
    ...behaviours.map((c, i): [PathSegment[], unknown] => [['mql', 'behaviours', 'conditions', i], c]),
    [['mql', 'score'], field(mql, 'score')],
  ];
  const conditionIds = new Set<string>();
  for (const [path, c] of located) {
    const conditionId = field(c, 'id');
    if (typeof conditionId !== 'string') continue;
    if (conditionIds.has(conditionId)) {
      problems.push({ path: [...path, 'id'], message: `condition id '${conditionId}' is used twice` });
    }
    conditionIds.add(conditionId);
  }
  const atLeast = field(field(mql, 'behaviours'), 'atLeast');
  if (typeof atLeast === 'number' && atLeast > behaviours.length) {
    problems.push({
      path: ['mql', 'behaviours', 'atLeast'],
      message: `is ${atLeast} but there are only ${behaviours.length} behaviour conditions`,
    });
  }
  const codes = new Set<string>();
  for (const verdict of ['accepted', 'rejected', 'recycled'] as const) {
    list(field(field(data, 'verdicts'), verdict)).forEach((r, i) => {
      const code = field(r, 'code');
      if (typeof code === 'string' && codes.has(code)) {
        problems.push({
          path: ['verdicts', verdict, i, 'code'],
          message: `reason code '${code}' is used twice`,
        });
      }
      if (typeof code === 'string') codes.add(code);
      list(field(r, 'contradicts')).forEach((ref, j) => {
        if (typeof ref === 'string' && !conditionIds.has(ref)) {
          problems.push({
            path: ['verdicts', verdict, i, 'contradicts', j],
            message: `'${ref}' is not a condition id (known: ${[...conditionIds].join(', ')})`,
          });
        }
      });
    });
  }
  const names = new Map<string, string>();
  const explicit = field(data, 'properties');
  for (const [key, fallback] of Object.entries(DEFAULT_PROPERTY_NAMES)) {
    const given = field(explicit, key);
    const name = typeof given === 'string' ? given : fallback;
    const other = names.get(name);
    if (other !== undefined) {
      problems.push({ path: ['properties', key], message: `'${name}' is also the name for ${other}` });
    }
    names.set(name, key);
  }
  problems.push(...crossCheckSalesforce(data));
  return problems;
}
