// The fake HubSpot's contacts search: HubSpot's request shape, its limits and its answers.
import { randomUUID } from 'node:crypto';
import type { FakeContact, FakeContactStore } from './fake-hubspot-contacts.ts';

export interface FakeAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** HubSpot search's largest page and its cap on results reachable by paging. */
export const MAX_SEARCH_LIMIT = 200;
export const MAX_SEARCH_RESULTS = 10_000;

export function hubSpotError(status: number, category: string, message: string): FakeAnswer {
  return { status, body: { status: 'error', message, correlationId: randomUUID(), category } };
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** A contact as HubSpot's v3 object APIs answer it. */
export function toHubSpotObject(
  contact: FakeContact,
  properties: readonly string[],
  withHistory: readonly string[],
): object {
  // HubSpot always adds these three; with no `properties` asked it also sends name and e-mail.
  const chosen = properties.length > 0 ? properties : ['firstname', 'lastname', 'email'];
  const props: Record<string, string | null> = {
    createdate: contact.properties['createdate'] ?? null,
    hs_object_id: contact.id,
    lastmodifieddate: contact.properties['lastmodifieddate'] ?? null,
  };
  for (const name of chosen) props[name] = contact.properties[name] ?? null;
  const history =
    withHistory.length > 0
      ? {
          propertiesWithHistory: Object.fromEntries(
            withHistory.map((name) => [name, contact.history[name] ?? []]),
          ),
        }
      : {};
  return {
    id: contact.id,
    properties: props,
    ...history,
    createdAt: new Date(contact.createdAt).toISOString(),
    updatedAt: new Date(contact.updatedAt).toISOString(),
    archived: false,
  };
}

interface Filter {
  readonly propertyName: string;
  readonly operator: string;
  readonly value?: unknown;
  readonly highValue?: unknown;
  readonly values?: unknown;
}

interface Sort {
  readonly propertyName: string;
  readonly descending: boolean;
}

const MODIFIED = new Set(['lastmodifieddate', 'hs_lastmodifieddate']);

function valueOf(contact: FakeContact, name: string): string | null {
  if (name === 'hs_object_id') return contact.id;
  if (MODIFIED.has(name)) return new Date(contact.updatedAt).toISOString();
  return contact.properties[name] ?? null;
}

function isDateLike(name: string): boolean {
  return MODIFIED.has(name) || name === 'createdate' || name.endsWith('_at') || name.endsWith('date');
}

/** Numbers compare as numbers, dates (ms or ISO) as instants, the rest as strings. */
function comparable(name: string, raw: unknown): number | string | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const text = String(raw);
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (isDateLike(name)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? text : ms;
  }
  return text;
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function matches(contact: FakeContact, filter: Filter): boolean {
  const raw = valueOf(contact, filter.propertyName);
  const value = comparable(filter.propertyName, raw);
  const target = comparable(filter.propertyName, filter.value);
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return raw !== null && raw !== '';
    case 'NOT_HAS_PROPERTY':
      return raw === null || raw === '';
    case 'IN':
    case 'NOT_IN': {
      const list = Array.isArray(filter.values)
        ? filter.values.map((item) => String(item).toLowerCase())
        : [];
      const inside = raw !== null && list.includes(raw.toLowerCase());
      return filter.operator === 'IN' ? inside : !inside;
    }
    case 'CONTAINS_TOKEN':
      return (
        raw !== null && raw.toLowerCase().includes(String(filter.value).replaceAll('*', '').toLowerCase())
      );
    case 'NOT_CONTAINS_TOKEN':
      return (
        raw === null || !raw.toLowerCase().includes(String(filter.value).replaceAll('*', '').toLowerCase())
      );
    default:
      break;
  }
  if (filter.operator === 'NEQ') return value === null || target === null || compare(value, target) !== 0;
  if (value === null || target === null) return false;
  const order = compare(value, target);
  switch (filter.operator) {
    case 'EQ':
      return order === 0;
    case 'LT':
      return order < 0;
    case 'LTE':
      return order <= 0;
    case 'GT':
      return order > 0;
    case 'GTE':
      return order >= 0;
    case 'BETWEEN': {
      const high = comparable(filter.propertyName, filter.highValue);
      return high !== null && order >= 0 && compare(value, high) <= 0;
    }
    default:
      return false;
  }
}

const OPERATORS = new Set([
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
]);

function parseFilterGroups(raw: unknown): Filter[][] | string {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return 'filterGroups must be an array';
  if (raw.length > 5) return 'Too many filter groups: at most 5';
  const groups: Filter[][] = [];
  for (const group of raw) {
    const filters = asRecord(group)['filters'];
    if (!Array.isArray(filters)) return 'each filter group needs filters';
    const parsed: Filter[] = [];
    for (const item of filters) {
      const filter = asRecord(item);
      const { propertyName, operator } = filter;
      if (typeof propertyName !== 'string' || typeof operator !== 'string' || !OPERATORS.has(operator)) {
        return `Invalid filter: ${JSON.stringify(item)}`;
      }
      parsed.push({ ...filter, propertyName, operator });
    }
    groups.push(parsed);
  }
  return groups;
}

function parseSorts(raw: unknown): Sort[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item): Sort[] => {
    if (typeof item === 'string') {
      return [{ propertyName: item.replace(/^-/, ''), descending: item.startsWith('-') }];
    }
    const sort = asRecord(item);
    if (typeof sort['propertyName'] !== 'string') return [];
    return [{ propertyName: sort['propertyName'], descending: sort['direction'] === 'DESCENDING' }];
  });
}

/** With one filter group bounding `lastmodifieddate`, only that slice of the ordered store is scanned. */
function candidates(store: FakeContactStore, groups: readonly Filter[][]): readonly FakeContact[] {
  const only = groups.length === 1 ? groups[0] : undefined;
  if (only === undefined) return store.all();
  let from = -Infinity;
  let to = Infinity;
  for (const filter of only.filter((item) => MODIFIED.has(item.propertyName))) {
    const bound = comparable(filter.propertyName, filter.value);
    if (typeof bound !== 'number') continue;
    if (filter.operator === 'GTE' || filter.operator === 'EQ') from = Math.max(from, bound);
    if (filter.operator === 'GT') from = Math.max(from, bound + 1);
    if (filter.operator === 'LT') to = Math.min(to, bound);
    if (filter.operator === 'LTE' || filter.operator === 'EQ') to = Math.min(to, bound + 1);
  }
  return from === -Infinity && to === Infinity ? store.all() : store.modifiedBetween(from, to);
}

function sortContacts(contacts: readonly FakeContact[], sorts: readonly Sort[]): readonly FakeContact[] {
  const first = sorts[0];
  // The store is already in lastmodifieddate order; without sorts HubSpot's order is by id here.
  if (first !== undefined && sorts.length === 1 && MODIFIED.has(first.propertyName) && !first.descending) {
    return contacts;
  }
  const keys = sorts.length > 0 ? sorts : [{ propertyName: 'hs_object_id', descending: false }];
  return [...contacts].sort((a, b) => {
    for (const key of keys) {
      const x = comparable(key.propertyName, valueOf(a, key.propertyName));
      const y = comparable(key.propertyName, valueOf(b, key.propertyName));
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      const order = compare(x, y);
      if (order !== 0) return key.descending ? -order : order;
    }
    return Number(a.id) - Number(b.id);
  });
}

export function searchContacts(store: FakeContactStore, body: Record<string, unknown>): FakeAnswer {
  const limit = body['limit'] ?? 10;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
    return hubSpotError(
      400,
      'VALIDATION_ERROR',
      `limit must be between 1 and ${MAX_SEARCH_LIMIT}, got ${JSON.stringify(limit)}`,
    );
  }
  const afterRaw = body['after'];
  const offset = afterRaw === undefined || afterRaw === null || afterRaw === '' ? 0 : Number(afterRaw);
  if (!Number.isInteger(offset) || offset < 0) {
    return hubSpotError(400, 'VALIDATION_ERROR', `Invalid after: ${String(afterRaw)}`);
  }
  if (offset >= MAX_SEARCH_RESULTS) {
    return hubSpotError(
      400,
      'VALIDATION_ERROR',
      `Cannot page beyond ${MAX_SEARCH_RESULTS} results (after=${offset})`,
    );
  }
  const groups = parseFilterGroups(body['filterGroups']);
  if (typeof groups === 'string') return hubSpotError(400, 'VALIDATION_ERROR', groups);
  const found = candidates(store, groups).filter(
    (contact) =>
      groups.length === 0 || groups.some((group) => group.every((filter) => matches(contact, filter))),
  );
  const ordered = sortContacts(found, parseSorts(body['sorts']));
  const properties = stringList(body['properties']);
  const results = ordered
    .slice(offset, offset + limit)
    .map((contact) => toHubSpotObject(contact, properties, []));
  const next = offset + limit < ordered.length ? String(offset + limit) : null;
  const paging = next === null ? {} : { paging: { next: { after: next, link: `?after=${next}` } } };
  return { status: 200, body: { total: ordered.length, results, ...paging } };
}
