// The cards' and pages' view of the backend (the card model, the verdict, the marketer views).
// These mirror the wire shapes; they are not the backend's domain types, and no extension
// imports from src/.

export type SlaStatus = 'not_started' | 'on_track' | 'due_soon' | 'breached' | 'met';
export type MqlStatus = 'mql' | 'not_mql';
export type ConditionKind = 'attribute' | 'behaviour' | 'score';
export type VerdictKind = 'accepted' | 'rejected' | 'recycled';
// `superseded`: a later verdict replaced this one before it was written (a replayed request sees it).
export type WriteBackState = 'pending' | 'written' | 'failed' | 'superseded';

export const VERDICT_KINDS: readonly VerdictKind[] = ['accepted', 'rejected', 'recycled'];

export interface GroundDto {
  conditionId: string;
  kind: ConditionKind;
  label: string;
  met: boolean;
  property: string;
  value: string | null;
  evidenceAt: string | null;
}

export interface MqlDto {
  status: MqlStatus;
  qualifiedAt: string | null;
  grounds: GroundDto[];
}

export interface HandoffDto {
  dueAt: string | null;
  status: SlaStatus;
  handedOffAt: string | null;
  ownerId: string | null;
  businessMsLeft?: number | null;
}

export interface VerdictDueDto {
  dueAt: string | null;
  status: SlaStatus;
  businessMsLeft?: number | null;
}

export interface CurrentVerdictDto {
  id: string;
  verdict: VerdictKind;
  reasonCode: string;
  reasonLabel: string;
  note: string | null;
  decidedAt: string;
  decidedBy: string | null;
  writeBack: WriteBackState;
  writeBackError: string | null;
}

export interface ReasonDto {
  code: string;
  label: string;
  verdict: VerdictKind;
}

export interface LeadCardDto {
  contactId: string;
  definitionVersion: string;
  mql: MqlDto;
  handoff: HandoffDto;
  verdictDue: VerdictDueDto;
  shared: Record<string, string | null>;
  verdict: CurrentVerdictDto | null;
  reasons: ReasonDto[];
}

export interface VerdictRequestDto {
  contactId: string;
  verdict: VerdictKind;
  reasonCode: string;
  note?: string;
  idempotencyKey: string;
}

export interface VerdictResponseDto {
  id: string;
  contactId: string;
  verdict: VerdictKind;
  reasonCode: string;
  note: string | null;
  decidedAt: string;
  decidedBy: string | null;
  writeBack: WriteBackState;
}

// The marketer views (App Pages): the four signed report routes. Each page reads exactly these
// shapes. The optional fields (notes, lateBy, trailing) are additions to the original routes: the
// backend sends them, and a page shows them only when they are there, so a page still reads a
// backend of before them.

export type FunnelStage = 'lead' | 'mql' | 'sql' | 'opportunity' | 'won';
export type FunnelMode = 'cohort' | 'period';
export type FunnelGroupBy = 'none' | 'channel' | 'month' | 'definitionVersion';

/** Funnel order, from the first stage to the last. */
export const FUNNEL_STAGES: readonly FunnelStage[] = ['lead', 'mql', 'sql', 'opportunity', 'won'];

/** The group key of contacts without a channel (or never qualified, by definition version). */
export const NONE_GROUP_KEY = '(none)';
/** The one group of `groupBy=none`. */
export const ALL_GROUP_KEY = 'all';

export type StageCountsDto = Record<FunnelStage, number>;

/** A window of two local dates `YYYY-MM-DD`, both inclusive, in the definitions' time zone. */
export interface DateWindowQuery {
  from: string;
  to: string;
}

export interface FunnelQuery extends DateWindowQuery {
  mode: FunnelMode;
  groupBy: FunnelGroupBy;
}

export interface FunnelGroupDto {
  key: string;
  counts: StageCountsDto;
}

export interface FunnelDto {
  mode: FunnelMode;
  groupBy: FunnelGroupBy;
  from: string;
  to: string;
  timezone: string;
  stages: FunnelStage[];
  groups: FunnelGroupDto[];
  total: StageCountsDto;
}

export interface FeedbackReasonDto {
  code: string;
  label: string;
  verdict: VerdictKind;
  count: number;
}

export interface FeedbackConditionDto {
  conditionId: string;
  label: string;
  rejections: number;
}

export interface FeedbackChannelDto {
  key: string;
  accepted: number;
  rejected: number;
  recycled: number;
}

/** A current verdict of the window with the rep's note. */
export interface FeedbackNoteDto {
  contactId: string;
  verdict: VerdictKind;
  reasonCode: string;
  note: string;
  decidedAt: string;
  /** The rep's e-mail (or the Salesforce user's); null when the verdict came without one. */
  decidedBy: string | null;
}

export interface FeedbackDto {
  from: string;
  to: string;
  verdicts: Record<VerdictKind, number>;
  byReason: FeedbackReasonDto[];
  byCondition: FeedbackConditionDto[];
  byChannel: FeedbackChannelDto[];
  /** The latest current verdicts of the window that carry a note, newest first, at most 50. */
  notes?: FeedbackNoteDto[];
}

export type SlaOutcome = 'metOnTime' | 'metLate' | 'open' | 'breachedOpen';
export const SLA_OUTCOMES: readonly SlaOutcome[] = ['metOnTime', 'metLate', 'open', 'breachedOpen'];
export type SlaDeadlineKind = 'handoff' | 'verdict';
export const SLA_DEADLINE_KINDS: readonly SlaDeadlineKind[] = ['handoff', 'verdict'];

export type SlaCountsDto = { due: number } & Record<SlaOutcome, number>;

export interface SlaOwnerDto {
  ownerId: string;
  handoff: SlaCountsDto;
  verdict: SlaCountsDto;
}

/**
 * Late deadlines (met late, or breached and still open) by how late, in hours on the deadline's
 * own clock (business hours on a business clock). A bucket holds those later than the previous
 * bucket's bound (0 for the first) and at most `upToHours`; `null` is the open-ended last bucket.
 */
export interface LateByBucketDto {
  upToHours: number | null;
  count: number;
}

export interface SlaDto {
  handoff: SlaCountsDto;
  verdict: SlaCountsDto;
  byOwner: SlaOwnerDto[];
  lateBy?: Record<SlaDeadlineKind, LateByBucketDto[]>;
}

export type KpiPeriodKind = 'month' | 'quarter' | 'year';
export type RevenueSource = 'estimate' | 'amounts';
export type RateSource = 'fixed' | 'trailing';

export interface KpiKgiDto {
  revenueTarget: number;
  currency: string;
  revenueActual: number;
  revenueSource: RevenueSource;
}

export interface KpiNodeDto {
  stage: FunnelStage;
  /** Null when a trailing rate below the KGI converted nobody, so it cannot be worked back. */
  required: number | null;
  actual: number;
  /** Conversion from this stage to the next one up; null for `won`. */
  rate: number | null;
  rateSource: RateSource | null;
}

export interface KpiTreeDto {
  period: string;
  from: string;
  to: string;
  kgi: KpiKgiDto;
  nodes: KpiNodeDto[];
  /** The cohort window `trailing` rates were read from (local dates); only when a rate is trailing. */
  trailing?: KpiTrailingDto;
}

export interface KpiTrailingDto {
  from: string;
  to: string;
  days: number;
}
