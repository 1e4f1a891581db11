// Several instances on one portal: HubSpot counts the app's calls per portal whoever makes them, so
// each instance's limiter draws on one budget kept in the database. Against the local fake HubSpot
// (a real HTTP server with HubSpot's 429s and rate-limit headers), with its window shortened to
// 5 s so the run takes seconds: 50 calls per rolling 5 s (the 10 % we keep in reserve, 5 calls,
// absorbs a busy machine delaying admitted calls on their way to the fake).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHubSpot } from '../../../bench/fake-hubspot.ts';
import type { FakeHubSpot } from '../../../bench/fake-hubspot.ts';
import { createHubSpotConnector } from '../../../src/connectors/hubspot/hubspot-client.ts';
import { createRateLimiter } from '../../../src/connectors/hubspot/portal-rate-limiter.ts';
import type { RateLedger } from '../../../src/ports/rate-ledger.ts';
import type { Database } from '../../../src/storage/database.ts';
import { createMemoryRateLedger } from '../../../src/storage/memory-rate-ledger.ts';
import { createDatabaseRateLedger } from '../../../src/storage/rate-ledger.ts';
import { POSTGRES_URL, createTestDatabase } from '../../helpers/database.ts';
import type { TestDatabase } from '../../helpers/database.ts';

const TOKEN = 'pat-na1-shared-budget';
const PORTAL = '62515';
const PER_WINDOW = 50;
const WINDOW_MS = 5_000;
const CALLS_EACH = 40;

// Several instances exist only on PostgreSQL (PGlite serves one process, paced by its own limiter).
describe.skipIf(POSTGRES_URL === undefined)(
  'one HubSpot budget shared by two instances on PostgreSQL',
  () => {
    let test: TestDatabase;
    let fake: FakeHubSpot;
    // The second instance's own connection pool.
    let second: Database;

    beforeAll(async () => {
      test = await createTestDatabase('postgres');
      second = await test.openAnother();
      fake = await startFakeHubSpot({
        contacts: [],
        perTenSeconds: PER_WINDOW,
        intervalMs: WINDOW_MS,
        accessToken: TOKEN,
      });
    });
    afterAll(async () => {
      await fake.close();
      await test.close();
    });

    const instance = (ledger: RateLedger) =>
      createHubSpotConnector({
        accessToken: TOKEN,
        portalId: PORTAL,
        baseUrl: fake.url,
        limiter: createRateLimiter({ ledger, bucket: PORTAL }),
      });
    const lookUp = (connector: ReturnType<typeof instance>) =>
      connector.getOwnerByUserId(String(fake.owners[0]?.userId));

    /** Each instance learns the budget from one answer, then both call at once. */
    async function burst(a: ReturnType<typeof instance>, b: ReturnType<typeof instance>) {
      await lookUp(a);
      await lookUp(b);
      fake.stats.reset();
      const results = await Promise.all(
        [a, b].flatMap((connector) => Array.from({ length: CALLS_EACH }, () => lookUp(connector))),
      );
      return results;
    }

    it('keeps both instances inside one budget: every call answered, no 429', async () => {
      const results = await burst(
        instance(createDatabaseRateLedger(test.db)),
        instance(createDatabaseRateLedger(second)),
      );
      expect(results.filter((result) => !result.ok)).toEqual([]);
      expect(fake.stats.rateLimited).toBe(0);
      expect(fake.stats.calls.owner).toBe(2 * CALLS_EACH);
      expect(fake.stats.maxInTenSeconds).toBeLessThanOrEqual(PER_WINDOW);
    }, 120_000);

    it('(the control) meets 429s when each instance paces only itself', async () => {
      await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
      const results = await burst(instance(createMemoryRateLedger()), instance(createMemoryRateLedger()));
      expect(fake.stats.rateLimited).toBeGreaterThan(0);
      expect(results.some((result) => !result.ok && result.error.code === 'rate_limited')).toBe(true);
    }, 120_000);
  },
);
