/**
 * One line saying what went wrong, for an operator: the message of the error (or of each error an
 * AggregateError wraps, as Node's happy-eyeballs connect throws) with its code, never a stack
 * trace or `[object Object]`.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    const parts = [...new Set(error.errors.map((inner) => describeFailure(inner)))];
    return oneLine(parts.join('; '));
  }
  if (error instanceof Error) {
    const code = errorCode(error);
    const message = error.message.trim() || error.name;
    return oneLine(code && !message.includes(code) ? `${message} (${code})` : message);
  }
  if (typeof error === 'string') return oneLine(error);
  return oneLine(safeJson(error));
}

/** The `code` an error carries (Node's errno names, PostgreSQL's SQLSTATE), if any. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = error.code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat === '' ? 'unknown error' : flat;
}

function safeJson(value: unknown): string {
  try {
    // undefined for undefined, functions and symbols, whatever the lib's types say.
    const json = JSON.stringify(value) as string | undefined;
    return typeof json === 'string' ? json : String(value);
  } catch {
    return String(value);
  }
}
