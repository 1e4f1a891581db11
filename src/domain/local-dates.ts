// Calendar dates as a marketer reads them: `YYYY-MM-DD` in the definitions' timezone. A report
// window from 2026-07-01 to 2026-09-30 in Asia/Tokyo runs from 2026-06-30T15:00Z (inclusive) to
// 2026-09-30T15:00Z (exclusive), so a contact created at 2026-08-31T15:30Z is a September lead.
// Pure: the zone's offsets come from Intl, instants are arguments.

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isLocalDate(text: string): boolean {
  return dayNumber(text) !== null;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date, or null when it is not a real date. */
function dayNumber(text: string): number | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day)
    return null;
  return ms / DAY_MS;
}

function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The date `days` after (or before, when negative) a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const day = dayNumber(date);
  if (day === null) throw new RangeError(`not a date: ${date}`);
  return dateOfDay(day + days);
}

/** Whole days from one date to another (`to` − `from`). */
export function daysBetween(from: string, to: string): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === null || b === null) throw new RangeError(`not a date: ${a === null ? from : to}`);
  return b - a;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function offsetFormat(timeZone: string): Intl.DateTimeFormat {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(timeZone, format);
  }
  return format;
}

/** The zone's UTC offset (local minus UTC, ms) at an instant. */
function offsetAt(timeZone: string, utc: number): number {
  const whole = Math.floor(utc / 1000) * 1000;
  const parts: Partial<Record<string, number>> = {};
  for (const { type, value } of offsetFormat(timeZone).formatToParts(whole)) parts[type] = Number(value);
  const local = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return local - whole;
}

/**
 * The first instant of a local date. Where a DST jump skips midnight (America/Santiago), the day
 * starts at the first local time that exists, just after the jump.
 */
export function startOfLocalDate(date: string, timeZone: string): Date {
  const day = dayNumber(date);
  if (day === null) throw new RangeError(`not a date: ${date}`);
  const local = day * DAY_MS;
  const before = offsetAt(timeZone, local - DAY_MS);
  const after = offsetAt(timeZone, local + 2 * DAY_MS);
  const early = local - before;
  if (before === after || offsetAt(timeZone, early) === before) return new Date(early);
  const late = local - after;
  return new Date(offsetAt(timeZone, late) === after ? late : early);
}

/** The local date (`YYYY-MM-DD`) an instant falls on in the zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(timeZone, format);
  }
  return format.format(instant);
}

/** `YYYY-MM` of the local month an instant falls in. */
export function monthKeyOf(instant: Date, timeZone: string): string {
  return localDateOf(instant, timeZone).slice(0, 7);
}

/** A report window: two inclusive local dates, and the instants [start, end) they cover. */
export interface DateWindow {
  readonly from: string;
  readonly to: string;
  readonly start: Date;
  readonly end: Date;
}

/** The window of local dates `from`..`to` (both inclusive); the caller has checked from ≤ to. */
export function dateWindow(from: string, to: string, timeZone: string): DateWindow {
  return {
    from,
    to,
    start: startOfLocalDate(from, timeZone),
    end: startOfLocalDate(addDays(to, 1), timeZone),
  };
}

/** True when the instant lies inside the window. */
export function inWindow(instant: Date | null, window: DateWindow): boolean {
  if (instant === null) return false;
  const t = instant.getTime();
  return t >= window.start.getTime() && t < window.end.getTime();
}

/**
 * The months a window touches, each with the instant it starts at inside the window (the first
 * month starts at the window's start): thresholds for bucketing instants of the window by month.
 */
export function monthBuckets(
  window: DateWindow,
  timeZone: string,
): { readonly keys: string[]; readonly starts: Date[] } {
  const keys: string[] = [];
  const starts: Date[] = [];
  let month = window.from.slice(0, 7);
  const last = window.to.slice(0, 7);
  for (;;) {
    keys.push(month);
    starts.push(keys.length === 1 ? window.start : startOfLocalDate(`${month}-01`, timeZone));
    if (month >= last) break;
    month = nextMonth(month);
  }
  return { keys, starts };
}

function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12
    ? `${String(year + 1).padStart(4, '0')}-01`
    : `${month.slice(0, 5)}${String(m + 1).padStart(2, '0')}`;
}

export type PeriodKind = 'month' | 'quarter' | 'year';

export interface ReportPeriod {
  readonly kind: PeriodKind;
  /** As asked: `2026-11`, `2026-Q4` or `2026`. */
  readonly label: string;
  readonly from: string;
  readonly to: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^(\d{4})$/;

/** `YYYY-MM`, `YYYY-Qn` or `YYYY` as its first and last dates; null when it is none of them. */
export function parseReportPeriod(text: string): ReportPeriod | null {
  const month = MONTH.exec(text);
  if (month) {
    const from = `${month[1] ?? ''}-${month[2] ?? ''}-01`;
    return { kind: 'month', label: text, from, to: addDays(`${nextMonth(text)}-01`, -1) };
  }
  const quarter = QUARTER.exec(text);
  if (quarter) {
    const year = quarter[1] ?? '';
    const firstMonth = (Number(quarter[2]) - 1) * 3 + 1;
    const from = `${year}-${String(firstMonth).padStart(2, '0')}-01`;
    const lastMonth = `${year}-${String(firstMonth + 2).padStart(2, '0')}`;
    return { kind: 'quarter', label: text, from, to: addDays(`${nextMonth(lastMonth)}-01`, -1) };
  }
  const year = YEAR.exec(text);
  if (year) return { kind: 'year', label: text, from: `${text}-01-01`, to: `${text}-12-31` };
  return null;
}
