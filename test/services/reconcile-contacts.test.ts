import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContactStore, generateContacts } from '../../bench/fake-hubspot.ts';
import type { FakeContactStore } from '../../bench/fake-hubspot.ts';
import type { CrmContact } from '../../src/ports/crm-contacts.ts';
import type { SyncCursorStore } from '../../src/ports/sync-cursor-store.ts';
import { reconcileContacts } from '../../src/services/reconcile-contacts.ts';
import type { ReconcileCursor, ReconcileDeps } from '../../src/services/reconcile-contacts.ts';
import { openDatabase } from '../../src/storage/database.ts';
import type { Database } from '../../src/storage/database.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { createSyncCursorRepository } from '../../src/storage/sync-cursor-repository.ts';
import { createInMemoryCrm } from './in-memory-crm-contacts.ts';
import type { InMemoryCrm } from './in-memory-crm-contacts.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const START = new Date('2026-03-02T00:00:00.000Z');

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
  readonly clock: { now: Date };
  readonly deps: ReconcileDeps;
  readonly cursorName: string;
}

/** 600 contacts modified over the 3 days before START. */
function harness(sink?: (batch: readonly CrmContact[]) => Promise<void>): Harness {
  const store = createContactStore(
    generateContacts({
      count: 600,
      seed: 21,
      modifiedFrom: new Date(START.getTime() - 3 * DAY),
      modifiedTo: START,
    }),
  );
  const crm = createInMemoryCrm(store);
  const batches: (readonly CrmContact[])[] = [];
  const clock = { now: START };
  cursorSeq += 1;
  return {
    store,
    crm,
    batches,
    clock,
    cursorName: `reconcile-test-${cursorSeq}`,
    deps: {
      crm,
      cursors,
      properties: ['lifecyclestage', 'lastmodifieddate'],
      historyProperties: ['lifecyclestage'],
      now: () => clock.now,
      sleep: () => Promise.resolve(),
      async sink(batch) {
        batches.push(batch);
        await sink?.(batch);
      },
    },
  };
}

function ids(batches: readonly (readonly CrmContact[])[]): string[] {
  return batches.flat().map((contact) => contact.id);
}

describe('reconcileContacts', () => {
  it('first looks back one day and sets the watermark to the newest modification delivered', async () => {
    const h = harness();
    const dayAgo = START.getTime() - DAY;
    const expected = h.store.modifiedBetween(dayAgo, START.getTime());

    const result = await reconcileContacts(h.deps, { cursorName: h.cursorName });

    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.from).toEqual(new Date(dayAgo));
    expect(result.value.to).toEqual(START);
    expect(new Set(ids(h.batches))).toEqual(new Set(expected.map((contact) => contact.id)));
    const newest = Math.max(...expected.map((contact) => contact.updatedAt));
    expect(result.value.watermark).toEqual(new Date(newest));
    const saved = await cursors.load<ReconcileCursor>(h.cursorName);
    expect(saved?.watermark).toBe(new Date(newest).toISOString());
  });

  it('takes the first look-back from the options', async () => {
    const h = harness();

    const result = await reconcileContacts(h.deps, { cursorName: h.cursorName, initialLookbackMs: 2 * DAY });

    expect(result.ok && result.value.from).toEqual(new Date(START.getTime() - 2 * DAY));
  });

  it('next searches from the watermark minus the overlap and catches what changed since', async () => {
    const h = harness();
    const first = await reconcileContacts(h.deps, { cursorName: h.cursorName });
    if (!first.ok) throw new Error(first.error.message);
    h.batches.length = 0;
    // A webhook got lost: three contacts changed after the first run.
    h.clock.now = new Date(START.getTime() + 10 * MINUTE);
    const changed = ['1001', '1002', '1003'];
    changed.forEach((id, index) => h.store.touch(id, START.getTime() + (index + 1) * MINUTE));

    const second = await reconcileContacts(h.deps, { cursorName: h.cursorName, overlapMs: 5 * MINUTE });

    if (!second.ok) throw new Error(second.error.message);
    expect(second.value.from).toEqual(new Date(first.value.watermark.getTime() - 5 * MINUTE));
    expect(ids(h.batches)).toEqual(expect.arrayContaining(changed));
    // Only the overlap is delivered again.
    const overlap = h.store.modifiedBetween(second.value.from.getTime(), START.getTime()).length;
    expect(ids(h.batches)).toHaveLength(changed.length + overlap);
    expect(second.value.watermark).toEqual(new Date(START.getTime() + 3 * MINUTE));
  });

  it('keeps the watermark when nothing changed', async () => {
    const h = harness();
    const first = await reconcileContacts(h.deps, { cursorName: h.cursorName, overlapMs: 0 });
    if (!first.ok) throw new Error(first.error.message);
    h.clock.now = new Date(START.getTime() + 10 * MINUTE);

    const second = await reconcileContacts(h.deps, { cursorName: h.cursorName, overlapMs: 0 });

    expect(second.ok && second.value.watermark).toEqual(first.value.watermark);
    expect(second.ok && second.value.contacts).toBe(1);
  });

  it('saves the watermark page by page, so a crash resumes near where it stopped', async () => {
    let batchCount = 0;
    const h = harness(() => {
      batchCount += 1;
      // Four batches of 50 per page of 200: the fifth is the second page's first.
      return batchCount === 5 ? Promise.reject(new Error('crash')) : Promise.resolve();
    });
    const firstPage = h.store.modifiedBetween(START.getTime() - 3 * DAY, START.getTime()).slice(0, 200);
    const options = { cursorName: h.cursorName, overlapMs: 0, initialLookbackMs: 3 * DAY };

    await expect(reconcileContacts(h.deps, options)).rejects.toThrow('crash');

    const saved = await cursors.load<ReconcileCursor>(h.cursorName);
    expect(saved?.watermark).toBe(new Date(Math.max(...firstPage.map((c) => c.updatedAt))).toISOString());
    h.batches.length = 0;
    const again = await reconcileContacts(h.deps, options);
    expect(again.ok).toBe(true);
    expect(h.crm.searches.at(-1)?.modifiedTo).toEqual(START);
    const rest = h.store.modifiedBetween(Date.parse(saved?.watermark ?? ''), START.getTime());
    expect(new Set(ids(h.batches))).toEqual(new Set(rest.map((contact) => contact.id)));
  });

  it('returns the connector error and leaves the watermark when the CRM refuses', async () => {
    const h = harness();
    await reconcileContacts(h.deps, { cursorName: h.cursorName });
    const before = await cursors.load<ReconcileCursor>(h.cursorName);
    h.crm.failNext('search', { code: 'auth_revoked', provider: 'hubspot', message: 'revoked', status: 401 });

    const result = await reconcileContacts(h.deps, { cursorName: h.cursorName });

    expect(result.ok ? null : result.error.code).toBe('auth_revoked');
    expect((await cursors.load<ReconcileCursor>(h.cursorName))?.watermark).toBe(before?.watermark);
  });
});
