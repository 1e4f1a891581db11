import {
  BarChart,
  EmptyState,
  ErrorState,
  Heading,
  LoadingSpinner,
  StatisticsItem,
  TableCell,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { textOf } from '../render-card.tsx';
import { slaFixture } from './marketer-fixtures.ts';
import {
  BACKEND_URL,
  fakeMarketerBackend,
  hangingBackend,
  jsonResponse,
  renderPages,
} from './render-pages.tsx';
import type { Pages } from './render-pages.tsx';

afterEach(() => {
  vi.restoreAllMocks();
});

function cells(pages: Pages, testId: string) {
  return pages.find(TableRow, { testId }).findAll(TableCell).map(textOf);
}

async function loaded(pages: Pages) {
  await pages.waitFor(() => {
    expect(pages.maybeFind(TableRow, { testId: 'owner-7001-handoff' })).not.toBeNull();
  });
}

const LATE_BY = {
  handoff: [
    { upToHours: 1, count: 1 },
    { upToHours: 4, count: 1 },
    { upToHours: 9, count: 0 },
    { upToHours: null, count: 1 },
  ],
  verdict: [
    { upToHours: 1, count: 0 },
    { upToHours: 4, count: 2 },
    { upToHours: 9, count: 1 },
    { upToHours: null, count: 0 },
  ],
};

describe('SLA page', () => {
  it('shows a spinner while the deadlines of this quarter load', async () => {
    const { urls } = hangingBackend();
    const pages = renderPages({ path: '/sla' });

    await vi.waitFor(() => {
      expect(urls).toEqual([`${BACKEND_URL}/api/sla?from=2026-10-01&to=2026-12-31`]);
    });
    expect(pages.find(LoadingSpinner).props.label).toBe('読み込み中');
  });

  it('counts the handoff and verdict deadlines on time, late, open and breached, with the on-time rate', async () => {
    fakeMarketerBackend(() => jsonResponse(slaFixture()));
    const pages = renderPages({ path: '/sla' });
    await loaded(pages);

    const stat = (testId: string) => pages.find(StatisticsItem, { testId }).props;
    expect(stat('sla-handoff-due')).toMatchObject({ label: '期限数', number: '10' });
    expect(stat('sla-handoff-metOnTime')).toMatchObject({ label: '期限内', number: '6' });
    expect(stat('sla-handoff-metLate')).toMatchObject({ label: '遅延', number: '2' });
    expect(stat('sla-handoff-open')).toMatchObject({ label: '未完了', number: '1' });
    expect(stat('sla-handoff-breachedOpen')).toMatchObject({ label: '期限超過', number: '1' });
    // 6 on time out of the 9 no longer open.
    expect(stat('sla-handoff-rate')).toMatchObject({ label: '期限内率', number: '66.7%' });
    expect(stat('sla-verdict-rate').number).toBe('62.5%');
  });

  it('shows compliance per owner, the contact without owner in words', async () => {
    fakeMarketerBackend(() => jsonResponse(slaFixture()));
    const pages = renderPages({ path: '/sla' });
    await loaded(pages);

    expect(cells(pages, 'owner-7001-verdict')).toEqual([
      '7001',
      '営業の判定',
      '8',
      '5',
      '1',
      '0',
      '2',
      '62.5%',
    ]);
    expect(cells(pages, 'owner-(none)-handoff')).toEqual([
      '担当者なし',
      '営業への引き渡し',
      '2',
      '0',
      '0',
      '1',
      '1',
      '0%',
    ]);
    expect(cells(pages, 'owner-(none)-verdict')).toEqual([
      '担当者なし',
      '営業の判定',
      '0',
      '0',
      '0',
      '0',
      '0',
      '—',
    ]);
  });

  it('shows no late-by distribution while the backend sends none', async () => {
    fakeMarketerBackend(() => jsonResponse(slaFixture()));
    const pages = renderPages({ path: '/sla' });
    await loaded(pages);

    expect(pages.maybeFind(BarChart, { testId: 'late-by-chart' })).toBeNull();
    expect(pages.findAll(Heading).map(textOf)).not.toContain('遅れの幅');
  });

  it('shows how late the late deadlines were when the backend sends the buckets', async () => {
    fakeMarketerBackend(() => jsonResponse(slaFixture({ lateBy: LATE_BY })));
    const pages = renderPages({ path: '/sla' });
    await loaded(pages);

    expect(cells(pages, 'late-by-1')).toEqual(['1時間以内', '1', '0']);
    expect(cells(pages, 'late-by-4')).toEqual(['1〜4時間', '1', '2']);
    expect(cells(pages, 'late-by-more')).toEqual(['9時間超', '1', '0']);
    const chart = pages.find(BarChart, { testId: 'late-by-chart' });
    expect(chart.props.data).toContainEqual({ bucket: '1〜4時間', count: 2, deadline: '営業の判定' });
    expect(chart.props.axes.options).toEqual({ groupFieldByColor: 'deadline' });
  });

  it('says there are no deadlines when none was due', async () => {
    const zero = { due: 0, metOnTime: 0, metLate: 0, open: 0, breachedOpen: 0 };
    fakeMarketerBackend(() => jsonResponse({ handoff: zero, verdict: zero, byOwner: [] }));
    const pages = renderPages({ path: '/sla' });

    await pages.waitFor(() => {
      expect(pages.maybeFind(EmptyState)).not.toBeNull();
    });
    expect(pages.find(EmptyState).props.title).toBe('この期間の期限はありません');
  });

  it('words a backend that serves another portal', async () => {
    fakeMarketerBackend(() =>
      jsonResponse({ error: { code: 'wrong_portal', message: 'Portal 1 is not served' } }, 403),
    );
    const pages = renderPages({ path: '/sla' });

    await pages.waitFor(() => {
      expect(pages.maybeFind(ErrorState)).not.toBeNull();
    });
    expect(pages.find(Text, { testId: 'error-words' }).text).toBe(
      'バックエンドは別の HubSpot アカウント用です(HUBSPOT_PORTAL_ID がこのアカウントではありません)。',
    );
  });

  it('words a backend without its client secret (503 not_configured)', async () => {
    fakeMarketerBackend(() => jsonResponse({ error: { code: 'not_configured', message: 'no secret' } }, 503));
    const pages = renderPages({ path: '/sla' });

    await pages.waitFor(() => {
      expect(pages.maybeFind(ErrorState)).not.toBeNull();
    });
    expect(pages.find(Text, { testId: 'error-words' }).text).toBe(
      'バックエンドに HUBSPOT_CLIENT_SECRET が設定されていないため、HubSpot からのリクエストをすべて拒否しています。',
    );
  });

  it('words a backend that does not have the view yet', async () => {
    fakeMarketerBackend(() =>
      jsonResponse({ error: { code: 'route_not_found', message: 'No route for GET /api/sla.' } }, 404),
    );
    const pages = renderPages({ path: '/sla', locale: 'en-GB' });

    await pages.waitFor(() => {
      expect(pages.maybeFind(ErrorState)).not.toBeNull();
    });
    expect(pages.find(Text, { testId: 'error-words' }).text).toBe(
      'The backend does not have this view yet: update it to a version with the marketer views.',
    );
  });

  it('words an answer without the fields the page reads instead of breaking', async () => {
    fakeMarketerBackend(() => jsonResponse({ verdicts: { accepted: 1 } }));
    const pages = renderPages({ path: '/sla' });

    await pages.waitFor(() => {
      expect(pages.maybeFind(ErrorState)).not.toBeNull();
    });
    expect(pages.find(Text, { testId: 'error-words' }).text).toBe(
      'バックエンドの応答がこの画面の読める形ではありません(JSON でないか、別バージョンの形です)。',
    );
  });
});
