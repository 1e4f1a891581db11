import { describe, expect, it } from 'vitest';
import { nextEpisode } from '../../src/domain/requalification.ts';
import type { EpisodeState } from '../../src/domain/requalification.ts';

const VERDICT_AT = new Date('2026-11-20T01:00:00Z');
const LATER = new Date('2026-11-25T00:30:00Z');

function state(
  verdict: 'accepted' | 'rejected' | 'recycled' | null,
  verdictEpisode: number | null = 1,
): EpisodeState {
  return {
    current: { episode: 1 },
    latestVerdict: verdict === null ? null : { verdict, decidedAt: VERDICT_AT, episode: verdictEpisode },
  };
}

describe('nextEpisode', () => {
  it('qualifies a contact that never qualified as episode 1, dated or not', () => {
    expect(nextEpisode({ current: null, latestVerdict: null }, null, false)).toBe(1);
  });

  it('opens the next episode after a recycled verdict when the qualifying instant is later than it', () => {
    expect(nextEpisode(state('recycled'), LATER, false)).toBe(2);
    expect(
      nextEpisode(
        {
          ...state('recycled'),
          current: { episode: 3 },
          latestVerdict: { verdict: 'recycled', decidedAt: VERDICT_AT, episode: 3 },
        },
        LATER,
        false,
      ),
    ).toBe(4);
  });

  it('does not re-qualify on the instant of the verdict or before it, nor without a date', () => {
    expect(nextEpisode(state('recycled'), VERDICT_AT, false)).toBeNull();
    expect(nextEpisode(state('recycled'), new Date('2026-11-19T00:00:00Z'), false)).toBeNull();
    expect(nextEpisode(state('recycled'), null, false)).toBeNull();
  });

  it('re-qualifies a rejected contact only when the definitions allow it, an accepted one never', () => {
    expect(nextEpisode(state('rejected'), LATER, false)).toBeNull();
    expect(nextEpisode(state('rejected'), LATER, true)).toBe(2);
    expect(nextEpisode(state('accepted'), LATER, true)).toBeNull();
  });

  it('needs a verdict on the current episode: none, or one decided before the contact qualified, keeps it', () => {
    expect(nextEpisode(state(null), LATER, true)).toBeNull();
    expect(nextEpisode(state('recycled', null), LATER, true)).toBeNull();
  });
});
