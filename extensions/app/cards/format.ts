import type { CardLabels } from './labels.ts';

const HOUR_MS = 3_600_000;

/** "5.5 business hours left" / "残り 5.5 営業時間"; negative time left reads as overdue. */
export function formatBusinessTimeLeft(msLeft: number | null | undefined, labels: CardLabels): string | null {
  if (msLeft === null || msLeft === undefined || !Number.isFinite(msLeft)) return null;
  const hours = (Math.round((Math.abs(msLeft) / HOUR_MS) * 10) / 10).toString();
  return msLeft < 0 ? labels.hoursOverdue(hours) : labels.hoursLeft(hours);
}

/** Formats an ISO instant in the portal's time zone; an unparseable value is shown as given. */
export function formatInstant(iso: string | null, locale: string | undefined, timeZone: string | undefined) {
  if (iso === null) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale ?? 'en-US', {
      dateStyle: 'medium',
      timeStyle: 'short',
      ...(timeZone ? { timeZone } : {}),
    }).format(date);
  } catch {
    return iso;
  }
}

// A HubSpot datetime property reads as an ISO 8601 instant (`2026-11-27T01:19:00.000Z`), a date
// property as a calendar date (`2026-11-27`). Only these exact shapes are taken for dates: a
// score, a range like `50-100` or a version like `2026-11` stays as it is.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Formats a calendar date `YYYY-MM-DD` as that same date (no time zone moves it); else as given. */
export function formatCalendarDate(value: string, locale: string | undefined): string {
  const parts = ISO_DATE.exec(value);
  if (!parts) return value;
  const date = new Date(Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3])));
  // Date.UTC rolls 2026-02-30 over into March: such a value is not a date, show it as given.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return value;
  try {
    return new Intl.DateTimeFormat(locale ?? 'en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  } catch {
    return value;
  }
}

/**
 * A property value as a person reads it: an ISO instant in the portal's time zone, a calendar
 * date in the user's locale, anything else exactly as the backend sent it.
 */
export function formatPropertyValue(
  value: string | null,
  locale: string | undefined,
  timeZone: string | undefined,
): string {
  if (value === null) return '—';
  if (ISO_INSTANT.test(value)) return formatInstant(value, locale, timeZone);
  if (ISO_DATE.test(value)) return formatCalendarDate(value, locale);
  return value;
}

/** What every section needs to word and date things for the current user. */
export interface Presentation {
  labels: CardLabels;
  locale: string | undefined;
  timeZone: string | undefined;
}

export function showInstant(presentation: Presentation, iso: string | null): string {
  return formatInstant(iso, presentation.locale, presentation.timeZone);
}

export function showValue(presentation: Presentation, value: string | null): string {
  return formatPropertyValue(value, presentation.locale, presentation.timeZone);
}
