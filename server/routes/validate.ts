import type { z } from 'zod';
import { HttpError } from '../http-error.ts';

/** Parses at the door; a violation is a 400 naming the offending field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
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
