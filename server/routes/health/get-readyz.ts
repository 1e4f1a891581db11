import type { Request, Response } from 'express';
import type { ConnectorProvider } from '../../../src/domain/connector-error.ts';
import type { DefinitionsCheck } from '../../../src/services/check-definitions.ts';
import type { ConnectorHealth } from '../../../src/services/connector-health.ts';
import type { Database } from '../../../src/storage/database.ts';
import { countWriteBacks } from '../../../src/storage/write-back-repository.ts';

/**
 * One more field of the /readyz body, read from storage or memory. `degraded` marks the answer
 * degraded (still 200): something needs a person, but the product serves.
 */
export interface ReadinessSection {
  readonly name: string;
  read(): Promise<{ readonly value: unknown; readonly degraded?: boolean }>;
}

export interface ReadyzDeps {
  readonly db: Database;
  readonly health: ConnectorHealth;
  readonly checkDefinitions: () => Promise<DefinitionsCheck>;
  /** Extra fields, each from its own provider (backfill progress, webhook backlog, …). */
  readonly readinessSections?: readonly ReadinessSection[];
}

const PROVIDERS: readonly ConnectorProvider[] = ['hubspot', 'salesforce', 'slack'];

/** 200 when storage answers and the definitions are in force; connectors never make us unready. */
export function getReadyz(deps: ReadyzDeps) {
  return async (_req: Request, res: Response): Promise<void> => {
    const storage = await deps.db.ping();
    const definitions = storage ? await deps.checkDefinitions().catch(() => null) : null;
    const connectors = Object.fromEntries(PROVIDERS.map((p) => [p, deps.health.state(p)]));
    const connectorDetails = Object.fromEntries(PROVIDERS.map((p) => [p, deps.health.report(p)]));
    const writeBacks = storage
      ? await countWriteBacks(deps.db)
      : { pending: 0, failed: 0, parked: 0, unlinked: 0 };
    const sections = storage
      ? await Promise.all(
          (deps.readinessSections ?? []).map(async (s) => ({ name: s.name, ...(await s.read()) })),
        )
      : [];
    const ready = storage && definitions?.loaded === true;
    const degraded =
      Object.values(connectors).includes('failing') ||
      writeBacks.failed > 0 ||
      writeBacks.parked > 0 ||
      sections.some((s) => s.degraded === true);
    res.status(ready ? 200 : 503).json({
      status: ready ? (degraded ? 'degraded' : 'ok') : 'down',
      storage: storage ? 'ok' : 'failing',
      definitions: definitions?.loaded ? 'loaded' : 'missing',
      ...(definitions
        ? {
            definitionsVersion: definitions.version,
            ...(definitions.problem ? { definitionsProblem: definitions.problem } : {}),
          }
        : {}),
      connectors,
      connectorDetails,
      writeBacks,
      ...Object.fromEntries(sections.map((s) => [s.name, s.value])),
    });
  };
}
