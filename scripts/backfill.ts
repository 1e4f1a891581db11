// `npm run backfill [-- --from 2025-01-01 --to 2026-11-20]`: loads the contacts modified in
// [from, to) from HubSpot (search windows of ≤ 200 per page, batch reads with history, within the
// portal's rate limits) and tracks each one: properties, live evaluation, qualification, deadlines.
// Resumable: the cursor is saved after each page, and a run with the same --from continues it.
// Ctrl-C stops after the page in hand; run again to finish.
import { parseArgs } from 'node:util';
import { formatConfigProblems, loadConfig } from '../src/config/env.ts';
import { createLogger } from '../src/logging/logger.ts';
import type { CrmContact } from '../src/ports/crm-contacts.ts';
import { PORTAL_EPOCH, backfillContacts } from '../src/services/backfill-contacts.ts';
import type { BackfillReport } from '../src/services/backfill-contacts.ts';
import { createProgressReporter } from '../src/services/progress-reporter.ts';
import { trackContact } from '../src/services/track-contact.ts';
import { createSyncCursorRepository } from '../src/storage/sync-cursor-repository.ts';
import { trackedProperties } from '../server/jobs/workers.ts';
import { BootError, buildCore } from '../server/runtime.ts';
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

function summary(
  report: BackfillReport,
  tracked: { qualified: number; mql: number },
  seconds: number,
): string {
  return [
    report.complete ? 'Backfill complete.' : 'Backfill stopped early; run the same command again to resume.',
    `  contacts loaded:   ${report.contacts}${report.resumed ? ' (earlier runs included)' : ''}`,
    `  meeting the MQL definition now (this run): ${tracked.mql}`,
    `  newly qualified (this run):                ${tracked.qualified}`,
    `  HubSpot calls:     ${report.searchCalls} searches, ${report.readCalls} batch reads, ${report.windows} windows`,
    `  unreachable:       ${report.unreachable}`,
    `  time:              ${seconds.toFixed(1)} s`,
    'Qualification properties are written back to HubSpot by the running server (write-back outbox).',
  ].join('\n');
}

async function main(): Promise<number> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${formatConfigProblems(loaded.problems)}\n`);
    return 1;
  }
  const config = loaded.config;
  const missing = (['HUBSPOT_ACCESS_TOKEN', 'HUBSPOT_PORTAL_ID'] as const).filter((name) => !config[name]);
  if (missing.length > 0) {
    process.stderr.write(
      `backfill: ${missing.join(' and ')} must be set (the portal to load contacts from, and its app token).\n`,
    );
    return 1;
  }
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
  const core = await buildCore(config, logger);
  if (stop.signal.aborted) {
    await core.db.close();
    return 130;
  }
  const portalId = config.HUBSPOT_PORTAL_ID;
  const hubspot = core.hubspot;
  if (!hubspot || portalId === undefined) throw new BootError('HubSpot connector is not configured');

  const tracking = { db: core.db, definitions: core.definitions, clock: core.clock, now: core.now, logger };
  const tracked = { qualified: 0, mql: 0 };
  const began = performance.now();
  try {
    const result = await backfillContacts(
      {
        crm: hubspot,
        cursors: createSyncCursorRepository(core.db),
        sink: async (contacts: readonly CrmContact[]) => {
          for (const contact of contacts) {
            const outcome = await trackContact(tracking, portalId, contact, null);
            if (outcome.qualified) tracked.qualified += 1;
            if (outcome.status === 'mql') tracked.mql += 1;
          }
        },
        properties: trackedProperties(core),
        historyProperties: core.definitions.propertiesRead,
        progress: createProgressReporter({ label: 'backfill', logger, stream: process.stderr }),
        now: core.now,
      },
      { from: args.from, to: args.to, signal: stop.signal },
    );
    const seconds = (performance.now() - began) / 1000;
    if (!result.ok) {
      process.stderr.write(
        `backfill failed: ${result.error.code}: ${result.error.message}\nProgress is saved; run the same command again to resume.\n`,
      );
      return 1;
    }
    process.stdout.write(`${summary(result.value, tracked, seconds)}\n`);
    return result.value.complete ? 0 : 130;
  } finally {
    process.off('SIGINT', onSigint);
    await core.db.close();
  }
}

runCommand('backfill', main);
