import { expect, it } from 'vitest';
import { meetsTarget } from '../../bench/bench-result.ts';
import { benchSalesforceOutbox } from '../../bench/salesforce-outbox.bench.ts';

// The benchmark's own judgement, on a smaller count: 1,000 changes through the outbox reach the
// fake Salesforce (which refuses more than 200 records a request) in ceil(1000/200) = 5
// collections requests, and a second change of each in 5 requests in all.
it('writes outbox rows to Salesforce in collections requests of at most 200, at the floor', async () => {
  const results = await benchSalesforceOutbox(1_000);
  expect(results.map((r) => [r.value, meetsTarget(r)])).toEqual([
    [5, true],
    [200, true],
    [expect.any(Number), null],
    [5, true],
  ]);
}, 120_000);
