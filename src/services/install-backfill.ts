import type { CrmContact, CrmContacts } from '../ports/crm-contacts.ts';
import type { SyncCursorStore } from '../ports/sync-cursor-store.ts';
import type { SyncLeases } from '../ports/sync-lease.ts';
import { DEFAULT_BACKFILL_CURSOR, PORTAL_EPOCH, backfillContacts } from './backfill-contacts.ts';
import type { BackfillCursor } from './backfill-contacts.ts';
import type { ProgressReporter } from './progress-reporter.ts';
import { trackContact } from './track-contact.ts';
import type { TrackingDeps } from './track-contact.ts';

// The install backfill: the first time the server runs with a HubSpot token, it loads every
// existing contact of the portal by itself, in the background, through the same resumable walk
// as `npm run backfill` and the same tracking as webhooks. Its state is a sync cursor (durable:
// a restart resumes from the last page), and a lease on the database makes sure one process runs
// it at a time, however many instances share the storage.

export type InstallBackfillState = 'running' | 'done' | 'failed';

/** Stored under `installStateName(portalId)`; JSON. */
export interface InstallBackfillRecord {
  readonly version: 1;
  readonly state: InstallBackfillState;
  /** Contacts loaded so far (earlier interrupted runs included). */
  readonly done: number;
  /** Contacts expected in total, once the first search said; null before. */
  readonly total: number | null;
  /** The window's exclusive end, fixed at the first start: later changes reach us by webhooks and reconciliation. */
  readonly to: string;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
  /** Why the last run failed (closed failure code and message), or why it was not needed. */
  readonly note: string | null;
}

export type InstallRunOutcome =
  /** Already done (by an earlier run, or by a whole-portal `npm run backfill`). */
  | 'skipped'
  /** Another process holds the lease and is running it. */
  | 'busy'
  | 'done'
  /** Stopped by the signal (shutdown); the next run resumes. */
  | 'stopped'
  | 'failed';

export interface InstallBackfillDeps extends TrackingDeps {
  readonly crm: CrmContacts;
  readonly cursors: SyncCursorStore;
  readonly leases: SyncLeases;
  /** Who this process is, for the lease (`pid@host`, plus a random part). */
  readonly holder: string;
  readonly properties: readonly string[];
  readonly historyProperties: readonly string[];
  readonly progress: ProgressReporter;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A crashed holder's lease runs out after this long; the live holder renews it at every page. */
export const INSTALL_LEASE_MS = 5 * 60_000;

/** Another process took the lease over (this one stalled past it): it goes on, this one stops. */
class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

export function installStateName(portalId: string): string {
  return `hubspot-install:${portalId}`;
}

function walkCursorName(portalId: string): string {
  return `hubspot-install:${portalId}:walk`;
}

function current(stored: { readonly version?: unknown } | null): InstallBackfillRecord | null {
  return stored?.version === 1 ? (stored as InstallBackfillRecord) : null;
}

export async function loadInstallBackfill(
  cursors: SyncCursorStore,
  portalId: string,
): Promise<InstallBackfillRecord | null> {
  return current(await cursors.load<{ readonly version?: unknown }>(installStateName(portalId)));
}

/** A finished `npm run backfill` over the whole portal already loaded everything. */
async function loadedByHand(cursors: SyncCursorStore): Promise<BackfillCursor | null> {
  const manual = await cursors.load<BackfillCursor>(DEFAULT_BACKFILL_CURSOR);
  const whole = manual?.version === 1 && Date.parse(manual.from) <= PORTAL_EPOCH.getTime();
  return whole && manual.finishedAt !== null ? manual : null;
}

/**
 * Runs (or resumes) the install backfill of one portal until it is done, fails, or the signal
 * stops it after the page in hand. Idempotent: contacts tracked twice change nothing, and
 * deadlines long past when first seen are recorded without alerting (see buildDeadline).
 */
export async function runInstallBackfill(
  deps: InstallBackfillDeps,
  portalId: string,
  signal?: AbortSignal,
): Promise<InstallRunOutcome> {
  const name = installStateName(portalId);
  const stored = await loadInstallBackfill(deps.cursors, portalId);
  if (stored?.state === 'done') return 'skipped';
  const nowIso = () => deps.now().toISOString();
  if (stored === null) {
    const manual = await loadedByHand(deps.cursors);
    if (manual !== null) {
      const record: InstallBackfillRecord = {
        version: 1,
        state: 'done',
        done: manual.counts.contacts,
        total: manual.counts.contacts,
        to: manual.to,
        startedAt: manual.startedAt,
        updatedAt: nowIso(),
        finishedAt: manual.finishedAt,
        note: 'already loaded by npm run backfill',
      };
      await deps.cursors.save(name, record);
      return 'skipped';
    }
  }
  if (!(await deps.leases.claim(name, deps.holder, INSTALL_LEASE_MS))) return 'busy';
  try {
    return await run(deps, portalId, stored, signal);
  } catch (error) {
    if (error instanceof LeaseLostError) return 'busy';
    // Shutdown cut a wait short (rate-limit backoff): a pause, not a failure.
    if (signal?.aborted) return 'stopped';
    // A storage failure mid-page: say so (best effort, storage may be what failed) and let the
    // caller log it; the cursor stands, the next attempt resumes.
    const note = `unknown: ${error instanceof Error ? error.message : String(error)}`;
    const latest = await loadInstallBackfill(deps.cursors, portalId).catch(() => null);
    if (latest) {
      const failed = { ...latest, state: 'failed' as const, note, updatedAt: deps.now().toISOString() };
      await deps.cursors.save(name, failed).catch(() => undefined);
    }
    throw error;
  } finally {
    await deps.leases.release(name, deps.holder).catch(() => undefined);
  }
}

async function run(
  deps: InstallBackfillDeps,
  portalId: string,
  stored: InstallBackfillRecord | null,
  signal: AbortSignal | undefined,
): Promise<InstallRunOutcome> {
  const name = installStateName(portalId);
  const startedAt = stored?.startedAt ?? deps.now().toISOString();
  const to = stored?.to ?? deps.now().toISOString();
  let record: InstallBackfillRecord = {
    version: 1,
    state: 'running',
    done: stored?.done ?? 0,
    total: stored?.total ?? null,
    to,
    startedAt,
    updatedAt: deps.now().toISOString(),
    finishedAt: null,
    note: null,
  };
  const save = async (changes: Partial<InstallBackfillRecord>) => {
    record = { ...record, ...changes, updatedAt: deps.now().toISOString() };
    await deps.cursors.save(name, record);
  };
  await save({});
  deps.logger.info({ portalId, resumedAt: record.done, to }, 'install backfill: loading the portal contacts');
  const result = await backfillContacts(
    {
      crm: deps.crm,
      cursors: deps.cursors,
      sink: async (contacts: readonly CrmContact[]) => {
        for (const contact of contacts) await trackContact(deps, portalId, contact, null);
      },
      properties: deps.properties,
      historyProperties: deps.historyProperties,
      progress: deps.progress,
      now: deps.now,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      onCheckpoint: async ({ done, total }) => {
        if (!(await deps.leases.claim(name, deps.holder, INSTALL_LEASE_MS))) {
          throw new LeaseLostError('install backfill: another process took the lease over');
        }
        await save({ done, total });
      },
    },
    {
      from: PORTAL_EPOCH,
      to: new Date(to),
      cursorName: walkCursorName(portalId),
      ...(signal ? { signal } : {}),
    },
  );
  if (!result.ok) {
    const note = `${result.error.code}: ${result.error.message}`;
    await save({ state: 'failed', note });
    deps.logger.error(
      { portalId, error: result.error },
      'install backfill failed; it resumes on the next attempt',
    );
    return 'failed';
  }
  const { contacts, complete } = result.value;
  if (!complete) {
    await save({ done: contacts });
    deps.logger.info({ portalId, done: contacts }, 'install backfill paused; it resumes where it stopped');
    return 'stopped';
  }
  await save({ state: 'done', done: contacts, total: contacts, finishedAt: deps.now().toISOString() });
  deps.logger.info({ portalId, contacts }, 'install backfill done: every existing contact is loaded');
  return 'done';
}
