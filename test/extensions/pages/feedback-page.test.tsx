import {
  EmptyState,
  ErrorState,
  Heading,
  LoadingSpinner,
  Select,
  StatisticsItem,
  TableCell,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { textOf } from '../render-card.tsx';
import { feedbackFixture, slaFixture } from './marketer-fixtures.ts';
import {
  BACKEND_URL,
  change,
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
    expect(pages.maybeFind(TableRow, { testId: 'reason-no-budget' })).not.toBeNull();
  });
}

const NOTES = [
  {
    contactId: '501',
    verdict: 'rejected' as const,
    reasonCode: 'no-budget',
    note: '来期予算で再検討',
    decidedAt: '2026-11-10T01:30:00.000Z',
    decidedBy: 'rep@example.com',
  },
  {
    contactId: '502',
    verdict: 'recycled' as const,
    reasonCode: 'retired-code',
    note: '半年後に再接触',
    decidedAt: '2026-11-09T08:00:00.000Z',
    decidedBy: null,
  },
];

describe('feedback page', () => {
  it('shows a spinner while the feedback of this quarter loads', async () => {
    const { urls } = hangingBackend();
    const pages = renderPages({ path: '/feedback' });

    await vi.waitFor(() => {
      expect(urls).toEqual([`${BACKEND_URL}/api/feedback?from=2026-10-01&to=2026-12-31`]);
    });
    expect(pages.find(LoadingSpinner).props.label).toBe('読み込み中');
  });

  it('totals the verdicts with the rejection rate', async () => {
    fakeMarketerBackend(() => jsonResponse(feedbackFixture()));
    const pages = renderPages({ path: '/feedback' });
    await loaded(pages);

    const stat = (testId: string) => pages.find(StatisticsItem, { testId }).props;
    expect(stat('verdicts-accepted')).toMatchObject({ label: '受け入れ(SQL)', number: '3' });
    expect(stat('verdicts-rejected')).toMatchObject({ label: '却下', number: '5' });
    expect(stat('verdicts-recycled')).toMatchObject({ label: 'ナーチャリングへ戻す', number: '1' });
    expect(stat('verdicts-rejection-rate')).toMatchObject({ label: '却下率', number: '55.6%' });
  });

  it("lists every reason with the definition's label and its verdict, zero counts included", async () => {
    fakeMarketerBackend(() => jsonResponse(feedbackFixture()));
    const pages = renderPages({ path: '/feedback' });
    await loaded(pages);

    expect(cells(pages, 'reason-no-budget')).toEqual(['予算なし', '却下', '2']);
    expect(cells(pages, 'reason-wrong-company-size')).toEqual(['企業規模が対象外', '却下', '0']);
    expect(cells(pages, 'reason-budget-confirmed')).toEqual(['予算・ニーズ確認済み', '受け入れ(SQL)', '3']);
    expect(pages.find(TableRow, { testId: 'reason-no-budget' }).find(Tag).props.variant).toBe('error');
  });

  it("reads rejections per condition with the condition's label and its share of all rejections", async () => {
    fakeMarketerBackend(() => jsonResponse(feedbackFixture()));
    const pages = renderPages({ path: '/feedback' });
    await loaded(pages);

    expect(cells(pages, 'condition-score')).toEqual(['リードスコア60以上', '2', '40%']);
    expect(cells(pages, 'condition-role')).toEqual(['課長職以上', '1', '20%']);
    expect(cells(pages, 'condition-industry')).toEqual(['ターゲット業種', '0', '0%']);
  });

  it('shows the verdicts per channel with the rejection rate of each', async () => {
    fakeMarketerBackend(() => jsonResponse(feedbackFixture()));
    const pages = renderPages({ path: '/feedback' });
    await loaded(pages);

    expect(cells(pages, 'channel-ORGANIC_SEARCH')).toEqual(['オーガニック検索', '1', '2', '0', '66.7%']);
    expect(cells(pages, 'channel-PAID_SEARCH')).toEqual(['有料検索', '2', '2', '1', '40%']);
    expect(cells(pages, 'channel-(none)')).toEqual(['(未設定)', '0', '1', '0', '100%']);
  });

  it('shows no notes section while the backend sends no notes', async () => {
    fakeMarketerBackend(() => jsonResponse(feedbackFixture()));
    const pages = renderPages({ path: '/feedback' });
    await loaded(pages);

    expect(pages.findAll(Heading).map(textOf)).not.toContain('営業のメモ');
    expect(pages.maybeFind(TableRow, { testId: 'note-0' })).toBeNull();
  });

  it('lists the notes when the backend sends them, with the reason label and the time in the portal zone', async () => {
    fakeMarketerBackend(() => jsonResponse(feedbackFixture({ notes: NOTES })));
    const pages = renderPages({ path: '/feedback' });
    await loaded(pages);

    expect(pages.findAll(Heading).map(textOf)).toContain('営業のメモ');
    expect(cells(pages, 'note-0')).toEqual([
      '2026/11/10 10:30',
      '501',
      '却下',
      '予算なし',
      '来期予算で再検討',
      'rep@example.com',
    ]);
    // A reason no longer in the definition is shown by its code; a verdict without a decider's
    // e-mail says so with a dash.
    expect(cells(pages, 'note-1')[3]).toBe('retired-code');
    expect(cells(pages, 'note-1')[5]).toBe('—');
  });

  it('says so when the backend sends an empty notes list', async () => {
    fakeMarketerBackend(() => jsonResponse(feedbackFixture({ notes: [] })));
    const pages = renderPages({ path: '/feedback' });
    await loaded(pages);

    expect(pages.find(Text, { testId: 'notes-none' }).text).toBe('この期間の判定にメモはありません。');
  });

  it('asks for the window chosen, shared with the other pages', async () => {
    const { urls } = fakeMarketerBackend((path) =>
      jsonResponse(path === '/api/sla' ? slaFixture() : feedbackFixture()),
    );
    const pages = renderPages({ path: '/feedback' });
    await loaded(pages);

    change(pages.find(Select, { name: 'preset' }), 'lastQuarter');

    await vi.waitFor(() => {
      expect(urls.at(-1)).toBe(`${BACKEND_URL}/api/feedback?from=2026-07-01&to=2026-09-30`);
    });
    pages.mocks.setPageLocation({ path: '/sla', params: {} });
    await pages.waitFor(() => {
      expect(pages.maybeFind(TableRow, { testId: 'owner-7001-handoff' })).not.toBeNull();
    });
    expect(urls.at(-1)).toBe(`${BACKEND_URL}/api/sla?from=2026-07-01&to=2026-09-30`);
    expect(pages.find(Select, { name: 'preset' }).props.value).toBe('lastQuarter');
  });

  it('says there are no verdicts when every total is zero', async () => {
    fakeMarketerBackend(() =>
      jsonResponse(
        feedbackFixture({
          verdicts: { accepted: 0, rejected: 0, recycled: 0 },
          byChannel: [],
          byReason: feedbackFixture().byReason.map((reason) => ({ ...reason, count: 0 })),
          byCondition: feedbackFixture().byCondition.map((condition) => ({ ...condition, rejections: 0 })),
        }),
      ),
    );
    const pages = renderPages({ path: '/feedback' });

    await pages.waitFor(() => {
      expect(pages.maybeFind(EmptyState)).not.toBeNull();
    });
    expect(pages.find(EmptyState).props.title).toBe('この期間の判定はありません');
  });

  it('words a failure of the backend', async () => {
    fakeMarketerBackend(() =>
      jsonResponse({ error: { code: 'internal', message: 'Something went wrong on our side' } }, 500),
    );
    const pages = renderPages({ path: '/feedback' });

    await pages.waitFor(() => {
      expect(pages.maybeFind(ErrorState)).not.toBeNull();
    });
    expect(pages.find(Text, { testId: 'error-words' }).text).toBe(
      'バックエンドでこの画面の集計に失敗しました。詳細はバックエンドのログにあります。',
    );
  });

  it('words a backend without its client secret (503 not_configured)', async () => {
    fakeMarketerBackend(() => jsonResponse({ error: { code: 'not_configured', message: 'no secret' } }, 503));
    const pages = renderPages({ path: '/feedback', locale: 'en' });

    await pages.waitFor(() => {
      expect(pages.maybeFind(ErrorState)).not.toBeNull();
    });
    expect(pages.find(Text, { testId: 'error-words' }).text).toBe(
      'The backend has no HUBSPOT_CLIENT_SECRET, so it refuses every request from HubSpot.',
    );
  });
});
