import type { DateWindowQuery, KpiPeriodKind } from '@lead-handoff/shared/dto';
import type { WindowPreset } from './labels.ts';

// Calendar arithmetic on local dates (no time, no zone): the windows the pages ask for and the
// KPI periods they offer. "Today" is taken once, in the portal's time zone, and passed in.

/** A calendar date; `month` is 1–12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

export function toIsoDate(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** `YYYY-MM-DD` to a date, or null when it is not a real calendar date. */
export function parseIsoDate(text: string): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > lastDayOf(date.year, date.month))
    return null;
  return date;
}

function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The calendar date at `now` in `timeZone` (UTC when the zone is missing or unknown). */
export function localToday(now: Date, timeZone: string | undefined): LocalDate {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: timeZone ?? 'UTC',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    }).formatToParts(now);
  } catch {
    return localToday(now, 'UTC');
  }
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/** The month `offset` months after the month of `date` (negative: before), as year and month. */
function shiftMonth(year: number, month: number, offset: number) {
  const index = year * 12 + (month - 1) + offset;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

function quarterOf(month: number): number {
  return Math.floor((month - 1) / 3) + 1;
}

function monthsWindow(first: { year: number; month: number }, count: number): DateWindowQuery {
  const last = shiftMonth(first.year, first.month, count - 1);
  return {
    from: toIsoDate({ ...first, day: 1 }),
    to: toIsoDate({ ...last, day: lastDayOf(last.year, last.month) }),
  };
}

/** The dates a preset stands for: whole quarters, or the 12 calendar months ending with this one. */
export function presetWindow(preset: Exclude<WindowPreset, 'custom'>, today: LocalDate): DateWindowQuery {
  const quarterStart = { year: today.year, month: (quarterOf(today.month) - 1) * 3 + 1 };
  switch (preset) {
    case 'thisQuarter':
      return monthsWindow(quarterStart, 3);
    case 'lastQuarter':
      return monthsWindow(shiftMonth(quarterStart.year, quarterStart.month, -3), 3);
    case 'last12Months':
      return monthsWindow(shiftMonth(today.year, today.month, -11), 12);
  }
}

/** The KPI period of `kind` that is `offset` periods after the one holding `today`: `2026-11`, `2026-Q4`, `2026`. */
export function kpiPeriod(kind: KpiPeriodKind, today: LocalDate, offset = 0): string {
  switch (kind) {
    case 'month': {
      const month = shiftMonth(today.year, today.month, offset);
      return `${pad(month.year, 4)}-${pad(month.month)}`;
    }
    case 'quarter': {
      const start = shiftMonth(today.year, (quarterOf(today.month) - 1) * 3 + 1, offset * 3);
      return `${pad(start.year, 4)}-Q${quarterOf(start.month)}`;
    }
    case 'year':
      return pad(today.year + offset, 4);
  }
}

const PAST_PERIODS: Record<KpiPeriodKind, number> = { month: 11, quarter: 7, year: 3 };

/** The periods a marketer picks from, newest first: the next one, this one, then the past ones. */
export function kpiPeriodChoices(kind: KpiPeriodKind, today: LocalDate): string[] {
  const choices: string[] = [];
  for (let offset = 1; offset >= -PAST_PERIODS[kind]; offset--) choices.push(kpiPeriod(kind, today, offset));
  return choices;
}
