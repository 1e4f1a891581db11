import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSyncLeaseRepository } from '../../src/storage/sync-lease-repository.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';

describeEachStorage('sync leases', (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test.close();
  });

  it('gives a running lease to one holder at a time, renews it for that holder, and frees it on release', async () => {
    const leases = createSyncLeaseRepository(test.db);
    expect(await leases.claim('job-a', 'one', 60_000)).toBe(true);
    expect(await leases.claim('job-a', 'two', 60_000)).toBe(false);
    expect(await leases.claim('job-a', 'one', 60_000)).toBe(true);
    expect(await leases.holder('job-a')).toBe('one');
    await leases.release('job-a', 'two');
    expect(await leases.holder('job-a')).toBe('one');
    await leases.release('job-a', 'one');
    expect(await leases.holder('job-a')).toBeNull();
    expect(await leases.claim('job-a', 'two', 60_000)).toBe(true);
  });

  it('lets another holder take a lease that ran out (its holder died)', async () => {
    const leases = createSyncLeaseRepository(test.db);
    expect(await leases.claim('job-b', 'dead', 1)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await leases.holder('job-b')).toBeNull();
    expect(await leases.claim('job-b', 'alive', 60_000)).toBe(true);
    expect(await leases.holder('job-b')).toBe('alive');
  });
});
