import type { ConnectorError } from '../domain/connector-error.ts';
import type { Result } from '../domain/result.ts';
import { ok } from '../domain/result.ts';
import type { CrmContact, CrmContacts } from '../ports/crm-contacts.ts';
import type { SyncCursorStore } from '../ports/sync-cursor-store.ts';
import type { SyncLeases } from '../ports/sync-lease.ts';
import { DEFAULT_BACKFILL_CURSOR, backfillContacts } from './backfill-contacts.ts';
import type { BackfillReport } from './backfill-contacts.ts';
import type { ProgressReporter } from './progress-reporter.ts';
import { trackContact } from './track-contact.ts';
import type { TrackingDeps } from './track-contact.ts';

// An explicit backfill window (`npm run backfill -- --from … --to …`), wherever it runs: in the
// command's own process, or handed to the running server. One window runs at a time across every
// process on the storage (a lease), so two commands never walk the same cursor at once.

export interface BackfillWindowDeps extends TrackingDeps {
  readonly crm: CrmContacts;
  readonly cursors: SyncCursorStore;
  readonly leases: SyncLeases;
  readonly holder: string;
  readonly properties: readonly string[];
  readonly historyProperties: readonly string[];
  readonly progress: ProgressReporter;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface BackfillWindow {
  readonly from: Date;
  readonly to: Date;
  readonly signal?: AbortSignal;
}

export interface WindowReport extends BackfillReport {
  /** Contacts that qualified during this run. */
  readonly qualified: number;
  /** Contacts of this run meeting the definition now. */
  readonly mql: number;
}

export type WindowOutcome =
  | { readonly kind: 'busy'; readonly holder: string | null }
  | { readonly kind: 'finished'; readonly result: Result<WindowReport, ConnectorError> };

export const BACKFILL_WINDOW_LEASE = 'backfill-window';
const LEASE_MS = 5 * 60_000;

class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

/** Runs (or resumes, for the same `from`) one backfill window, tracking each contact. */
export async function runBackfillWindow(
  deps: BackfillWindowDeps,
  portalId: string,
  window: BackfillWindow,
): Promise<WindowOutcome> {
  if (!(await deps.leases.claim(BACKFILL_WINDOW_LEASE, deps.holder, LEASE_MS))) {
    return { kind: 'busy', holder: await deps.leases.holder(BACKFILL_WINDOW_LEASE) };
  }
  const tracked = { qualified: 0, mql: 0 };
  try {
    const result = await backfillContacts(
      {
        crm: deps.crm,
        cursors: deps.cursors,
        sink: async (contacts: readonly CrmContact[]) => {
          for (const contact of contacts) {
            const outcome = await trackContact(deps, portalId, contact, null);
            if (outcome.qualified) tracked.qualified += 1;
            if (outcome.status === 'mql') tracked.mql += 1;
          }
        },
        properties: deps.properties,
        historyProperties: deps.historyProperties,
        progress: deps.progress,
        now: deps.now,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        onCheckpoint: async () => {
          if (!(await deps.leases.claim(BACKFILL_WINDOW_LEASE, deps.holder, LEASE_MS))) {
            throw new LeaseLostError('another process took the backfill over');
          }
        },
      },
      {
        from: window.from,
        to: window.to,
        cursorName: DEFAULT_BACKFILL_CURSOR,
        ...(window.signal ? { signal: window.signal } : {}),
      },
    );
    return { kind: 'finished', result: result.ok ? ok({ ...result.value, ...tracked }) : result };
  } catch (error) {
    if (error instanceof LeaseLostError) {
      return { kind: 'busy', holder: await deps.leases.holder(BACKFILL_WINDOW_LEASE) };
    }
    throw error;
  } finally {
    await deps.leases.release(BACKFILL_WINDOW_LEASE, deps.holder).catch(() => undefined);
  }
}
