// `npm run bench [name…]`: runs every benchmark (or those whose name contains an argument) one
// after the other, on this machine, and prints what each measured against its target.
import { pathToFileURL } from 'node:url';

interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target: string;
}

type Bench = () => Promise<BenchResult[]>;

const BENCHES: readonly {
  readonly name: string;
  readonly file: string;
  readonly run: string;
  readonly args?: unknown[];
}[] = [
  { name: 'mql-evaluation', file: './mql-evaluation.bench.ts', run: 'benchMqlEvaluation' },
  { name: 'business-clock', file: './business-clock.bench.ts', run: 'benchBusinessClock' },
  { name: 'card-route', file: './card-route.bench.ts', run: 'benchCardRoute' },
  { name: 'webhook', file: './webhook.bench.ts', run: 'benchWebhook' },
  { name: 'backfill', file: './backfill.bench.ts', run: 'benchBackfill', args: [20_000] },
  { name: 'verdict-write-back', file: './verdict-write-back.bench.ts', run: 'benchVerdictWriteBack' },
  { name: 'sla-sweep', file: './sla-sweep.bench.ts', run: 'benchSlaSweep' },
  { name: 'funnel-postgres', file: './funnel.bench.ts', run: 'benchFunnelPostgres', args: [1_000_000] },
  { name: 'funnel-pglite', file: './funnel.bench.ts', run: 'benchFunnelPglite', args: [100_000] },
  { name: 'webhook-dedupe', file: './webhook-dedupe.bench.ts', run: 'benchWebhookDedupe' },
  { name: 'salesforce', file: './salesforce.bench.ts', run: 'benchSalesforce' },
];

function format(value: number): string {
  return Number.isInteger(value)
    ? value.toLocaleString('en-US')
    : value.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const selected = BENCHES.filter((b) => filters.length === 0 || filters.some((f) => b.name.includes(f)));
  const rows: BenchResult[] = [];
  for (const bench of selected) {
    const started = Date.now();
    process.stdout.write(`\n== ${bench.name}\n`);
    try {
      const module = (await import(new URL(bench.file, import.meta.url).href)) as Record<string, unknown>;
      const run = module[bench.run] as ((...args: unknown[]) => ReturnType<Bench>) | undefined;
      if (!run) throw new Error(`${bench.file} does not export ${bench.run}`);
      const results = await run(...(bench.args ?? []));
      for (const result of results) {
        rows.push(result);
        process.stdout.write(
          `${result.name}: ${format(result.value)} ${result.unit} (target ${result.target})\n`,
        );
      }
    } catch (error) {
      process.stdout.write(
        `${bench.name}: failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
    process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  process.stdout.write('\n== summary\n');
  for (const row of rows)
    process.stdout.write(`${row.name}\t${format(row.value)} ${row.unit}\ttarget ${row.target}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
  process.exit(0);
}
