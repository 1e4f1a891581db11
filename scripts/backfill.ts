// `npm run backfill [-- --from 2025-01-01 --to 2026-11-20]`: loads the contacts modified in
// [from, to) from HubSpot (search windows of ≤ 200 per page, batch reads of ≤ 50 with history,
// within the portal's rate limits) and tracks each one: properties, live evaluation,
// qualification, deadlines. Resumable: the cursor is saved after each page, and a run with the
// same --from continues it. Ctrl-C stops after the page in hand; run again to finish.
// On PGlite while a server runs, the server holds the data folder: the window is handed to it
// (see backfill-handoff.ts). One window runs at a time on a database, whichever process runs it.
import { parseArgs } from 'node:util';
import { formatConfigProblems, loadConfig } from '../src/config/env.ts';
import { createLogger } from '../src/logging/logger.ts';
import { hostname } from 'node:os';
import type { Config } from '../src/config/env.ts';
import type { Logger } from '../src/logging/logger.ts';
import { PORTAL_EPOCH } from '../src/services/backfill-contacts.ts';
import { runBackfillWindow } from '../src/services/backfill-window.ts';
import { createProgressReporter } from '../src/services/progress-reporter.ts';
import type { ProgressReporter } from '../src/services/progress-reporter.ts';
import { readDataDirLock } from '../src/storage/data-dir-lock.ts';
import { createSyncCursorRepository } from '../src/storage/sync-cursor-repository.ts';
import { createSyncLeaseRepository } from '../src/storage/sync-lease-repository.ts';
import { trackedProperties } from '../server/jobs/tracked-properties.ts';
import { BootError, buildCore } from '../server/runtime.ts';
import { handOffBackfill } from './backfill-handoff.ts';
import { describeBackfill } from './backfill-report.ts';
import { runCommand } from './run-command.ts';

const USAGE = 'usage: npm run backfill -- [--from <ISO date>] [--to <ISO date>]';

export interface BackfillArgs {
  readonly from: Date;
  readonly to: Date;
}

/** Parses --from/--to (ISO dates or instants); `to` defaults to now. Throws a usage message. */
export function parseBackfillArgs(argv: readonly string[], now: Date): BackfillArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: { from: { type: 'string' }, to: { type: 'string' } },
    strict: true,
  });
  const parse = (flag: string, raw: string | undefined, fallback: Date): Date => {
    if (raw === undefined) return fallback;
    const at = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(raw) ? new Date(raw) : new Date(Number.NaN);
    if (Number.isNaN(at.getTime()))
      throw new Error(`--${flag} ${raw} is not an ISO date (2026-11-20 or 2026-11-20T09:00:00Z)\n${USAGE}`);
    return at;
  };
  const from = parse('from', values.from, PORTAL_EPOCH);
  const to = parse('to', values.to, now);
  if (from.getTime() >= to.getTime()) throw new Error(`--from must be before --to\n${USAGE}`);
  return { from, to };
}

async function main(): Promise<number> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${formatConfigProblems(loaded.problems)}\n`);
    return 1;
  }
  const config = loaded.config;
  let args: BackfillArgs;
  try {
    args = parseBackfillArgs(process.argv.slice(2), new Date());
  } catch (error) {
    process.stderr.write(`backfill: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  // Installed before boot, so Ctrl-C during migrations is a clean stop too, not a kill.
  const stop = new AbortController();
  const onSigint = () => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write('\nStopping after the current page (Ctrl-C again to quit now)…\n');
    stop.abort();
  };
  process.on('SIGINT', onSigint);
  // On a terminal the bar is the progress; keep the JSON logs to warnings so they do not tear it.
  const quiet = process.stderr.isTTY && process.env['LOG_LEVEL'] === undefined;
  const logger = createLogger(quiet ? 'warn' : config.LOG_LEVEL);
  const progress = createProgressReporter({ label: 'backfill', logger, stream: process.stderr });
  try {
    // PGlite serves one process: while a server holds the folder, the window goes to that server.
    const holder = config.DATABASE_URL ? null : await readDataDirLock(config.DATA_DIR);
    if (holder) {
      return await handOffBackfill({
        holder,
        dataDir: config.DATA_DIR,
        from: args.from,
        to: args.to,
        signal: stop.signal,
        progress,
        write: (text) => process.stdout.write(text),
        writeError: (text) => process.stderr.write(text),
      });
    }
    if (!config.HUBSPOT_ACCESS_TOKEN) {
      process.stderr.write(
        'backfill: HUBSPOT_ACCESS_TOKEN must be set (the app token to load contacts with).\n',
      );
      return 1;
    }
    return await runHere(config, logger, args, stop.signal, progress);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** The window in this process: on PostgreSQL, or on PGlite when no server holds the folder. */
async function runHere(
  config: Config,
  logger: Logger,
  args: BackfillArgs,
  signal: AbortSignal,
  progress: ProgressReporter,
): Promise<number> {
  const core = await buildCore(config, logger);
  try {
    if (signal.aborted) return 130;
    const hubspot = core.hubspot;
    if (!hubspot) throw new BootError('HubSpot connector is not configured');
    const portal = await core.crmPortal.resolve();
    if (portal === null || !portal.ok) {
      throw new BootError(
        `backfill: could not tell which HubSpot portal the token reads (${portal?.ok === false ? portal.error.message : 'no HubSpot'}); set HUBSPOT_PORTAL_ID`,
      );
    }
    const began = performance.now();
    const outcome = await runBackfillWindow(
      {
        ...core,
        crm: hubspot,
        cursors: createSyncCursorRepository(core.db),
        leases: createSyncLeaseRepository(core.db),
        holder: `${process.pid}@${hostname()}/npm-run-backfill`,
        properties: trackedProperties(core),
        historyProperties: core.definitions.propertiesRead,
        progress,
      },
      portal.value,
      { from: args.from, to: args.to, signal },
    );
    if (outcome.kind === 'busy') {
      process.stderr.write(
        `backfill: another process runs a backfill on this database now (${outcome.holder ?? 'unknown'}); wait for it to finish, or stop it.\n`,
      );
      return 1;
    }
    const { result } = outcome;
    if (!result.ok) {
      process.stderr.write(
        `backfill failed: ${result.error.code}: ${result.error.message}\nProgress is saved; run the same command again to resume.\n`,
      );
      return 1;
    }
    process.stdout.write(`${describeBackfill(result.value, (performance.now() - began) / 1000)}\n`);
    return result.value.complete ? 0 : 130;
  } finally {
    await core.db.close();
  }
}

runCommand('backfill', main);
