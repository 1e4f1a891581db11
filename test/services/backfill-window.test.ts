import { afterAll, beforeAll, expect, it } from 'vitest';
import { createContactStore, generateContacts } from '../../bench/fake-hubspot.ts';
import { loadDefinitionsFile } from '../../src/config/definitions-loader.ts';
import type { Definitions } from '../../src/domain/definitions.ts';
import { createSlaClock } from '../../src/domain/sla-clock.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { BACKFILL_WINDOW_LEASE, runBackfillWindow } from '../../src/services/backfill-window.ts';
import type { BackfillWindowDeps } from '../../src/services/backfill-window.ts';
import { silentProgress } from '../../src/services/progress-reporter.ts';
import { createSyncCursorRepository } from '../../src/storage/sync-cursor-repository.ts';
import { createSyncLeaseRepository } from '../../src/storage/sync-lease-repository.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { createInMemoryCrm } from './in-memory-crm-contacts.ts';

const NOW = new Date('2026-11-20T01:00:00.000Z');
const FROM = new Date('2026-09-01T00:00:00.000Z');
const TO = new Date('2026-10-01T00:00:00.000Z');

describeEachStorage('backfill window', (kind) => {
  let test: TestDatabase;
  let definitions: Definitions;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    const loaded = await loadDefinitionsFile('config/definitions.yaml');
    if (!loaded.ok) throw new Error('definitions');
    definitions = loaded.value;
  });
  afterAll(async () => {
    await test.close();
  });

  function deps(holder: string) {
    const store = createContactStore(
      generateContacts({ count: 120, seed: 2, modifiedFrom: FROM, modifiedTo: TO }),
    );
    const crm = createInMemoryCrm(store);
    const window: BackfillWindowDeps = {
      db: test.db,
      definitions,
      clock: createSlaClock(definitions.handoff.clock, definitions.calendar),
      now: () => NOW,
      logger: createLogger('silent'),
      crm,
      cursors: createSyncCursorRepository(test.db),
      leases: createSyncLeaseRepository(test.db),
      holder,
      properties: definitions.propertiesRead,
      historyProperties: definitions.propertiesRead,
      progress: silentProgress,
    };
    return { crm, window };
  }

  it('runs one window at a time on a database: a second runner is told who holds it and reads nothing', async () => {
    const leases = createSyncLeaseRepository(test.db);
    expect(await leases.claim(BACKFILL_WINDOW_LEASE, 'server-pid-1', 60_000)).toBe(true);
    const { crm, window } = deps('cli-pid-2');

    expect(await runBackfillWindow(window, '62515', { from: FROM, to: TO })).toEqual({
      kind: 'busy',
      holder: 'server-pid-1',
    });
    expect(crm.searches).toEqual([]);
    expect(crm.reads).toEqual([]);

    await leases.release(BACKFILL_WINDOW_LEASE, 'server-pid-1');
    const outcome = await runBackfillWindow(window, '62515', { from: FROM, to: TO });
    expect(outcome).toMatchObject({
      kind: 'finished',
      result: { ok: true, value: { contacts: 120, complete: true } },
    });
    expect(Math.max(...crm.reads.map((ids) => ids.length))).toBeLessThanOrEqual(50);
    expect(await leases.holder(BACKFILL_WINDOW_LEASE)).toBeNull();
  });
});
