// The funnel route's counting (cohort, by channel, one quarter) over 1,000,000 contacts on
// PostgreSQL and 100,000 on PGlite: what a marketer's app page waits for. Contacts are seeded
// straight into contact_stages with generate_series (leads spread over two years, 30 % qualified,
// then verdicts, opportunities and wins), then the real service runs the query and folds it.
// Runnable directly: `node bench/funnel.bench.ts [postgres|pglite] [contacts]`; PostgreSQL is a
// temporary database on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadDefinitionsOrFail } from '../server/runtime.ts';
import { atMost, formatResult, meetsTarget, percentile } from './bench-result.ts';
import type { BenchResult } from './bench-result.ts';
import { dateWindow } from '../src/domain/local-dates.ts';
import type { FunnelGroupBy, FunnelMode } from '../src/domain/funnel.ts';
import { buildFunnelReport } from '../src/services/funnel-report.ts';
import { openDatabase } from '../src/storage/database.ts';
import type { Database } from '../src/storage/database.ts';
import { migrate } from '../src/storage/migrate.ts';
import { LOCAL_POSTGRES_URL, createTemporaryPostgres } from '../test/helpers/temporary-postgres.ts';

const PORTAL = '62515';
const NOW = '2026-11-20T01:00:00.000Z';
const RUNS = 40;
const WARM_UP = 3;
const TARGET_MS = 500;

// Pseudo-random but repeatable: h spreads contacts over outcomes, the lead instant over two years.
const SEED = `
INSERT INTO contact_stages (portal_id, contact_id, lead_at, channel, mql_at, mql_version, verdict, verdict_reason,
                            verdict_at, hubspot_opportunity_at, hubspot_customer_at)
SELECT $2, g::text, lead,
       (ARRAY['ORGANIC_SEARCH', 'PAID_SEARCH', 'PAID_SOCIAL', 'EMAIL_MARKETING', 'REFERRALS', 'DIRECT_TRAFFIC',
              'SOCIAL_MEDIA', 'OFFLINE', NULL])[(1 + (g::bigint * 7919) % 9)::int],
       CASE WHEN h < 30 THEN lead + interval '2 days' END,
       CASE WHEN h < 30 THEN (ARRAY['2025-01', '2025-07', '2026-01'])[1 + g % 3] END,
       CASE WHEN h < 12 THEN 'accepted' WHEN h < 20 THEN 'rejected' WHEN h < 24 THEN 'recycled' END,
       CASE WHEN h < 12 THEN 'budget-confirmed' WHEN h < 20 THEN 'no-budget' WHEN h < 24 THEN 'bad-timing' END,
       CASE WHEN h < 24 THEN lead + interval '5 days' END,
       CASE WHEN h < 6 THEN lead + interval '20 days' END,
       CASE WHEN h < 2 THEN lead + interval '60 days' END
  FROM (SELECT g, (g::bigint * 2654435761 % 1000003) % 100 AS h,
               timestamptz '2025-01-01T00:00:00Z' + ((g::bigint * 63113851) % (730 * 86400)) * interval '1 second' AS lead
          FROM generate_series(1, $1) g) s`;

interface Measured {
  readonly p50: number;
  readonly p95: number;
  readonly leads: number;
}

async function measure(db: Database, mode: FunnelMode, groupBy: FunnelGroupBy): Promise<Measured> {
  const definitions = await loadDefinitionsOrFail('config/definitions.yaml');
  const deps = { db, definitions, now: () => new Date(NOW) };
  const query = { window: dateWindow('2026-07-01', '2026-09-30', definitions.timezone), mode, groupBy };
  const timings: number[] = [];
  let leads = 0;
  for (let run = 0; run < WARM_UP + RUNS; run += 1) {
    const began = performance.now();
    const report = await buildFunnelReport(deps, PORTAL, query);
    if (run >= WARM_UP) timings.push(performance.now() - began);
    leads = report.total.lead;
  }
  return {
    p50: Number(percentile(timings, 50).toFixed(1)),
    p95: Number(percentile(timings, 95).toFixed(1)),
    leads,
  };
}

async function run(db: Database, storage: string, contacts: number): Promise<BenchResult[]> {
  await migrate(db);
  const seeded = performance.now();
  await db.query(SEED, [contacts, PORTAL]);
  await db.query('VACUUM ANALYZE contact_stages');
  const seedMs = performance.now() - seeded;
  const cohort = await measure(db, 'cohort', 'channel');
  const period = await measure(db, 'period', 'month');
  const label = `${storage}, ${contacts.toLocaleString('en-US')} contacts`;
  return [
    {
      name: `funnel ${label}: seeding (generate_series, VACUUM ANALYZE)`,
      value: Math.round(seedMs),
      unit: 'ms',
      target: null,
    },
    { name: `funnel ${label}: leads in the quarter`, value: cohort.leads, unit: 'contacts', target: null },
    {
      name: `funnel ${label}: cohort by channel, one quarter, p50`,
      value: cohort.p50,
      unit: 'ms',
      target: null,
    },
    {
      name: `funnel ${label}: cohort by channel, one quarter, p95`,
      value: cohort.p95,
      unit: 'ms',
      target: atMost(TARGET_MS),
    },
    {
      name: `funnel ${label}: period by month, one quarter, p95`,
      value: period.p95,
      unit: 'ms',
      target: null,
    },
  ];
}

export async function benchFunnelPostgres(contacts = 1_000_000): Promise<BenchResult[]> {
  const url = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? LOCAL_POSTGRES_URL;
  const temporary = await createTemporaryPostgres(url, 'lead_handoff_funnel_bench');
  if (!temporary) throw new Error(`${url} is not reachable (set BENCH_DATABASE_URL)`);
  try {
    return await run(temporary.db, 'PostgreSQL', contacts);
  } finally {
    await temporary.drop();
  }
}

export async function benchFunnelPglite(contacts = 100_000): Promise<BenchResult[]> {
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    return await run(db, 'PGlite', contacts);
  } finally {
    await db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const storage = process.argv[2] ?? 'postgres';
  const count = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  const results = storage === 'pglite' ? await benchFunnelPglite(count) : await benchFunnelPostgres(count);
  for (const result of results) console.log(formatResult(result));
  if (results.some((result) => meetsTarget(result) === false)) process.exit(1);
}
