import type { VerdictKind } from '../domain/definitions.ts';
import type { Ground } from '../domain/mql-evaluation.ts';
import type { SlaStatus } from '../domain/sla-status.ts';

/** The card model of the contract (`GET /api/cards/lead`), plus a few fields the card shows. */
export interface CardModel {
  readonly contactId: string;
  readonly definitionVersion: string;
  readonly mql: {
    readonly status: 'mql' | 'not_mql';
    readonly qualifiedAt: string | null;
    /** Frozen at qualification; live grounds for a contact that never qualified. */
    readonly grounds: readonly Ground[];
    /** Whether the contact meets the current definition now (it may have stopped since qualifying). */
    readonly meetsNow: boolean;
    /** The current qualification episode: 1, or more once it re-qualified; null when never qualified. */
    readonly episode: number | null;
  };
  readonly handoff: {
    readonly dueAt: string | null;
    readonly status: SlaStatus;
    readonly handedOffAt: string | null;
    readonly ownerId: string | null;
    readonly businessMsLeft: number | null;
  };
  readonly verdictDue: {
    readonly dueAt: string | null;
    readonly status: SlaStatus;
    readonly businessMsLeft: number | null;
  };
  readonly shared: Readonly<Record<string, string | null>>;
  readonly verdict: CardVerdict | null;
  readonly reasons: readonly {
    readonly code: string;
    readonly label: string;
    readonly verdict: VerdictKind;
  }[];
}

export interface CardVerdict {
  readonly id: string;
  readonly verdict: VerdictKind;
  readonly reasonCode: string;
  readonly reasonLabel: string;
  readonly note: string | null;
  readonly decidedAt: string;
  readonly decidedBy: string | null;
  readonly writeBack: 'pending' | 'written' | 'failed' | 'superseded';
  readonly writeBackError: string | null;
}
