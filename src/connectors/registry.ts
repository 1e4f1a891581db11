// Which connector writes what: per portal and target, the CrmWriteBack its outbox rows go through.
// A CRM is one folder under src/connectors plus one entry here (built in server/runtime.ts).
import type { ConnectorError } from '../domain/connector-error.ts';
import type { Result } from '../domain/result.ts';
import type { CrmWriteBack, WriteBackRoute, WriteBackTarget } from '../ports/crm-write-back.ts';

export interface RegistryEntry {
  readonly target: WriteBackTarget;
  /**
   * Whether every change is queued for this target. HubSpot's changes are queued even before a
   * token is set (the backlog is written once one is); another CRM's only while it is configured.
   */
  readonly queued: boolean;
  /** Its write-back, or null while it cannot write (no credentials). */
  readonly writeBack: CrmWriteBack | null;
  /** The portal whose contacts it writes (null: not known yet). */
  readonly portal: () => Promise<Result<string, ConnectorError> | null>;
}

export interface ConnectorRegistry {
  /** The targets each change is queued for: one outbox row per target. */
  readonly targets: readonly WriteBackTarget[];
  /** The (portal, target) pairs that can write now, each with its own connector. */
  routes(): Promise<readonly WriteBackRoute[]>;
  /** The write-back of this portal and target, or null when none is configured for it. */
  writeBackFor(portalId: string, target: WriteBackTarget): Promise<CrmWriteBack | null>;
}

export function createConnectorRegistry(entries: readonly RegistryEntry[]): ConnectorRegistry {
  const routes = async (): Promise<WriteBackRoute[]> => {
    const found: WriteBackRoute[] = [];
    for (const entry of entries) {
      if (entry.writeBack === null) continue;
      const portal = await entry.portal();
      if (portal === null || !portal.ok) continue;
      found.push({ portalId: portal.value, target: entry.target, writeBack: entry.writeBack });
    }
    return found;
  };
  return {
    targets: entries.filter((entry) => entry.queued).map((entry) => entry.target),
    routes,
    async writeBackFor(portalId, target) {
      const route = (await routes()).find((r) => r.portalId === portalId && r.target === target);
      return route?.writeBack ?? null;
    },
  };
}
