import type {
  FunnelGroupBy,
  FunnelMode,
  FunnelStage,
  KpiPeriodKind,
  RateSource,
  RevenueSource,
  SlaDeadlineKind,
  SlaOutcome,
  VerdictKind,
} from '@lead-handoff/shared/dto';
import { EN } from './labels-en.ts';
import { JA } from './labels-ja.ts';

// The pages' own words. Reason and condition labels are NOT here: they come from the
// definitions file through the backend and are shown exactly as given.

export type WindowPreset = 'thisQuarter' | 'lastQuarter' | 'last12Months' | 'custom';
export type PageName = 'funnel' | 'feedback' | 'sla' | 'kpiTree';

/** What the page knows about a failed call when it words it. */
export interface FailureFacts {
  code: string;
  status: number;
  message: string;
}

export interface PagesLabels {
  appName: string;
  pages: Record<PageName, string>;
  pageNotFoundTitle: string;
  pageNotFoundBody: string;
  backToFunnel: string;
  loading: string;
  retry: string;
  errorTitle: string;
  /** One sentence per error code, in the user's words; `detail` carries the backend's own message. */
  errorWords: (failure: FailureFacts) => string;
  errorDetail: (failure: FailureFacts) => string;
  window: {
    preset: string;
    presets: Record<WindowPreset, string>;
    from: string;
    to: string;
    toBeforeFrom: string;
    range: (from: string, to: string) => string;
  };
  stages: Record<FunnelStage, string>;
  groupAll: string;
  groupNone: string;
  channelName: (key: string) => string;
  number: string;
  total: string;
  funnel: {
    mode: string;
    modes: Record<FunnelMode, string>;
    /** The one sentence that tells what the chosen mode counts, for the window shown. */
    modeSentence: Record<FunnelMode, (from: string, to: string) => string>;
    groupBy: string;
    groupBys: Record<FunnelGroupBy, string>;
    showGroup: string;
    allGroups: string;
    chartTitle: string;
    stageAxis: string;
    countAxis: string;
    group: string;
    conversion: string;
    emptyTitle: string;
    emptyBody: string;
  };
  verdicts: Record<VerdictKind, string>;
  feedback: {
    totalsTitle: string;
    rejectionRate: string;
    byReasonTitle: string;
    reason: string;
    verdict: string;
    count: string;
    byConditionTitle: string;
    byConditionSentence: string;
    condition: string;
    rejections: string;
    shareOfRejections: string;
    byChannelTitle: string;
    channel: string;
    notesTitle: string;
    noNotes: string;
    decidedAt: string;
    decidedBy: string;
    contact: string;
    note: string;
    emptyTitle: string;
    emptyBody: string;
  };
  sla: {
    deadlines: Record<SlaDeadlineKind, string>;
    outcomes: Record<SlaOutcome, string>;
    outcomeSentence: string;
    due: string;
    onTimeRate: string;
    byOwnerTitle: string;
    owner: string;
    noOwner: string;
    deadline: string;
    lateByTitle: string;
    lateBySentence: string;
    lateByAxis: string;
    lateByBucket: (from: number | null, upTo: number | null) => string;
    emptyTitle: string;
    emptyBody: string;
  };
  kpi: {
    periodKind: string;
    periodKinds: Record<KpiPeriodKind, string>;
    period: string;
    quarterName: (year: string, quarter: string) => string;
    yearName: (year: string) => string;
    kgiTitle: string;
    revenueTarget: string;
    revenueActual: string;
    attainment: string;
    revenueSource: Record<RevenueSource, string>;
    stagesTitle: string;
    stagesSentence: string;
    stage: string;
    required: string;
    actual: string;
    gap: string;
    rateUsed: string;
    short: (count: string) => string;
    onTarget: string;
    ahead: (count: string) => string;
    rate: (rate: string, toStage: string, source: string) => string;
    rateSources: Record<RateSource, string>;
    trailingDays: (days: string) => string;
    /** The sentence stating the trailing window: its local dates and its length in days. */
    trailingWindow: (range: string, days: string) => string;
    /** A requirement that cannot be worked back (a trailing rate converted nobody). */
    notComputable: string;
    noActivity: string;
    wrongPeriodHint: string;
    notConfiguredTitle: string;
    notConfiguredBody: string;
    notConfiguredAfter: string;
  };
}

export function labelsFor(locale: string | undefined): PagesLabels {
  return locale?.toLowerCase().startsWith('ja') ? JA : EN;
}
