import { errorCode } from '../logging/describe-failure.ts';
import type { DatabaseKind } from './database.ts';

/** Storage could not be opened or prepared: the operator has to fix the folder or the server. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly storage: DatabaseKind;
  constructor(storage: DatabaseKind, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.storage = storage;
  }
}

// Errors that only say the server is not accepting connections yet: starting up, restarting, its
// name not in DNS yet (a container starting beside us). Anything else (a refused password, a
// missing database, a malformed URL) will not fix itself by waiting.
const NOT_UP_YET = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // PostgreSQL's cannot_connect_now: "the database system is starting up" / "is shutting down".
  '57P03',
]);

/** True when waiting a little may help: the server is down or starting, not misconfigured. */
export function isNotUpYet(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined && NOT_UP_YET.has(code)) return true;
  if (error instanceof AggregateError) return error.errors.some((inner) => isNotUpYet(inner));
  // pg's own words when the socket closes during start-up, or its connect timeout fires.
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated unexpectedly|timeout expired/i.test(message);
}

/** The URL without its password, for messages and logs: postgres://user@host:5432/db. */
export function redactDatabaseUrl(url: string): string {
  if (!URL.canParse(url)) return '(an unparseable URL)';
  const parsed = new URL(url);
  parsed.password = '';
  parsed.search = '';
  return parsed.toString();
}
