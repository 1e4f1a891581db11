import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeHubSpot } from '../../bench/fake-hubspot.ts';
import type { FakeHubSpot } from '../../bench/fake-hubspot.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, PORTAL_ID, createHarness } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';

// The install backfill: a fresh store and a HubSpot token, and the server loads the portal's
// existing contacts by itself (no webhook, no command), reporting progress in /readyz. The portal
// is the fake HubSpot served on a local port, with HubSpot's limits (≤ 50 ids per history read,
// 100 calls per 10 s, 5 searches per second) and its real 429 answers.

// Fri 2026-11-20 10:00 JST. The portal's contacts were last modified between September and
// mid-October: every qualification among them is a month old or more, far past escalation.
const NOW = '2026-11-20T01:00:00.000Z';
const TOKEN = 'pat-na1-install-test';
const CONTACTS = {
  count: 1_000,
  seed: 11,
  modifiedFrom: new Date('2026-09-01T00:00:00.000Z'),
  modifiedTo: new Date('2026-10-15T00:00:00.000Z'),
};

interface Readyz {
  backfill: { state: string; done: number; total: number | null };
  hubspotProperties: { missing: string[]; checkedAt: string } | null;
}

async function readyz(harness: Harness): Promise<Readyz> {
  const res = await request(harness.app, 'GET', '/readyz');
  expect(res.status).toBe(200);
  return res.json as Readyz;
}

async function until<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 180_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeEachStorage('install backfill', (kind) => {
  let test: TestDatabase;
  let hub: FakeHubSpot;
  const harnesses: Harness[] = [];
  const clock = new FakeClock(NOW);

  beforeEach(async () => {
    test = await createTestDatabase(kind);
  });
  afterEach(async () => {
    for (const harness of harnesses.splice(0)) await harness.stop();
    await hub.close();
    await test.close();
  });

  async function start(): Promise<Harness> {
    const harness = await createHarness({
      db: test.db,
      clock,
      withWorkers: true,
      env: { HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_API_BASE_URL: hub.url },
      workerOptions: {
        sweepIntervalMs: 3_600_000,
        reconcileIntervalMs: 3_600_000,
        install: { intervalMs: 100 },
      },
    });
    harnesses.push(harness);
    return harness;
  }

  const count = async (sql: string): Promise<number> =>
    (await test.db.query<{ n: number }>(sql)).rows[0]?.n ?? -1;

  it('loads 1,000 contacts without any webhook, shows its progress in /readyz, and alerts on no long-past deadline', async () => {
    hub = await startFakeHubSpot({
      contacts: CONTACTS,
      accessToken: TOKEN,
      latencyMs: 10,
      lacksProperties: ['pricing_page_viewed_at'],
    });
    const harness = await start();

    const seen: Readyz['backfill'][] = [];
    const final = await until(
      async () => {
        const ready = await readyz(harness);
        seen.push(ready.backfill);
        return ready;
      },
      (ready) => ready.backfill.state === 'done',
    );

    expect(final.backfill).toEqual({ state: 'done', done: 1_000, total: 1_000 });
    // Progress was visible while it ran: `running`, with a count on its way up.
    const running = seen.filter((state) => state.state === 'running');
    expect(running.length).toBeGreaterThan(0);
    expect(running.some((state) => state.done > 0 && state.done < 1_000)).toBe(true);
    expect(final.hubspotProperties?.missing).toEqual(['pricing_page_viewed_at']);

    expect(await count(`SELECT count(*)::int AS n FROM contacts WHERE portal_id = '${PORTAL_ID}'`)).toBe(
      1_000,
    );
    expect(await count('SELECT count(*)::int AS n FROM webhook_batches')).toBe(0);
    // Within HubSpot's limits and near the floor (5 searches of 200, 20 history reads of 50; a
    // keyset page repeats the ids of its first instant, so a page may need one short read more).
    expect(hub.stats.rateLimited).toBe(0);
    expect(hub.stats.calls.batchRead).toBeGreaterThanOrEqual(20);
    expect(hub.stats.calls.batchRead).toBeLessThanOrEqual(22);
    expect(hub.stats.calls.search).toBeLessThanOrEqual(7);

    // Some of them meet the definition, qualified a month or more ago: their deadlines are
    // recorded as breached, and not one of them owes an alert.
    const qualified = await count('SELECT count(*)::int AS n FROM qualifications');
    expect(qualified).toBeGreaterThan(0);
    expect(await count("SELECT count(*)::int AS n FROM deadlines WHERE status = 'breached'")).toBeGreaterThan(
      0,
    );
    expect(await count('SELECT count(*)::int AS n FROM deadlines WHERE next_check_at IS NOT NULL')).toBe(0);
    await harness.workers?.sweepNow();
    expect(await count('SELECT count(*)::int AS n FROM sla_alerts')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM alert_deliveries')).toBe(0);

    // And the logs say so.
    const lines = harness.logs.join('');
    expect(lines).toContain('install backfill: loading the portal contacts');
    expect(lines).toContain('install backfill done');
    expect(lines).toContain('lacks properties the definitions read (pricing_page_viewed_at)');
  }, 240_000);

  it('resumes after a restart where it stopped, and never starts again once done', async () => {
    hub = await startFakeHubSpot({ contacts: CONTACTS, accessToken: TOKEN, latencyMs: 40 });
    const first = await start();
    await until(
      () => readyz(first),
      (ready) => ready.backfill.state === 'running' && ready.backfill.done >= 200,
    );
    await first.stop();
    harnesses.splice(harnesses.indexOf(first), 1);
    const stoppedAt = (await readyz(first)).backfill;
    expect(stoppedAt.state).toBe('running');
    expect(stoppedAt.done).toBeLessThan(1_000);
    const readsBefore = hub.stats.calls.batchRead;

    const second = await start();
    const final = await until(
      () => readyz(second),
      (ready) => ready.backfill.state === 'done',
    );

    expect(final.backfill).toEqual({ state: 'done', done: 1_000, total: 1_000 });
    expect(await count(`SELECT count(*)::int AS n FROM contacts WHERE portal_id = '${PORTAL_ID}'`)).toBe(
      1_000,
    );
    // Resumed, not restarted: the second run read what was left (plus at most the page in flight).
    expect(hub.stats.calls.batchRead - readsBefore).toBeLessThanOrEqual(
      20 - Math.floor(stoppedAt.done / 50) + 4,
    );
    expect(hub.stats.calls.batchRead).toBeLessThanOrEqual(26);

    await second.stop();
    harnesses.splice(harnesses.indexOf(second), 1);
    hub.stats.reset();
    const third = await start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await readyz(third)).backfill.state).toBe('done');
    // Only reconciliation's search of the last day (nothing there); no contact read again.
    expect(hub.stats.calls.batchRead).toBe(0);
    expect(hub.stats.calls.search).toBeLessThanOrEqual(1);
  }, 240_000);
});
