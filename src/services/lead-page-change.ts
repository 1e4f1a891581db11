// The Salesforce Lead page's parts of a change: its details document (grounds of the current
// episode, both deadlines with what the page needs to move their status on live, the shared
// information) and the verdict deadline. Built from the store, from the card's own query, inside
// the transaction that queues the change, so the page shows what that transaction decided. Only a
// target that shows the page gets them: a HubSpot-only install reads nothing more per change.
import type { CrmChanges } from '../domain/crm-changes.ts';
import { deadlineStatus } from '../domain/deadline-plan.ts';
import type { Definitions } from '../domain/definitions.ts';
import type { DeadlineSnapshot } from '../domain/lead-page-details.ts';
import type { Queryable } from '../storage/queryable.ts';
import { enqueueWriteBack } from '../storage/write-back-outbox.ts';
import type { WriteBackTarget } from '../storage/write-back-outbox.ts';
import { CARD_QUERY, cardDeadlineTimes } from './build-card-model.ts';
import type { CardRow } from './build-card-model.ts';

export interface LeadPageDeps {
  readonly definitions: Definitions;
}

type LeadPageParts = Pick<CrmChanges, 'leadPage' | 'verdictDueAt'>;

/** HubSpot's connector has no Lead page: every other CRM's does. */
function showsLeadPage(target: WriteBackTarget): boolean {
  return target !== 'hubspot';
}

/** The contact's Lead page parts as the store holds them at `now`; none for an unknown contact. */
export async function leadPageChange(
  deps: LeadPageDeps,
  q: Queryable,
  portalId: string,
  contactId: string,
  now: Date,
): Promise<LeadPageParts> {
  const { rows } = await q.query<CardRow>(CARD_QUERY, [portalId, contactId]);
  const row = rows[0];
  if (!row) return {};
  const snapshot = (kind: 'handoff' | 'verdict'): DeadlineSnapshot => {
    const times = cardDeadlineTimes(row, kind);
    if (!times) return { status: 'not_started', dueAt: null, warnAt: null, metAt: null };
    return {
      status: deadlineStatus(times, now),
      dueAt: times.dueAt.toISOString(),
      warnAt: times.warnAt.toISOString(),
      metAt: times.metAt?.toISOString() ?? null,
    };
  };
  const shared: Record<string, string | null> = {};
  for (const [field, property] of Object.entries(deps.definitions.handoff.share))
    shared[field] = row.properties[property] ?? null;
  const verdictDue = snapshot('verdict');
  return {
    leadPage: {
      definitionVersion: row.definition_version ?? deps.definitions.version,
      status: row.qualified_at !== null ? 'mql' : 'not_mql',
      qualifiedAt: row.qualified_at?.toISOString() ?? null,
      grounds: row.grounds ?? row.evaluation?.grounds ?? [],
      handoff: snapshot('handoff'),
      verdictDue,
      shared,
    },
    // Due only while the verdict deadline is open.
    verdictDueAt: verdictDue.metAt === null ? verdictDue.dueAt : null,
  };
}

/**
 * Queues a contact's change like enqueueWriteBack, adding the Lead page parts (read in the same
 * transaction, at the change's `now`) to the rows of targets that show the page. HubSpot's rows
 * get the change alone.
 */
export async function enqueueContactChange(
  deps: LeadPageDeps,
  q: Queryable,
  input: Parameters<typeof enqueueWriteBack>[1],
): Promise<void> {
  const pages = input.targets.filter(showsLeadPage);
  if (pages.length === 0) return enqueueWriteBack(q, input);
  const others = input.targets.filter((target) => !showsLeadPage(target));
  if (others.length > 0) await enqueueWriteBack(q, { ...input, targets: others });
  const parts = await leadPageChange(deps, q, input.portalId, input.contactId, input.now);
  await enqueueWriteBack(q, { ...input, targets: pages, changes: { ...input.changes, ...parts } });
}
