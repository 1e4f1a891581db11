// The real App Pages fed by the real backend: the app built in-process on PGlite with the
// hand-counted Q3 fixture played through the real services, each page's hubspot.fetch answered by
// a signed request to the real route. What the pages show here comes from stored data, not from a
// fixture of the response: the notes list, the late-by distribution and the trailing window.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Select, TableCell, TableRow, Text } from '@hubspot/ui-extensions';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FIXTURE_NOW, Q3_CONTACTS } from '../../fixtures/funnel/q3-contacts.ts';
import { createTestDatabase } from '../../helpers/database.ts';
import type { TestDatabase } from '../../helpers/database.ts';
import { seedFunnelFixture } from '../../helpers/funnel-seed.ts';
import { FakeClock, PORTAL_ID, createHarness, signedHeaders } from '../../helpers/harness.ts';
import type { Harness } from '../../helpers/harness.ts';
import { request } from '../../helpers/http.ts';
import { fakeBackend, textOf } from '../render-card.tsx';
import { BACKEND_URL, change, renderPages } from './render-pages.tsx';
import type { Pages } from './render-pages.tsx';

// The kpi example of docs/marketer-views.md, with MQL→SQL read from the trailing cohort.
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

// HubSpot appends the signed identity to the query of every hubspot.fetch from a page.
const IDENTITY = `portalId=${PORTAL_ID}&userId=9&userEmail=marketer%40example.com&appId=4242`;

let test: TestDatabase;
let harness: Harness;
let dir: string;
const clock = new FakeClock(FIXTURE_NOW);
/** Every route the pages asked, as the backend received it, with its status. */
const asked: string[] = [];

beforeAll(async () => {
  test = await createTestDatabase('pglite');
  dir = await mkdtemp(join(tmpdir(), 'pages-real-'));
  const file = join(dir, 'definitions.yaml');
  await writeFile(
    file,
    `${await readFile(new URL('../../../config/definitions.yaml', import.meta.url), 'utf8')}${KPI}`,
  );
  harness = await createHarness({ db: test.db, clock, env: { DEFINITIONS_FILE: file } });
  await seedFunnelFixture(harness.core, clock, Q3_CONTACTS);
  clock.set(FIXTURE_NOW);
}, 120_000);
afterAll(async () => {
  await harness.stop();
  await test.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
  asked.length = 0;
});

/** hubspot.fetch answered by the real app: the page's URL, signed as HubSpot signs it. */
function realBackend() {
  fakeBackend(async (url) => {
    expect(url.startsWith(`${BACKEND_URL}/api/`)).toBe(true);
    const parsed = new URL(url);
    const path = `${parsed.pathname}${parsed.search === '' ? '?' : `${parsed.search}&`}${IDENTITY}`;
    const res = await request(
      harness.app,
      'GET',
      path,
      '',
      signedHeaders('GET', path, '', clock.now().getTime()),
    );
    asked.push(`${res.status} ${parsed.pathname}${parsed.search}`);
    return new Response(res.text, {
      status: res.status,
      headers: { 'Content-Type': res.headers.get('content-type') ?? 'application/json' },
    });
  });
}

function cells(pages: Pages, testId: string) {
  return pages.find(TableRow, { testId }).findAll(TableCell).map(textOf);
}

/** Opens a page at the fixture's "now" and switches its window to last quarter (Q3 2026). */
async function openOnLastQuarter(path: string, ready: (pages: Pages) => void) {
  realBackend();
  const pages = renderPages({ path, now: new Date(FIXTURE_NOW) });
  await pages.waitFor(() => {
    expect(asked).toHaveLength(1);
  });
  change(pages.find(Select, { name: 'preset' }), 'lastQuarter');
  await pages.waitFor(() => {
    ready(pages);
  });
  return pages;
}

describe('marketer pages on the real routes', () => {
  it('lists the reps’ notes of the quarter’s current verdicts, newest first', async () => {
    const pages = await openOnLastQuarter('/feedback', (p) => {
      expect(p.maybeFind(TableRow, { testId: 'note-0' })).not.toBeNull();
    });
    expect(asked).toEqual([
      '200 /api/feedback?from=2026-10-01&to=2026-12-31',
      '200 /api/feedback?from=2026-07-01&to=2026-09-30',
    ]);
    // c11 (10 Sep), c2 (5 Sep, its current accepted verdict), c7 (25 Jul); superseded and blank
    // notes are not listed.
    const rows = ['note-0', 'note-1', 'note-2'].map((id) => cells(pages, id));
    expect(rows.map((row) => row.slice(1))).toEqual([
      ['c11', '却下', '決裁権なし', '担当者に決裁権なし\n部長に再アプローチ', 'rep@example.com'],
      ['c2', '受け入れ(SQL)', '予算・ニーズ確認済み', '来期予算で確定、10月にデモ', 'rep@example.com'],
      ['c7', '却下', '予算なし', '決裁者が予算を凍結', 'rep@example.com'],
    ]);
    // Decided 2026-09-10T03:00Z: noon in Tokyo.
    expect(rows[0]?.[0]).toContain('12:00');
    expect(pages.maybeFind(TableRow, { testId: 'note-3' })).toBeNull();
  });

  it('shows how late the quarter’s late deadlines were, in business hours', async () => {
    const pages = await openOnLastQuarter('/sla', (p) => {
      expect(p.maybeFind(TableRow, { testId: 'late-by-more' })).not.toBeNull();
    });
    expect(asked.at(-1)).toBe('200 /api/sla?from=2026-07-01&to=2026-09-30');
    // Columns: bucket, handoff, verdict. c1's verdict, 3 business hours late, is in "1–4 h"; c5's
    // handoff, open since 1 July, is over 72 h.
    expect(cells(pages, 'late-by-1')).toEqual(['1時間以内', '0', '0']);
    expect(cells(pages, 'late-by-4')).toEqual(['1〜4時間', '0', '1']);
    expect(cells(pages, 'late-by-8')).toEqual(['4〜8時間', '0', '0']);
    expect(cells(pages, 'late-by-72')).toEqual(['24〜72時間', '0', '0']);
    expect(cells(pages, 'late-by-more')).toEqual(['72時間超', '1', '0']);
  });

  it('states the trailing window the KPI tree’s trailing rate was read from', async () => {
    realBackend();
    const pages = renderPages({ path: '/kpi-tree', now: new Date(FIXTURE_NOW), locale: 'en-US' });
    await pages.waitFor(() => {
      expect(pages.maybeFind(Text, { testId: 'kpi-trailing-window' })).not.toBeNull();
    });
    expect(asked).toEqual(['200 /api/kpis/tree?period=2026-Q4']);
    // The last 180 days up to 20 Nov 2026 in Tokyo.
    expect(pages.find(Text, { testId: 'kpi-trailing-window' }).text).toBe(
      'Trailing rates are the conversion of the leads created May 25, 2026 – Nov 20, 2026 (the last 180 days), counted as a cohort.',
    );
    // Of the 7 contacts of that cohort that reached MQL, 5 reached SQL.
    expect(cells(pages, 'kpi-node-mql')[4]).toBe(
      '71.4% to SQL (trailing, from the cohorts of the last 180 days)',
    );
  });
});
