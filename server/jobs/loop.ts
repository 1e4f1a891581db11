import type { Logger } from '../../src/logging/logger.ts';

export interface Loop {
  /** Runs the work again as soon as the current run ends, instead of waiting for the interval. */
  poke(): void;
  /** Stops scheduling and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `work` every `intervalMs`, never two runs at once. When a run says there is more to do
 * (returns true) the next one starts right away. A failing run is logged and retried next tick.
 */
export function startLoop(
  name: string,
  intervalMs: number,
  work: () => Promise<boolean>,
  logger: Logger,
): Loop {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  const schedule = (delay: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, delay);
    timer.unref();
  };

  function run(): void {
    timer = null;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      let more = false;
      try {
        more = await work();
      } catch (error) {
        logger.error({ err: error, loop: name }, 'background loop run failed');
      }
      running = null;
      const now = again || more;
      again = false;
      schedule(now ? 0 : intervalMs);
    })();
  }

  schedule(0);
  return {
    poke() {
      if (running) again = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
