// The SLA sweep's due-deadline query over 1,000,000 open deadlines on PostgreSQL: the sweeper runs
// every 15 s on every instance, so finding the due rows must stay an index range scan, never a scan
// of the table. Runnable directly: `node bench/sla-sweep.bench.ts [deadlines]`; a temporary database
// on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), dropped afterwards.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { migrate } from '../src/storage/migrate.ts';
import { sweepSla } from '../src/services/sweep-sla.ts';
import { loadDefinitionsOrFail } from '../server/runtime.ts';
import { createLogger } from '../src/logging/logger.ts';
import { LOCAL_POSTGRES_URL, createTemporaryPostgres } from '../test/helpers/temporary-postgres.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target: string;
}

const NOW = '2026-11-20T03:00:00.000Z';
const DUE_NOW = 500;
const RUNS = 50;

// The sweep's own query (src/services/sweep-sla.ts), its FOR UPDATE included, in a transaction
// that is rolled back so every run sees the same due rows.
const DUE_QUERY = `SELECT d.portal_id, d.contact_id, d.kind, d.clock, d.started_at, d.due_at, d.warn_at,
       d.escalate_at, d.met_at, d.status, d.definition_hash, d.next_check_at, c.owner_id
  FROM deadlines d
  LEFT JOIN contacts c ON c.portal_id = d.portal_id AND c.contact_id = d.contact_id
 WHERE d.next_check_at IS NOT NULL AND d.next_check_at <= $1
 ORDER BY d.next_check_at
 LIMIT 500
 FOR UPDATE OF d SKIP LOCKED`;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function benchSlaSweep(count = 1_000_000): Promise<BenchResult[]> {
  const url = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? LOCAL_POSTGRES_URL;
  const temporary = await createTemporaryPostgres(url, 'lead_handoff_sweep_bench');
  if (!temporary) throw new Error(`${url} is not reachable (set BENCH_DATABASE_URL)`);
  const { db } = temporary;
  try {
    await migrate(db);
    const seeded = performance.now();
    // 1,000,000 open deadlines with next checks spread over the coming 60 days, plus DUE_NOW due
    // right now; every contact row exists (the sweep joins it for the owner).
    await db.query(
      `INSERT INTO contacts (portal_id, contact_id, owner_id)
       SELECT '62515', g::text, CASE WHEN g % 3 = 0 THEN NULL ELSE '41629779' END
         FROM generate_series(1, $1) g`,
      [count],
    );
    await db.query(
      `INSERT INTO deadlines (portal_id, contact_id, kind, clock, started_at, due_at, warn_at, escalate_at,
                              status, definition_hash, next_check_at)
       SELECT '62515', g::text, 'handoff', 'business', t - interval '1 day', t, t - interval '2 hours',
              t + interval '1 day', 'on_track', 'bench', t - interval '2 hours'
         FROM (SELECT g, $2::timestamptz + CASE WHEN g <= $3 THEN -interval '1 minute' * g
                                                ELSE interval '1 second' * ((g::bigint * 7919) % (60 * 86400)) + interval '3 hours' END AS t
                 FROM generate_series(1, $1) g) s`,
      [count, NOW, DUE_NOW],
    );
    // Closed deadlines too, as a live table has: they carry no next check and must cost nothing.
    await db.query(
      `INSERT INTO deadlines (portal_id, contact_id, kind, clock, started_at, due_at, warn_at, escalate_at,
                              met_at, status, definition_hash, next_check_at)
       SELECT portal_id, contact_id, 'verdict', clock, started_at, due_at, warn_at, escalate_at, due_at, 'met',
              definition_hash, NULL
         FROM deadlines WHERE contact_id::int % 2 = 0`,
    );
    await db.query('ANALYZE deadlines');
    await db.query('ANALYZE contacts');
    const seedMs = performance.now() - seeded;

    // Its own connection, outside the Database: each run is a transaction rolled back.
    const client = new pg.Client({ connectionString: temporary.url });
    await client.connect();
    const explained = await (async () => {
      await client.query('BEGIN');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${DUE_QUERY}`,
        [NOW],
      );
      await client.query('ROLLBACK');
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    })();
    const indexScan = /Index Scan using deadlines_next_check/.test(explained);
    const seqScanOnDeadlines = /Seq Scan on deadlines/.test(explained);

    const timings: number[] = [];
    try {
      for (let run = 0; run < RUNS; run += 1) {
        await client.query('BEGIN');
        const began = performance.now();
        const { rowCount } = await client.query(DUE_QUERY, [NOW]);
        timings.push(performance.now() - began);
        await client.query('ROLLBACK');
        if (rowCount !== DUE_NOW) throw new Error(`expected ${DUE_NOW} due rows, got ${String(rowCount)}`);
      }
    } finally {
      await client.end();
    }
    timings.sort((a, b) => a - b);

    // One whole sweep (claim 500, record their breach alerts, advance them), for scale.
    const definitions = await loadDefinitionsOrFail('config/definitions.yaml');
    const sweepBegan = performance.now();
    const swept = await sweepSla({
      db,
      definitions,
      now: () => new Date(NOW),
      logger: createLogger('silent'),
      channels: { slack: true, hubspotTask: true },
    });
    const sweepMs = performance.now() - sweepBegan;

    if (process.env['BENCH_VERBOSE']) console.log(explained);
    return [
      { name: 'open deadlines in the table', value: count, unit: 'rows', target: '1,000,000' },
      { name: 'seeding (generate_series, ANALYZE)', value: Math.round(seedMs), unit: 'ms', target: 'none' },
      {
        name: 'due-deadline query, median of 50',
        value: Number(percentile(timings, 50).toFixed(2)),
        unit: 'ms',
        target: '≤ 100',
      },
      {
        name: 'due-deadline query, p95',
        value: Number(percentile(timings, 95).toFixed(2)),
        unit: 'ms',
        target: '≤ 100',
      },
      {
        name: 'EXPLAIN ANALYZE: index scan on deadlines_next_check (1 = yes)',
        value: indexScan && !seqScanOnDeadlines ? 1 : 0,
        unit: '',
        target: '1',
      },
      {
        name: `one full sweep of ${swept.checked} due deadlines (alerts recorded)`,
        value: Math.round(sweepMs),
        unit: 'ms',
        target: 'none',
      },
    ];
  } finally {
    await temporary.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const count = Number(process.argv[2] ?? 1_000_000);
  for (const result of await benchSlaSweep(count)) {
    console.log(
      `${result.name}: ${result.value.toLocaleString('en-US')} ${result.unit} (target ${result.target})`,
    );
  }
}
