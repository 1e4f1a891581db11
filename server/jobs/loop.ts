import type { Logger } from '../../src/logging/logger.ts';

export interface Loop {
  /** Runs the work again as soon as the current run ends, instead of waiting for the interval. */
  poke(): void;
  /**
   * Stops scheduling, aborts the run in progress (through the signal its work was given) and waits
   * for it, at most `graceMs`: a run stuck on a CRM that never answers must not hold up shutdown.
   * What it had claimed is leased in storage and taken up again after a restart.
   */
  stop(graceMs?: number): Promise<void>;
}

const DEFAULT_GRACE_MS = 5_000;

/**
 * Runs `work` every `intervalMs`, never two runs at once. When a run says there is more to do
 * (returns true) the next one starts right away. A failing run is logged and retried next tick.
 * `work` gets the loop's stop signal: pass it on to anything that waits (sleeps, CRM calls).
 */
export function startLoop(
  name: string,
  intervalMs: number,
  work: (signal: AbortSignal) => Promise<boolean>,
  logger: Logger,
): Loop {
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  const schedule = (delay: number) => {
    if (stopping.signal.aborted) return;
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
        more = await work(stopping.signal);
      } catch (error) {
        if (stopping.signal.aborted) logger.info({ loop: name }, 'background loop run stopped by shutdown');
        else logger.error({ err: error, loop: name }, 'background loop run failed');
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
    async stop(graceMs = DEFAULT_GRACE_MS) {
      stopping.abort();
      if (timer) clearTimeout(timer);
      const current = running;
      if (!current) return;
      let timeout: NodeJS.Timeout | undefined;
      const outlived = await Promise.race([
        current.then(() => false),
        new Promise<boolean>((resolve) => {
          timeout = setTimeout(() => {
            resolve(true);
          }, graceMs);
        }),
      ]);
      clearTimeout(timeout);
      if (outlived)
        logger.warn({ loop: name, graceMs }, 'background loop still running at shutdown; left behind');
    },
  };
}
