// The part of SOQL the local fake Salesforce answers: SELECT of fields (and one parent field,
// `LastModifiedBy.Email`) FROM one object, a WHERE of terms joined by AND (`f IN ('a','b')`,
// `f IN (SELECT g FROM Lead WHERE …)`, `f >= 2026-11-20T00:00:00Z`, `f != null`, `f = true`),
// ORDER BY fields ASC/DESC. Anything else is refused as MALFORMED_QUERY, as Salesforce refuses
// what it cannot parse: the connector must not depend on what the fake would guess.

export type FieldValue = string | number | boolean | null;
export type FakeRow = Readonly<Record<string, FieldValue>>;

export interface SoqlQuery {
  readonly object: string;
  readonly fields: readonly string[];
  readonly where: readonly Term[];
  readonly orderBy: readonly { readonly field: string; readonly desc: boolean }[];
}

export type Term =
  | { readonly kind: 'in'; readonly field: string; readonly values: readonly string[] }
  | { readonly kind: 'semi'; readonly field: string; readonly query: SoqlQuery }
  | {
      readonly kind: 'compare';
      readonly field: string;
      readonly op: '>=' | '>' | '<' | '<=' | '=' | '!=';
      readonly value: FieldValue;
    };

export class SoqlError extends Error {}

/** Splits at a keyword outside parentheses and quotes. */
function splitTop(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i += 1;
      else if (c === "'") quoted = false;
      continue;
    }
    if (c === "'") quoted = true;
    else if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if (depth === 0) {
      const match = separator.exec(text.slice(i));
      if (match?.index === 0) {
        parts.push(text.slice(start, i));
        i += match[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

const UNESCAPE: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

function literals(list: string): string[] {
  const values: string[] = [];
  const pattern = /\s*'((?:[^'\\]|\\.)*)'\s*(,|$)/y;
  let index = 0;
  while (index < list.length) {
    pattern.lastIndex = index;
    const m = pattern.exec(list);
    if (!m) throw new SoqlError(`unexpected token in IN list near: ${list.slice(index, index + 20)}`);
    values.push((m[1] ?? '').replace(/\\(.)/g, (_, c: string) => UNESCAPE[c] ?? c));
    index = pattern.lastIndex;
  }
  return values;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

function scalar(text: string): FieldValue {
  if (text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^'.*'$/.test(text)) return literals(text)[0] ?? '';
  if (DATETIME.test(text)) return new Date(text).toISOString();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  throw new SoqlError(`unexpected token: ${text.slice(0, 40)}`);
}

function term(text: string): Term {
  const semi = /^(\w+)\s+IN\s+\((SELECT\s.+)\)$/is.exec(text);
  if (semi) return { kind: 'semi', field: semi[1] ?? '', query: parseSoql(semi[2] ?? '') };
  const list = /^(\w+)\s+IN\s+\((.*)\)$/is.exec(text);
  if (list) return { kind: 'in', field: list[1] ?? '', values: literals(list[2] ?? '') };
  const compare = /^([\w.]+)\s*(>=|<=|!=|>|<|=)\s*(.+)$/s.exec(text);
  if (compare) {
    return {
      kind: 'compare',
      field: compare[1] ?? '',
      op: compare[2] as '>=',
      value: scalar((compare[3] ?? '').trim()),
    };
  }
  throw new SoqlError(`unexpected condition: ${text.slice(0, 60)}`);
}

export function parseSoql(soql: string): SoqlQuery {
  const m = /^SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+(.+?))?$/is.exec(
    soql.trim(),
  );
  if (!m) throw new SoqlError('unexpected token: expected SELECT … FROM …');
  const fields = (m[1] ?? '').split(',').map((f) => f.trim());
  if (fields.some((f) => !/^\w+(\.\w+)?$/.test(f))) throw new SoqlError('unexpected token in the field list');
  const where = m[3] === undefined ? [] : splitTop(m[3], /^\s+AND\s+/i).map(term);
  const orderBy = (m[4] ?? '')
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const order = /^(\w+)(?:\s+(ASC|DESC))?$/i.exec(part.trim());
      if (!order) throw new SoqlError(`unexpected ORDER BY: ${part}`);
      return { field: order[1] ?? '', desc: (order[2] ?? '').toUpperCase() === 'DESC' };
    });
  return { object: m[2] ?? '', fields, where, orderBy };
}

/** Every field a query names, its semi-joins' included, as [object, field]. */
export function namedFields(query: SoqlQuery): [string, string][] {
  return [
    ...query.fields.map((f): [string, string] => [query.object, f]),
    ...query.where.flatMap((t): [string, string][] =>
      t.kind === 'semi' ? [[query.object, t.field], ...namedFields(t.query)] : [[query.object, t.field]],
    ),
    ...query.orderBy.map((o): [string, string] => [query.object, o.field]),
  ];
}

function compare(a: FieldValue, b: FieldValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** Runs a parsed query on rows of its object; `rowsOf` gives a semi-join's object's rows. */
export function runSoql(
  query: SoqlQuery,
  rows: readonly FakeRow[],
  rowsOf: (object: string) => readonly FakeRow[],
): FakeRow[] {
  const predicates = query.where.map((t): ((row: FakeRow) => boolean) => {
    switch (t.kind) {
      case 'in': {
        const wanted = new Set(t.values);
        // Ids match in their 15- or 18-character form.
        return t.field === 'Id'
          ? (row) => wanted.has(String(row['Id'])) || wanted.has(String(row['Id']).slice(0, 15))
          : (row) => wanted.has(String(row[t.field]));
      }
      case 'semi': {
        const inner = runSoql(t.query, rowsOf(t.query.object), rowsOf);
        const selected = t.query.fields[0] ?? 'Id';
        const ids = new Set(inner.flatMap((r) => (typeof r[selected] === 'string' ? [r[selected]] : [])));
        return (row) => ids.has(String(row[t.field]));
      }
      case 'compare':
        return (row) => {
          const value = row[t.field] ?? null;
          // Stored datetimes (Salesforce's text) compare as ISO instants with the literal.
          const c = compare(
            typeof value === 'string' && DATETIME_STORED.test(value) ? new Date(value).toISOString() : value,
            t.value,
          );
          switch (t.op) {
            case '=':
              return c === 0;
            case '!=':
              return c !== 0;
            case '>=':
              return value !== null && c >= 0;
            case '>':
              return value !== null && c > 0;
            case '<=':
              return value !== null && c <= 0;
            case '<':
              return value !== null && c < 0;
          }
        };
    }
  });
  const matched = rows.filter((row) => predicates.every((p) => p(row)));
  if (query.orderBy.length > 0) {
    matched.sort((a, b) => {
      for (const { field, desc } of query.orderBy) {
        const c = compare(a[field] ?? null, b[field] ?? null);
        if (c !== 0) return desc ? -c : c;
      }
      return 0;
    });
  }
  return matched;
}

// How the fake stores datetimes: Salesforce's own text form.
const DATETIME_STORED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;
