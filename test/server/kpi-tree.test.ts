import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordOpportunities } from '../../src/services/record-opportunities.ts';
import { FIXTURE_NOW, Q3_CONTACTS } from '../fixtures/funnel/q3-contacts.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { seedFunnelFixture } from '../helpers/funnel-seed.ts';
import { FakeClock, PORTAL_ID, createHarness, signedHeaders } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';

// The contract's kpi example, with MQL→SQL read from the trailing cohort.
const KPI = `
kpi:
  period: quarter
  revenueTarget: 120000000
  currency: JPY
  averageDealSize: 3000000
  rates:
    leadToMql: 0.25
    mqlToSql: trailing
    sqlToOpportunity: 0.5
    opportunityToWon: 0.3
  trailingDays: 180
`;

function errorOf(json: unknown): { code?: string; message?: string } | undefined {
  return (json as { error?: { code?: string; message?: string } } | null)?.error;
}

describeEachStorage('GET /api/kpis/tree', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  let dir: string;
  const clock = new FakeClock(FIXTURE_NOW);

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    dir = await mkdtemp(join(tmpdir(), 'kpi-'));
    const file = join(dir, 'definitions.yaml');
    await writeFile(
      file,
      `${await readFile(new URL('../../config/definitions.yaml', import.meta.url), 'utf8')}${KPI}`,
    );
    harness = await createHarness({ db: test.db, clock, env: { DEFINITIONS_FILE: file } });
    await seedFunnelFixture(harness.core, clock, Q3_CONTACTS);
    clock.set(FIXTURE_NOW);
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function get(query: string) {
    const url = `/api/kpis/tree?${query}&portalId=${PORTAL_ID}&userId=9&appId=4242`;
    return request(harness.app, 'GET', url, '', signedHeaders('GET', url, '', clock.now().getTime()));
  }

  it('back-calculates the quarter from the target against the period actuals', async () => {
    const res = await get('period=2026-Q3');
    expect(res.status).toBe(200);
    // Trailing 180 days to 2026-11-20 (Tokyo): c1–c9 were created then; 7 reached MQL, 5 of them SQL.
    expect(res.json).toEqual({
      period: '2026-Q3',
      from: '2026-07-01',
      to: '2026-09-30',
      // Two won in Q3 (c1, c7); c1 has no opportunity Amount, so the revenue is 2 × 3,000,000.
      kgi: {
        revenueTarget: 120_000_000,
        currency: 'JPY',
        revenueActual: 6_000_000,
        revenueSource: 'estimate',
      },
      nodes: [
        { stage: 'won', required: 40, actual: 2, rate: null, rateSource: null },
        { stage: 'opportunity', required: 134, actual: 4, rate: 0.3, rateSource: 'fixed' },
        { stage: 'sql', required: 268, actual: 5, rate: 0.5, rateSource: 'fixed' },
        // ⌈268 × 7 / 5⌉ = ⌈375.2⌉
        { stage: 'mql', required: 376, actual: 7, rate: 5 / 7, rateSource: 'trailing' },
        { stage: 'lead', required: 1504, actual: 7, rate: 0.25, rateSource: 'fixed' },
      ],
      trailing: { from: '2026-05-25', to: '2026-11-20', days: 180 },
    });
  });

  it('refuses a period of another kind than the target’s, naming the parameter', async () => {
    for (const period of ['2026-09', '2026']) {
      const res = await get(`period=${period}`);
      expect(res.status).toBe(400);
      expect(errorOf(res.json)).toEqual({
        code: 'invalid_request',
        message:
          'Invalid query: period: the revenue target is per quarter, so ask for a quarter (e.g. 2026-Q4).',
      });
    }
    const missing = await get('format=csv');
    expect(missing.status).toBe(400);
    expect(errorOf(missing.json)?.message).toBe('Invalid query: period: is required.');
  });

  it('answers CSV, one row per stage with the KGI', async () => {
    const res = await get('period=2026-Q3&format=csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = res.text.split('\r\n');
    expect(lines[0]).toBe(
      'period,from,to,currency,revenue_target,revenue_actual,revenue_source,stage,required,actual,rate,rate_source',
    );
    expect(lines[1]).toBe('2026-Q3,2026-07-01,2026-09-30,JPY,120000000,6000000,estimate,won,40,2,,');
    expect(lines[4]).toBe(
      `2026-Q3,2026-07-01,2026-09-30,JPY,120000000,6000000,estimate,mql,376,7,${5 / 7},trailing`,
    );
    expect(lines).toHaveLength(7);
  });

  it('sums the won opportunities’ Amounts once every won contact has one', async () => {
    await recordOpportunities(harness.core, PORTAL_ID, 'salesforce', [
      {
        id: '006A000000c1',
        contactId: 'c1',
        createdAt: new Date('2026-08-01T00:00:00Z'),
        isWon: true,
        closeDate: '2026-09-10',
        amount: 4_000_000,
      },
    ]);
    const res = await get('period=2026-Q3');
    expect((res.json as { kgi: unknown }).kgi).toEqual({
      revenueTarget: 120_000_000,
      currency: 'JPY',
      revenueActual: 9_000_000,
      revenueSource: 'amounts',
    });
  });
});
