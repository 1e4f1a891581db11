import {
  Alert,
  EmptyState,
  ErrorState,
  LoadingSpinner,
  ProgressBar,
  Select,
  StatisticsItem,
  StatusTag,
  TableCell,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { textOf } from '../render-card.tsx';
import { kpiTreeFixture } from './marketer-fixtures.ts';
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

const treeUrl = (period: string) => `${BACKEND_URL}/api/kpis/tree?period=${period}`;

function cells(pages: Pages, testId: string) {
  return pages.find(TableRow, { testId }).findAll(TableCell).map(textOf);
}

async function loaded(pages: Pages) {
  await pages.waitFor(() => {
    expect(pages.maybeFind(TableRow, { testId: 'kpi-node-won' })).not.toBeNull();
  });
}

describe('KPI tree page', () => {
  it('shows a spinner while the tree of this quarter loads', async () => {
    const { urls } = hangingBackend();
    const pages = renderPages({ path: '/kpi-tree' });

    await vi.waitFor(() => {
      expect(urls).toEqual([treeUrl('2026-Q4')]);
    });
    expect(pages.find(LoadingSpinner).props.label).toBe('読み込み中');
  });

  it('puts the KGI on top: target against actual in its currency, how much is attained, and where the actual comes from', async () => {
    fakeMarketerBackend(() => jsonResponse(kpiTreeFixture()));
    const pages = renderPages({ path: '/kpi-tree' });
    await loaded(pages);

    expect(pages.find(Text, { testId: 'kpi-period' }).text).toBe('2026年 第4四半期 · 2026/10/01〜2026/12/31');
    expect(pages.find(StatisticsItem, { testId: 'kgi-target' }).props).toMatchObject({
      label: '目標',
      number: '￥120,000,000',
    });
    expect(pages.find(StatisticsItem, { testId: 'kgi-actual' }).props.number).toBe('￥36,000,000');
    expect(pages.find(StatisticsItem, { testId: 'kgi-attainment' }).props.number).toBe('30%');
    expect(pages.find(ProgressBar).props).toMatchObject({ value: 36_000_000, maxValue: 120_000_000 });
    expect(pages.find(Text, { testId: 'kgi-source' }).text).toBe('実績は推定値です: 受注数 × 平均受注額。');
  });

  it('runs from won down to lead, each stage with required against actual, the gap and the rate used', async () => {
    fakeMarketerBackend(() =>
      jsonResponse(kpiTreeFixture({ trailing: { from: '2026-05-20', to: '2026-11-15', days: 180 } })),
    );
    const pages = renderPages({ path: '/kpi-tree' });
    await loaded(pages);

    const rows = pages.findAll(TableRow, (row) => row.props.testId?.startsWith('kpi-node-') === true);
    expect(rows.map((row) => row.props.testId)).toEqual([
      'kpi-node-won',
      'kpi-node-opportunity',
      'kpi-node-sql',
      'kpi-node-mql',
      'kpi-node-lead',
    ]);
    expect(cells(pages, 'kpi-node-won')).toEqual(['受注', '40', '12', '28 不足', '—']);
    expect(cells(pages, 'kpi-node-opportunity')).toEqual([
      '商談',
      '134',
      '30',
      '104 不足',
      '受注へ 30%(固定値)',
    ]);
    expect(cells(pages, 'kpi-node-mql')).toEqual([
      'MQL',
      '670',
      '700',
      '+30 超過',
      'SQLへ 40%(実績値、直近180日のコホートから算出)',
    ]);
    expect(cells(pages, 'kpi-node-lead')).toEqual(['リード', '2,680', '2,680', '達成', 'MQLへ 25%(固定値)']);
    expect(pages.find(StatusTag, { testId: 'kpi-gap-won' }).props.variant).toBe('danger');
    expect(pages.find(StatusTag, { testId: 'kpi-gap-mql' }).props.variant).toBe('success');
    // A rate is trailing: the window it was read from is stated on screen.
    expect(pages.find(Text, { testId: 'kpi-trailing-window' }).text).toBe(
      '実績値の転換率は、2026/05/20〜2026/11/15(直近180日)に作成されたリードのコホートの転換率です。',
    );
  });

  it('shows a requirement that cannot be worked back as such, not as a number', async () => {
    const fixture = kpiTreeFixture({ trailing: { from: '2026-05-20', to: '2026-11-15', days: 180 } });
    fixture.nodes = fixture.nodes.map((node) =>
      node.stage === 'mql' || node.stage === 'lead'
        ? { ...node, required: null, ...(node.stage === 'mql' ? { rate: null } : {}) }
        : node,
    );
    fakeMarketerBackend(() => jsonResponse(fixture));
    const pages = renderPages({ path: '/kpi-tree', locale: 'en-US' });
    await loaded(pages);

    expect(cells(pages, 'kpi-node-mql').slice(1, 4)).toEqual([
      '—',
      '700',
      'Cannot be worked back: a trailing rate above it converted nobody.',
    ]);
    expect(cells(pages, 'kpi-node-lead')[1]).toBe('—');
    expect(pages.find(Text, { testId: 'kpi-trailing-window' }).text).toBe(
      'Trailing rates are the conversion of the leads created May 20, 2026 – Nov 15, 2026 (the last 180 days), counted as a cohort.',
    );
  });

  it('states a trailing rate without its window when the backend does not send it', async () => {
    fakeMarketerBackend(() => jsonResponse(kpiTreeFixture()));
    const pages = renderPages({ path: '/kpi-tree', locale: 'en-US' });
    await loaded(pages);

    expect(cells(pages, 'kpi-node-mql')[4]).toBe('40% to SQL (trailing, from recent cohorts)');
    expect(pages.maybeFind(Text, { testId: 'kpi-trailing-window' })).toBeNull();
    expect(cells(pages, 'kpi-node-won')[3]).toBe('28 short');
    expect(pages.find(StatisticsItem, { testId: 'kgi-target' }).props.number).toBe('¥120,000,000');
  });

  it('says where the actual comes from when it sums Salesforce amounts', async () => {
    fakeMarketerBackend(() =>
      jsonResponse(
        kpiTreeFixture({
          kgi: { revenueTarget: 90_000, currency: 'USD', revenueActual: 120_000, revenueSource: 'amounts' },
        }),
      ),
    );
    const pages = renderPages({ path: '/kpi-tree', locale: 'en-US' });
    await loaded(pages);

    expect(pages.find(StatisticsItem, { testId: 'kgi-actual' }).props.number).toBe('$120,000.00');
    expect(pages.find(StatisticsItem, { testId: 'kgi-attainment' }).props.number).toBe('133.3%');
    expect(pages.find(ProgressBar).props.variant).toBe('success');
    expect(pages.find(Text, { testId: 'kgi-source' }).text).toBe(
      'Actual: the sum of the won Salesforce opportunities.',
    );
  });

  it('asks for a month, and for the month chosen, once the target is per month', async () => {
    const { urls } = fakeMarketerBackend(() => jsonResponse(kpiTreeFixture()));
    const pages = renderPages({ path: '/kpi-tree' });
    await loaded(pages);

    change(pages.find(Select, { name: 'periodKind' }), 'month');
    await vi.waitFor(() => {
      expect(urls.at(-1)).toBe(treeUrl('2026-11'));
    });
    const options = pages.find(Select, { name: 'period' }).props.options;
    expect(options.slice(0, 3)).toEqual([
      { label: '2026年12月', value: '2026-12' },
      { label: '2026年11月', value: '2026-11' },
      { label: '2026年10月', value: '2026-10' },
    ]);
    change(pages.find(Select, { name: 'period' }), '2026-10');
    await vi.waitFor(() => {
      expect(urls.at(-1)).toBe(treeUrl('2026-10'));
    });
    change(pages.find(Select, { name: 'periodKind' }), 'year');
    await vi.waitFor(() => {
      expect(urls.at(-1)).toBe(treeUrl('2026'));
    });
  });

  it('tells how to add the kpi section when the backend has none (404 not_configured)', async () => {
    fakeMarketerBackend(() =>
      jsonResponse(
        {
          error: {
            code: 'not_configured',
            message: 'The definitions have no kpi section, so there is no KPI tree.',
          },
        },
        404,
      ),
    );
    const pages = renderPages({ path: '/kpi-tree' });

    await pages.waitFor(() => {
      expect(pages.maybeFind(EmptyState, { testId: 'kpi-not-configured' })).not.toBeNull();
    });
    const message = pages.find(EmptyState, { testId: 'kpi-not-configured' });
    expect(message.props.title).toBe('KPI 目標がまだありません');
    const text = textOf(message);
    expect(text).toContain('config/definitions.yaml');
    expect(text).toContain('kpi:');
    expect(text).toContain('revenueTarget: 120000000');
    expect(text).toContain('バックエンドを再起動');
    expect(pages.maybeFind(ErrorState)).toBeNull();
  });

  it('words a period of the wrong kind and says which filter to change', async () => {
    fakeMarketerBackend(() =>
      jsonResponse(
        {
          error: {
            code: 'invalid_request',
            message:
              'Invalid query: period: the revenue target is per month, so ask for a month (e.g. 2026-11).',
          },
        },
        400,
      ),
    );
    const pages = renderPages({ path: '/kpi-tree' });

    await pages.waitFor(() => {
      expect(pages.maybeFind(ErrorState)).not.toBeNull();
    });
    expect(pages.find(Text, { testId: 'error-words' }).text).toBe(
      'バックエンドがこの画面の絞り込み条件を受け付けませんでした。',
    );
    expect(pages.find(Text, { testId: 'error-hint' }).text).toBe(
      '売上目標は一種類の期間に対して設定されています。「目標の単位」で選んでください。',
    );
    expect(pages.find(Text, { testId: 'error-detail' }).text).toContain('the revenue target is per month');
  });

  it('words a profile without BACKEND_URL as an error, not as a missing kpi section', async () => {
    fakeMarketerBackend(() => jsonResponse(kpiTreeFixture()));
    const pages = renderPages({ path: '/kpi-tree', noBackendUrl: true });

    await pages.waitFor(() => {
      expect(pages.maybeFind(ErrorState)).not.toBeNull();
    });
    expect(pages.maybeFind(EmptyState, { testId: 'kpi-not-configured' })).toBeNull();
  });

  it('says nothing has happened yet when every actual is zero', async () => {
    const tree = kpiTreeFixture();
    fakeMarketerBackend(() =>
      jsonResponse({
        ...tree,
        kgi: { ...tree.kgi, revenueActual: 0 },
        nodes: tree.nodes.map((node) => ({ ...node, actual: 0 })),
      }),
    );
    const pages = renderPages({ path: '/kpi-tree' });
    await loaded(pages);

    expect(pages.find(Alert, { testId: 'kpi-no-activity' }).props.title).toBe(
      'この期間にはまだ動きがありません。実績はすべて 0 です。',
    );
    expect(cells(pages, 'kpi-node-won')[3]).toBe('40 不足');
  });
});
