import type { FunnelGroupBy } from '@lead-handoff/shared/dto';
import { ALL_GROUP_KEY, NONE_GROUP_KEY } from '@lead-handoff/shared/dto';
import type { PagesLabels } from './labels.ts';

// Numbers, money and dates in the user's locale. Local dates (`YYYY-MM-DD`, a day in the
// definitions' time zone) are formatted as calendar days, never shifted by a time zone.

/** A locale Intl accepts: the user's, or en-US when it is missing or malformed. */
export function safeLocale(locale: string | undefined): string {
  if (locale === undefined || locale === '') return 'en-US';
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A fraction as a percentage (0.3 → 30%); `—` when there is nothing to divide by. */
export function formatFraction(value: number | null, locale: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

export function formatMoney(amount: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    // Not an ISO 4217 code Intl knows: the amount and the code as written in the definitions.
    return `${formatCount(amount, locale)} ${currency}`;
  }
}

function utcDay(year: number, month: number, day = 1): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

export function formatLocalDate(iso: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (match === null) return iso;
  const date = utcDay(Number(match[1]), Number(match[2]), Number(match[3]));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** `2026-07` as the month's name: "Jul 2026", "2026年7月". */
export function formatMonth(key: string, locale: string, month: 'short' | 'long' = 'short'): string {
  const match = /^(\d{4})-(\d{2})$/.exec(key);
  if (match === null) return key;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month, timeZone: 'UTC' }).format(
    utcDay(Number(match[1]), Number(match[2])),
  );
}

/** An instant in the portal's time zone, for the user's locale. */
export function formatInstant(iso: string, locale: string, timeZone: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      ...(timeZone ? { timeZone } : {}),
    }).format(date);
  } catch {
    return iso;
  }
}

/** The name of a funnel or channel group as the backend keys it. */
export function groupName(
  groupBy: FunnelGroupBy | 'channel',
  key: string,
  labels: PagesLabels,
  locale: string,
): string {
  if (key === NONE_GROUP_KEY) return labels.groupNone;
  switch (groupBy) {
    case 'none':
      return key === ALL_GROUP_KEY ? labels.groupAll : key;
    case 'channel':
      return labels.channelName(key);
    case 'month':
      return formatMonth(key, locale);
    case 'definitionVersion':
      return key;
  }
}
