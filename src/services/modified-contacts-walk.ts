import type { ConnectorError } from '../domain/connector-error.ts';
import type { Result } from '../domain/result.ts';
import { err, ok } from '../domain/result.ts';
import { classifyRetry } from '../domain/retry-policy.ts';
import type {
  ContactSearchPage,
  ContactSearchQuery,
  CrmContact,
  CrmContacts,
} from '../ports/crm-contacts.ts';

// The walk behind backfill and reconciliation: every contact whose `lastmodifieddate` lies in
// [from, to), in ascending order, read with history and handed to a sink ≤ 50 at a time.
//
// It pages by keyset, not by offset: each page is a fresh search starting at the newest
// `lastmodifieddate` the previous page ended on (inclusive, ids already delivered at that instant
// are skipped). HubSpot's search stops at 10,000 results per query (`after` past it is a 400), so
// one query never reaches that cap and no probe is wasted on windows that turn out too dense.
// It also survives a live portal: with `after` offsets, a contact modified during the walk leaves
// the window and shifts every later result one place down, silently skipping one unmodified
// contact per move. With keyset pages a move only makes that contact show up again later.
// Offsets (`after`) are used only when more than a page of contacts share one millisecond.

/** HubSpot's search returns at most 10,000 results per query. */
export const SEARCH_RESULT_CAP = 10_000;
/** HubSpot's largest search page. */
export const MAX_SEARCH_PAGE = 200;
/** HubSpot's batch read takes ≤ 100 ids… */
export const MAX_BATCH_READ = 100;
/** …and ≤ 50 when it is asked for property history (the connector cites HubSpot's 400 for more). */
export const MAX_BATCH_READ_WITH_HISTORY = 50;

/** Ids per batch read: the walk reads with history whenever the definition has properties to read. */
export function readBatchSize(historyProperties: readonly string[]): number {
  return historyProperties.length > 0 ? MAX_BATCH_READ_WITH_HISTORY : MAX_BATCH_READ;
}

/** Where a walk stands; JSON, stored in a sync cursor. */
export interface WalkPosition {
  /** Inclusive lower bound of the next search (ISO instant): everything before it was delivered. */
  readonly windowFrom: string;
  /** Ids already delivered whose `lastmodifieddate` is exactly `windowFrom`. */
  readonly seenAtWindowFrom: readonly string[];
  /** Set while paging more than one page of contacts sharing `windowFrom` (window [from, from + 1 ms)). */
  readonly ties: { readonly after: string | null; readonly paged: number } | null;
}

export interface WalkCounts {
  /** Contacts handed to the sink. */
  readonly contacts: number;
  /** Search calls made, retries included. */
  readonly searchCalls: number;
  /** Batch-read calls made (≤ 50 ids each with history, else ≤ 100), retries included. */
  readonly readCalls: number;
  /** Search windows opened (fresh queries, without `after`). */
  readonly windows: number;
  /** Contacts that could not be reached: > 10,000 sharing one millisecond. Expected to stay 0. */
  readonly unreachable: number;
}

export const zeroCounts: WalkCounts = {
  contacts: 0,
  searchCalls: 0,
  readCalls: 0,
  windows: 0,
  unreachable: 0,
};

export interface WalkDeps {
  readonly crm: CrmContacts;
  readonly sink: (contacts: readonly CrmContact[]) => Promise<void>;
  readonly properties: readonly string[];
  readonly historyProperties: readonly string[];
  readonly sleep: (ms: number) => Promise<void>;
}

export interface WalkCheckpoint {
  readonly position: WalkPosition;
  readonly counts: WalkCounts;
  /** Newest `lastmodifieddate` delivered so far in this walk (ms), or null. */
  readonly maxModifiedAt: number | null;
  /** Contacts the walk expects in total (delivered + the last search's remaining `total`). */
  readonly estimatedTotal: number;
}

export interface WalkOptions {
  readonly to: Date;
  readonly pageSize: number;
  readonly position: WalkPosition;
  readonly counts: WalkCounts;
  /** Called after every page once the sink has taken it; persist here. */
  readonly checkpoint: (checkpoint: WalkCheckpoint) => Promise<void>;
  /** Stops between pages (the last checkpoint stands). */
  readonly signal?: AbortSignal | undefined;
}

export interface WalkOutcome extends WalkCheckpoint {
  /** False when stopped by the signal before reaching `to`. */
  readonly complete: boolean;
}

export function startPosition(from: Date): WalkPosition {
  return { windowFrom: from.toISOString(), seenAtWindowFrom: [], ties: null };
}

/** The instant a contact was last modified (ms), from `lastmodifieddate` or `updatedAt`. */
export function modifiedAt(contact: CrmContact): number {
  const raw = contact.properties['lastmodifieddate'] ?? contact.updatedAt;
  if (raw === null || raw === '') return Number.NaN;
  return /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
}

/** The next search, or null once the walk reached `to`. */
export function nextQuery(position: WalkPosition, to: Date, pageSize: number): ContactSearchQuery | null {
  const from = Date.parse(position.windowFrom);
  if (from >= to.getTime()) return null;
  const base = { modifiedFrom: new Date(from), properties: ['lastmodifieddate'], limit: pageSize };
  if (position.ties === null) return { ...base, modifiedTo: to };
  const tieEnd = new Date(Math.min(from + 1, to.getTime()));
  return position.ties.after === null
    ? { ...base, modifiedTo: tieEnd }
    : { ...base, modifiedTo: tieEnd, after: position.ties.after };
}

export interface Step {
  readonly position: WalkPosition;
  /** Contacts of the page not delivered before. */
  readonly fresh: readonly CrmContact[];
  readonly unreachable: number;
  /** Contacts the page's query still holds that were not delivered before. */
  readonly remaining: number;
}

/** Where the walk goes after a page of the query `nextQuery(position, …)` came back. */
export function advance(position: WalkPosition, page: ContactSearchPage, to: Date, pageSize: number): Step {
  const seen = new Set(position.seenAtWindowFrom);
  const fresh = page.contacts.filter((contact) => !seen.has(contact.id));
  const remaining = Math.max(0, page.total - (page.contacts.length - fresh.length));
  const from = Date.parse(position.windowFrom);
  const finished = { windowFrom: to.toISOString(), seenAtWindowFrom: [], ties: null };

  if (position.ties !== null) {
    const paged = position.ties.paged + page.contacts.length;
    const afterTies = { windowFrom: new Date(from + 1).toISOString(), seenAtWindowFrom: [], ties: null };
    if (page.nextAfter === null || page.contacts.length === 0) {
      return { position: afterTies, fresh, unreachable: 0, remaining };
    }
    if (paged + pageSize > SEARCH_RESULT_CAP) {
      // More than 10,000 contacts modified in one millisecond: the search cannot list the rest.
      return { position: afterTies, fresh, unreachable: Math.max(0, page.total - paged), remaining };
    }
    const ties = { after: page.nextAfter, paged };
    return { position: { ...position, ties }, fresh, unreachable: 0, remaining };
  }

  if (page.nextAfter === null || page.contacts.length === 0) {
    return { position: finished, fresh, unreachable: 0, remaining };
  }
  const stamps = page.contacts.map(modifiedAt).filter((stamp) => Number.isFinite(stamp));
  const newest = Math.max(from, ...stamps);
  if (newest > from) {
    const atNewest = page.contacts.filter((contact) => modifiedAt(contact) === newest).map((c) => c.id);
    const position = { windowFrom: new Date(newest).toISOString(), seenAtWindowFrom: atNewest, ties: null };
    return { position, fresh, unreachable: 0, remaining };
  }
  // A whole page modified in the same millisecond: page that millisecond alone, by offset.
  const seenAtFrom = [...new Set([...position.seenAtWindowFrom, ...page.contacts.map((c) => c.id)])];
  return {
    position: {
      windowFrom: position.windowFrom,
      seenAtWindowFrom: seenAtFrom,
      ties: { after: null, paged: 0 },
    },
    fresh,
    unreachable: 0,
    remaining,
  };
}

/** Calls the CRM until it answers, waiting as `classifyRetry` says on rate limits and transient failures. */
async function withRetry<T>(
  call: () => Promise<Result<T, ConnectorError>>,
  sleep: (ms: number) => Promise<void>,
  onAttempt: () => void,
): Promise<Result<T, ConnectorError>> {
  for (let attempt = 1; ; attempt += 1) {
    onAttempt();
    const result = await call();
    if (result.ok) return result;
    const decision = classifyRetry(result.error, attempt);
    if (!decision.retry) return result;
    await sleep(decision.delayMs);
  }
}

export async function walkModifiedContacts(
  deps: WalkDeps,
  options: WalkOptions,
): Promise<Result<WalkOutcome, ConnectorError>> {
  const { to, pageSize } = options;
  let position = options.position;
  let counts = options.counts;
  let maxModifiedAt: number | null = null;
  let estimatedTotal = counts.contacts;

  const search = (query: ContactSearchQuery): Promise<Result<ContactSearchPage, ConnectorError>> => {
    if (query.after === undefined) counts = { ...counts, windows: counts.windows + 1 };
    return withRetry(
      () => deps.crm.searchContacts(query),
      deps.sleep,
      () => (counts = { ...counts, searchCalls: counts.searchCalls + 1 }),
    );
  };

  const first = nextQuery(position, to, pageSize);
  let inflight = first === null ? null : search(first);
  while (inflight !== null) {
    const page = await inflight;
    if (!page.ok) return err(page.error);
    const step = advance(position, page.value, to, pageSize);
    estimatedTotal = counts.contacts + step.remaining;
    // Ask for the next page while this one is read and stored: the next query only needs this page's ids.
    const following = options.signal?.aborted ? null : nextQuery(step.position, to, pageSize);
    inflight = following === null ? null : search(following);
    // If the sink throws, nobody awaits the prefetched page: keep its failure from going unhandled.
    inflight?.catch(() => undefined);

    const delivered = await deliver(
      deps,
      step.fresh,
      () => (counts = { ...counts, readCalls: counts.readCalls + 1 }),
    );
    if (!delivered.ok) return err(delivered.error);
    for (const stamp of step.fresh.map(modifiedAt)) {
      if (Number.isFinite(stamp) && (maxModifiedAt === null || stamp > maxModifiedAt)) maxModifiedAt = stamp;
    }
    position = step.position;
    counts = {
      ...counts,
      contacts: counts.contacts + delivered.value,
      unreachable: counts.unreachable + step.unreachable,
    };
    estimatedTotal = Math.max(estimatedTotal, counts.contacts);
    await options.checkpoint({ position, counts, maxModifiedAt, estimatedTotal });
    // Stopping now leaves at most the page asked for ahead unread; the checkpoint above stands.
    if (options.signal?.aborted) inflight = null;
  }
  const complete = nextQuery(position, to, pageSize) === null;
  return ok({
    position,
    counts,
    maxModifiedAt,
    estimatedTotal: complete ? counts.contacts : estimatedTotal,
    complete,
  });
}

/** Reads the page's contacts with history, ≤ 50 per call, and hands each batch to the sink. */
async function deliver(
  deps: WalkDeps,
  contacts: readonly CrmContact[],
  onAttempt: () => void,
): Promise<Result<number, ConnectorError>> {
  let delivered = 0;
  const size = readBatchSize(deps.historyProperties);
  for (let start = 0; start < contacts.length; start += size) {
    const ids = contacts.slice(start, start + size).map((contact) => contact.id);
    const read = await withRetry(
      () => deps.crm.readContacts(ids, deps.properties, deps.historyProperties),
      deps.sleep,
      onAttempt,
    );
    if (!read.ok) return err(read.error);
    // Ids deleted between search and read are simply absent.
    if (read.value.length > 0) await deps.sink(read.value);
    delivered += read.value.length;
  }
  return ok(delivered);
}
