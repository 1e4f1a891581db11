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
import type { WalkCounts } from './modified-contacts-walk.ts';
import type { ProgressReporter } from './progress-reporter.ts';

export interface ReconcileDeps {
  readonly crm: CrmContacts;
  readonly cursors: SyncCursorStore;
  /** Receives contacts with history, ≤ 50 at a time; contacts inside the overlap come again each run. */
  readonly sink: (contacts: readonly CrmContact[]) => Promise<void>;
  readonly properties: readonly string[];
  readonly historyProperties: readonly string[];
  readonly now: () => Date;
  readonly progress?: ProgressReporter;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface ReconcileOptions {
  /** How far before the watermark each run starts again: clock skew and search-index lag. */
  readonly overlapMs?: number;
  /** Where the very first run starts, back from now. */
  readonly initialLookbackMs?: number;
  readonly cursorName?: string;
  /** Search page size, ≤ 200. */
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

export interface ReconcileReport extends WalkCounts {
  /** The window searched: [from, to). */
  readonly from: Date;
  readonly to: Date;
  /** The watermark stored for the next run: the newest `lastmodifieddate` delivered so far. */
  readonly watermark: Date;
  readonly complete: boolean;
}

/** Stored under the cursor name; JSON. */
export interface ReconcileCursor {
  readonly version: 1;
  /** Newest `lastmodifieddate` delivered (ISO); the next run searches from here minus the overlap. */
  readonly watermark: string;
  readonly updatedAt: string;
}

export const DEFAULT_RECONCILE_CURSOR = 'reconcile';
export const DEFAULT_OVERLAP_MS = 5 * 60_000;
export const DEFAULT_INITIAL_LOOKBACK_MS = 24 * 60 * 60_000;

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Catches what webhooks missed: every contact modified since the stored watermark (minus the
 * overlap) until now goes through the backfill's pipeline. Meant to run every few minutes. The
 * watermark advances after each page to the newest `lastmodifieddate` delivered (the walk is in
 * ascending order, so everything older was delivered), never to `now`: a contact the search index
 * has not caught up with yet is found by the next run through the overlap.
 */
export async function reconcileContacts(
  deps: ReconcileDeps,
  options: ReconcileOptions = {},
): Promise<Result<ReconcileReport, ConnectorError>> {
  const name = options.cursorName ?? DEFAULT_RECONCILE_CURSOR;
  const overlapMs = options.overlapMs ?? DEFAULT_OVERLAP_MS;
  const pageSize = Math.min(options.pageSize ?? MAX_SEARCH_PAGE, MAX_SEARCH_PAGE);
  const to = deps.now();
  const stored = await deps.cursors.load<{ readonly version?: unknown; readonly watermark?: unknown }>(name);
  const storedWatermark =
    stored?.version === 1 && typeof stored.watermark === 'string' ? Date.parse(stored.watermark) : Number.NaN;
  const previous = Number.isFinite(storedWatermark)
    ? storedWatermark
    : to.getTime() - (options.initialLookbackMs ?? DEFAULT_INITIAL_LOOKBACK_MS) + overlapMs;
  const from = new Date(previous - overlapMs);
  let watermark = previous;

  const save = async (newest: number | null): Promise<void> => {
    if (newest !== null && newest > watermark) watermark = newest;
    const cursor: ReconcileCursor = {
      version: 1,
      watermark: new Date(watermark).toISOString(),
      updatedAt: deps.now().toISOString(),
    };
    await deps.cursors.save(name, cursor);
  };

  try {
    const outcome = await walkModifiedContacts(
      {
        crm: deps.crm,
        sink: deps.sink,
        properties: deps.properties,
        historyProperties: deps.historyProperties,
        sleep: deps.sleep ?? realSleep,
      },
      {
        to,
        pageSize,
        position: startPosition(from),
        counts: zeroCounts,
        signal: options.signal,
        async checkpoint({ counts, maxModifiedAt, estimatedTotal }) {
          await save(maxModifiedAt);
          deps.progress?.update(counts.contacts, estimatedTotal);
        },
      },
    );
    if (!outcome.ok) return err(outcome.error);
    await save(outcome.value.maxModifiedAt);
    const { counts, complete } = outcome.value;
    return ok({ ...counts, from, to, watermark: new Date(watermark), complete });
  } finally {
    deps.progress?.stop();
  }
}
