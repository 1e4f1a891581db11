import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { runBackfillWindow } from '../../src/services/backfill-window.ts';
import type { WindowReport } from '../../src/services/backfill-window.ts';
import type { ProgressReporter } from '../../src/services/progress-reporter.ts';
import { createLogProgressReporter } from '../../src/services/progress-reporter.ts';
import { createSyncCursorRepository } from '../../src/storage/sync-cursor-repository.ts';
import { createSyncLeaseRepository } from '../../src/storage/sync-lease-repository.ts';
import { abortableSleep } from '../jobs/abortable-sleep.ts';
import { trackedProperties } from '../jobs/tracked-properties.ts';
import type { Core } from '../runtime.ts';

// Backfill windows handed to this server by `npm run backfill` (PGlite: the command cannot open
// the data folder the server holds). One at a time; the command follows it by polling.

export type BackfillRunState = 'running' | 'done' | 'stopped' | 'failed';

export interface BackfillRunStatus {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly state: BackfillRunState;
  /** Contacts loaded so far and the expected total (the walk's estimate). */
  readonly done: number;
  readonly total: number | null;
  /** The final counts, once the run ended. */
  readonly report: WindowReport | null;
  readonly error: string | null;
}

export type StartOutcome =
  | { readonly kind: 'started' | 'joined'; readonly status: BackfillRunStatus }
  | { readonly kind: 'busy'; readonly message: string }
  | { readonly kind: 'not_configured'; readonly message: string };

export interface BackfillRuns {
  start(from: Date, to: Date): Promise<StartOutcome>;
  get(id: string): BackfillRunStatus | null;
  /** Asks a run to stop after the page in hand (its cursor stands; the same command resumes it). */
  stop(id: string): BackfillRunStatus | null;
  /** Stops every run and waits for it (shutdown). */
  close(): Promise<void>;
}

interface Run {
  status: BackfillRunStatus;
  readonly abort: AbortController;
  finished: Promise<void>;
}

export function createBackfillRuns(core: Core): BackfillRuns {
  const runs = new Map<string, Run>();
  let current: Run | null = null;
  const holder = `${process.pid}@${hostname()}/server-${randomUUID().slice(0, 8)}`;

  const execute = async (run: Run, portalId: string, from: Date, to: Date): Promise<void> => {
    const hubspot = core.hubspot;
    if (!hubspot) return;
    const log = createLogProgressReporter({ label: 'backfill', logger: core.logger });
    const progress: ProgressReporter = {
      update(done, total) {
        run.status = { ...run.status, done, total };
        log.update(done, total);
      },
      stop: () => {
        log.stop();
      },
    };
    try {
      const outcome = await runBackfillWindow(
        {
          db: core.db,
          definitions: core.definitions,
          clock: core.clock,
          writeBackTargets: core.writeBackTargets,
          now: core.now,
          logger: core.logger,
          crm: hubspot,
          cursors: createSyncCursorRepository(core.db),
          leases: createSyncLeaseRepository(core.db),
          holder,
          properties: trackedProperties(core),
          historyProperties: core.definitions.propertiesRead,
          progress,
          sleep: abortableSleep(run.abort.signal),
        },
        portalId,
        { from, to, signal: run.abort.signal },
      );
      if (outcome.kind === 'busy') {
        const message = `another process runs a backfill (${outcome.holder ?? 'unknown'})`;
        run.status = { ...run.status, state: 'failed', error: message };
        return;
      }
      const { result } = outcome;
      run.status = result.ok
        ? {
            ...run.status,
            state: result.value.complete ? 'done' : 'stopped',
            done: result.value.contacts,
            report: result.value,
          }
        : { ...run.status, state: 'failed', error: `${result.error.code}: ${result.error.message}` };
    } catch (error) {
      if (run.abort.signal.aborted) {
        run.status = { ...run.status, state: 'stopped' };
        return;
      }
      core.logger.error({ err: error }, 'handed-over backfill failed');
      run.status = {
        ...run.status,
        state: 'failed',
        error: error instanceof Error ? error.message : String(error),
      };
    }
  };

  return {
    async start(from, to) {
      if (!core.hubspot) {
        return {
          kind: 'not_configured',
          message: 'the server has no HUBSPOT_ACCESS_TOKEN: nothing to load from',
        };
      }
      if (current && current.status.state === 'running') {
        const same = current.status.from === from.toISOString() && current.status.to === to.toISOString();
        if (same) return { kind: 'joined', status: current.status };
        return {
          kind: 'busy',
          message: `the server already runs a backfill from ${current.status.from} to ${current.status.to}`,
        };
      }
      const portal = await core.crmPortal.resolve();
      if (portal === null) return { kind: 'not_configured', message: 'the server has no HubSpot connection' };
      if (!portal.ok) {
        return {
          kind: 'busy',
          message: `HubSpot did not say which portal the token reads: ${portal.error.message}`,
        };
      }
      const run: Run = {
        status: {
          id: randomUUID(),
          from: from.toISOString(),
          to: to.toISOString(),
          state: 'running',
          done: 0,
          total: null,
          report: null,
          error: null,
        },
        abort: new AbortController(),
        finished: Promise.resolve(),
      };
      run.finished = execute(run, portal.value, from, to);
      runs.set(run.status.id, run);
      current = run;
      core.logger.info(
        { from: run.status.from, to: run.status.to },
        'backfill handed over by npm run backfill',
      );
      return { kind: 'started', status: run.status };
    },
    get: (id) => runs.get(id)?.status ?? null,
    stop(id) {
      const run = runs.get(id);
      if (!run) return null;
      run.abort.abort();
      return run.status;
    },
    async close() {
      for (const run of runs.values()) run.abort.abort();
      await Promise.all([...runs.values()].map((run) => run.finished));
    },
  };
}
