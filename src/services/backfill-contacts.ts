import type { ConnectorError } from '../domain/connector-error.ts';
import type { Result } from '../domain/result.ts';
import { err, ok } from '../domain/result.ts';
import type { CrmContact, CrmContacts } from '../ports/crm-contacts.ts';
import type { SyncCursorStore } from '../ports/sync-cursor-store.ts';
import {
  MAX_SEARCH_PAGE,
  startPosition,
  walkModifiedContacts,
  zeroCounts,
} from './modified-contacts-walk.ts';
import type { WalkCounts, WalkPosition } from './modified-contacts-walk.ts';
import type { ProgressReporter } from './progress-reporter.ts';

export interface BackfillDeps {
  readonly crm: CrmContacts;
  readonly cursors: SyncCursorStore;
  /** Receives contacts with history, ≤ 50 at a time; at least once each (a resumed page comes again). */
  readonly sink: (contacts: readonly CrmContact[]) => Promise<void>;
  readonly properties: readonly string[];
  readonly historyProperties: readonly string[];
  readonly progress: ProgressReporter;
  readonly now: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Called after each page once its cursor is saved: contacts loaded so far (earlier runs
   * included) and the expected total. A throw stops the backfill there (the cursor stands).
   */
  readonly onCheckpoint?: (progress: { readonly done: number; readonly total: number }) => Promise<void>;
}

export interface BackfillOptions {
  /** Inclusive lower bound on `lastmodifieddate`. */
  readonly from: Date;
  /** Exclusive upper bound on `lastmodifieddate`. */
  readonly to: Date;
  readonly cursorName?: string;
  /** Search page size, ≤ 200. */
  readonly pageSize?: number;
  /** Stops after the page in hand (SIGTERM); the next run resumes there. */
  readonly signal?: AbortSignal;
}

/** Counts over the whole backfill, earlier interrupted runs included. */
export interface BackfillReport extends WalkCounts {
  /** False when stopped by the signal; run again to finish. */
  readonly complete: boolean;
  /** True when this run continued a stored cursor instead of starting at `from`. */
  readonly resumed: boolean;
}

/** Stored under the cursor name; JSON. */
export interface BackfillCursor {
  readonly version: 1;
  readonly from: string;
  readonly to: string;
  readonly position: WalkPosition;
  readonly counts: WalkCounts;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
}

export const DEFAULT_BACKFILL_CURSOR = 'backfill';

/** HubSpot launched in 2006: no contact was modified before, so a walk from here covers a whole portal. */
export const PORTAL_EPOCH = new Date('2006-01-01T00:00:00.000Z');

// A cursor written by another version of this code is not trusted: the backfill starts over.
function current(stored: { readonly version?: unknown } | null): BackfillCursor | null {
  return stored?.version === 1 ? (stored as BackfillCursor) : null;
}

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Loads every contact modified in [from, to) with history into the sink, resumably: the cursor is
 * saved after each page, so a crash repeats at most the page in flight. A stored cursor with the
 * same `from` is resumed (its `to` may differ: the walk's position is a lower bound only); another
 * `from` starts over. Contacts modified while the backfill runs move past their old place and are
 * delivered when the walk gets there (or by reconciliation, when they move past `to`).
 */
export async function backfillContacts(
  deps: BackfillDeps,
  options: BackfillOptions,
): Promise<Result<BackfillReport, ConnectorError>> {
  const name = options.cursorName ?? DEFAULT_BACKFILL_CURSOR;
  const pageSize = Math.min(options.pageSize ?? MAX_SEARCH_PAGE, MAX_SEARCH_PAGE);
  if (pageSize < 1) throw new RangeError('pageSize must be at least 1');
  const stored = current(await deps.cursors.load<{ readonly version?: unknown }>(name));
  const resumed = stored !== null && stored.from === options.from.toISOString();
  const startedAt = resumed ? stored.startedAt : deps.now().toISOString();
  const base = {
    version: 1 as const,
    from: options.from.toISOString(),
    to: options.to.toISOString(),
    startedAt,
  };

  try {
    return await run(deps, options, { name, pageSize, stored: resumed ? stored : null, base });
  } finally {
    deps.progress.stop();
  }
}

interface RunPlan {
  readonly name: string;
  readonly pageSize: number;
  readonly stored: BackfillCursor | null;
  readonly base: Pick<BackfillCursor, 'version' | 'from' | 'to' | 'startedAt'>;
}

async function run(
  deps: BackfillDeps,
  options: BackfillOptions,
  { name, pageSize, stored, base }: RunPlan,
): Promise<Result<BackfillReport, ConnectorError>> {
  const outcome = await walkModifiedContacts(
    {
      crm: deps.crm,
      sink: deps.sink,
      properties: deps.properties,
      historyProperties: deps.historyProperties,
      sleep: deps.sleep ?? realSleep,
    },
    {
      to: options.to,
      pageSize,
      position: stored?.position ?? startPosition(options.from),
      counts: stored?.counts ?? zeroCounts,
      signal: options.signal,
      async checkpoint({ position, counts, estimatedTotal }) {
        const cursor: BackfillCursor = {
          ...base,
          position,
          counts,
          updatedAt: deps.now().toISOString(),
          finishedAt: null,
        };
        await deps.cursors.save(name, cursor);
        deps.progress.update(counts.contacts, estimatedTotal);
        await deps.onCheckpoint?.({ done: counts.contacts, total: estimatedTotal });
      },
    },
  );
  if (!outcome.ok) return err(outcome.error);
  const { position, counts, complete, estimatedTotal } = outcome.value;
  const finishedAt = complete ? deps.now().toISOString() : null;
  const cursor: BackfillCursor = {
    ...base,
    position,
    counts,
    updatedAt: deps.now().toISOString(),
    finishedAt,
  };
  await deps.cursors.save(name, cursor);
  deps.progress.update(counts.contacts, estimatedTotal);
  return ok({ ...counts, complete, resumed: stored !== null });
}
