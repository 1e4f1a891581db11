// The Lead page's own words, in English and Japanese. Deployed as custom labels, one set per
// language (LeadHandoff_en_* and LeadHandoff_ja_*); the component picks the set by the user's
// language. A per-language set rather than label translations, because translations deploy only
// where the Translation Workbench is enabled with that language, and this must work in any org.
// Condition and reason labels are not here: they come from the definitions, shown as written.
// `{0}`, `{1}` are filled in by the component.

export interface LabelText {
  readonly en: string;
  readonly ja: string;
}

export const LEAD_PAGE_LABELS = {
  title: { en: 'Lead handoff', ja: 'リード引き渡し' },
  loading: { en: 'Loading…', ja: '読み込み中…' },
  loadError: {
    en: 'Could not read the lead handoff fields.',
    ja: 'リード引き渡しの項目を読み込めませんでした。',
  },
  permissionHint: {
    en: 'Ask your Salesforce admin to assign you the Lead Handoff permission set.',
    ja: 'システム管理者に「Lead Handoff」権限セットの割り当てを依頼してください。',
  },
  notTrackedTitle: { en: 'Not tracked yet', ja: 'まだ追跡されていません' },
  notTrackedBody: {
    en: 'Lead Handoff has not evaluated this lead against the MQL definition yet.',
    ja: 'このリードはまだ MQL 定義で評価されていません。',
  },
  unknownFormat: {
    en: 'The handoff details are in a format this page does not read ({0}). Deploy the current Lead page.',
    ja: '引き渡し情報の形式 ({0}) をこのページは読めません。最新の Lead ページをデプロイしてください。',
  },
  statusMql: { en: 'MQL', ja: 'MQL' },
  statusNotMql: { en: 'Not an MQL', ja: 'MQL 未達' },
  definitionVersion: { en: 'Definition {0}', ja: '定義 {0}' },
  qualifiedAt: { en: 'Qualified {0}', ja: '{0} に MQL 化' },
  groundsTitle: { en: 'Why this lead is (not) an MQL', ja: 'MQL 判定の根拠' },
  condition: { en: 'Condition', ja: '条件' },
  result: { en: 'Result', ja: '結果' },
  met: { en: 'Met', ja: '達成' },
  unmet: { en: 'Not met', ja: '未達' },
  value: { en: 'Value', ja: '値' },
  evidenceAt: { en: 'Since', ja: '時点' },
  noValue: { en: '(no value)', ja: '(値なし)' },
  truncated: {
    en: 'Some values were shortened to fit the Salesforce field.',
    ja: '一部の値は Salesforce の項目に収まるよう短縮されています。',
  },
  deadlinesTitle: { en: 'Deadlines', ja: '期限' },
  handoffDue: { en: 'Handoff to sales', ja: '営業への引き渡し' },
  verdictDue: { en: 'Sales verdict', ja: '営業の判定' },
  slaNotStarted: { en: 'Not started', ja: '未開始' },
  slaOnTrack: { en: 'On track', ja: '期限内' },
  slaDueSoon: { en: 'Due soon', ja: '期限間近' },
  slaBreached: { en: 'Breached', ja: '期限超過' },
  slaMet: { en: 'Met', ja: '完了' },
  dueAt: { en: 'Due {0}', ja: '期限 {0}' },
  metAt: { en: 'Met {0}', ja: '{0} に完了' },
  timeLeft: { en: '{0} left', ja: '残り {0}' },
  timeOverdue: { en: '{0} overdue', ja: '{0} 超過' },
  hoursMinutes: { en: '{0} h {1} min', ja: '{0}時間{1}分' },
  daysHours: { en: '{0} d {1} h', ja: '{0}日{1}時間' },
  writtenAt: { en: 'Updated by Lead Handoff {0}', ja: 'Lead Handoff が {0} に更新' },
  sharedTitle: { en: 'Shared with sales', ja: '営業への共有情報' },
  sharedIndustry: { en: 'Industry', ja: '業種' },
  sharedChallenge: { en: 'Challenge', ja: '課題' },
  sharedProductInterest: { en: 'Product interest', ja: '関心製品' },
  currentVerdictTitle: { en: 'Current verdict', ja: '現在の判定' },
  noVerdict: { en: 'No verdict recorded yet.', ja: '判定はまだ記録されていません。' },
  verdictAccepted: { en: 'Accepted (SQL)', ja: '受け入れ(SQL)' },
  verdictRejected: { en: 'Rejected', ja: '却下' },
  verdictRecycled: { en: 'Recycled to nurturing', ja: 'ナーチャリングへ戻す' },
  decided: { en: 'Decided {0} by {1}', ja: '{0} {1} が判定' },
  formTitle: { en: 'Record a verdict', ja: '判定を記録' },
  verdict: { en: 'Verdict', ja: '判定' },
  reason: { en: 'Reason', ja: '理由' },
  note: { en: 'Note', ja: 'メモ' },
  chooseVerdict: { en: 'Choose a verdict', ja: '判定を選択' },
  chooseReason: { en: 'Choose a reason', ja: '理由を選択' },
  chooseVerdictFirst: { en: 'Choose a verdict first', ja: '先に判定を選んでください' },
  verdictRequired: { en: 'Choose a verdict.', ja: '判定を選んでください。' },
  reasonRequired: { en: 'Choose a reason for this verdict.', ja: 'この判定の理由を選んでください。' },
  noteTooLong: {
    en: 'The note has {0} characters; at most {1} fit.',
    ja: 'メモが {0} 文字あります。{1} 文字以内にしてください。',
  },
  noteCounter: { en: '{0} / {1}', ja: '{0} / {1}' },
  submit: { en: 'Record verdict', ja: '判定を記録' },
  saving: { en: 'Saving…', ja: '保存中…' },
  savedTitle: { en: 'Verdict recorded', ja: '判定を記録しました' },
  savedBody: {
    en: 'Saved on this lead; Lead Handoff takes it to HubSpot on its next sync.',
    ja: 'このリードに保存しました。Lead Handoff が次回の同期で HubSpot に反映します。',
  },
  saveFailedTitle: { en: 'Verdict not saved', ja: '判定を保存できませんでした' },
} as const satisfies Record<string, LabelText>;

export type LeadPageLabelKey = keyof typeof LEAD_PAGE_LABELS;

export const LABEL_LANGUAGES = ['en', 'ja'] as const;
export type LabelLanguage = (typeof LABEL_LANGUAGES)[number];

/** The custom label's API name, e.g. `LeadHandoff_ja_groundsTitle`. */
export function customLabelName(language: LabelLanguage, key: LeadPageLabelKey): string {
  return `LeadHandoff_${language}_${key}`;
}
