// Two backend instances on one PostgreSQL, each with its own pool, job queue, workers and HubSpot
// limiter, take 2,000 signed verdicts between them; the local fake HubSpot allows 100 calls per
// rolling 10 s. Every verdict must land, latest-wins, with no 429 and near-perfect batching.
import { describe, expect, it } from 'vitest';
import { runVerdictBurst } from '../../bench/verdict-write-back.bench.ts';
import { POSTGRES_URL } from '../helpers/database.ts';

const VERDICTS = 2_000;

describe.skipIf(POSTGRES_URL === undefined)('two backend instances on one PostgreSQL', () => {
  it('write 2,000 verdicts to HubSpot: all written, in order, zero 429s, at most 1.1 × 20 calls', async () => {
    const outcome = await runVerdictBurst({
      verdicts: VERDICTS,
      instances: 2,
      databaseUrl: POSTGRES_URL ?? '',
      concurrency: 16,
    });
    expect(outcome).toMatchObject({ verdicts: VERDICTS, refused: 0, rateLimited: 0, lost: 0, outOfOrder: 0 });
    expect(outcome.updateCalls).toBeLessThanOrEqual(1.1 * Math.ceil(VERDICTS / 100));
  }, 600_000);
});
