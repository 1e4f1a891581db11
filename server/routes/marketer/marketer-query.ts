import { z } from 'zod';
import { dateWindow, isLocalDate } from '../../../src/domain/local-dates.ts';
import type { DateWindow } from '../../../src/domain/local-dates.ts';
import { HttpError } from '../../http-error.ts';

// Query-string pieces the marketer views share. Every parameter is named in a refusal.

const required = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`),
});

/** A local date `YYYY-MM-DD` (in the definitions' timezone). */
export const localDate = z
  .string(required('a date YYYY-MM-DD'))
  .refine(isLocalDate, 'must be a date YYYY-MM-DD');

/** HubSpot appends its own identity parameters to a signed request's query; they are allowed. */
export const identityParams = {
  portalId: z.string().optional(),
  userId: z.string().optional(),
  userEmail: z.string().optional(),
  appId: z.string().optional(),
};

export const windowParams = { from: localDate, to: localDate };

export const formatParam = z.enum(['json', 'csv'], required("'json' or 'csv'")).default('json');

/** The window of two inclusive dates; `to` before `from` is refused naming `to`. */
export function windowOf(
  query: { readonly from: string; readonly to: string },
  timeZone: string,
): DateWindow {
  if (query.to < query.from)
    throw new HttpError(
      400,
      'invalid_request',
      `Invalid query: to: must not be before from (${query.from}).`,
    );
  return dateWindow(query.from, query.to, timeZone);
}
