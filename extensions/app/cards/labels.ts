import type { MqlStatus, SlaStatus, VerdictKind, WriteBackState } from '@lead-handoff/shared/dto';

// The card's own words. Condition and reason labels are NOT here: they come from the
// definitions file through the backend and are shown exactly as given.

export interface CardLabels {
  loading: string;
  notTrackedTitle: string;
  notTrackedBody: string;
  errorTitle: string;
  retry: string;
  mqlStatus: Record<MqlStatus, string>;
  definitionVersion: string;
  qualifiedAt: string;
  groundsTitle: string;
  condition: string;
  result: string;
  met: string;
  unmet: string;
  value: string;
  evidenceAt: string;
  deadlinesTitle: string;
  handoffDue: string;
  verdictDue: string;
  slaStatus: Record<SlaStatus, string>;
  hoursLeft: (hours: string) => string;
  hoursOverdue: (hours: string) => string;
  sharedTitle: string;
  sharedField: (key: string) => string;
  currentVerdictTitle: string;
  noVerdict: string;
  verdictKind: Record<VerdictKind, string>;
  reason: string;
  note: string;
  decided: (at: string, by: string | null) => string;
  writeBack: Record<WriteBackState, string>;
  formTitle: string;
  verdict: string;
  chooseVerdictFirst: string;
  submit: string;
  recorded: string;
  recordedMessage: string;
  failed: string;
}

const SHARED_EN: Record<string, string> = {
  industry: 'Industry',
  challenge: 'Challenge',
  productInterest: 'Product interest',
};
const SHARED_JA: Record<string, string> = {
  industry: '業種',
  challenge: '課題',
  productInterest: '関心製品',
};

const EN: CardLabels = {
  loading: 'Loading lead handoff',
  notTrackedTitle: 'Not tracked yet',
  notTrackedBody: 'This contact has not been evaluated against the MQL definition yet.',
  errorTitle: 'Could not load the lead handoff',
  retry: 'Retry',
  mqlStatus: { mql: 'MQL', not_mql: 'Not an MQL' },
  definitionVersion: 'Definition',
  qualifiedAt: 'Qualified',
  groundsTitle: 'Why this contact is (not) an MQL',
  condition: 'Condition',
  result: 'Result',
  met: 'Met',
  unmet: 'Not met',
  value: 'Value',
  evidenceAt: 'Since',
  deadlinesTitle: 'Deadlines',
  handoffDue: 'Handoff to sales',
  verdictDue: 'Sales verdict',
  slaStatus: {
    not_started: 'Not started',
    on_track: 'On track',
    due_soon: 'Due soon',
    breached: 'Breached',
    met: 'Met',
  },
  hoursLeft: (hours) => `${hours} business hours left`,
  hoursOverdue: (hours) => `${hours} business hours overdue`,
  sharedTitle: 'Shared with sales',
  sharedField: (key) => SHARED_EN[key] ?? key,
  currentVerdictTitle: 'Current verdict',
  noVerdict: 'No verdict recorded yet.',
  verdictKind: { accepted: 'Accepted (SQL)', rejected: 'Rejected', recycled: 'Recycled to nurturing' },
  reason: 'Reason',
  note: 'Note',
  decided: (at, by) => (by === null ? `Decided ${at}` : `Decided ${at} by ${by}`),
  writeBack: {
    pending: 'Writing to HubSpot…',
    written: 'Written to HubSpot',
    failed: 'Write to HubSpot failed',
    superseded: 'Replaced by a later verdict',
  },
  formTitle: 'Record a verdict',
  verdict: 'Verdict',
  chooseVerdictFirst: 'Choose a verdict first',
  submit: 'Record verdict',
  recorded: 'Verdict recorded',
  recordedMessage: 'The verdict is saved and is being written to the contact.',
  failed: 'Verdict not recorded',
};

const JA: CardLabels = {
  loading: 'リード引き渡し情報を読み込み中',
  notTrackedTitle: 'まだ追跡されていません',
  notTrackedBody: 'このコンタクトはまだ MQL 定義で評価されていません。',
  errorTitle: 'リード引き渡し情報を読み込めませんでした',
  retry: '再試行',
  mqlStatus: { mql: 'MQL', not_mql: 'MQL 未達' },
  definitionVersion: '定義',
  qualifiedAt: 'MQL 化',
  groundsTitle: 'MQL 判定の根拠',
  condition: '条件',
  result: '結果',
  met: '達成',
  unmet: '未達',
  value: '値',
  evidenceAt: '時点',
  deadlinesTitle: '期限',
  handoffDue: '営業への引き渡し',
  verdictDue: '営業の判定',
  slaStatus: {
    not_started: '未開始',
    on_track: '期限内',
    due_soon: '期限間近',
    breached: '期限超過',
    met: '完了',
  },
  hoursLeft: (hours) => `残り ${hours} 営業時間`,
  hoursOverdue: (hours) => `${hours} 営業時間超過`,
  sharedTitle: '営業への共有情報',
  sharedField: (key) => SHARED_JA[key] ?? key,
  currentVerdictTitle: '現在の判定',
  noVerdict: '判定はまだ記録されていません。',
  verdictKind: { accepted: '受け入れ(SQL)', rejected: '却下', recycled: 'ナーチャリングへ戻す' },
  reason: '理由',
  note: 'メモ',
  decided: (at, by) => (by === null ? `${at} に判定` : `${at} ${by} が判定`),
  writeBack: {
    pending: 'HubSpot へ書き込み中…',
    written: 'HubSpot へ書き込み済み',
    failed: 'HubSpot への書き込み失敗',
    superseded: '後の判定で置き換え済み',
  },
  formTitle: '判定を記録',
  verdict: '判定',
  chooseVerdictFirst: '先に判定を選んでください',
  submit: '判定を記録',
  recorded: '判定を記録しました',
  recordedMessage: '判定を保存し、コンタクトへ書き込んでいます。',
  failed: '判定を記録できませんでした',
};

export function labelsFor(locale: string | undefined): CardLabels {
  return locale?.toLowerCase().startsWith('ja') ? JA : EN;
}
