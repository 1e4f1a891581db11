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
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A plain number (`"50"`, `"1,000"`, `"60.5"`), else null. */
export function readPlainNumber(raw: string): number | null {
  const text = raw.trim();
  if (!PLAIN_NUMBER.test(text)) return null;
  return Number(text.includes(',') ? text.replaceAll(',', '') : text);
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
export interface Instant {
  readonly ms: number;
  readonly dateOnly: boolean;
}

export function readInstant(raw: string): Instant | null {
  const text =
    raw.length > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw;
  if (text.length === 10 && text.charCodeAt(4) === DASH && text.charCodeAt(7) === DASH) {
    const ms = calendarDateMs(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10));
    return ms === null ? null : { ms, dateOnly: true };
  }
  if (EPOCH_MS.test(text)) return { ms: Number(text), dateOnly: false };
  if (!ISO_DATETIME.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : { ms, dateOnly: false };
}

const DASH = 45;

/** The decimal number in text[start, end), or -1 when a character is not a digit. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

// Checked by hand rather than through a Date round trip: this runs for every date on every evaluation.
function calendarDateMs(year: number, month: number, day: number): number | null {
  if (year < 0 || month < 1 || month > 12 || day < 1) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const length =
    month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day > length ? null : Date.UTC(year, month - 1, day);
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
      return isWithinDays(readInstant(value), operator.days, atMs);
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
function isWithinDays(instant: Instant | null, days: number, atMs: number): boolean {
  if (instant === null) return false;
  const latest = instant.dateOnly ? atMs + MAX_UTC_OFFSET_MS : atMs;
  const earliest = atMs - days * DAY_MS - (instant.dateOnly ? DAY_MS - 1 : 0);
  return instant.ms >= earliest && instant.ms <= latest;
}

/** `YYYY-MM-DDTHH:MM:SS.sssZ` by integer arithmetic: Date#toISOString is a slow runtime call on the hot path. */
export function formatIsoInstant(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const inDay = ms - days * DAY_MS;
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return new Date(ms).toISOString();
  const h = Math.floor(inDay / 3_600_000);
  const m = Math.floor((inDay % 3_600_000) / 60_000);
  const sec = Math.floor((inDay % 60_000) / 1000);
  const milli = inDay % 1000;
  const ms3 = milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : `${milli}`;
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${pad2(month)}-${pad2(day)}T${pad2(h)}:${pad2(m)}:${pad2(sec)}.${ms3}Z`;
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : `${value}`;
}

function instantToIso(instant: Instant, text: string): string {
  return instant.dateOnly ? `${text.trim()}T00:00:00.000Z` : formatIsoInstant(instant.ms);
}

// HubSpot's history timestamps are already canonical UTC ISO strings: pass those through untouched.
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function toIso(timestamp: string): string | null {
  if (CANONICAL_ISO.test(timestamp)) return timestamp;
  const instant = readInstant(timestamp);
  return instant === null ? null : instantToIso(instant, timestamp);
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
  return evaluateConditionAt(condition, properties, history, at.getTime());
}

/** evaluateCondition with the instant in epoch milliseconds, for loops over many conditions. */
export function evaluateConditionAt(
  condition: ConditionTest,
  properties: PropertyValues,
  history: PropertyHistory,
  atMs: number,
): ConditionResult {
  const raw = properties[condition.property];
  // HubSpot sends "" for a property that was cleared: the same as unset.
  if (raw === null || raw === undefined || raw.trim() === '') {
    const met = condition.operator.op === 'exists' && !condition.operator.value;
    return { met, value: null, evidenceAt: null };
  }
  const operator = condition.operator;
  if (operator.op === 'withinDays') {
    const instant = readInstant(raw);
    const met = isWithinDays(instant, operator.days, atMs);
    // Without history a date property still says when the behaviour happened.
    const evidenceAt =
      valueSince(raw, history[condition.property]) ?? (instant === null ? null : instantToIso(instant, raw));
    return { met, value: raw, evidenceAt };
  }
  const met = testOperator(operator, raw, atMs);
  const evidenceAt = valueSince(raw, history[condition.property]);
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
