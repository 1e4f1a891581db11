import type { Definitions } from '../domain/definitions.ts';
import type { Database } from '../storage/database.ts';

export interface DefinitionsCheck {
  readonly loaded: boolean;
  readonly version: string;
  readonly hash: string;
  /** Why not loaded. */
  readonly problem?: string;
}

/**
 * Whether the agreement the process runs with is really in force: parsed into at least one
 * condition and one reason, and recorded in storage under its hash (every qualification is stamped
 * with that hash and must be readable against it).
 */
export async function checkDefinitions(db: Database, definitions: Definitions): Promise<DefinitionsCheck> {
  const base = { version: definitions.version, hash: definitions.hash };
  if (definitions.conditions.length === 0 || definitions.reasons.length === 0) {
    return { ...base, loaded: false, problem: 'the definitions hold no condition or no reason' };
  }
  const { rows } = await db.query<{ hash: string }>('SELECT hash FROM definitions_versions WHERE hash = $1', [
    definitions.hash,
  ]);
  return rows.length === 1
    ? { ...base, loaded: true }
    : { ...base, loaded: false, problem: `definitions ${definitions.hash} are not recorded in storage` };
}
