import { afterAll, beforeAll, expect, it } from 'vitest';
import { trackedProperties } from '../../server/jobs/workers.ts';
import type { JobQueue } from '../../src/ports/job-queue.ts';
import { processWebhookBatch } from '../../src/services/process-webhook-batch.ts';
import { receiveWebhookBatch } from '../../src/services/receive-webhook-batch.ts';
import { webhookEventSchema } from '../../src/services/webhook-events.ts';
import type { Database } from '../../src/storage/database.ts';
import { WEBHOOK_HISTORY_RETENTION_MS, pruneWebhookHistory } from '../../src/storage/webhook-history.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { FakeClock, PORTAL_ID, createHarness } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';

// Webhook dedupe looks every delivered event up among those already recorded: it must probe the
// primary key (subscription_id, event_id), not read the table; and the table must not grow forever.

const NOW = '2026-11-20T01:00:00.000Z';
const STORED = 20_000;
const HOUR = 3_600_000;

interface Captured {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** The real database, with every statement it is given noted down. */
function capturing(db: Database, log: Captured[]): Database {
  return {
    ...db,
    query: (sql, params, name) => {
      log.push({ sql, params: params ?? [] });
      return db.query(sql, params, name);
    },
    transaction: (work) => db.transaction(work),
  };
}

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

function event(eventId: number, objectId: number) {
  return webhookEventSchema.parse({
    eventId,
    subscriptionId: 2_451_001,
    portalId: Number(PORTAL_ID),
    occurredAt: Date.parse('2026-11-20T00:59:00.000Z'),
    subscriptionType: 'contact.propertyChange',
    objectId,
    propertyName: 'industry',
    propertyValue: 'MACHINERY',
  });
}

describeEachStorage('webhook dedupe history', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  const clock = new FakeClock(NOW);

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock });
    await test.db.query(
      `INSERT INTO webhook_events (subscription_id, event_id, portal_id, contact_id, subscription_type,
                                   property_name, property_value, occurred_at, batch_id, recorded_at)
       SELECT (2451001 + g % 4)::text, g::text, $2, (g % 5000)::text, 'contact.propertyChange', 'industry',
              'RETAIL', $3, g / 100, $3
         FROM generate_series(1, $1) g`,
      [STORED, PORTAL_ID, NOW],
    );
    await test.db.query('ANALYZE webhook_events');
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  const process = (db: Database, batchId: number) =>
    processWebhookBatch(
      { ...harness.core, db, crm: null, propertiesToRead: trackedProperties(harness.core) },
      batchId,
    );

  it('looks delivered events up by the primary key, never by reading the table', async () => {
    const deps = { db: test.db, queue: harness.queue ?? inertQueue(), portalId: PORTAL_ID };
    // 100 events: 50 already recorded (event ids 4, 8, ... of subscription 2451001), 50 new.
    const events = Array.from({ length: 100 }, (_, i) =>
      i < 50 ? event((i + 1) * 4, i) : event(STORED + 1 + i, i),
    );
    const received = await receiveWebhookBatch(deps, events);
    const log: Captured[] = [];
    const result = await process(capturing(test.db, log), received.batchId ?? 0);
    expect(result.duplicates).toBe(50);

    const lookups = log.filter((entry) => /^\s*SELECT/i.test(entry.sql) && /webhook_events/.test(entry.sql));
    expect(lookups).toHaveLength(1);
    const lookup = lookups[0] ?? { sql: '', params: [] };
    // Can the lookup use the primary key at all? With sequential scans priced out, a query that
    // can still reads the table; one that can (on a large table the planner's own choice) does not.
    // The benchmark measures the large table itself (bench/webhook-dedupe.bench.ts).
    const rows = await test.db.transaction(async (client) => {
      await client.query('SET LOCAL enable_seqscan = off');
      const explained = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (FORMAT JSON) ${lookup.sql}`,
        [...lookup.params],
      );
      return explained.rows;
    });
    const plan = nodes(rows[0]?.['QUERY PLAN'][0].Plan ?? { 'Node Type': 'none' });
    const onEvents = plan.filter((node) => node['Relation Name'] === 'webhook_events');
    expect(onEvents.map((node) => node['Node Type'])).not.toContain('Seq Scan');
    expect(onEvents.map((node) => node['Index Name'])).toContain('webhook_events_pkey');
  });

  it('prunes history, processed batches and refused events older than the retention window', async () => {
    const now = clock.now().getTime();
    const old = new Date(now - WEBHOOK_HISTORY_RETENTION_MS - HOUR);
    const recent = new Date(now - WEBHOOK_HISTORY_RETENTION_MS + HOUR);
    await test.db.query(`UPDATE webhook_events SET recorded_at = $1 WHERE event_id::bigint % 2 = 0`, [old]);
    await test.db.query(`UPDATE webhook_events SET recorded_at = $1 WHERE event_id::bigint % 2 = 1`, [
      recent,
    ]);
    await test.db.query(
      `INSERT INTO webhook_batches (events, event_count, state, processed_at, received_at)
       VALUES ('[]', 0, 'done', $1, $1), ('[]', 0, 'done', $2, $2), ('[]', 0, 'pending', NULL, $1)`,
      [old, recent],
    );
    await test.db.query(
      `INSERT INTO webhook_refusals (received_at, event_index, field, reason, event)
       VALUES ($1, 0, 'objectId', 'missing', '{}'), ($2, 0, 'objectId', 'missing', '{}')`,
      [old, recent],
    );
    const count = async (sql: string) => (await test.db.query<{ n: number }>(sql)).rows[0]?.n ?? -1;
    const events = await count('SELECT count(*)::int AS n FROM webhook_events');

    const pruned = await pruneWebhookHistory(test.db, new Date(now - WEBHOOK_HISTORY_RETENTION_MS));

    expect(pruned.events).toBeGreaterThanOrEqual(STORED / 2);
    expect(await count('SELECT count(*)::int AS n FROM webhook_events')).toBe(events - pruned.events);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM webhook_events WHERE recorded_at < '${old.toISOString()}'::timestamptz + interval '1 minute'`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM webhook_batches WHERE processed_at = '${old.toISOString()}'`,
      ),
    ).toBe(0);
    // A batch not yet processed is never pruned, however old.
    expect(await count(`SELECT count(*)::int AS n FROM webhook_batches WHERE state = 'pending'`)).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM webhook_refusals')).toBe(1);
    expect(pruned).toMatchObject({ batches: 1, refusals: 1 });
  });

  it('keeps history longer than HubSpot redelivers (10 retries over about a day)', () => {
    expect(WEBHOOK_HISTORY_RETENTION_MS).toBeGreaterThanOrEqual(48 * HOUR);
  });

  it('still drops a redelivery inside the window after a prune', async () => {
    clock.advance(HOUR);
    const deps = { db: test.db, queue: inertQueue(), portalId: PORTAL_ID };
    const first = await receiveWebhookBatch(deps, [event(9_000_001, 1)]);
    expect((await process(test.db, first.batchId ?? 0)).duplicates).toBe(0);
    clock.advance(WEBHOOK_HISTORY_RETENTION_MS - 2 * HOUR);
    await pruneWebhookHistory(test.db, new Date(clock.now().getTime() - WEBHOOK_HISTORY_RETENTION_MS));
    const again = await receiveWebhookBatch(deps, [event(9_000_001, 1)]);
    expect((await process(test.db, again.batchId ?? 0)).duplicates).toBe(1);
  });
});

function inertQueue(): JobQueue {
  return {
    define: () => Promise.resolve(),
    send: () => Promise.resolve(),
    work: () => Promise.resolve(),
    stopWorking: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}
