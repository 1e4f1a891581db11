import { describe, expect, it } from 'vitest';
import {
  createRateLimiter,
  createRateLimiterRegistry,
  DEFAULT_PER_TEN_SECONDS,
} from '../../../src/connectors/hubspot/portal-rate-limiter.ts';
import type { HubSpotCallKind, RateLimiter } from '../../../src/connectors/hubspot/portal-rate-limiter.ts';

function fakeClock(start = 1_700_000_000_000) {
  let current = start;
  const sleeps: number[] = [];
  return {
    now: () => current,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      // Let the callers already granted observe the clock before time moves on.
      await new Promise((resolve) => setImmediate(resolve));
      current += ms;
    },
    advance: (ms: number) => {
      current += ms;
    },
    sleeps,
  };
}

async function acquireAll(
  limiter: RateLimiter,
  clock: ReturnType<typeof fakeClock>,
  kinds: HubSpotCallKind[],
) {
  const granted: { kind: HubSpotCallKind; at: number; order: number }[] = [];
  await Promise.all(
    kinds.map((kind, order) =>
      limiter.acquire(kind).then(() => {
        granted.push({ kind, at: clock.now(), order });
      }),
    ),
  );
  return granted;
}

function maxInAnyWindow(stamps: readonly number[], windowMs: number): number {
  return Math.max(
    0,
    ...stamps.map((start) => stamps.filter((at) => at >= start && at < start + windowMs).length),
  );
}

describe('portal rate limiter', () => {
  it('never lets more than the 10 s budget through in any window', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep });
    const granted = await acquireAll(
      limiter,
      clock,
      Array.from({ length: 250 }, () => 'standard' as const),
    );
    expect(granted).toHaveLength(250);
    expect(
      maxInAnyWindow(
        granted.map((g) => g.at),
        10_000,
      ),
    ).toBe(DEFAULT_PER_TEN_SECONDS);
    // 250 calls at 90 per 10 s: the last batch starts after two full windows.
    expect((granted.at(-1)?.at ?? 0) - 1_700_000_000_000).toBe(20_000);
    // Sleeps only when the window is full: no polling.
    expect(clock.sleeps).toEqual([10_000, 10_000]);
  });

  it('keeps search under its per-second cap, and counts it against the 10 s budget too', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({
      now: clock.now,
      sleep: clock.sleep,
      perTenSeconds: 30,
      searchPerSecond: 5,
    });
    const kinds = Array.from({ length: 60 }, (_, index): HubSpotCallKind =>
      index % 2 === 0 ? 'search' : 'standard',
    );
    const granted = await acquireAll(limiter, clock, kinds);
    const searchStamps = granted.filter((g) => g.kind === 'search').map((g) => g.at);
    expect(maxInAnyWindow(searchStamps, 1_000)).toBe(5);
    expect(
      maxInAnyWindow(
        granted.map((g) => g.at),
        10_000,
      ),
    ).toBe(30);
  });

  it('serves callers first come, first served', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep, searchPerSecond: 1 });
    const granted = await acquireAll(limiter, clock, ['search', 'search', 'standard', 'standard']);
    expect(granted.map((g) => g.order)).toEqual([0, 1, 2, 3]);
    expect(granted.map((g) => g.at - 1_700_000_000_000)).toEqual([0, 1_000, 1_000, 1_000]);
  });

  it('pauses the portal after a 429 for the time HubSpot implies', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep });
    await limiter.acquire('standard');
    limiter.onRateLimited(10_000);
    const started = clock.now();
    await limiter.acquire('standard');
    expect(clock.now() - started).toBe(10_000);
  });

  it('extends a pause that arrives while callers are already waiting', async () => {
    const clock = fakeClock();
    const holder: { limiter?: RateLimiter } = {};
    const sleeps: number[] = [];
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      if (sleeps.length === 1) {
        holder.limiter?.onRateLimited(30_000);
      }
      await clock.sleep(ms);
    };
    const limiter = createRateLimiter({ now: clock.now, sleep });
    holder.limiter = limiter;
    limiter.onRateLimited(1_000);
    const started = clock.now();
    await limiter.acquire('standard');
    expect(clock.now() - started).toBe(30_000);
    expect(sleeps).toEqual([1_000, 29_000]);
  });

  it('does not shorten a longer pause', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ now: clock.now, sleep: clock.sleep });
    limiter.onRateLimited(60_000);
    limiter.onRateLimited(1_000);
    const started = clock.now();
    await limiter.acquire('search');
    expect(clock.now() - started).toBe(60_000);
  });

  it('keeps one budget per portal', async () => {
    const clock = fakeClock();
    const registry = createRateLimiterRegistry({ now: clock.now, sleep: clock.sleep, perTenSeconds: 1 });
    expect(registry.getLimiter('1')).toBe(registry.getLimiter('1'));
    await registry.getLimiter('1').acquire('standard');
    registry.getLimiter('1').onRateLimited(5_000);
    await registry.getLimiter('2').acquire('standard');
    expect(clock.sleeps).toEqual([]);
  });

  it('refuses a zero budget', () => {
    expect(() => createRateLimiter({ perTenSeconds: 0 })).toThrow(RangeError);
  });
});
