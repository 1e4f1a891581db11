// The business clock: only minutes inside the opening hours of a business day count, read in the
// calendar's IANA timezone. It works a local day at a time (never minute by minute): each local
// date, keyed by its day number, is resolved once to the UTC instants of its midnight, opening and
// closing, and whether the company works that day, then cached.
//
// Boundary rules (contract, "Definitions file"):
// - add: a clock that starts outside business hours starts at the next opening. A deadline that
//   falls exactly on the end of a business day is that day's closing time, not the next opening
//   (Friday 17:00 + 9 h = Monday 17:00; Saturday 10:00 + 9 h = Monday 18:00).
//   add(s, 0) is the instant the clock starts: s itself inside [open, close), otherwise the next
//   opening (the closing instant itself is outside business hours).
// - subtract mirrors add: from an instant outside business hours it starts at the previous
//   closing, and a result that falls exactly on an opening stays at that opening rather than the
//   previous evening's closing. subtract(e, 0) is e itself inside [open, close].
// So every result of add or subtract lies within [open, close] of a business day.
// On a day a DST change falls inside the opening hours, the real elapsed time between opening
// and closing counts, so that day holds one hour more or less than `dayMs`.
import { WEEKDAYS } from './calendar-spec.ts';
import type { CalendarSpec, Weekday } from './calendar-spec.ts';
import { isJapaneseHoliday } from './japan-holidays.ts';
import type { SlaClock } from './sla-clock.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
// No real calendar stays closed for ten years; a longer search means one that never opens.
const MAX_CLOSED_DAYS = 3_660;
// About 137 years of local days per clock before the cache starts over.
const MAX_CACHED_DAYS = 50_000;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

interface LocalDay {
  /** UTC ms of the first instant of the local date. */
  readonly start: number;
  readonly open: number;
  readonly close: number;
  readonly business: boolean;
}

// A clock only memoises facts about its calendar, so equal calendars can share one clock and its
// resolved days, even when a caller builds a clock per request.
const MAX_SHARED_CLOCKS = 64;
const clocks = new Map<string, SlaClock>();

/** The business clock of a calendar; equal calendars get the same (stateless to callers) clock. */
export function createBusinessClock(spec: CalendarSpec): SlaClock {
  const key = JSON.stringify([
    spec.timezone,
    spec.workdays,
    spec.hours.start,
    spec.hours.end,
    spec.holidays,
    spec.closures,
  ]);
  let clock = clocks.get(key);
  if (clock === undefined) {
    clock = buildBusinessClock(spec);
    if (clocks.size >= MAX_SHARED_CLOCKS) clocks.clear();
    clocks.set(key, clock);
  }
  return clock;
}

function buildBusinessClock(spec: CalendarSpec): SlaClock {
  const openMinute = parseTime(spec.hours.start, 'start');
  const closeMinute = spec.hours.end === '24:00' ? 1440 : parseTime(spec.hours.end, 'end');
  if (closeMinute <= openMinute) {
    throw new RangeError(`calendar hours end ${spec.hours.end} is not after start ${spec.hours.start}`);
  }
  if (spec.workdays.length === 0) throw new RangeError('calendar has no workdays');
  const workdays = new Set<Weekday>(spec.workdays);
  const closures = new Set(spec.closures);
  const japan = spec.holidays === 'japan';
  const localToUtc = localToUtcIn(spec.timezone);
  const days = new Map<number, LocalDay>();

  function resolveDay(day: number): LocalDay {
    const midnight = day * DAY_MS;
    const weekday = WEEKDAYS[(((day + 4) % 7) + 7) % 7]; // day 0, 1970-01-01, was a Thursday
    const open = localToUtc(day, midnight + openMinute * MINUTE_MS);
    const close = localToUtc(day, midnight + closeMinute * MINUTE_MS);
    let business = weekday !== undefined && workdays.has(weekday) && close > open;
    if (business) {
      const date = isoDateOfDay(day);
      business = !closures.has(date) && !(japan && isJapaneseHoliday(date));
    }
    return { start: localToUtc(day, midnight), open, close, business };
  }

  function dayAt(day: number): LocalDay {
    let local = days.get(day);
    if (local === undefined) {
      if (days.size >= MAX_CACHED_DAYS) days.clear();
      local = resolveDay(day);
      days.set(day, local);
    }
    return local;
  }

  /** Day number of the local date an instant falls on. */
  function dayOf(t: number): number {
    const utcDay = Math.floor(t / DAY_MS);
    const offset = utcDay * DAY_MS - dayAt(utcDay).start; // the zone's offset near t
    let day = Math.floor((t + offset) / DAY_MS);
    while (t < dayAt(day).start) day -= 1;
    while (t >= dayAt(day + 1).start) day += 1;
    return day;
  }

  function nextBusinessDay(day: number): number {
    for (let next = day + 1; next <= day + MAX_CLOSED_DAYS; next += 1) {
      if (dayAt(next).business) return next;
    }
    throw new RangeError(`calendar has no business day within ${MAX_CLOSED_DAYS} days`);
  }

  function previousBusinessDay(day: number): number {
    for (let previous = day - 1; previous >= day - MAX_CLOSED_DAYS; previous -= 1) {
      if (dayAt(previous).business) return previous;
    }
    throw new RangeError(`calendar has no business day within ${MAX_CLOSED_DAYS} days`);
  }

  function add(start: Date, ms: number): Date {
    const t = instant(start, ms);
    if (ms < 0) return subtract(start, -ms);
    let day = dayOf(t);
    let local = dayAt(day);
    let cursor: number;
    if (local.business && t < local.close) {
      cursor = Math.max(t, local.open);
    } else {
      day = nextBusinessDay(day);
      local = dayAt(day);
      cursor = local.open;
    }
    let left = ms;
    // `<=` is the end-of-day rule: using up the day exactly ends at its closing time.
    while (left > local.close - cursor) {
      left -= local.close - cursor;
      day = nextBusinessDay(day);
      local = dayAt(day);
      cursor = local.open;
    }
    return new Date(cursor + left);
  }

  function subtract(end: Date, ms: number): Date {
    const t = instant(end, ms);
    if (ms < 0) return add(end, -ms);
    let day = dayOf(t);
    let local = dayAt(day);
    let cursor: number;
    if (local.business && t >= local.open) {
      cursor = Math.min(t, local.close);
    } else {
      day = previousBusinessDay(day);
      local = dayAt(day);
      cursor = local.close;
    }
    let left = ms;
    // `<=` mirrors the end-of-day rule: using up the day exactly stays at its opening time.
    while (left > cursor - local.open) {
      left -= cursor - local.open;
      day = previousBusinessDay(day);
      local = dayAt(day);
      cursor = local.close;
    }
    return new Date(cursor - left);
  }

  function elapsed(from: Date, to: Date): number {
    const a = instant(from, 0);
    const b = instant(to, 0);
    if (b <= a) return 0;
    const last = dayOf(b);
    let total = 0;
    for (let day = dayOf(a); day <= last; day += 1) {
      const local = dayAt(day);
      if (!local.business) continue;
      const overlap = Math.min(b, local.close) - Math.max(a, local.open);
      if (overlap > 0) total += overlap;
    }
    return total;
  }

  function isCounting(at: Date): boolean {
    const t = instant(at, 0);
    const local = dayAt(dayOf(t));
    return local.business && t >= local.open && t < local.close;
  }

  return {
    kind: 'business',
    dayMs: (closeMinute - openMinute) * MINUTE_MS,
    add,
    subtract,
    elapsed,
    isCounting,
  };
}

/**
 * `YYYY-MM-DD` of a day number, by Howard Hinnant's civil-from-days arithmetic
 * (Date#toISOString costs microseconds, and every new day needs one).
 */
function isoDateOfDay(day: number): string {
  const shifted = day + 719_468; // days from 0000-03-01, so leap days fall at the end of a year
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1_460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}

function parseTime(text: string, which: string): number {
  const match = TIME_PATTERN.exec(text);
  if (!match) throw new RangeError(`calendar hours ${which} ${text} is not HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

// An invalid Date or a non-finite amount would never reach a business day; fail loudly instead.
function instant(date: Date, ms: number): number {
  const t = date.getTime();
  if (!Number.isFinite(t) || !Number.isFinite(ms))
    throw new RangeError('business clock needs a valid instant and amount');
  return t;
}

/** The zone's UTC offset (local minus UTC, ms) at an instant, through Intl. */
function createOffsetAt(timeZone: string): (utc: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return (utc) => {
    const whole = Math.floor(utc / 1000) * 1000;
    const parts: Partial<Record<string, number>> = {};
    for (const { type, value } of format.formatToParts(whole)) parts[type] = Number(value);
    const local = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0,
    );
    return local - whole;
  };
}

type LocalToUtc = (day: number, local: number) => number;

// Intl is the slow part (microseconds a call), and the answer depends only on the zone, so the
// converter and its offsets are shared by every clock on that zone, for the life of the process.
const converters = new Map<string, LocalToUtc>();

/**
 * Converts a local wall time on local date `day` (ms since the epoch, as if local were UTC) to a
 * UTC instant. The offset is read once per UTC day and cached: when it is the same a day before
 * and two days after the date, the whole local date lies in one offset (no zone changes its
 * offset twice within three days). Otherwise, around a DST change, times repeated by a fall-back
 * read as the earlier instant, and times skipped by a spring-forward read with the offset before
 * the jump, i.e. move forward by the gap (as Temporal's "compatible").
 */
function localToUtcIn(timeZone: string): LocalToUtc {
  const cached = converters.get(timeZone);
  if (cached) return cached;
  const offsetAt = createOffsetAt(timeZone);
  const dayOffsets = new Map<number, number>();
  const offsetOnUtcDay = (utcDay: number): number => {
    let offset = dayOffsets.get(utcDay);
    if (offset === undefined) {
      if (dayOffsets.size >= MAX_CACHED_DAYS) dayOffsets.clear();
      offset = offsetAt(utcDay * DAY_MS);
      dayOffsets.set(utcDay, offset);
    }
    return offset;
  };
  const convert: LocalToUtc = (day, local) => {
    const before = offsetOnUtcDay(day - 1);
    const after = offsetOnUtcDay(day + 2);
    const early = local - before;
    if (before === after || offsetAt(early) === before) return early;
    const late = local - after;
    return offsetAt(late) === after ? late : early;
  };
  converters.set(timeZone, convert);
  return convert;
}
