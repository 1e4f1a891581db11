import type { FailureFacts, PagesLabels } from './labels.ts';

// HubSpot の「オリジナルソース」(hs_analytics_source、既定のチャネルプロパティ) の値。
// ほかのチャネルプロパティの値はそのまま表示する。
const CHANNELS: Record<string, string> = {
  ORGANIC_SEARCH: 'オーガニック検索',
  PAID_SEARCH: '有料検索',
  EMAIL_MARKETING: 'Eメールマーケティング',
  SOCIAL_MEDIA: 'オーガニックソーシャル',
  PAID_SOCIAL: '有料ソーシャル',
  REFERRALS: '参照元サイト',
  OTHER_CAMPAIGNS: 'その他のキャンペーン',
  DIRECT_TRAFFIC: 'ダイレクトトラフィック',
  OFFLINE: 'オフラインソース',
};

const ERRORS: Record<string, string> = {
  invalid_signature:
    'バックエンドが HubSpot の署名を拒否しました。HUBSPOT_CLIENT_SECRET がこのアプリのものでないか、PUBLIC_BASE_URL がプロファイルの BACKEND_URL と異なります。',
  wrong_portal:
    'バックエンドは別の HubSpot アカウント用です(HUBSPOT_PORTAL_ID がこのアカウントではありません)。',
  invalid_request: 'バックエンドがこの画面の絞り込み条件を受け付けませんでした。',
  not_found: 'バックエンドにこのリクエストのデータがありません。',
  route_not_found:
    'バックエンドにこの画面がまだありません。マーケティング向け画面を含むバージョンに更新してください。',
  internal: 'バックエンドでこの画面の集計に失敗しました。詳細はバックエンドのログにあります。',
  network_error: 'バックエンドに接続できませんでした(停止しているか、HubSpot の 15 秒の制限を超えました)。',
  invalid_response:
    'バックエンドの応答がこの画面の読める形ではありません(JSON でないか、別バージョンの形です)。',
  rate_limited: 'リクエストが集中しています。少し待ってから再試行してください。',
};

function errorWords({ code, status }: FailureFacts): string {
  if (code === 'not_configured') {
    if (status === 0)
      return 'このアプリの HubSpot プロファイルに BACKEND_URL がないため、バックエンドに接続できません。';
    if (status === 503)
      return 'バックエンドに HUBSPOT_CLIENT_SECRET が設定されていないため、HubSpot からのリクエストをすべて拒否しています。';
    return 'この画面はバックエンドで設定されていません。';
  }
  const known = ERRORS[code];
  if (known !== undefined) return known;
  return status >= 500
    ? `バックエンドでエラーが発生しました(HTTP ${status})。`
    : `バックエンドが HTTP ${status} を返しました。`;
}

export const JA: PagesLabels = {
  appName: 'Lead Handoff',
  pages: { funnel: 'ファネル', feedback: '営業フィードバック', sla: 'SLA 遵守', kpiTree: 'KPI ツリー' },
  pageNotFoundTitle: 'ページがありません',
  pageNotFoundBody: 'このアドレスに Lead Handoff のページはありません。',
  backToFunnel: 'ファネルを開く',
  loading: '読み込み中',
  retry: '再試行',
  errorTitle: 'この画面を読み込めませんでした',
  errorWords,
  errorDetail: ({ code, message }) => `${code}: ${message}`,
  window: {
    preset: '期間',
    presets: {
      thisQuarter: '今四半期',
      lastQuarter: '前四半期',
      last12Months: '過去12か月',
      custom: '日付を指定',
    },
    from: '開始日',
    to: '終了日',
    toBeforeFrom: '終了日が開始日より前です。',
    range: (from, to) => `${from}〜${to}`,
  },
  stages: { lead: 'リード', mql: 'MQL', sql: 'SQL', opportunity: '商談', won: '受注' },
  groupAll: '全コンタクト',
  groupNone: '(未設定)',
  channelName: (key) => CHANNELS[key] ?? key,
  number: '件数',
  total: '合計',
  funnel: {
    mode: '集計方法',
    modes: { cohort: 'コホート', period: '期間' },
    modeSentence: {
      cohort: (from, to) =>
        `コホート: ${from}〜${to} にリードになったコンタクトが、その後どの段階まで進んだかを数えます。`,
      period: (from, to) =>
        `期間: ${from}〜${to} に起きたことを段階ごとに数えます(各段階は、この期間にその段階に達したコンタクト数)。`,
    },
    groupBy: 'グループ',
    groupBys: {
      none: 'グループなし',
      channel: 'チャネル',
      month: '月',
      definitionVersion: '定義バージョン',
    },
    showGroup: '表示',
    allGroups: 'すべてのグループ',
    chartTitle: '段階ごとのコンタクト数',
    stageAxis: '段階',
    countAxis: 'コンタクト数',
    group: 'グループ',
    conversion: '前段階からの転換率',
    emptyTitle: 'この期間のコンタクトはありません',
    emptyBody: 'この期間にどの段階にも達したコンタクトはありません。期間を広げてください。',
  },
  verdicts: { accepted: '受け入れ(SQL)', rejected: '却下', recycled: 'ナーチャリングへ戻す' },
  feedback: {
    totalsTitle: '営業の判定',
    rejectionRate: '却下率',
    byReasonTitle: '理由',
    reason: '理由',
    verdict: '判定',
    count: '件数',
    byConditionTitle: 'MQL 条件ごとの却下',
    byConditionSentence:
      '却下は、その理由が異議を唱える条件それぞれに数えます。割合は期間内の却下全体に対するものです。',
    condition: '条件',
    rejections: '却下数',
    shareOfRejections: '却下に占める割合',
    byChannelTitle: 'チャネルごとの判定',
    channel: 'チャネル',
    notesTitle: '営業のメモ',
    noNotes: 'この期間の判定にメモはありません。',
    decidedAt: '判定日時',
    decidedBy: '判定者',
    contact: 'コンタクト',
    note: 'メモ',
    emptyTitle: 'この期間の判定はありません',
    emptyBody: 'この期間に営業の判定は記録されていません。期間を広げてください。',
  },
  sla: {
    deadlines: { handoff: '営業への引き渡し', verdict: '営業の判定' },
    outcomes: { metOnTime: '期限内', metLate: '遅延', open: '未完了', breachedOpen: '期限超過' },
    outcomeSentence:
      '期間内に期限を迎えたもの。期限内: 期限までに完了、遅延: 期限後に完了、未完了: 期限前で未完了、期限超過: 期限を過ぎて未完了。期限内率: 未完了を除いたうちの期限内の割合。',
    due: '期限数',
    onTimeRate: '期限内率',
    byOwnerTitle: '担当者ごと',
    owner: '担当者',
    noOwner: '担当者なし',
    deadline: '期限',
    lateByTitle: '遅れの幅',
    lateBySentence:
      '遅延と期限超過を、期限からの遅れ(未完了なら現在までの遅れ)で分けたもの。期限の時計での時間数です。',
    lateByAxis: '遅れ',
    lateByBucket: (from, upTo) => {
      if (upTo === null) return `${from ?? 0}時間超`;
      if (from === null) return `${upTo}時間以内`;
      return `${from}〜${upTo}時間`;
    },
    emptyTitle: 'この期間の期限はありません',
    emptyBody: 'この期間に期限を迎えた引き渡し・判定はありません。期間を広げてください。',
  },
  kpi: {
    periodKind: '目標の単位',
    periodKinds: { month: '月', quarter: '四半期', year: '年' },
    period: '対象期間',
    quarterName: (year, quarter) => `${year}年 第${quarter}四半期`,
    yearName: (year) => `${year}年`,
    kgiTitle: '売上(KGI)',
    revenueTarget: '目標',
    revenueActual: '実績',
    attainment: '達成率',
    revenueSource: {
      estimate: '実績は推定値です: 受注数 × 平均受注額。',
      amounts: '実績: 受注した Salesforce 商談の金額の合計。',
    },
    stagesTitle: '各段階に必要な数',
    stagesSentence:
      '目標から逆算しています: 受注 = 目標 ÷ 平均受注額、その下の段階 = 一つ上の必要数 ÷ 転換率(いずれも切り上げ)。',
    stage: '段階',
    required: '必要数',
    actual: '実績',
    gap: '差',
    rateUsed: '使った転換率',
    short: (count) => `${count} 不足`,
    onTarget: '達成',
    ahead: (count) => `${count} 超過`,
    rate: (rate, toStage, source) => `${toStage}へ ${rate}(${source})`,
    rateSources: { fixed: '固定値', trailing: '実績値、直近のコホートから算出' },
    trailingDays: (days) => `実績値、直近${days}日のコホートから算出`,
    trailingWindow: (range, days) =>
      `実績値の転換率は、${range}(直近${days}日)に作成されたリードのコホートの転換率です。`,
    notComputable: '逆算できません: 上の段階の実績の転換率が 0 です。',
    noActivity: 'この期間にはまだ動きがありません。実績はすべて 0 です。',
    wrongPeriodHint: '売上目標は一種類の期間に対して設定されています。「目標の単位」で選んでください。',
    notConfiguredTitle: 'KPI 目標がまだありません',
    notConfiguredBody:
      'KPI ツリーは売上目標から逆算します。定義ファイル (config/definitions.yaml) に kpi セクションを追加してください。例:',
    notConfiguredAfter:
      '転換率は 0 より大きく 1 以下の小数、または trailing(直近のコホートの実績)。追加後にバックエンドを再起動してください。',
  },
};
