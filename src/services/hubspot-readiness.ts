import type { SyncCursorStore } from '../ports/sync-cursor-store.ts';
import type { InputPropertiesCheck } from './input-properties.ts';
import { loadInstallBackfill } from './install-backfill.ts';

// What /readyz says about the HubSpot install, read from the shared store so every instance
// reports the same thing whichever one runs the work.

export interface BackfillReadiness {
  readonly state: 'idle' | 'running' | 'done' | 'failed';
  readonly done: number;
  readonly total: number | null;
}

export interface PropertiesReadiness {
  /** Properties the definitions read that the portal lacks: the conditions on them are never met. */
  readonly missing: readonly string[];
  readonly checkedAt: string;
}

interface InputCheckRecord {
  readonly version: 1;
  readonly missing: readonly string[];
  readonly checkedAt: string;
}

function inputCheckName(portalId: string): string {
  return `hubspot-input-properties:${portalId}`;
}

export async function recordInputCheck(
  cursors: SyncCursorStore,
  portalId: string,
  check: InputPropertiesCheck,
  at: Date,
): Promise<void> {
  const record: InputCheckRecord = {
    version: 1,
    missing: check.missing.map((spec) => spec.name),
    checkedAt: at.toISOString(),
  };
  await cursors.save(inputCheckName(portalId), record);
}

export async function loadPropertiesReadiness(
  cursors: SyncCursorStore,
  portalId: string | null,
): Promise<PropertiesReadiness | null> {
  if (portalId === null) return null;
  const record = await cursors.load<InputCheckRecord>(inputCheckName(portalId));
  return record?.version === 1 ? { missing: record.missing, checkedAt: record.checkedAt } : null;
}

/** `idle` until the install backfill of the token's portal first starts (or with no HubSpot token). */
export async function loadBackfillReadiness(
  cursors: SyncCursorStore,
  portalId: string | null,
): Promise<BackfillReadiness> {
  const record = portalId === null ? null : await loadInstallBackfill(cursors, portalId);
  if (record === null) return { state: 'idle', done: 0, total: null };
  return { state: record.state, done: record.done, total: record.total };
}
