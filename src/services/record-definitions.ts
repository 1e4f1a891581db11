import type { Definitions } from '../domain/definitions.ts';
import type { Database } from '../storage/database.ts';

/** Keeps every definitions version the product ran with; true when this content is new. */
export async function recordDefinitions(db: Database, definitions: Definitions): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO definitions_versions (hash, version, body) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING`,
    [
      definitions.hash,
      definitions.version,
      JSON.stringify({
        ...definitions,
        conditions: definitions.conditions.map((c) => ({
          ...c,
          operator: { ...c.operator, regex: undefined },
        })),
      }),
    ],
  );
  return result.rowCount === 1;
}
