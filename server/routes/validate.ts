import type { z } from 'zod';
import { describeUnstorable, findUnstorable, formatPath } from '../../src/domain/storable-text.ts';
import { HttpError } from '../http-error.ts';

/** Refuses input holding what the database cannot store (U+0000 first of all), naming the field. */
export function refuseUnstorable(input: unknown, where: string): void {
  const found = findUnstorable(input);
  if (!found) return;
  const path = found.path.length > 0 ? formatPath(found.path) : where;
  throw new HttpError(
    400,
    'invalid_request',
    `Invalid ${where}: ${path}: ${describeUnstorable(found.reason)}.`,
  );
}

/**
 * Parses at the door; a violation is a 400 naming the offending field. `storable: false` leaves
 * U+0000 and the like to the caller (a webhook batch refuses the one event, not the delivery).
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: string,
  options: { readonly storable?: boolean } = {},
): z.output<S> {
  if (options.storable ?? true) refuseUnstorable(input, where);
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join('.') : where;
  const detail =
    issue?.code === 'unrecognized_keys'
      ? `unknown field(s) ${issue.keys.join(', ')}`
      : (issue?.message ?? 'invalid');
  throw new HttpError(400, 'invalid_request', `Invalid ${where}: ${path}: ${detail}.`);
}
