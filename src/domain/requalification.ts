// Qualification episodes. A contact qualifies once; after sales sends it back to nurturing (a
// `recycled` verdict, or a `rejected` one when the definitions say `requalifyAfterRejected`) it
// qualifies anew the next time it meets the definition with a qualifying instant later than that
// verdict: a new episode, with its own frozen grounds and deadlines. Pure.
import type { VerdictKind } from './definitions.ts';

export interface EpisodeState {
  /** The current (latest) qualification episode, null when the contact never qualified. */
  readonly current: { readonly episode: number } | null;
  /** The contact's latest verdict and the episode it judged (null: not qualified then). */
  readonly latestVerdict: {
    readonly verdict: VerdictKind;
    readonly decidedAt: Date;
    readonly episode: number | null;
  } | null;
}

/** True when the verdict sends the lead back to marketing, so it may qualify again. */
export function reopensQualification(verdict: VerdictKind, requalifyAfterRejected: boolean): boolean {
  switch (verdict) {
    case 'recycled':
      return true;
    case 'rejected':
      return requalifyAfterRejected;
    case 'accepted':
      return false;
  }
}

/**
 * The episode a contact that meets the definition now qualifies in, or null when it does not
 * qualify anew. `qualifyingAt` is when it started meeting the definition (null: nothing dates it,
 * so it cannot be shown to be later than the verdict).
 */
export function nextEpisode(
  state: EpisodeState,
  qualifyingAt: Date | null,
  requalifyAfterRejected: boolean,
): number | null {
  if (state.current === null) return 1;
  const verdict = state.latestVerdict;
  // Only a verdict on the current episode can reopen it; one decided before it qualified cannot.
  if (verdict?.episode !== state.current.episode) return null;
  if (!reopensQualification(verdict.verdict, requalifyAfterRejected)) return null;
  if (qualifyingAt === null || qualifyingAt.getTime() <= verdict.decidedAt.getTime()) return null;
  return state.current.episode + 1;
}
