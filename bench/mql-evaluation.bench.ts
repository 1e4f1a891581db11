// MQL evaluations per second for the shipped agreement over a varied set of contacts (target:
// ≥ 200,000/s on one core). Run alone with `node bench/mql-evaluation.bench.ts`.
import { fileURLToPath } from 'node:url';
import { loadDefinitionsFile } from '../src/config/definitions-loader.ts';
import { formatIssues } from '../src/domain/definitions.ts';
import type { MqlContact } from '../src/domain/mql-evaluation.ts';
import { evaluateMql } from '../src/domain/mql-evaluation.ts';
import { atLeast, formatResult, median } from './bench-result.ts';
import type { BenchResult } from './bench-result.ts';

const DAY = 86_400_000;
const AT = new Date('2026-11-20T03:00:00.000Z');

const INDUSTRIES = [
  'COMPUTER_SOFTWARE',
  'RETAIL',
  'MACHINERY;FOOD',
  'INFORMATION_TECHNOLOGY_AND_SERVICES',
  null,
];
const SIZES = ['1-5', '25-50', '50-100', '1000+', '1,200', 'abc', '', null];
const TITLES = ['営業部長', 'エンジニア', 'Head of Sales', 'Intern', 'マーケティングマネージャー', null];
const SCORES = ['12', '60', '75.5', '59', null];

// Deterministic variety: every operator path, missing values, ranges, dates in and out of window.
function contacts(count: number): MqlContact[] {
  return Array.from({ length: count }, (_, i): MqlContact => {
    const daysAgo = (i * 7) % 120;
    const properties: Record<string, string | null> = {
      industry: INDUSTRIES[i % INDUSTRIES.length] ?? null,
      numemployees: SIZES[i % SIZES.length] ?? null,
      jobtitle: TITLES[i % TITLES.length] ?? null,
      hubspotscore: SCORES[i % SCORES.length] ?? null,
      whitepaper_downloaded_at: i % 3 === 0 ? String(AT.getTime() - daysAgo * DAY) : null,
      seminar_attended_at:
        i % 4 === 0 ? new Date(AT.getTime() - daysAgo * DAY).toISOString().slice(0, 10) : null,
      pricing_page_viewed_at: i % 5 === 0 ? new Date(AT.getTime() - daysAgo * DAY).toISOString() : null,
    };
    const score = properties.hubspotscore;
    const history =
      score === null || score === undefined
        ? {}
        : {
            hubspotscore: [
              { value: score, timestamp: '2026-11-10T00:00:00.000Z' },
              { value: score, timestamp: '2026-11-01T00:00:00.000Z' },
              { value: '10', timestamp: '2026-10-01T00:00:00.000Z' },
            ],
          };
    return { properties, history };
  });
}

export async function benchMqlEvaluation(): Promise<BenchResult[]> {
  const file = fileURLToPath(new URL('../config/definitions.yaml', import.meta.url));
  const loaded = await loadDefinitionsFile(file);
  if (!loaded.ok) throw new Error(formatIssues(loaded.error));
  const defs = loaded.value;
  const sample = contacts(1000);
  let qualified = 0;
  const run = (rounds: number) => {
    for (let r = 0; r < rounds; r++) {
      for (const contact of sample) if (evaluateMql(defs, contact, AT).status === 'mql') qualified++;
    }
  };
  run(50); // warm-up: let the JIT settle before measuring
  // The median of several batches: a typical batch, neither the luckiest nor one another process
  // on the shared machine slowed down.
  const rounds = 100;
  const seconds: number[] = [];
  for (let batch = 0; batch < 7; batch++) {
    const started = process.hrtime.bigint();
    run(rounds);
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  if (qualified === 0) throw new Error('no contact qualified: the sample does not exercise the MQL path');
  return [
    {
      name: 'mql evaluation (example definition, varied contacts), median of 7 batches',
      value: Math.round((rounds * sample.length) / median(seconds)),
      unit: 'evaluations/s',
      target: atLeast(200_000),
    },
  ];
}

if (import.meta.main) {
  for (const result of await benchMqlEvaluation()) {
    console.log(formatResult(result));
  }
}
