import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import type { Logger } from '../src/logging/logger.ts';
import { describeFailure, errorCode } from '../src/logging/describe-failure.ts';
import type { JobQueue } from '../src/ports/job-queue.ts';
import type { Database } from '../src/storage/database.ts';
import { BootError } from './boot-error.ts';
import type { Workers } from './jobs/workers.ts';

// How the process starts listening and how it stops. the README promises SIGTERM 10 s to
// exit 0, whatever the CRMs do; every step below has its share, counted from the signal.
export const SHUTDOWN_BUDGET_MS = 10_000;
// Requests in flight and background runs (which may wait on a CRM) get this long.
const DRAIN_MS = 5_000;
// Jobs the queue is running get this long, alongside; then they are handed back to the queue.
const JOBS_MS = 6_000;
// Closing storage must end this long before the budget does.
const CLOSE_MARGIN_MS = 1_000;

/** Listens on `port`; a port in use or forbidden is a BootError naming PORT. */
export function listen(handler: RequestListener, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    const failed = (error: Error) => {
      const code = errorCode(error);
      const why =
        code === 'EADDRINUSE'
          ? `port ${port} is already in use (EADDRINUSE)`
          : code === 'EACCES'
            ? `not allowed to listen on port ${port} (EACCES)`
            : `cannot listen on port ${port}: ${describeFailure(error)}`;
      reject(new BootError(`PORT: ${why}`, { cause: error }));
    };
    server.once('error', failed);
    server.listen(port, () => {
      server.off('error', failed);
      resolve(server);
    });
  });
}

export interface Running {
  readonly server?: Server | null;
  /** The loopback control port `npm run backfill` uses on PGlite. */
  readonly control?: { stop(): Promise<void> } | null;
  readonly workers?: Workers | null;
  readonly queue?: JobQueue | null;
  readonly db?: Database | null;
}

/**
 * Stops what is running within the budget that started at `signalledAt`. At once and together: no
 * new connections, requests in flight and background runs finish (or are cut) within DRAIN_MS, the
 * queue takes no new job and its running ones get JOBS_MS. Then the queue and storage close.
 * Nothing accepted is lost: what was cut short is stored and leased, and runs again after a restart.
 */
export async function stopRunning(running: Running, signalledAt: number, logger: Logger): Promise<void> {
  const { server, control, workers, queue, db } = running;
  const left = (share: number) => Math.max(0, signalledAt + share - Date.now());
  const warn = (what: string) => (error: unknown) => {
    logger.warn({ err: error }, `${what} did not stop cleanly`);
  };
  await Promise.all([
    server ? closeServer(server, signalledAt + DRAIN_MS) : undefined,
    control?.stop().catch(warn('control port')),
    workers?.stop(left(DRAIN_MS)),
    queue?.stopWorking(Math.max(1_000, left(JOBS_MS))).catch(warn('job queue')),
  ]);
  await queue?.stop().catch(warn('job queue'));
  if (!db) return;
  const closed = db.close().then(
    () => true,
    (error: unknown) => {
      warn('storage')(error);
      return true;
    },
  );
  if ((await settledWithin(closed, left(SHUTDOWN_BUDGET_MS - CLOSE_MARGIN_MS))) === null) {
    logger.warn('storage did not close in time; exiting anyway');
  }
}

/** The promise's value if it resolves within `ms`, else null (a rejection too); it runs on, unawaited. */
export function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => {
        resolve(null);
      },
      Math.max(0, ms),
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
    );
  });
}

/** In-flight requests finish on their open connections; idle ones close now, the rest at `cutAt`. */
function closeServer(server: Server, cutAt: number): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  server.closeIdleConnections();
  const cut = setTimeout(
    () => {
      server.closeAllConnections();
    },
    Math.max(0, cutAt - Date.now()),
  );
  return closed.finally(() => {
    clearTimeout(cut);
  });
}
