import {
  BarChart,
  Button,
  DateInput,
  EmptyState,
  ErrorState,
  LoadingSpinner,
  Select,
  TableCell,
  TableRow,
  Text,
  ToggleGroup,
} from '@hubspot/ui-extensions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { textOf } from '../render-card.tsx';
import { emptyFunnel, funnelAll, funnelByChannel } from './marketer-fixtures.ts';
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

const funnelUrl = (query: string) => `${BACKEND_URL}/api/funnel?${query}`;
const THIS_QUARTER = 'from=2026-10-01&to=2026-12-31';

/** Answers the funnel with the fixture that matches the asked grouping. */
function funnelBackend() {
  return fakeMarketerBackend((_path, url) =>
    jsonResponse(
      url.searchParams.get('groupBy') === 'channel'
        ? funnelByChannel({ mode: url.searchParams.get('mode') === 'period' ? 'period' : 'cohort' })
        : funnelAll({ mode: url.searchParams.get('mode') === 'period' ? 'period' : 'cohort' }),
    ),
  );
}

function cells(pages: Pages, testId: string) {
  return pages.find(TableRow, { testId }).findAll(TableCell).map(textOf);
}

async function loaded(pages: Pages, testId = 'funnel-group-all') {
  await pages.waitFor(() => {
    expect(pages.maybeFind(TableRow, { testId })).not.toBeNull();
  });
}

describe('funnel page', () => {
  it('shows a spinner while the funnel of this quarter loads, as a cohort without grouping', async () => {
    const { urls } = hangingBackend();
    const pages = renderPages();

    await vi.waitFor(() => {
      expect(urls).toHaveLength(1);
    });
    expect(urls[0]).toBe(funnelUrl(`${THIS_QUARTER}&mode=cohort&groupBy=none`));
    expect(pages.find(LoadingSpinner).props.label).toBe('読み込み中');
  });

  it('shows the counts per stage in a table and a bar per stage, with the conversion of the cohort', async () => {
    funnelBackend();
    const pages = renderPages();
    await loaded(pages);

    expect(cells(pages, 'funnel-group-all')).toEqual(['全コンタクト', '300', '90', '30', '11', '4']);
    expect(cells(pages, 'funnel-conversion')).toEqual([
      '前段階からの転換率',
      '—',
      '30%',
      '33.3%',
      '36.7%',
      '36.4%',
    ]);
    const chart = pages.find(BarChart, { testId: 'funnel-chart' });
    expect(chart.props.data).toEqual([
      { stage: 'リード', count: 300 },
      { stage: 'MQL', count: 90 },
      { stage: 'SQL', count: 30 },
      { stage: '商談', count: 11 },
      { stage: '受注', count: 4 },
    ]);
    expect(chart.props.axes.x).toEqual({ field: 'stage', fieldType: 'category', label: '段階' });
    expect(chart.props.axes.y).toEqual({ field: 'count', fieldType: 'linear', label: 'コンタクト数' });
  });

  it('explains the cohort in one sentence, and the period once the switch says period, asking again', async () => {
    const { urls } = funnelBackend();
    const pages = renderPages();
    await loaded(pages);

    expect(pages.find(Text, { testId: 'funnel-mode-sentence' }).text).toBe(
      'コホート: 2026/10/01〜2026/12/31 にリードになったコンタクトが、その後どの段階まで進んだかを数えます。',
    );
    change(pages.find(ToggleGroup, { name: 'mode' }), 'period');

    expect(pages.find(Text, { testId: 'funnel-mode-sentence' }).text).toBe(
      '期間: 2026/10/01〜2026/12/31 に起きたことを段階ごとに数えます(各段階は、この期間にその段階に達したコンタクト数)。',
    );
    await vi.waitFor(() => {
      expect(urls).toEqual([
        funnelUrl(`${THIS_QUARTER}&mode=cohort&groupBy=none`),
        funnelUrl(`${THIS_QUARTER}&mode=period&groupBy=none`),
      ]);
    });
    await loaded(pages);
    // Period counts are independent per stage: no conversion row.
    expect(pages.maybeFind(TableRow, { testId: 'funnel-conversion' })).toBeNull();
  });

  it('groups by channel with HubSpot source names, a total row and one bar colour per channel', async () => {
    const { urls } = funnelBackend();
    const pages = renderPages();
    await loaded(pages);

    change(pages.find(Select, { name: 'groupBy' }), 'channel');
    await loaded(pages, 'funnel-group-ORGANIC_SEARCH');

    expect(urls.at(-1)).toBe(funnelUrl(`${THIS_QUARTER}&mode=cohort&groupBy=channel`));
    expect(cells(pages, 'funnel-group-ORGANIC_SEARCH')).toEqual([
      'オーガニック検索',
      '120',
      '40',
      '12',
      '6',
      '2',
    ]);
    expect(cells(pages, 'funnel-group-(none)')).toEqual(['(未設定)', '80', '20', '8', '2', '1']);
    expect(cells(pages, 'funnel-total')).toEqual(['合計', '300', '90', '30', '11', '4']);
    const chart = pages.find(BarChart, { testId: 'funnel-chart' });
    expect(chart.props.axes.options).toEqual({ groupFieldByColor: 'group' });
    expect(chart.props.data).toContainEqual({ stage: '受注', count: 1, group: '有料検索' });
    expect(chart.props.data).toHaveLength(15);
  });

  it('filters to one channel on screen without asking the backend again', async () => {
    const { urls } = funnelBackend();
    const pages = renderPages();
    await loaded(pages);
    change(pages.find(Select, { name: 'groupBy' }), 'channel');
    await loaded(pages, 'funnel-group-ORGANIC_SEARCH');
    const asked = urls.length;

    change(pages.find(Select, { name: 'group' }), 'ORGANIC_SEARCH');

    expect(
      pages.findAll(TableRow, (row) => row.props.testId?.startsWith('funnel-group-') === true),
    ).toHaveLength(1);
    expect(pages.maybeFind(TableRow, { testId: 'funnel-total' })).toBeNull();
    expect(cells(pages, 'funnel-conversion').slice(1, 3)).toEqual(['—', '33.3%']);
    expect(pages.find(BarChart, { testId: 'funnel-chart' }).props.data).toHaveLength(5);
    expect(urls).toHaveLength(asked);
  });

  it('groups by definition version and by month, asking for each grouping', async () => {
    const { urls } = fakeMarketerBackend((_path, url) =>
      jsonResponse(
        url.searchParams.get('groupBy') === 'month'
          ? funnelByChannel({
              groupBy: 'month',
              groups: [
                { key: '2026-10', counts: { lead: 200, mql: 60, sql: 20, opportunity: 8, won: 3 } },
                { key: '2026-11', counts: { lead: 100, mql: 30, sql: 10, opportunity: 3, won: 1 } },
              ],
            })
          : url.searchParams.get('groupBy') === 'definitionVersion'
            ? funnelByChannel({
                groupBy: 'definitionVersion',
                groups: [
                  { key: '(none)', counts: { lead: 210, mql: 0, sql: 0, opportunity: 0, won: 0 } },
                  { key: '2026-11', counts: { lead: 90, mql: 90, sql: 30, opportunity: 11, won: 4 } },
                ],
              })
            : funnelAll(),
      ),
    );
    const pages = renderPages();
    await loaded(pages);

    change(pages.find(Select, { name: 'groupBy' }), 'definitionVersion');
    await loaded(pages, 'funnel-group-2026-11');
    expect(cells(pages, 'funnel-group-2026-11')[0]).toBe('2026-11');
    expect(cells(pages, 'funnel-group-(none)')[0]).toBe('(未設定)');

    change(pages.find(Select, { name: 'groupBy' }), 'month');
    await loaded(pages, 'funnel-group-2026-10');
    expect(cells(pages, 'funnel-group-2026-10')[0]).toBe('2026年10月');
    expect(urls.slice(1)).toEqual([
      funnelUrl(`${THIS_QUARTER}&mode=cohort&groupBy=definitionVersion`),
      funnelUrl(`${THIS_QUARTER}&mode=cohort&groupBy=month`),
    ]);
  });

  it('asks for last quarter, the last 12 months and chosen dates', async () => {
    const { urls } = funnelBackend();
    const pages = renderPages();
    await loaded(pages);

    change(pages.find(Select, { name: 'preset' }), 'lastQuarter');
    await vi.waitFor(() => {
      expect(urls.at(-1)).toBe(funnelUrl('from=2026-07-01&to=2026-09-30&mode=cohort&groupBy=none'));
    });
    change(pages.find(Select, { name: 'preset' }), 'last12Months');
    await vi.waitFor(() => {
      expect(urls.at(-1)).toBe(funnelUrl('from=2025-12-01&to=2026-11-30&mode=cohort&groupBy=none'));
    });
    change(pages.find(DateInput, { name: 'from' }), { year: 2026, month: 0, date: 15 });
    await vi.waitFor(() => {
      expect(urls.at(-1)).toBe(funnelUrl('from=2026-01-15&to=2026-11-30&mode=cohort&groupBy=none'));
    });
    expect(pages.find(Select, { name: 'preset' }).props.value).toBe('custom');
    expect(pages.find(DateInput, { name: 'from' }).props.value).toEqual({ year: 2026, month: 0, date: 15 });
  });

  it('asks nothing while the end date is before the start date, and says why', async () => {
    const { urls } = funnelBackend();
    const pages = renderPages();
    await loaded(pages);

    change(pages.find(DateInput, { name: 'to' }), { year: 2026, month: 8, date: 30 });

    const to = pages.find(DateInput, { name: 'to' });
    expect(to.props.error).toBe(true);
    expect(to.props.validationMessage).toBe('終了日が開始日より前です。');
    expect(pages.maybeFind(TableRow, { testId: 'funnel-group-all' })).toBeNull();
    expect(urls).toHaveLength(1);
  });

  it('says there are no contacts when every count is zero', async () => {
    fakeMarketerBackend(() => jsonResponse(emptyFunnel()));
    const pages = renderPages();

    await pages.waitFor(() => {
      expect(pages.maybeFind(EmptyState)).not.toBeNull();
    });
    expect(pages.find(EmptyState).props.title).toBe('この期間のコンタクトはありません');
    expect(pages.maybeFind(BarChart)).toBeNull();
  });

  it('words a refused signature and loads again on retry', async () => {
    let calls = 0;
    const { urls } = fakeMarketerBackend(() => {
      calls += 1;
      return calls === 1
        ? jsonResponse({ error: { code: 'invalid_signature', message: 'Signature is too old' } }, 401)
        : jsonResponse(funnelAll());
    });
    const pages = renderPages();

    await pages.waitFor(() => {
      expect(pages.maybeFind(ErrorState)).not.toBeNull();
    });
    expect(pages.find(Text, { testId: 'error-words' }).text).toBe(
      'バックエンドが HubSpot の署名を拒否しました。HUBSPOT_CLIENT_SECRET がこのアプリのものでないか、PUBLIC_BASE_URL がプロファイルの BACKEND_URL と異なります。',
    );
    expect(pages.find(Text, { testId: 'error-detail' }).text).toBe('invalid_signature: Signature is too old');
    pages.find(ErrorState).find(Button).trigger('onClick');

    await loaded(pages);
    expect(urls).toHaveLength(2);
  });

  it('words a backend without its client secret (503 not_configured)', async () => {
    fakeMarketerBackend(() =>
      jsonResponse({ error: { code: 'not_configured', message: 'HUBSPOT_CLIENT_SECRET is not set' } }, 503),
    );
    const pages = renderPages();

    await pages.waitFor(() => {
      expect(pages.maybeFind(ErrorState)).not.toBeNull();
    });
    expect(pages.find(Text, { testId: 'error-words' }).text).toBe(
      'バックエンドに HUBSPOT_CLIENT_SECRET が設定されていないため、HubSpot からのリクエストをすべて拒否しています。',
    );
  });

  it('words a profile without BACKEND_URL, without calling anything', async () => {
    const { urls } = funnelBackend();
    const pages = renderPages({ noBackendUrl: true });

    await pages.waitFor(() => {
      expect(pages.maybeFind(ErrorState)).not.toBeNull();
    });
    expect(pages.find(Text, { testId: 'error-words' }).text).toBe(
      'このアプリの HubSpot プロファイルに BACKEND_URL がないため、バックエンドに接続できません。',
    );
    expect(urls).toEqual([]);
  });

  it('words an unreachable backend', async () => {
    fakeMarketerBackend(() => Promise.reject(new Error('connect ECONNREFUSED')));
    const pages = renderPages({ locale: 'en-US' });

    await pages.waitFor(() => {
      expect(pages.maybeFind(ErrorState)).not.toBeNull();
    });
    expect(pages.find(Text, { testId: 'error-words' }).text).toBe(
      "The backend could not be reached (it is down, or HubSpot's 15-second limit ran out).",
    );
    expect(pages.find(Text, { testId: 'error-detail' }).text).toBe('network_error: connect ECONNREFUSED');
  });

  it('speaks English to an English user, with dates and numbers in their format', async () => {
    fakeMarketerBackend(() =>
      jsonResponse(
        funnelAll({
          total: { lead: 3000, mql: 90, sql: 30, opportunity: 11, won: 4 },
          groups: [{ key: 'all', counts: { lead: 3000, mql: 90, sql: 30, opportunity: 11, won: 4 } }],
        }),
      ),
    );
    const pages = renderPages({ locale: 'en-US' });
    await loaded(pages);

    expect(cells(pages, 'funnel-group-all')).toEqual(['All contacts', '3,000', '90', '30', '11', '4']);
    expect(pages.find(Text, { testId: 'funnel-mode-sentence' }).text).toBe(
      'Cohort: the contacts who became leads from Oct 1, 2026 to Dec 31, 2026, and how far each of them has got since.',
    );
  });
});
