import type { ConnectorError } from '../domain/connector-error.ts';
import type { VerdictKind } from '../domain/definitions.ts';
import type { PollCursor } from '../domain/poll-window.ts';
import type { Result } from '../domain/result.ts';

export type { PollCursor } from '../domain/poll-window.ts';

/** A verdict a sales user recorded in the sales CRM, valid against the definitions. */
export interface SalesVerdictChange {
  readonly kind: 'verdict';
  readonly contactId: string;
  /** The sales-side record (a Salesforce Lead id). */
  readonly recordId: string;
  readonly verdict: VerdictKind;
  readonly reasonCode: string;
  readonly note: string | null;
  /** ISO instant: when the record was last modified by that user. */
  readonly decidedAt: string;
  /** The deciding user's e-mail, when the CRM says. */
  readonly decidedBy: string | null;
  /** The deciding user's id in the sales CRM, when the CRM says. */
  readonly decidedByUserId: string | null;
}

/** A verdict a sales user set that the definitions do not allow: recorded as refused, never guessed. */
export interface RefusedVerdictChange {
  readonly kind: 'verdict_refused';
  readonly contactId: string;
  readonly recordId: string;
  /** The values as found, verbatim. */
  readonly verdict: string | null;
  readonly reasonCode: string | null;
  /** Why it was refused, as a sentence. */
  readonly problem: string;
  readonly decidedAt: string;
  readonly decidedBy: string | null;
}

/** The sales-side record was converted; `opportunityId` is the opportunity it became, if any. */
export interface ConversionChange {
  readonly kind: 'converted';
  readonly contactId: string;
  readonly recordId: string;
  readonly opportunityId: string | null;
  /** YYYY-MM-DD, the CRM's conversion date, when known. */
  readonly convertedOn: string | null;
}

export type SalesLeadChange = SalesVerdictChange | RefusedVerdictChange | ConversionChange;

/** An opportunity's facts as the funnel and the KPIs read them. */
export interface OpportunityFacts {
  readonly opportunityId: string;
  /** ISO instant the opportunity was created (the `opportunity` stage instant). */
  readonly createdAt: string;
  readonly isClosed: boolean;
  readonly isWon: boolean;
  /** YYYY-MM-DD (a date without time, as the CRM keeps it). */
  readonly closeDate: string | null;
  /** In the CRM's currency; null when unset. */
  readonly amount: number | null;
  readonly stageName: string | null;
  /** ISO instant of the change that was read. */
  readonly modifiedAt: string;
}

export interface PollPage<T> {
  readonly items: readonly T[];
  /** Store it (it is JSON) and pass it to the next call. */
  readonly cursor: PollCursor;
  /** True when this read has no more pages now; false: call again with `cursor` at once. */
  readonly done: boolean;
}

/**
 * The sales side read incrementally: what sales users did to the records the product tracks, and
 * the opportunities they became. Each call returns one page and a cursor; a read resumes from any
 * stored cursor, and a record read twice (the overlap that protects against late commits) is
 * returned once. Our own writes never come back as verdicts.
 *
 * The same decision can come again when someone edits the record's other fields later: compare it
 * with the contact's current verdict (`sameDecision`) before recording it.
 */
export interface SalesSource {
  pollLeads(cursor: PollCursor): Promise<Result<PollPage<SalesLeadChange>, ConnectorError>>;
  pollOpportunities(cursor: PollCursor): Promise<Result<PollPage<OpportunityFacts>, ConnectorError>>;
}
