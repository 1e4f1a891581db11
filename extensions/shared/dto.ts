// The card's view of the backend (contract "Card model" and "Verdict"). These mirror the wire
// shapes; they are not the backend's domain types, and the card never imports from src/.

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
