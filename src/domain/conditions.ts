// One condition of the MQL definition, compiled once at load so evaluation allocates little
// (precompiled regexes, sets, numbers) and never touches zod.

export type ConditionKind = 'attribute' | 'behaviour' | 'score';

export type ConditionOperator =
  | { readonly op: 'eq'; readonly value: string; readonly numeric: number | null }
  | { readonly op: 'in'; readonly values: readonly string[]; readonly set: ReadonlySet<string> }
  | { readonly op: 'gt' | 'gte' | 'lt' | 'lte'; readonly value: number }
  | { readonly op: 'matches'; readonly source: string; readonly regex: RegExp }
  | { readonly op: 'exists'; readonly value: boolean }
  | { readonly op: 'withinDays'; readonly days: number };

export type OperatorName = ConditionOperator['op'];

export const OPERATOR_NAMES: readonly OperatorName[] = [
  'eq',
  'in',
  'gt',
  'gte',
  'lt',
  'lte',
  'matches',
  'exists',
  'withinDays',
];

/** A property test without identity: what `handoff.handedOffWhen` is. */
export interface ConditionTest {
  readonly property: string;
  readonly operator: ConditionOperator;
}

/** A named condition of the MQL definition; grounds come out one per ConditionDef. */
export interface ConditionDef extends ConditionTest {
  readonly id: string;
  readonly label: string;
  readonly kind: ConditionKind;
}

export interface HistoryEntry {
  readonly value: string;
  readonly timestamp: string;
}

/** Current values plus per-property history, newest first (as HubSpot's propertiesWithHistory returns it). */
export type PropertyValues = Readonly<Record<string, string | null | undefined>>;
export type PropertyHistory = Readonly<Record<string, readonly HistoryEntry[] | undefined>>;

export interface ConditionResult {
  readonly met: boolean;
  /** The raw current value, `null` when the property is unset or empty. */
  readonly value: string | null;
  /** ISO instant the property took the value that decided the condition, when known. */
  readonly evidenceAt: string | null;
}

const DAY_MS = 86_400_000;
const PLAIN_NUMBER = /^[-+]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/;
// HubSpot enumerations such as numemployees use ranges: "50-100", "1000+", "10,000+".
const RANGE =
  /^((?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?)\s*(?:[-~〜–]\s*(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?|\+)$/;
const EPOCH_MS = /^\d{11,15}$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A plain number (`"50"`, `"1,000"`, `"60.5"`), else null. */
export function readPlainNumber(raw: string): number | null {
  const text = raw.trim();
  if (!PLAIN_NUMBER.test(text)) return null;
  return Number(text.replaceAll(',', ''));
}

/** A number or a range read by its lower bound (`"50-100"` → 50, `"1000+"` → 1000), else null. */
export function readNumericValue(raw: string): number | null {
  const plain = readPlainNumber(raw);
  if (plain !== null) return plain;
  const match = RANGE.exec(raw.trim());
  return match?.[1] === undefined ? null : Number(match[1].replaceAll(',', ''));
}

/**
 * A date or datetime as HubSpot sends it: epoch milliseconds (datetime properties), `YYYY-MM-DD`
 * (date properties, midnight UTC) or an ISO datetime. `dateOnly` tells the caller it is a whole day.
 */
export function readInstant(raw: string): { readonly ms: number; readonly dateOnly: boolean } | null {
  const text = raw.trim();
  if (EPOCH_MS.test(text)) return { ms: Number(text), dateOnly: false };
  const date = DATE_ONLY.exec(text);
  if (date) {
    const ms = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
    return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text
      ? null
      : { ms, dateOnly: true };
  }
  if (!ISO_DATETIME.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : { ms, dateOnly: false };
}

function testOperator(operator: ConditionOperator, value: string, atMs: number): boolean {
  switch (operator.op) {
    case 'eq': {
      if (value === operator.value) return true;
      if (operator.numeric === null) return false;
      return readPlainNumber(value) === operator.numeric;
    }
    case 'in': {
      // Multi-checkbox properties hold `a;b;c`: met when any chosen option is in the list.
      if (operator.set.has(value)) return true;
      if (!value.includes(';')) return false;
      return value.split(';').some((token) => operator.set.has(token.trim()));
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return compareNumber(operator.op, readNumericValue(value), operator.value);
    case 'matches':
      return operator.regex.test(value);
    case 'exists':
      return operator.value;
    case 'withinDays':
      return isWithinDays(value, operator.days, atMs);
  }
}

function compareNumber(op: 'gt' | 'gte' | 'lt' | 'lte', actual: number | null, bound: number): boolean {
  if (actual === null) return false;
  switch (op) {
    case 'gt':
      return actual > bound;
    case 'gte':
      return actual >= bound;
    case 'lt':
      return actual < bound;
    case 'lte':
      return actual <= bound;
  }
}

// Timezones run up to UTC+14: a date-only value is "today" somewhere until then.
const MAX_UTC_OFFSET_MS = 14 * 3_600_000;

// No older than `days` days before the instant (the boundary itself counts), and not after it: a
// future date has not happened yet. A date-only value stands for its whole day, so "today" in a
// timezone ahead of UTC (Asia/Tokyo) still counts, and a day that ends inside the window counts.
function isWithinDays(value: string, days: number, atMs: number): boolean {
  const instant = readInstant(value);
  if (instant === null) return false;
  const latest = instant.dateOnly ? atMs + MAX_UTC_OFFSET_MS : atMs;
  const earliest = atMs - days * DAY_MS - (instant.dateOnly ? DAY_MS - 1 : 0);
  return instant.ms >= earliest && instant.ms <= latest;
}

function toIso(timestamp: string): string | null {
  const instant = readInstant(timestamp);
  return instant === null ? null : new Date(instant.ms).toISOString();
}

/**
 * When the property took its current value: the oldest entry of the newest run of that value in
 * the history ([v1@t3, v1@t2, v0@t1] with current v1 → t2). Null when the history does not end on
 * the current value (it cannot tell) or is absent.
 */
export function valueSince(current: string, history: readonly HistoryEntry[] | undefined): string | null {
  if (history === undefined || history.length === 0) return null;
  let since: string | null = null;
  for (const entry of history) {
    if (entry.value !== current) break;
    since = entry.timestamp;
  }
  return since === null ? null : toIso(since);
}

/** Tests one condition (or `handedOffWhen`) against a contact's values at an instant. */
export function evaluateCondition(
  condition: ConditionTest,
  properties: PropertyValues,
  history: PropertyHistory,
  at: Date,
): ConditionResult {
  const raw = properties[condition.property];
  // HubSpot sends "" for a property that was cleared: the same as unset.
  if (raw === null || raw === undefined || raw.trim() === '') {
    const met = condition.operator.op === 'exists' && !condition.operator.value;
    return { met, value: null, evidenceAt: null };
  }
  const met = testOperator(condition.operator, raw, at.getTime());
  let evidenceAt = valueSince(raw, history[condition.property]);
  if (evidenceAt === null && condition.operator.op === 'withinDays') {
    // Without history a date property still says when the behaviour happened.
    evidenceAt = toIso(raw);
  }
  return { met, value: raw, evidenceAt };
}

/** The operator in words, e.g. `≥ 50`, `within the last 90 days`, `matches /部長|課長/`. */
export function describeOperator(operator: ConditionOperator): string {
  switch (operator.op) {
    case 'eq':
      return `= ${operator.value}`;
    case 'in':
      return `is one of ${operator.values.join(', ')}`;
    case 'gt':
      return `> ${operator.value}`;
    case 'gte':
      return `≥ ${operator.value}`;
    case 'lt':
      return `< ${operator.value}`;
    case 'lte':
      return `≤ ${operator.value}`;
    case 'matches':
      return `matches /${operator.source}/`;
    case 'exists':
      return operator.value ? 'is set' : 'is not set';
    case 'withinDays':
      return `within the last ${operator.days} days`;
  }
}
