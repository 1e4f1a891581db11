import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FeedbackSummary } from '../../src/domain/feedback.ts';
import type { FunnelCounts } from '../../src/domain/funnel.ts';
import type { SlaSummary } from '../../src/domain/sla-compliance.ts';
import { FIXTURE_NOW, Q3_CONTACTS } from '../fixtures/funnel/q3-contacts.ts';
import { createTestDatabase, describeEachStorage } from '../helpers/database.ts';
import type { TestDatabase } from '../helpers/database.ts';
import { seedFunnelFixture } from '../helpers/funnel-seed.ts';
import { FakeClock, PORTAL_ID, createHarness, signedHeaders } from '../helpers/harness.ts';
import type { Harness } from '../helpers/harness.ts';
import { request } from '../helpers/http.ts';

// The example queries of docs/bi-views.md, run as written against the views, give the routes'
// numbers: the documentation cannot drift from the product.
const DOC = await readFile(new URL('../../docs/bi-views.md', import.meta.url), 'utf8');
const QUERIES = [...DOC.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
const [, COHORT_BY_CHANNEL, QUALIFICATIONS_BY_MONTH, FEEDBACK_BY_REASON, SLA_BY_OWNER] = QUERIES;

const Q3 = 'from=2026-07-01&to=2026-09-30';

describeEachStorage('BI views', (kind) => {
  let test: TestDatabase;
  let harness: Harness;
  const clock = new FakeClock(FIXTURE_NOW);

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    harness = await createHarness({ db: test.db, clock });
    await seedFunnelFixture(harness.core, clock, Q3_CONTACTS);
    clock.set(FIXTURE_NOW);
  });
  afterAll(async () => {
    await harness.stop();
    await test.close();
  });

  async function route<T>(path: string, query: string): Promise<T> {
    const url = `${path}?${query}&portalId=${PORTAL_ID}`;
    const res = await request(
      harness.app,
      'GET',
      url,
      '',
      signedHeaders('GET', url, '', clock.now().getTime()),
    );
    expect(res.status).toBe(200);
    return res.json as T;
  }

  async function run(sql: string | undefined) {
    if (!sql) throw new Error('docs/bi-views.md lost an example query');
    // The doc reads "now" as now(); the routes here run on the fixture's clock.
    return (await test.db.query(sql.replaceAll('now()', `'${clock.now().toISOString()}'::timestamptz`))).rows;
  }

  it('documents four example queries', () => {
    expect(QUERIES).toHaveLength(5);
  });

  it('counts the cohort funnel by channel as /api/funnel does', async () => {
    const funnel = await route<FunnelCounts>('/api/funnel', `${Q3}&groupBy=channel`);
    const rows = (await run(COHORT_BY_CHANNEL)).sort((a, b) =>
      String(a['channel']) < String(b['channel']) ? -1 : 1,
    );
    expect(rows.map((r) => ({ key: r['channel'] as string, counts: { ...r, channel: undefined } }))).toEqual(
      funnel.groups.map((g) => ({ key: g.key, counts: { ...g.counts, channel: undefined } })),
    );
  });

  it('lists qualification episodes by month and version, the first ones matching the period mql counts', async () => {
    const rows = await run(QUALIFICATIONS_BY_MONTH);
    expect(rows).toEqual([
      { month: '2026-07', definition_version: '2026-07', qualifications: 4, requalifications: 0 },
      { month: '2026-08', definition_version: '2026-07', qualifications: 1, requalifications: 0 },
      { month: '2026-08', definition_version: '2026-08', qualifications: 1, requalifications: 0 },
      { month: '2026-09', definition_version: '2026-07', qualifications: 1, requalifications: 0 },
    ]);
    const period = await route<FunnelCounts>('/api/funnel', `${Q3}&mode=period&groupBy=month`);
    for (const group of period.groups) {
      const inMonth = rows
        .filter((r) => r['month'] === group.key)
        .reduce((n, r) => n + Number(r['qualifications']), 0);
      expect(inMonth).toBe(group.counts.mql);
    }
    const all = await run(
      QUALIFICATIONS_BY_MONTH?.replace("'2026-10-01 00:00 Asia/Tokyo'", "'2026-11-01 00:00 Asia/Tokyo'"),
    );
    expect(all).toContainEqual({
      month: '2026-10',
      definition_version: '2026-10',
      qualifications: 1,
      requalifications: 1,
    });
  });

  it('counts current verdicts by reason as /api/feedback does', async () => {
    const feedback = await route<FeedbackSummary>('/api/feedback', Q3);
    const rows = await run(FEEDBACK_BY_REASON);
    const fromView = rows.map(
      (r) => `${String(r['verdict'])}:${String(r['reason_code'])}=${String(r['verdicts'])}`,
    );
    const fromRoute = feedback.byReason
      .filter((r) => r.count > 0)
      .map((r) => `${r.verdict}:${r.code}=${r.count}`);
    expect(fromView.sort()).toEqual(fromRoute.sort());
  });

  it('classifies deadlines by owner as /api/sla does, read at the same instant', async () => {
    // bi_deadlines reads open/breached at the query's now(): ask the route at the database's now.
    const { rows: clockRows } = await test.db.query<{ now: Date }>('SELECT now() AS now');
    clock.set(clockRows[0]?.now ?? new Date());
    const sla = await route<SlaSummary>('/api/sla', Q3);
    const rows = await test.db.query(SLA_BY_OWNER ?? '');
    const fromView = rows.rows.map((r) => ({
      ownerId: r['owner_id'] as string,
      kind: r['kind'] as 'handoff' | 'verdict',
      counts: {
        due: Number(r['due']),
        metOnTime: Number(r['met_on_time']),
        metLate: Number(r['met_late']),
        open: Number(r['open']),
        breachedOpen: Number(r['breached_open']),
      },
    }));
    const fromRoute = sla.byOwner.flatMap((o) =>
      (['handoff', 'verdict'] as const)
        .filter((k) => o[k].due > 0)
        .map((k) => ({ ownerId: o.ownerId, kind: k, counts: o[k] })),
    );
    // ORDER BY follows the database's collation; the route sorts by code unit.
    const key = (row: { ownerId: string; kind: string }) => `${row.ownerId}/${row.kind}`;
    const byKey = (a: { ownerId: string; kind: string }, b: { ownerId: string; kind: string }) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
    expect(fromView.sort(byKey)).toEqual(fromRoute.sort(byKey));
    clock.set(FIXTURE_NOW);
  });
});
