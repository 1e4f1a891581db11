// `npm run bench [name…]`: runs every benchmark (or those whose name contains an argument) one
// after the other, judges each result against its target and exits 1 when any target is missed or
// a benchmark fails. `npm run bench -- --help` lists them and the variables they read.
import { pathToFileURL } from 'node:url';
import { formatResult, meetsTarget } from './bench-result.ts';
import type { BenchResult } from './bench-result.ts';

interface BenchEntry {
  readonly name: string;
  readonly file: string;
  readonly run: string;
  readonly args?: readonly unknown[];
  readonly about: string;
}

const BENCHES: readonly BenchEntry[] = [
  {
    name: 'mql-evaluation',
    file: './mql-evaluation.bench.ts',
    run: 'benchMqlEvaluation',
    about: 'MQL evaluations per second, median of 7 batches (≥ 200,000/s)',
  },
  {
    name: 'business-clock',
    file: './business-clock.bench.ts',
    run: 'benchBusinessClock',
    about: 'business-clock add per second (≥ 100,000/s)',
  },
  {
    name: 'card-route',
    file: './card-route.bench.ts',
    run: 'benchCardRoute',
    about:
      'card route p99 at 20 clients over the /healthz p99 measured at the same load, PGlite and PostgreSQL',
  },
  {
    name: 'webhook',
    file: './webhook.bench.ts',
    run: 'benchWebhook',
    about:
      'signed webhook batches acknowledged with their job (p99 over /healthz at the same load ≤ 200 ms), then processed by the queue workers',
  },
  {
    name: 'backfill',
    file: './backfill.bench.ts',
    run: 'benchBackfill',
    args: [20_000],
    about: 'HubSpot calls per contact backfilling 20,000 contacts from the rate-limited fake',
  },
  {
    name: 'verdict-write-back',
    file: './verdict-write-back.bench.ts',
    run: 'benchVerdictWriteBack',
    about: '10,000 signed verdicts through the HTTP route, written back in batches under 100 calls/10 s',
  },
  {
    name: 'verdict-write-back-2x',
    file: './verdict-write-back.bench.ts',
    run: 'benchVerdictWriteBackTwoInstances',
    about: 'the same with 2,000 verdicts through two backend instances on one PostgreSQL',
  },
  {
    name: 'sla-sweep',
    file: './sla-sweep.bench.ts',
    run: 'benchSlaSweep',
    about: "the SLA sweep's due-deadline query over 1,000,000 open deadlines on PostgreSQL (≤ 100 ms)",
  },
  {
    name: 'funnel-postgres',
    file: './funnel.bench.ts',
    run: 'benchFunnelPostgres',
    args: [1_000_000],
    about:
      'funnel route query (cohort, by channel, one quarter) over 1,000,000 contacts on PostgreSQL (p95 ≤ 500 ms)',
  },
  {
    name: 'funnel-pglite',
    file: './funnel.bench.ts',
    run: 'benchFunnelPglite',
    args: [100_000],
    about: 'the same over 100,000 contacts on PGlite (p95 ≤ 500 ms)',
  },
  {
    name: 'marketer-reports-postgres',
    file: './marketer-reports.bench.ts',
    run: 'benchMarketerReportsPostgres',
    args: [1_000_000],
    about:
      'SLA report with the late-by buckets (business clock) and feedback report with the notes, one quarter, over 1,000,000 contacts on PostgreSQL (p95 ≤ 500 ms each)',
  },
  {
    name: 'marketer-reports-pglite',
    file: './marketer-reports.bench.ts',
    run: 'benchMarketerReportsPglite',
    args: [100_000],
    about: 'the same over 100,000 contacts on PGlite (p95 ≤ 500 ms each)',
  },
  {
    name: 'webhook-dedupe',
    file: './webhook-dedupe.bench.ts',
    run: 'benchWebhookDedupe',
    about: 'webhook dedupe lookup of 100 keys against 1,000,000 stored events on PostgreSQL (p95 ≤ 10 ms)',
  },
  {
    name: 'salesforce',
    file: './salesforce.bench.ts',
    run: 'benchSalesforce',
    about:
      'Salesforce requests for 10,000 verdict writes and for polling 10,000 changed Leads (fake Salesforce)',
  },
  {
    name: 'salesforce-outbox',
    file: './salesforce-outbox.bench.ts',
    run: 'benchSalesforceOutbox',
    args: [10_000],
    about:
      '10,000 changes through the durable outbox to the fake Salesforce: collections requests ≤ ceil(10000/200), ≤ 200 records each',
  },
];

const VARIABLES: readonly [string, string][] = [
  [
    'BENCH_DATABASE_URL',
    'PostgreSQL server for card-route, verdict-write-back(-2x), sla-sweep, funnel-postgres, marketer-reports-postgres; a temporary database is created and dropped (default TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test); `pglite` runs verdict-write-back on PGlite',
  ],
  ['TEST_DATABASE_URL', 'used when BENCH_DATABASE_URL is unset'],
  ['BENCH_CONCURRENCY', 'verdict-write-back: requests in flight at once (default 16; 1 on PGlite)'],
  ['BENCH_VERBOSE', 'sla-sweep: print the EXPLAIN ANALYZE plan'],
];

function help(): string {
  const width = Math.max(...BENCHES.map((b) => b.name.length));
  return [
    'npm run bench [name…]   run the benchmarks whose name contains one of the arguments (all by default)',
    '',
    'Benchmarks:',
    ...BENCHES.map((b) => `  ${b.name.padEnd(width)}  ${b.about}`),
    '',
    'Environment:',
    ...VARIABLES.map(([name, meaning]) => `  ${name}: ${meaning}`),
    '',
    'Exit status: 0 when every judged result meets its target, 1 when one misses or a benchmark fails.',
  ].join('\n');
}

async function runOne(bench: BenchEntry): Promise<BenchResult[]> {
  const module = (await import(new URL(bench.file, import.meta.url).href)) as Record<string, unknown>;
  const run = module[bench.run] as ((...args: unknown[]) => Promise<BenchResult[]>) | undefined;
  if (!run) throw new Error(`${bench.file} does not export ${bench.run}`);
  const results = await run(...(bench.args ?? []));
  // A result that is not a number against a comparator cannot be judged: that is a failure, not a pass.
  for (const result of results) {
    const { target } = result;
    const judgeable =
      target === null ||
      (typeof target === 'object' &&
        ['<=', '>=', '=='].includes(target.op) &&
        typeof target.value === 'number');
    if (typeof result.value !== 'number' || !judgeable) {
      throw new Error(`${bench.run} returned a result that cannot be judged: ${JSON.stringify(result)}`);
    }
  }
  return results;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${help()}\n`);
    return 0;
  }
  const filters = argv.filter((arg) => !arg.startsWith('-'));
  // A filter naming a benchmark exactly picks that one; otherwise every name containing it.
  const picks = (filter: string): readonly BenchEntry[] => {
    const exact = BENCHES.filter((b) => b.name === filter);
    return exact.length > 0 ? exact : BENCHES.filter((b) => b.name.includes(filter));
  };
  const chosen = new Set(filters.flatMap((filter) => picks(filter)));
  const selected = BENCHES.filter((b) => filters.length === 0 || chosen.has(b));
  if (selected.length === 0) {
    process.stderr.write(`no benchmark matches ${filters.join(', ')}\n\n${help()}\n`);
    return 1;
  }
  const rows: BenchResult[] = [];
  const failed: string[] = [];
  for (const bench of selected) {
    const started = Date.now();
    process.stdout.write(`\n== ${bench.name}\n`);
    try {
      for (const result of await runOne(bench)) {
        rows.push(result);
        process.stdout.write(`${formatResult(result)}\n`);
      }
    } catch (error) {
      failed.push(bench.name);
      process.stdout.write(
        `${bench.name}: failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
    process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  const misses = rows.filter((row) => meetsTarget(row) === false);
  process.stdout.write('\n== summary\n');
  for (const row of rows) process.stdout.write(`${formatResult(row)}\n`);
  process.stdout.write(
    `\n${rows.filter((row) => row.target !== null).length - misses.length} met, ${misses.length} missed, ${failed.length} failed\n`,
  );
  return misses.length > 0 || failed.length > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exit(await main(process.argv.slice(2)));
}
