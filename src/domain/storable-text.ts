// What PostgreSQL (and PGlite, which is PostgreSQL) cannot store: U+0000 in text or jsonb ("invalid
// byte sequence for encoding UTF8: 0x00", "unsupported Unicode escape sequence"), and a lone UTF-16
// surrogate, which jsonb refuses once JSON.stringify has escaped it ("Unicode low surrogate must
// follow a high surrogate"). A request carrying either must be refused at the door, naming the
// field, before any query runs.

export type UnstorableReason = 'nul' | 'surrogate' | 'too_deep';

export interface Unstorable {
  readonly reason: UnstorableReason;
  /** Keys and indexes from the root, e.g. ['note'] or [3, 'propertyValue']. */
  readonly path: readonly (string | number)[];
}

// Real payloads are two or three levels deep (an array of flat events, a flat verdict). Anything far
// deeper is hostile, and recursive code (JSON.stringify, the pg driver) would overflow on it.
export const MAX_JSON_DEPTH = 32;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function textProblem(text: string): 'nul' | 'surrogate' | null {
  if (text.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'surrogate';
  return null;
}

export interface FindOptions {
  readonly maxDepth?: number;
  /** false: look for a nesting deeper than `maxDepth` only. */
  readonly text?: boolean;
}

/**
 * The first key or string value (depth-first, in document order) that cannot be stored, or a
 * nesting deeper than `maxDepth`; null when the whole value is storable. Iterative, so a hostile
 * nesting cannot overflow the stack here.
 */
export function findUnstorable(value: unknown, options: FindOptions = {}): Unstorable | null {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const checkText = options.text ?? true;
  const stack: { readonly value: unknown; readonly path: readonly (string | number)[] }[] = [
    { value, path: [] },
  ];
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item) break;
    if (typeof item.value === 'string') {
      const problem = checkText ? textProblem(item.value) : null;
      if (problem) return { reason: problem, path: item.path };
      continue;
    }
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.path.length >= maxDepth) return { reason: 'too_deep', path: item.path };
    const children: { value: unknown; path: (string | number)[] }[] = [];
    if (Array.isArray(item.value)) {
      item.value.forEach((child: unknown, index) =>
        children.push({ value: child, path: [...item.path, index] }),
      );
    } else {
      for (const [key, child] of Object.entries(item.value)) {
        const problem = checkText ? textProblem(key) : null;
        if (problem) return { reason: problem, path: [...item.path, key] };
        children.push({ value: child, path: [...item.path, key] });
      }
    }
    // Reversed onto the stack so the first child is looked at first.
    for (let index = children.length - 1; index >= 0; index -= 1) {
      const child = children[index];
      if (child) stack.push(child);
    }
  }
  return null;
}

/** `a.b.3.c`, with U+0000 and lone surrogates shown as escapes so the path itself is printable. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.map((part) => (typeof part === 'number' ? String(part) : escapeText(part))).join('.');
}

export function escapeText(text: string): string {
  // JSON.stringify escapes U+0000 and lone surrogates; the surrounding quotes are dropped.
  return JSON.stringify(text).slice(1, -1);
}

export function describeUnstorable(reason: UnstorableReason): string {
  switch (reason) {
    case 'nul':
      return 'contains U+0000 (NUL), which cannot be stored';
    case 'surrogate':
      return 'contains an unpaired UTF-16 surrogate, which is not valid Unicode text';
    case 'too_deep':
      return `is nested deeper than ${MAX_JSON_DEPTH} levels`;
  }
}
