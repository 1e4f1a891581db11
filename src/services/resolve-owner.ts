import type { Logger } from '../logging/logger.ts';
import type { CrmAdmin } from '../ports/crm-admin.ts';
import type { Database } from '../storage/database.ts';

// Owners rarely change; a day keeps the owners API off the verdict path almost always.
const OWNER_CACHE_MS = 24 * 3_600_000;

/**
 * The HubSpot owner id of the signed-in rep (card `userId`), through a cached owners-API lookup.
 * A failed lookup never blocks a verdict: the verdict is stored without an owner id.
 */
export async function resolveOwner(
  deps: {
    readonly db: Database;
    readonly crmAdmin: CrmAdmin | null;
    readonly now: () => Date;
    readonly logger: Logger;
  },
  portalId: string,
  userId: string | null,
): Promise<string | null> {
  if (userId === null) return null;
  const { rows } = await deps.db.query<{ owner_id: string | null; fetched_at: Date }>(
    'SELECT owner_id, fetched_at FROM owner_cache WHERE portal_id = $1 AND user_id = $2',
    [portalId, userId],
  );
  const cached = rows[0];
  if (cached && deps.now().getTime() - cached.fetched_at.getTime() < OWNER_CACHE_MS) return cached.owner_id;
  if (!deps.crmAdmin) return cached?.owner_id ?? null;
  const result = await deps.crmAdmin.getOwnerByUserId(userId);
  if (!result.ok) {
    deps.logger.warn(
      { portalId, userId, error: result.error },
      'owner lookup failed; verdict stored without owner id',
    );
    return cached?.owner_id ?? null;
  }
  const owner = result.value;
  await deps.db.query(
    `INSERT INTO owner_cache (portal_id, user_id, owner_id, email, fetched_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (portal_id, user_id) DO UPDATE SET owner_id = EXCLUDED.owner_id, email = EXCLUDED.email,
       fetched_at = EXCLUDED.fetched_at`,
    [portalId, userId, owner?.ownerId ?? null, owner?.email ?? null, deps.now()],
  );
  return owner?.ownerId ?? null;
}
