// Webhook dedupe at scale on PostgreSQL: each processed batch looks its events up among those
// already recorded (src/storage/webhook-history.ts, findRecordedEvents). With 1,000,000 stored
// events, 100 keys (half of them seen before) must take ≤ 10 ms at p95: one primary-key probe per
// key. The former lookup (an expression over the two columns) is timed too, for scale. The machine
// is shared, so each lookup is paired with a trivial round trip carrying the same keys (the
// baseline, timed right after it) and the judged number is the lookup's p95 over the baseline's.
// Runnable directly: `node bench/webhook-dedupe.bench.ts [events]` (exits 1 on a missed target); a
// temporary database on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { migrate } from '../src/storage/migrate.ts';
import { atMost, exactly, formatResult, meetsTarget, percentile } from './bench-result.ts';
import type { BenchResult } from './bench-result.ts';
import { findRecordedEvents } from '../src/storage/webhook-history.ts';
import type { EventKey } from '../src/storage/webhook-history.ts';
import { LOCAL_POSTGRES_URL, createTemporaryPostgres } from '../test/helpers/temporary-postgres.ts';

const KEYS = 100;
const RUNS = 200;
// The first lookups after seeding read index pages from disk; a live table's are in memory.
const WARMUP = 20;
const FORMER_RUNS = 3;
const SUBSCRIPTIONS = 4;
const P95_TARGET_MS = 10;

// The lookup as it was before: no index can serve `subscription_id || ':' || event_id`.
const FORMER_LOOKUP = `SELECT subscription_id || ':' || event_id AS key FROM webhook_events
  WHERE subscription_id || ':' || event_id = ANY($1::text[])`;

// Deterministic keys: half recorded (ids 1..count spread over 4 subscriptions), half never seen.
function keysFor(run: number, count: number): EventKey[] {
  return Array.from({ length: KEYS }, (_, i) => {
    const n = ((run * KEYS + i) * 7_919) % count;
    const eventId = i % 2 === 0 ? n + 1 : count + 1 + n;
    return { subscriptionId: String(2_451_001 + (eventId % SUBSCRIPTIONS)), eventId: String(eventId) };
  });
}

export async function benchWebhookDedupe(count = 1_000_000): Promise<BenchResult[]> {
  const url = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? LOCAL_POSTGRES_URL;
  const temporary = await createTemporaryPostgres(url, 'lead_handoff_dedupe_bench');
  if (!temporary) throw new Error(`${url} is not reachable (set BENCH_DATABASE_URL)`);
  const { db } = temporary;
  try {
    await migrate(db);
    const seeded = performance.now();
    await db.query(
      `INSERT INTO webhook_events (subscription_id, event_id, portal_id, contact_id, subscription_type,
                                   property_name, property_value, occurred_at, batch_id, recorded_at)
       SELECT (2451001 + g % $2)::text, g::text, '62515', (g % 200000)::text, 'contact.propertyChange',
              'hubspotscore', (g % 100)::text, now() - interval '1 second' * (g % 259200), g / 100,
              now() - interval '1 second' * (g % 259200)
         FROM generate_series(1, $1) g`,
      [count, SUBSCRIPTIONS],
    );
    // As autovacuum leaves a live table: statistics, and a visibility map for index-only probes.
    await db.query('VACUUM (ANALYZE) webhook_events');
    const seedMs = performance.now() - seeded;

    const timings: number[] = [];
    const baseline: number[] = [];
    let hits = 0;
    for (let run = -WARMUP; run < RUNS; run += 1) {
      const keys = keysFor(run + WARMUP * 1_000, count);
      const began = performance.now();
      const seen = await findRecordedEvents(db, keys);
      const looked = performance.now();
      await db.query('SELECT cardinality($1::text[]) AS n', [keys.map((key) => key.eventId)]);
      if (run < 0) continue;
      timings.push(looked - began);
      baseline.push(performance.now() - looked);
      hits += seen.size;
    }
    if (hits !== (RUNS * KEYS) / 2) throw new Error(`expected ${(RUNS * KEYS) / 2} hits, got ${hits}`);
    if (process.env['BENCH_VERBOSE']) console.log(timings.map((t) => Math.round(t)).join(' '));

    const explainKeys = keysFor(RUNS, count);
    const { rows: plan } = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE) SELECT e.subscription_id, e.event_id
         FROM unnest($1::text[], $2::text[]) AS k(subscription_id, event_id)
         JOIN webhook_events e ON e.subscription_id = k.subscription_id AND e.event_id = k.event_id`,
      [explainKeys.map((key) => key.subscriptionId), explainKeys.map((key) => key.eventId)],
    );
    const explained = plan.map((row) => row['QUERY PLAN']).join('\n');
    const usesIndex =
      /Index (Only )?Scan using webhook_events_pkey/.test(explained) &&
      !/Seq Scan on webhook_events/.test(explained);

    const former: number[] = [];
    for (let run = 0; run < FORMER_RUNS; run += 1) {
      const keys = keysFor(run, count).map((key) => `${key.subscriptionId}:${key.eventId}`);
      const began = performance.now();
      await db.query(FORMER_LOOKUP, [keys]);
      former.push(performance.now() - began);
    }

    if (process.env['BENCH_VERBOSE']) console.log(explained);
    return [
      { name: 'webhook events stored', value: count, unit: 'rows', target: null },
      {
        name: 'seeding (generate_series, VACUUM ANALYZE)',
        value: Math.round(seedMs),
        unit: 'ms',
        target: null,
      },
      {
        name: `dedupe lookup of ${KEYS} keys (half seen), median of ${RUNS}`,
        value: Number(percentile(timings, 50).toFixed(2)),
        unit: 'ms',
        target: null,
      },
      {
        name: `dedupe lookup of ${KEYS} keys (half seen), p95`,
        value: Number(percentile(timings, 95).toFixed(2)),
        unit: 'ms',
        target: null,
      },
      {
        name: `trivial round trip with the same ${KEYS} keys (baseline), p95`,
        value: Number(percentile(baseline, 95).toFixed(2)),
        unit: 'ms',
        target: null,
      },
      {
        name: `dedupe lookup p95 over the baseline p95`,
        value: Number((percentile(timings, 95) - percentile(baseline, 95)).toFixed(2)),
        unit: 'ms',
        target: atMost(P95_TARGET_MS),
      },
      {
        name: 'EXPLAIN ANALYZE: primary-key probes, no scan of webhook_events (1 = yes)',
        value: usesIndex ? 1 : 0,
        unit: '',
        target: exactly(1),
      },
      {
        name: `former expression lookup of ${KEYS} keys, median of ${FORMER_RUNS} (for scale)`,
        value: Math.round(percentile(former, 50)),
        unit: 'ms',
        target: null,
      },
    ];
  } finally {
    await temporary.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const count = Number(process.argv[2] ?? 1_000_000);
  const results = await benchWebhookDedupe(count);
  for (const result of results) console.log(formatResult(result));
  if (results.some((result) => meetsTarget(result) === false)) process.exit(1);
}
