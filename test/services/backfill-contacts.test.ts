import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createContactStore, generateContacts, startFakeHubSpot } from '../../bench/fake-hubspot.ts';
import type { FakeContactStore, FakeHubSpot } from '../../bench/fake-hubspot.ts';
import {
  createHubSpotConnector,
  hubSpotReadBatchLimit,
} from '../../src/connectors/hubspot/hubspot-client.ts';
import { createRateLimiter } from '../../src/connectors/hubspot/portal-rate-limiter.ts';
import type { ConnectorError } from '../../src/domain/connector-error.ts';
import type { CrmContact } from '../../src/ports/crm-contacts.ts';
import type { SyncCursorStore } from '../../src/ports/sync-cursor-store.ts';
import { backfillContacts } from '../../src/services/backfill-contacts.ts';
import type { BackfillCursor, BackfillDeps } from '../../src/services/backfill-contacts.ts';
import { silentProgress } from '../../src/services/progress-reporter.ts';
import type { ProgressReporter } from '../../src/services/progress-reporter.ts';
import { readBatchSize } from '../../src/services/modified-contacts-walk.ts';
import { openDatabase } from '../../src/storage/database.ts';
import type { Database } from '../../src/storage/database.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { createSyncCursorRepository } from '../../src/storage/sync-cursor-repository.ts';
import { createInMemoryCrm } from './in-memory-crm-contacts.ts';
import type { InMemoryCrm } from './in-memory-crm-contacts.ts';

const FROM = new Date('2026-01-01T00:00:00.000Z');
const TO = new Date('2026-03-01T00:00:00.000Z');
const NOW = new Date('2026-03-01T09:00:00.000Z');
const PROPERTIES = [
  'jobtitle',
  'industry',
  'numemployees',
  'hubspotscore',
  'lifecyclestage',
  'lastmodifieddate',
];
const HISTORY = ['lifecyclestage', 'hubspotscore', 'jobtitle'];
// Search one page of 200, read it with history in four calls of ≤ 50 (HubSpot refuses more): the
// floor is 1/200 + 1/50 = 0.025 calls per contact; the walk may spend 10 % over it.
const CALL_FLOOR_PER_CONTACT = 1 / 200 + 1 / 50;
const CALL_BUDGET_PER_CONTACT = 1.1 * CALL_FLOOR_PER_CONTACT;

let db: Database;
let cursors: SyncCursorStore;
let cursorSeq = 0;

beforeAll(async () => {
  db = await openDatabase({ dataDir: 'memory://' });
  await migrate(db);
  cursors = createSyncCursorRepository(db);
});

afterAll(async () => {
  await db.close();
});

interface Harness {
  readonly store: FakeContactStore;
  readonly crm: InMemoryCrm;
  readonly batches: (readonly CrmContact[])[];
  readonly sleeps: number[];
  readonly deps: BackfillDeps;
  readonly cursorName: string;
}

function harness(
  contacts: Parameters<typeof generateContacts>[0],
  sink?: (contacts: readonly CrmContact[]) => Promise<void>,
): Harness {
  const store = createContactStore(generateContacts(contacts));
  const crm = createInMemoryCrm(store);
  const batches: (readonly CrmContact[])[] = [];
  const sleeps: number[] = [];
  cursorSeq += 1;
  return {
    store,
    crm,
    batches,
    sleeps,
    cursorName: `backfill-test-${cursorSeq}`,
    deps: {
      crm,
      cursors,
      properties: PROPERTIES,
      historyProperties: HISTORY,
      progress: silentProgress,
      now: () => NOW,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      async sink(batch) {
        batches.push(batch);
        await sink?.(batch);
      },
    },
  };
}

function deliveredIds(batches: readonly (readonly CrmContact[])[]): Set<string> {
  return new Set(batches.flat().map((contact) => contact.id));
}

function idsModifiedIn(store: FakeContactStore, from: Date, to: Date): string[] {
  return store.modifiedBetween(from.getTime(), to.getTime()).map((contact) => contact.id);
}

describe('backfillContacts', () => {
  let big: Harness;
  let bigResult: Awaited<ReturnType<typeof backfillContacts>>;
  beforeAll(async () => {
    // 25,000 contacts, half of them in three one-hour bursts: one query would hold far more than 10,000.
    big = harness({ count: 25_000, seed: 7, modifiedFrom: FROM, modifiedTo: TO, burstShare: 0.5 });
    bigResult = await backfillContacts(big.deps, { from: FROM, to: TO, cursorName: big.cursorName });
  });

  it('delivers every contact of a range holding more than 10,000, without paging past the search cap', () => {
    expect(bigResult.ok).toBe(true);
    const expected = idsModifiedIn(big.store, FROM, TO);
    expect(expected.length).toBe(25_000);
    expect([...deliveredIds(big.batches)].sort()).toEqual([...expected].sort());
    // Keyset pages: every search is a fresh query, no offset ever approaches 10,000.
    expect(big.crm.searches.every((query) => query.after === undefined && query.limit === 200)).toBe(true);
    const starts = big.crm.searches.map((query) => query.modifiedFrom.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('reads ≤ 50 ids per call, with history, and hands the sink ≤ 50 at a time', () => {
    expect(Math.max(...big.crm.reads.map((ids) => ids.length))).toBe(50);
    expect(Math.max(...big.batches.map((batch) => batch.length))).toBeLessThanOrEqual(50);
    const sample = big.batches[0]?.[0];
    expect(sample?.history['lifecyclestage']?.length).toBeGreaterThan(0);
    expect(sample?.properties['jobtitle']).toEqual(expect.any(String));
  });

  it("reads in batches the size the HubSpot connector's limits allow", () => {
    expect(readBatchSize(HISTORY)).toBe(hubSpotReadBatchLimit(true));
    expect(readBatchSize([])).toBe(hubSpotReadBatchLimit(false));
  });

  it('stays within 1.1 × (1/200 + 1/50) CRM calls per contact', () => {
    if (!bigResult.ok) throw new Error(bigResult.error.message);

    const { contacts, searchCalls, readCalls } = bigResult.value;
    expect(searchCalls).toBe(big.crm.searches.length);
    expect(readCalls).toBe(big.crm.reads.length);
    expect(contacts).toBe(25_000);
    expect((searchCalls + readCalls) / contacts).toBeLessThanOrEqual(CALL_BUDGET_PER_CONTACT);
  });

  it('pages by `after` when more than a page of contacts share one millisecond', async () => {
    const at = new Date('2026-02-01T12:00:00.000Z');
    const h = harness({
      count: 1_000,
      seed: 3,
      modifiedFrom: FROM,
      modifiedTo: TO,
      sameInstant: { count: 450, at },
    });

    const result = await backfillContacts(h.deps, { from: FROM, to: TO, cursorName: h.cursorName });

    expect(result.ok).toBe(true);
    expect(deliveredIds(h.batches).size).toBe(1_000);
    const tiePages = h.crm.searches.filter((query) => query.modifiedTo.getTime() === at.getTime() + 1);
    expect(tiePages.map((query) => query.after)).toEqual([undefined, '200', '400']);
  });

  it('resumes after a crash at the last completed page, delivering every contact and skipping none', async () => {
    let batchesSeen = 0;
    const crashing = harness({ count: 3_000, seed: 11, modifiedFrom: FROM, modifiedTo: TO }, () => {
      batchesSeen += 1;
      return batchesSeen === 13 ? Promise.reject(new Error('disk full')) : Promise.resolve();
    });
    const options = { from: FROM, to: TO, cursorName: crashing.cursorName };

    await expect(backfillContacts(crashing.deps, options)).rejects.toThrow('disk full');
    const saved = await cursors.load<BackfillCursor>(crashing.cursorName);
    const searchesBeforeCrash = crashing.crm.searches.length;
    const second = await backfillContacts(crashing.deps, options);

    if (!second.ok) throw new Error(second.error.message);
    expect(second.value.resumed).toBe(true);
    // Six pages (12 batches) were stored before the crash: the second run starts at the seventh.
    const storedBeforeCrash = crashing.batches.slice(0, 12).flat().length;
    expect(saved?.counts.contacts).toBe(storedBeforeCrash);
    const resumedAt = crashing.crm.searches[searchesBeforeCrash]?.modifiedFrom.toISOString();
    expect(resumedAt).toBe(saved?.position.windowFrom);
    expect(resumedAt).not.toBe(FROM.toISOString());
    expect(deliveredIds(crashing.batches)).toEqual(new Set(idsModifiedIn(crashing.store, FROM, TO)));
    // Only the page in flight at the crash is delivered twice.
    expect(crashing.batches.flat().length).toBeLessThanOrEqual(3_000 + 200);
    expect(second.value.contacts).toBe(3_000);
  });

  it('skips no untouched contact while others are modified during the walk', async () => {
    const touched = new Set<string>();
    let later = TO.getTime() + 1_000;
    const live: Harness = harness({ count: 4_000, seed: 5, modifiedFrom: FROM, modifiedTo: TO }, (batch) => {
      // A workflow touches two contacts the walk has not reached yet: they move past `to`.
      const reached = Math.max(
        ...batch.map((contact) => Date.parse(contact.properties['lastmodifieddate'] ?? '')),
      );
      for (const contact of live.store.modifiedBetween(reached + 1, TO.getTime()).slice(300, 302)) {
        touched.add(contact.id);
        live.store.touch(contact.id, (later += 1));
      }
      return Promise.resolve();
    });
    const untouchedBefore = idsModifiedIn(live.store, FROM, TO);

    const result = await backfillContacts(live.deps, { from: FROM, to: TO, cursorName: live.cursorName });

    expect(result.ok).toBe(true);
    expect(touched.size).toBeGreaterThan(50);
    const delivered = deliveredIds(live.batches);
    expect(untouchedBefore.filter((id) => !touched.has(id) && !delivered.has(id))).toEqual([]);
  });

  it('waits as asked on a rate limit and retries the same page', async () => {
    const h = harness({ count: 500, seed: 2, modifiedFrom: FROM, modifiedTo: TO });
    const limited: ConnectorError = {
      code: 'rate_limited',
      provider: 'hubspot',
      message: '429',
      retryAfterMs: 10_000,
    };
    h.crm.failNext('search', limited);
    h.crm.failNext('read', { code: 'transient', provider: 'hubspot', message: '502', status: 502 });

    const result = await backfillContacts(h.deps, { from: FROM, to: TO, cursorName: h.cursorName });

    expect(result.ok).toBe(true);
    expect(h.sleeps[0]).toBeGreaterThanOrEqual(10_000);
    expect(h.sleeps).toHaveLength(2);
    expect(h.crm.searches[0]).toEqual(h.crm.searches[1]);
    expect(h.crm.reads[0]).toEqual(h.crm.reads[1]);
    expect(deliveredIds(h.batches).size).toBe(500);
    if (result.ok) expect(result.value.searchCalls).toBe(h.crm.searches.length);
  });

  it('stops on a failure that retrying cannot fix, keeping the cursor for the next run', async () => {
    const h = harness({ count: 1_000, seed: 4, modifiedFrom: FROM, modifiedTo: TO });
    const options = { from: FROM, to: TO, cursorName: h.cursorName };
    await backfillContacts(h.deps, { ...options, to: new Date('2026-01-15T00:00:00Z') });
    h.crm.failNext('search', {
      code: 'auth_revoked',
      provider: 'hubspot',
      message: 'token revoked',
      status: 401,
    });

    const result = await backfillContacts(h.deps, options);

    expect(result.ok ? null : result.error.code).toBe('auth_revoked');
    expect(h.sleeps).toEqual([]);
    const saved = await cursors.load<BackfillCursor>(h.cursorName);
    expect(saved?.position.windowFrom).toBe('2026-01-15T00:00:00.000Z');
  });

  it('continues a finished backfill to a later `to` without searching the covered range again', async () => {
    const h = harness({ count: 1_000, seed: 8, modifiedFrom: FROM, modifiedTo: TO });
    const middle = new Date('2026-02-01T00:00:00.000Z');
    const first = await backfillContacts(h.deps, { from: FROM, to: middle, cursorName: h.cursorName });
    const again = await backfillContacts(h.deps, { from: FROM, to: middle, cursorName: h.cursorName });
    const searchesAfterRerun = h.crm.searches.length;

    const extended = await backfillContacts(h.deps, { from: FROM, to: TO, cursorName: h.cursorName });

    expect(first.ok && first.value.complete).toBe(true);
    expect(again.ok && again.value.contacts).toBe(first.ok && first.value.contacts);
    expect(h.crm.searches.slice(searchesAfterRerun)[0]?.modifiedFrom).toEqual(middle);
    expect(extended.ok && extended.value.contacts).toBe(1_000);
    expect(deliveredIds(h.batches).size).toBe(1_000);
  });

  it('stops between pages when aborted and reports the run incomplete', async () => {
    const controller = new AbortController();
    const h = harness({ count: 2_000, seed: 9, modifiedFrom: FROM, modifiedTo: TO }, () => {
      controller.abort();
      return Promise.resolve();
    });

    const result = await backfillContacts(h.deps, {
      from: FROM,
      to: TO,
      cursorName: h.cursorName,
      signal: controller.signal,
    });

    expect(result.ok && result.value.complete).toBe(false);
    // At most the page already asked for ahead is left unread.
    expect(h.crm.searches.length).toBeLessThanOrEqual(2);
    expect(deliveredIds(h.batches).size).toBe(200);
    const saved = await cursors.load<BackfillCursor>(h.cursorName);
    expect(saved?.counts.contacts).toBe(200);
    expect(saved?.finishedAt).toBeNull();
  });

  it('reports progress with a total estimated from the search', async () => {
    const updates: [number, number][] = [];
    let stopped = 0;
    const progress: ProgressReporter = {
      update: (done, total) => updates.push([done, total]),
      stop: () => (stopped += 1),
    };
    const h = harness({ count: 1_000, seed: 12, modifiedFrom: FROM, modifiedTo: TO });

    await backfillContacts({ ...h.deps, progress }, { from: FROM, to: TO, cursorName: h.cursorName });

    expect(updates[0]).toEqual([200, 1_000]);
    expect(updates.at(-1)).toEqual([1_000, 1_000]);
    expect(stopped).toBe(1);
  });
});

describe('backfillContacts over the HubSpot wire (fake HubSpot server + HubSpot connector)', () => {
  let hub: FakeHubSpot | undefined;
  afterEach(async () => {
    await hub?.close();
    hub = undefined;
  });

  // Virtual time shared by the fake's rate windows, the connector's limiter and the service's waits:
  // every sleep advances the clock, so 10 s windows cost no real time.
  function virtualClock(): { now: () => number; sleep: (ms: number) => Promise<void> } {
    let clock = NOW.getTime();
    return {
      now: () => clock,
      sleep: (ms) => {
        clock += ms;
        return Promise.resolve();
      },
    };
  }

  async function walk(limiter: { perTenSeconds: number; searchPerSecond: number }) {
    const time = virtualClock();
    hub = await startFakeHubSpot({
      contacts: { count: 12_000, seed: 13, modifiedFrom: FROM, modifiedTo: TO, burstShare: 0.5 },
      accessToken: 'pat-test',
      now: time.now,
    });
    const crm = createHubSpotConnector({
      accessToken: 'pat-test',
      portalId: '1',
      baseUrl: hub.url,
      limiter: createRateLimiter({ ...limiter, now: time.now, sleep: time.sleep }),
      now: time.now,
    });
    cursorSeq += 1;
    const seen = new Set<string>();
    const result = await backfillContacts(
      {
        crm,
        cursors,
        properties: PROPERTIES,
        historyProperties: HISTORY,
        progress: silentProgress,
        now: () => NOW,
        sleep: time.sleep,
        sink(batch) {
          for (const contact of batch) seen.add(contact.id);
          return Promise.resolve();
        },
      },
      { from: FROM, to: TO, cursorName: `backfill-wire-${cursorSeq}` },
    );
    if (!result.ok) throw new Error(result.error.message);
    const calls = hub.stats.calls.search + hub.stats.calls.batchRead;
    return { result: result.value, seen, calls, rateLimited: hub.stats.rateLimited };
  }

  it('loads 12,000 contacts within the call budget and without a 429 under the default limiter', async () => {
    const { result, seen, calls, rateLimited } = await walk({ perTenSeconds: 90, searchPerSecond: 4 });

    expect(seen.size).toBe(12_000);
    expect(result.contacts).toBe(12_000);
    expect(rateLimited).toBe(0);
    expect(calls).toBe(result.searchCalls + result.readCalls);
    expect(calls / seen.size).toBeLessThanOrEqual(CALL_BUDGET_PER_CONTACT);
  });

  it('recovers from real 429 answers when the limiter allows more than HubSpot does', async () => {
    const { seen, rateLimited } = await walk({ perTenSeconds: 1_000, searchPerSecond: 100 });

    expect(rateLimited).toBeGreaterThan(0);
    expect(seen.size).toBe(12_000);
  });
});
