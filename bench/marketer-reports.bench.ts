// The SLA and feedback routes' work (what the SLA and feedback app pages wait for) over a large
// store: 1,000,000 contacts on PostgreSQL, 100,000 on PGlite, of which 30 % qualified (a handoff
// and a verdict deadline each, 40 % of them late: met late or breached and open) and 24 % judged
// (half with a note). The SLA report counts every deadline of the quarter and measures each late
// one on the business clock (the late-by buckets); the feedback report counts the quarter's
// current verdicts and lists the latest 50 notes. Runnable directly:
// `node bench/marketer-reports.bench.ts [postgres|pglite] [contacts]`; PostgreSQL is a temporary
// database on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadDefinitionsOrFail } from '../server/runtime.ts';
import { dateWindow } from '../src/domain/local-dates.ts';
import { buildFeedbackReport } from '../src/services/feedback-report.ts';
import { buildSlaReport } from '../src/services/sla-report.ts';
import { openDatabase } from '../src/storage/database.ts';
import type { Database } from '../src/storage/database.ts';
import { migrate } from '../src/storage/migrate.ts';
import { LOCAL_POSTGRES_URL, createTemporaryPostgres } from '../test/helpers/temporary-postgres.ts';
import { atMost, formatResult, percentile } from './bench-result.ts';
import type { BenchResult } from './bench-result.ts';

const PORTAL = '62515';
const NOW = '2026-11-20T01:00:00.000Z';
const RUNS = 30;
const WARM_UP = 3;
const TARGET_MS = 500;

// Pseudo-random but repeatable, as the funnel bench: h spreads contacts over outcomes, the lead
// instant over two years. A qualified contact's handoff is due a day after qualifying and its
// verdict two days after; 60 % are met two hours early, 20 % met up to ten days late, 20 % open.
const SEED_CONTACTS = `
INSERT INTO contact_stages (portal_id, contact_id, lead_at, channel, mql_at, mql_version, verdict, verdict_reason, verdict_at)
SELECT $2, g::text, lead,
       (ARRAY['ORGANIC_SEARCH', 'PAID_SEARCH', 'PAID_SOCIAL', 'EMAIL_MARKETING', NULL])[(1 + (g::bigint * 7919) % 5)::int],
       CASE WHEN h < 30 THEN lead + interval '2 days' END,
       CASE WHEN h < 30 THEN '2026-01' END,
       CASE WHEN h < 12 THEN 'accepted' WHEN h < 20 THEN 'rejected' WHEN h < 24 THEN 'recycled' END,
       CASE WHEN h < 12 THEN 'budget-confirmed' WHEN h < 20 THEN 'no-budget' WHEN h < 24 THEN 'bad-timing' END,
       CASE WHEN h < 24 THEN lead + interval '5 days' END
  FROM (SELECT g, (g::bigint * 2654435761 % 1000003) % 100 AS h,
               timestamptz '2025-01-01T00:00:00Z' + ((g::bigint * 63113851) % (730 * 86400)) * interval '1 second' AS lead
          FROM generate_series(1, $1) g) s`;

const SEED_DEADLINES = `
INSERT INTO deadlines (portal_id, contact_id, episode, kind, clock, started_at, due_at, warn_at, escalate_at,
                       met_at, met_owner_id, status, definition_hash)
SELECT s.portal_id, s.contact_id, 1, k.kind, 'business', s.mql_at, due, due, due,
       CASE WHEN r < 60 THEN due - interval '2 hours'
            WHEN r < 80 THEN due + ((s.contact_id::bigint * 104729) % (10 * 86400)) * interval '1 second' END,
       CASE WHEN r < 80 THEN (ARRAY['41629779', '41629780', '41629781'])[1 + s.contact_id::bigint % 3] END,
       CASE WHEN r < 80 THEN 'met' ELSE 'breached' END, $2
  FROM contact_stages s
 CROSS JOIN (VALUES ('handoff', 1), ('verdict', 2)) AS k(kind, days)
 CROSS JOIN LATERAL (SELECT s.mql_at + k.days * interval '1 day' AS due,
                            (s.contact_id::bigint * 31337 + k.days) % 100 AS r) d
 WHERE s.portal_id = $1 AND s.mql_at IS NOT NULL`;

const SEED_VERDICTS = `
INSERT INTO verdicts (id, portal_id, contact_id, verdict, reason_code, note, decided_at, decided_by, definition_hash)
SELECT gen_random_uuid(), portal_id, contact_id, verdict, verdict_reason,
       CASE WHEN contact_id::bigint % 2 = 0 THEN '予算は来期に確保予定、' || contact_id END,
       verdict_at, 'rep@example.com', 'bench'
  FROM contact_stages WHERE portal_id = $1 AND verdict IS NOT NULL`;

interface Measured {
  readonly p50: number;
  readonly p95: number;
}

async function measure(run: () => Promise<unknown>): Promise<Measured> {
  const timings: number[] = [];
  for (let i = 0; i < WARM_UP + RUNS; i += 1) {
    const began = performance.now();
    await run();
    if (i >= WARM_UP) timings.push(performance.now() - began);
  }
  const round = (value: number) => Number(value.toFixed(1));
  return { p50: round(percentile(timings, 50)), p95: round(percentile(timings, 95)) };
}

async function run(db: Database, storage: string, contacts: number): Promise<BenchResult[]> {
  await migrate(db);
  const definitions = await loadDefinitionsOrFail('config/definitions.yaml');
  const seeded = performance.now();
  await db.query(SEED_CONTACTS, [contacts, PORTAL]);
  await db.query(SEED_DEADLINES, [PORTAL, definitions.hash]);
  await db.query(SEED_VERDICTS, [PORTAL]);
  for (const table of ['contact_stages', 'deadlines', 'verdicts']) await db.query(`VACUUM ANALYZE ${table}`);
  const seedMs = performance.now() - seeded;

  const deps = { db, definitions, now: () => new Date(NOW) };
  const quarter = dateWindow('2026-07-01', '2026-09-30', definitions.timezone);
  const sample = await buildSlaReport(deps, PORTAL, quarter);
  const feedback = await buildFeedbackReport(deps, PORTAL, quarter);
  const late = (['handoff', 'verdict'] as const).reduce(
    (sum, kind) => sum + sample[kind].metLate + sample[kind].breachedOpen,
    0,
  );
  const sla = await measure(() => buildSlaReport(deps, PORTAL, quarter));
  const notes = await measure(() => buildFeedbackReport(deps, PORTAL, quarter));
  const label = `${storage}, ${contacts.toLocaleString('en-US')} contacts`;
  return [
    { name: `marketer reports ${label}: seeding`, value: Math.round(seedMs), unit: 'ms', target: null },
    {
      name: `marketer reports ${label}: deadlines due in the quarter`,
      value: sample.handoff.due + sample.verdict.due,
      unit: 'deadlines',
      target: null,
    },
    { name: `marketer reports ${label}: late ones measured`, value: late, unit: 'deadlines', target: null },
    {
      name: `marketer reports ${label}: SLA with late-by, one quarter, p50`,
      value: sla.p50,
      unit: 'ms',
      target: null,
    },
    {
      name: `marketer reports ${label}: SLA with late-by, one quarter, p95`,
      value: sla.p95,
      unit: 'ms',
      target: atMost(TARGET_MS),
    },
    {
      name: `marketer reports ${label}: notes listed`,
      value: feedback.notes.length,
      unit: 'notes',
      target: null,
    },
    {
      name: `marketer reports ${label}: feedback with notes, one quarter, p95`,
      value: notes.p95,
      unit: 'ms',
      target: atMost(TARGET_MS),
    },
  ];
}

export async function benchMarketerReportsPostgres(contacts = 1_000_000): Promise<BenchResult[]> {
  const url = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? LOCAL_POSTGRES_URL;
  const temporary = await createTemporaryPostgres(url, 'lead_handoff_marketer_bench');
  if (!temporary) throw new Error(`${url} is not reachable (set BENCH_DATABASE_URL)`);
  try {
    return await run(temporary.db, 'PostgreSQL', contacts);
  } finally {
    await temporary.drop();
  }
}

export async function benchMarketerReportsPglite(contacts = 100_000): Promise<BenchResult[]> {
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
  const results =
    storage === 'pglite'
      ? await benchMarketerReportsPglite(count)
      : await benchMarketerReportsPostgres(count);
  for (const result of results) process.stdout.write(`${formatResult(result)}\n`);
}
