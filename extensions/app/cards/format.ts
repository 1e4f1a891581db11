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

/** What every section needs to word and date things for the current user. */
export interface Presentation {
  labels: CardLabels;
  locale: string | undefined;
  timeZone: string | undefined;
}

export function showInstant(presentation: Presentation, iso: string | null): string {
  return formatInstant(iso, presentation.locale, presentation.timeZone);
}
