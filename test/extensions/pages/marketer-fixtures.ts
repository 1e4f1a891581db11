import type { FeedbackDto, FunnelDto, KpiTreeDto, SlaDto } from '../../../extensions/shared/dto.ts';

// The four marketer views in the documented exact shapes and example numbers, with the
// Japanese labels of config/definitions.yaml.

/** `/api/funnel` by channel, as the contract's example (the groups add up to the total). */
export function funnelByChannel(overrides: Partial<FunnelDto> = {}): FunnelDto {
  return {
    mode: 'cohort',
    groupBy: 'channel',
    from: '2026-10-01',
    to: '2026-12-31',
    timezone: 'Asia/Tokyo',
    stages: ['lead', 'mql', 'sql', 'opportunity', 'won'],
    groups: [
      { key: '(none)', counts: { lead: 80, mql: 20, sql: 8, opportunity: 2, won: 1 } },
      { key: 'ORGANIC_SEARCH', counts: { lead: 120, mql: 40, sql: 12, opportunity: 6, won: 2 } },
      { key: 'PAID_SEARCH', counts: { lead: 100, mql: 30, sql: 10, opportunity: 3, won: 1 } },
    ],
    total: { lead: 300, mql: 90, sql: 30, opportunity: 11, won: 4 },
    ...overrides,
  };
}

/** `/api/funnel` with `groupBy=none`: the one group `all`. */
export function funnelAll(overrides: Partial<FunnelDto> = {}): FunnelDto {
  const total = { lead: 300, mql: 90, sql: 30, opportunity: 11, won: 4 };
  return funnelByChannel({ groupBy: 'none', groups: [{ key: 'all', counts: total }], total, ...overrides });
}

export function emptyFunnel(): FunnelDto {
  const total = { lead: 0, mql: 0, sql: 0, opportunity: 0, won: 0 };
  return funnelAll({ groups: [{ key: 'all', counts: total }], total });
}

export function feedbackFixture(overrides: Partial<FeedbackDto> = {}): FeedbackDto {
  return {
    from: '2026-10-01',
    to: '2026-12-31',
    verdicts: { accepted: 3, rejected: 5, recycled: 1 },
    byReason: [
      { code: 'budget-confirmed', label: '予算・ニーズ確認済み', verdict: 'accepted', count: 3 },
      { code: 'no-budget', label: '予算なし', verdict: 'rejected', count: 2 },
      { code: 'not-decision-maker', label: '決裁権なし', verdict: 'rejected', count: 1 },
      { code: 'wrong-company-size', label: '企業規模が対象外', verdict: 'rejected', count: 0 },
      { code: 'unreachable', label: '連絡がつかない', verdict: 'rejected', count: 2 },
      { code: 'bad-timing', label: '時期尚早(ナーチャリングへ戻す)', verdict: 'recycled', count: 1 },
    ],
    byCondition: [
      { conditionId: 'industry', label: 'ターゲット業種', rejections: 0 },
      { conditionId: 'company-size', label: '従業員50名以上', rejections: 0 },
      { conditionId: 'role', label: '課長職以上', rejections: 1 },
      { conditionId: 'whitepaper', label: '資料ダウンロード', rejections: 0 },
      { conditionId: 'seminar', label: 'セミナー参加', rejections: 0 },
      { conditionId: 'pricing', label: '料金ページ閲覧', rejections: 0 },
      { conditionId: 'score', label: 'リードスコア60以上', rejections: 2 },
    ],
    byChannel: [
      { key: '(none)', accepted: 0, rejected: 1, recycled: 0 },
      { key: 'ORGANIC_SEARCH', accepted: 1, rejected: 2, recycled: 0 },
      { key: 'PAID_SEARCH', accepted: 2, rejected: 2, recycled: 1 },
    ],
    ...overrides,
  };
}

export function slaFixture(overrides: Partial<SlaDto> = {}): SlaDto {
  return {
    handoff: { due: 10, metOnTime: 6, metLate: 2, open: 1, breachedOpen: 1 },
    verdict: { due: 8, metOnTime: 5, metLate: 1, open: 0, breachedOpen: 2 },
    byOwner: [
      {
        ownerId: '(none)',
        handoff: { due: 2, metOnTime: 0, metLate: 0, open: 1, breachedOpen: 1 },
        verdict: { due: 0, metOnTime: 0, metLate: 0, open: 0, breachedOpen: 0 },
      },
      {
        ownerId: '7001',
        handoff: { due: 8, metOnTime: 6, metLate: 2, open: 0, breachedOpen: 0 },
        verdict: { due: 8, metOnTime: 5, metLate: 1, open: 0, breachedOpen: 2 },
      },
    ],
    ...overrides,
  };
}

/** The contract's KPI example: 120,000,000 JPY a quarter at 3,000,000 a deal. */
export function kpiTreeFixture(overrides: Partial<KpiTreeDto> = {}): KpiTreeDto {
  return {
    period: '2026-Q4',
    from: '2026-10-01',
    to: '2026-12-31',
    kgi: {
      revenueTarget: 120_000_000,
      currency: 'JPY',
      revenueActual: 36_000_000,
      revenueSource: 'estimate',
    },
    nodes: [
      { stage: 'won', required: 40, actual: 12, rate: null, rateSource: null },
      { stage: 'opportunity', required: 134, actual: 30, rate: 0.3, rateSource: 'fixed' },
      { stage: 'sql', required: 268, actual: 70, rate: 0.5, rateSource: 'fixed' },
      { stage: 'mql', required: 670, actual: 700, rate: 0.4, rateSource: 'trailing' },
      { stage: 'lead', required: 2680, actual: 2680, rate: 0.25, rateSource: 'fixed' },
    ],
    ...overrides,
  };
}
