import cliProgress from 'cli-progress';
import type { Logger } from '../logging/logger.ts';

/** Where long-running sync work says how far it got. `total` is an estimate and may move. */
export interface ProgressReporter {
  update(done: number, total: number): void;
  stop(): void;
}

/** Any writable with an `isTTY` flag (process.stdout, process.stderr, a test double). */
export type ProgressStream = NodeJS.WritableStream & { readonly isTTY?: boolean };

export interface ProgressReporterOptions {
  /** Names the work in the bar and in each log line (`backfill`). */
  readonly label: string;
  readonly logger: Logger;
  /** The terminal the bar draws on; log lines instead when it is not a TTY. Default stdout. */
  readonly stream?: ProgressStream;
  /** A log line at least every this many contacts… */
  readonly everyContacts?: number;
  /** …or this many ms, whichever comes first. */
  readonly everyMs?: number;
  readonly now?: () => number;
}

export const silentProgress: ProgressReporter = {
  update: () => undefined,
  stop: () => undefined,
};

/** A bar on a terminal, structured progress lines in logs otherwise (containers, CI, files). */
export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const stream = options.stream ?? process.stdout;
  return stream.isTTY
    ? createBarProgressReporter({ ...options, stream })
    : createLogProgressReporter(options);
}

function ratePerSecond(done: number, elapsedMs: number): number {
  return elapsedMs > 0 ? Math.round((done * 1000 * 10) / elapsedMs) / 10 : 0;
}

export function createLogProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const everyContacts = options.everyContacts ?? 5_000;
  const everyMs = options.everyMs ?? 5_000;
  const startedAt = now();
  let lastDone = 0;
  let lastTotal = 0;
  let loggedDone = 0;
  let loggedAt = startedAt;
  let stopped = false;

  const line = (done: number, total: number, at: number): Record<string, unknown> => {
    const rate = ratePerSecond(done, at - startedAt);
    const left = Math.max(0, total - done);
    return {
      task: options.label,
      done,
      total,
      percent: total > 0 ? Math.min(100, Math.round((done / total) * 1000) / 10) : null,
      ratePerSecond: rate,
      etaSeconds: rate > 0 ? Math.round(left / rate) : null,
      elapsedSeconds: Math.round((at - startedAt) / 1000),
    };
  };

  return {
    update(done, total) {
      if (stopped) return;
      lastDone = done;
      lastTotal = total;
      const at = now();
      if (done - loggedDone < everyContacts && at - loggedAt < everyMs) return;
      loggedDone = done;
      loggedAt = at;
      options.logger.info(line(done, total, at), `${options.label} progress`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      options.logger.info(line(lastDone, lastTotal, now()), `${options.label} stopped`);
    },
  };
}

export function createBarProgressReporter(
  options: ProgressReporterOptions & { readonly stream: ProgressStream },
): ProgressReporter {
  const now = options.now ?? Date.now;
  const bar = new cliProgress.SingleBar(
    {
      format: `${options.label} [{bar}] {percentage}% | {value}/{total} contacts | {rate}/s | ETA {eta_formatted}`,
      stream: options.stream,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const startedAt = now();
  let started = false;
  let stopped = false;
  return {
    update(done, total) {
      if (stopped) return;
      const rate = ratePerSecond(done, now() - startedAt);
      if (!started) {
        started = true;
        bar.start(Math.max(total, done), done, { rate });
        return;
      }
      bar.setTotal(Math.max(total, done));
      bar.update(done, { rate });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (started) bar.stop();
    },
  };
}
