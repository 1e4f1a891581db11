// `npm run backfill` while a server holds the PGlite data folder: the command may not open it (one
// process per folder), so it hands its window to the server over the server's loopback control
// port (URL and token from the 0600 lock file in the folder) and follows the progress from there.
import type { DataDirLockInfo } from '../src/storage/data-dir-lock.ts';
import type { ProgressReporter } from '../src/services/progress-reporter.ts';
import type { WindowReport } from '../src/services/backfill-window.ts';
import { describeBackfill } from './backfill-report.ts';

interface RunStatus {
  readonly id: string;
  readonly state: 'running' | 'done' | 'stopped' | 'failed';
  readonly done: number;
  readonly total: number | null;
  readonly report: WindowReport | null;
  readonly error: string | null;
}

export interface HandOffOptions {
  readonly holder: DataDirLockInfo;
  readonly dataDir: string;
  readonly from: Date;
  readonly to: Date;
  /** Ctrl-C: ask the server to stop after the page in hand. */
  readonly signal: AbortSignal;
  readonly progress: ProgressReporter;
  readonly pollMs?: number;
  readonly write: (text: string) => void;
  readonly writeError: (text: string) => void;
}

class ControlError extends Error {}

async function call(
  holder: DataDirLockInfo,
  method: string,
  path: string,
  body?: object,
): Promise<{ status: number; json: unknown }> {
  const url = holder.control?.url ?? '';
  let response: Response;
  try {
    response = await fetch(`${url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${holder.token}`, 'Content-Type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ControlError(`could not reach the server (pid ${holder.pid}) on its control port`);
  }
  const json: unknown = await response.json().catch((): unknown => null);
  return { status: response.status, json };
}

function errorMessage(json: unknown): string {
  return (json as { error?: { message?: string } } | null)?.error?.message ?? 'no reason given';
}

/** Hands the window to the server and follows it; the number is the command's exit code. */
export async function handOffBackfill(options: HandOffOptions): Promise<number> {
  const { holder } = options;
  if (holder.control === null) {
    options.writeError(
      `backfill: DATA_DIR ${options.dataDir} is in use by pid ${holder.pid}, which does not take backfills ` +
        '(not a running server, or still starting); try again once it serves, or stop it.\n',
    );
    return 1;
  }
  const began = performance.now();
  try {
    const started = await call(holder, 'POST', '/backfills', {
      from: options.from.toISOString(),
      to: options.to.toISOString(),
    });
    if (started.status !== 202) {
      options.writeError(`backfill: the running server refused the window: ${errorMessage(started.json)}\n`);
      return 1;
    }
    let status = started.json as RunStatus;
    options.writeError(
      `The server (pid ${holder.pid}) holds DATA_DIR ${options.dataDir}: it loads this window; following its progress (Ctrl-C stops it after the page in hand).\n`,
    );
    let stopAsked = false;
    while (status.state === 'running') {
      if (options.signal.aborted && !stopAsked) {
        stopAsked = true;
        await call(holder, 'DELETE', `/backfills/${status.id}`);
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
      const polled = await call(holder, 'GET', `/backfills/${status.id}`);
      if (polled.status !== 200) throw new ControlError(errorMessage(polled.json));
      status = polled.json as RunStatus;
      options.progress.update(status.done, status.total ?? status.done);
    }
    options.progress.stop();
    const seconds = (performance.now() - began) / 1000;
    if (status.state === 'failed' || status.report === null) {
      options.writeError(
        `backfill failed: ${status.error ?? 'unknown'}\nProgress is saved; run the same command again to resume.\n`,
      );
      return 1;
    }
    options.write(`${describeBackfill(status.report, seconds)}\n`);
    return status.report.complete ? 0 : 130;
  } catch (error) {
    options.progress.stop();
    const reason = error instanceof Error ? error.message : String(error);
    options.writeError(
      `backfill: ${reason}; the server may have stopped. Progress is saved: run the same command again to resume.\n`,
    );
    return 1;
  }
}
