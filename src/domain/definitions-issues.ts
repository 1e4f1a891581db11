// Problems in a definitions file, each named by file, line and key path so a marketer can fix the
// YAML without reading code: `config/definitions.yaml:21 handoff.verdictWithn: unknown key …`.
import type { Document, LineCounter, YAMLError } from 'yaml';
import { isMap, isScalar, isSeq } from 'yaml';
import type { z } from 'zod';
import { OPERATOR_NAMES } from './conditions.ts';

export interface DefinitionsIssue {
  readonly file: string;
  /** Key path like `mql.attributes[1].gte`; empty for the whole file. */
  readonly path: string;
  /** 1-based line in the file, when the path (or its nearest parent) is in it. */
  readonly line: number | null;
  readonly message: string;
}

export type PathSegment = string | number;

export interface LocatedProblem {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

export function pathToString(path: readonly PathSegment[]): string {
  return path.reduce<string>(
    (out, segment) =>
      typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment,
    '',
  );
}

export function formatIssues(issues: readonly DefinitionsIssue[]): string {
  return issues
    .map((i) => `${i.file}${i.line === null ? '' : `:${i.line}`}${i.path ? ` ${i.path}` : ''}: ${i.message}`)
    .join('\n');
}

export function yamlIssues(
  errors: readonly YAMLError[],
  lineCounter: LineCounter,
  file: string,
): DefinitionsIssue[] {
  return errors.map((e) => ({
    file,
    path: '',
    line: lineCounter.linePos(e.pos[0]).line,
    message: `YAML syntax error: ${e.message.split('\n')[0] ?? e.code}`,
  }));
}

/** Zod's issues in the file's words: unknown keys one by one with a suggestion, missing keys by name. */
export function toIssues(issues: readonly z.core.$ZodIssue[], schema: z.core.$ZodType): LocatedProblem[] {
  return issues.flatMap((issue): LocatedProblem[] => {
    const path = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
    if (path.length === 0 && issue.code === 'invalid_type') {
      return [{ path, message: 'the file is empty or is not a YAML mapping of keys' }];
    }
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeysAt(schema, path);
        return issue.keys.map((key) => ({ path: [...path, key], message: unknownKeyMessage(key, known) }));
      }
      case 'invalid_type':
        if (issue.input === undefined)
          return [{ path, message: `missing required key '${String(path.at(-1))}'` }];
        return [{ path, message: `expected ${issue.expected}, got ${JSON.stringify(issue.input)}` }];
      case 'invalid_value':
        return [{ path, message: `${issue.message}, got ${JSON.stringify(issue.input)}` }];
      case 'custom': {
        const baseKeys = (issue.params as { unknownConditionKey?: string[] } | undefined)
          ?.unknownConditionKey;
        if (baseKeys === undefined) return [{ path, message: issue.message }];
        return [{ path, message: unknownConditionKeyMessage(path, baseKeys) }];
      }
      case 'invalid_element':
      case 'invalid_format':
      case 'invalid_key':
      case 'invalid_union':
      case 'not_multiple_of':
      case 'too_big':
      case 'too_small':
        return [{ path, message: issue.message }];
    }
  });
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const guess = closest(key, known);
  return `unknown key '${key}'${guess ? ` (did you mean '${guess}'?)` : known.length ? ` (expected ${known.join(', ')})` : ''}`;
}

function unknownConditionKeyMessage(path: readonly PathSegment[], baseKeys: readonly string[]): string {
  const key = String(path.at(-1));
  const at = pathToString(path.slice(0, -1));
  const baseGuess = closest(key, baseKeys);
  if (baseGuess) return `unknown key '${key}' at ${at} (did you mean '${baseGuess}'?)`;
  const guess = closest(key, OPERATOR_NAMES);
  const hint = guess ? `did you mean '${guess}'? ` : '';
  return `unknown operator '${key}' at ${at} (${hint}operators: ${OPERATOR_NAMES.join(', ')})`;
}

function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(word.length / 4)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

interface DefShape {
  readonly type: string;
  readonly shape?: Record<string, z.core.$ZodType>;
  readonly element?: z.core.$ZodType;
  readonly innerType?: z.core.$ZodType;
  readonly in?: z.core.$ZodType;
  readonly valueType?: z.core.$ZodType;
}

/** The keys an object schema accepts at a path, to suggest the right one for a typo. */
function knownKeysAt(schema: z.core.$ZodType, path: readonly PathSegment[]): readonly string[] {
  let node: z.core.$ZodType | undefined = schema;
  let index = 0;
  while (node !== undefined) {
    const def = node._zod.def as unknown as DefShape;
    if (def.innerType) node = def.innerType;
    else if (def.type === 'pipe') node = def.in;
    else if (index === path.length) return def.shape ? Object.keys(def.shape) : [];
    else if (def.type === 'object') node = def.shape?.[String(path[index++])];
    else if (def.type === 'array') [node, index] = [def.element, index + 1];
    else if (def.type === 'record') [node, index] = [def.valueType, index + 1];
    else return [];
  }
  return [];
}

/** Adds the file and the line of the key (or of its nearest parent present in the file). */
export function locateIssues(
  problems: readonly LocatedProblem[],
  doc: Document,
  lineCounter: LineCounter,
  file: string,
): DefinitionsIssue[] {
  const issues = problems.map((p) => ({
    file,
    path: pathToString(p.path),
    line: lineOf(doc, lineCounter, p.path),
    message: p.message,
  }));
  // In file order, so the list reads top to bottom like the YAML.
  return issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function lineOf(doc: Document, lineCounter: LineCounter, path: readonly PathSegment[]): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const offset = offsetOf(doc, path.slice(0, depth));
    if (offset !== null) return lineCounter.linePos(offset).line;
  }
  return null;
}

// The key's own position for a mapping entry (its value may start on the next line), the item's
// position in a sequence.
function offsetOf(doc: Document, path: readonly PathSegment[]): number | null {
  if (path.length === 0) return doc.contents?.range?.[0] ?? null;
  const parent: unknown = doc.getIn(path.slice(0, -1), true);
  const last = path.at(-1);
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(last));
    if (pair && isScalar(pair.key)) return pair.key.range?.[0] ?? null;
  }
  if (isSeq(parent) && typeof last === 'number') {
    const item: unknown = parent.items[last];
    if (isScalar(item) || isMap(item) || isSeq(item)) return item.range?.[0] ?? null;
  }
  return null;
}
