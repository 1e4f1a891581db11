import type { Database } from '../storage/database.ts';
import { DEADLINE_COLUMNS, saveDeadline, toDeadline } from '../storage/deadline-repository.ts';
import { buildDeadline } from './deadlines.ts';
import type { DeadlineDeps } from './deadlines.ts';

/**
 * After a definitions change, open deadlines are re-planned from their start on the new clock and
 * durations. Closed ones (met) keep the deadline they were judged against.
 */
export async function recomputeOpenDeadlines(
  deps: DeadlineDeps & { readonly db: Database },
): Promise<number> {
  let total = 0;
  for (;;) {
    const changed = await deps.db.transaction(async (client) => {
      const { rows } = await client.query<Parameters<typeof toDeadline>[0]>(
        `SELECT ${DEADLINE_COLUMNS} FROM deadlines
          WHERE met_at IS NULL AND definition_hash <> $1
          LIMIT 1000 FOR UPDATE SKIP LOCKED`,
        [deps.definitions.hash],
      );
      for (const row of rows) {
        const old = toDeadline(row);
        const fresh = buildDeadline(deps, old.portalId, old.contactId, old.episode, old.kind, old.startedAt);
        await saveDeadline(client, fresh);
      }
      return rows.length;
    });
    total += changed;
    if (changed === 0) return total;
  }
}
