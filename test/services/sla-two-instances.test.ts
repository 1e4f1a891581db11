import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefinitionsOrFail } from '../../server/runtime.ts';
import type { Definitions } from '../../src/domain/definitions.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { sweepSla } from '../../src/services/sweep-sla.ts';
import type { NewDelivery } from '../../src/services/sweep-sla.ts';
import type { Database } from '../../src/storage/database.ts';
import { POSTGRES_URL, createTestDatabase } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, PORTAL_ID } from '../helpers/harness.ts';

// Two backend instances = two connection pools on one PostgreSQL, each running several sweeps at
// once, over the same due deadlines. PGlite serves one process only, so this runs on PostgreSQL.
const LEADS = 1_500;
const SWEEPERS_PER_INSTANCE = 4;
const STARTED = '2026-11-20T01:00:00.000Z';
const DUE = '2026-11-20T09:00:00.000Z';
const ESCALATE = '2026-11-21T09:00:00.000Z';

describe.runIf(POSTGRES_URL)('SLA sweep with two instances on one PostgreSQL', () => {
  let test: TestDatabase;
  let instances: Database[];
  let definitions: Definitions;
  const clock = new FakeClock(STARTED);
  const logger = createLogger('silent');

  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    instances = [test.db, await test.openAnother()];
    definitions = await loadDefinitionsOrFail('config/definitions.yaml');
    await test.db.query(
      `INSERT INTO contacts (portal_id, contact_id, owner_id)
       SELECT $1, (800000 + g)::text, CASE WHEN g % 2 = 0 THEN '41629779' END FROM generate_series(1, $2) g`,
      [PORTAL_ID, LEADS],
    );
    await test.db.query(
      `INSERT INTO deadlines (portal_id, contact_id, kind, clock, started_at, due_at, warn_at, escalate_at,
                              status, definition_hash, next_check_at)
       SELECT $1, (800000 + g)::text, 'handoff', 'business', $3, $4, $4::timestamptz - interval '2 hours',
              $5, 'on_track', $6, $4::timestamptz - interval '2 hours'
         FROM generate_series(1, $2) g`,
      [PORTAL_ID, LEADS, STARTED, DUE, ESCALATE, definitions.hash],
    );
  }, 60_000);
  afterAll(async () => {
    await test.close();
  });

  /** Every sweeper of both instances sweeps until a round finds nothing due. */
  async function race(): Promise<NewDelivery[]> {
    const sweepers = instances.flatMap((db) =>
      Array.from({ length: SWEEPERS_PER_INSTANCE }, async () => {
        const mine: NewDelivery[] = [];
        for (;;) {
          const result = await sweepSla({
            db,
            definitions,
            now: clock.now,
            logger,
            channels: { slack: true, hubspotTask: true },
          });
          mine.push(...result.deliveries);
          if (result.checked === 0) return mine;
        }
      }),
    );
    return (await Promise.all(sweepers)).flat();
  }

  async function alertCounts(): Promise<{ alerts: number; deliveries: number; duplicates: number }> {
    const { rows } = await test.db.query<{ alerts: number; deliveries: number; duplicates: number }>(
      `SELECT (SELECT count(*)::int FROM sla_alerts) AS alerts,
              (SELECT count(*)::int FROM alert_deliveries) AS deliveries,
              (SELECT count(*)::int FROM (SELECT 1 FROM sla_alerts
                 GROUP BY portal_id, contact_id, deadline_kind, alert_kind HAVING count(*) > 1) d) AS duplicates`,
    );
    if (!rows[0]) throw new Error('no counts');
    return rows[0];
  }

  function expectNoDoubleDelivery(deliveries: readonly NewDelivery[]): void {
    const keys = deliveries.map((d) => `${d.alertId}:${d.channel}`);
    expect(new Set(keys).size).toBe(keys.length);
  }

  it('sends each breach once when both instances sweep the same due deadlines at the same time', async () => {
    clock.set('2026-11-20T09:00:30.000Z');
    const deliveries = await race();
    expectNoDoubleDelivery(deliveries);
    // Breach per lead: owner task + Slack + log with an owner (half), Slack + log without.
    const expected = (LEADS / 2) * 3 + (LEADS / 2) * 2;
    expect(deliveries).toHaveLength(expected);
    expect(await alertCounts()).toEqual({ alerts: LEADS, deliveries: expected, duplicates: 0 });
  }, 120_000);

  it('sends each escalation once, and nothing again when the sweep is repeated from scratch', async () => {
    clock.set('2026-11-21T09:00:30.000Z');
    const escalations = await race();
    expectNoDoubleDelivery(escalations);
    expect(escalations).toHaveLength(LEADS * 2);
    const after = await alertCounts();
    expect(after).toMatchObject({ alerts: LEADS * 2, duplicates: 0 });

    // As if every instance had lost track of what it swept (a restore, a bug): the unique key
    // still refuses every alert already recorded.
    await test.db.query(`UPDATE deadlines SET next_check_at = warn_at, status = 'on_track'`);
    const again = await race();
    expect(again).toEqual([]);
    expect(await alertCounts()).toEqual(after);
  }, 120_000);
});
