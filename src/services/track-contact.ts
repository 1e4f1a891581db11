import type { CrmChanges } from '../domain/crm-changes.ts';
import type { Definitions } from '../domain/definitions.ts';
import { funnelFacts } from '../domain/funnel-properties.ts';
import { evaluateCondition, evaluateMql } from '../domain/mql-evaluation.ts';
import type { MqlEvaluation } from '../domain/mql-evaluation.ts';
import { nextEpisode } from '../domain/requalification.ts';
import type { SlaClock } from '../domain/sla-clock.ts';
import type { Logger } from '../logging/logger.ts';
import type { CrmContact } from '../ports/crm-contacts.ts';
import { upsertContact, findEpisodeState, insertQualification } from '../storage/contact-repository.ts';
import type { QualificationRow } from '../storage/contact-repository.ts';
import { saveFirstQualification, saveFunnelFacts } from '../storage/contact-stages-repository.ts';
import type { Database } from '../storage/database.ts';
import type { Queryable } from '../storage/queryable.ts';
import { DEFAULT_WRITE_BACK_TARGETS } from '../storage/write-back-outbox.ts';
import type { WriteBackTarget } from '../storage/write-back-outbox.ts';
import { openDeadline, closeDeadline } from './deadlines.ts';
import { enqueueContactChange } from './lead-page-change.ts';

export interface TrackingDeps {
  readonly db: Database;
  readonly definitions: Definitions;
  readonly clock: SlaClock;
  readonly now: () => Date;
  readonly logger: Logger;
  /** The CRMs each change is written to (default: HubSpot). */
  readonly writeBackTargets?: readonly WriteBackTarget[];
}

export interface TrackOutcome {
  readonly contactId: string;
  readonly status: MqlEvaluation['status'];
  readonly qualified: boolean;
  readonly handedOff: boolean;
}

/**
 * Records what we now know of one contact: its properties, funnel facts and live evaluation, a
 * frozen qualification episode when it qualifies (the first time it meets the definition, or anew
 * after a verdict that sent it back to marketing), and the episode's handoff and verdict deadlines.
 * `changedAt` is when the triggering change happened (the webhook's occurredAt), if known.
 */
export async function trackContact(
  deps: TrackingDeps,
  portalId: string,
  contact: CrmContact,
  changedAt: Date | null,
): Promise<TrackOutcome> {
  const { definitions } = deps;
  const now = deps.now();
  const evaluation = evaluateMql(definitions, contact, now);
  const ownerId = contact.properties['hubspot_owner_id'] ?? null;
  return deps.db.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`contact:${portalId}:${contact.id}`]);
    await upsertContact(
      client,
      {
        portalId,
        contactId: contact.id,
        properties: { ...contact.properties },
        history: toMutableHistory(contact.history),
        ownerId: ownerId === '' ? null : ownerId,
        crmUpdatedAt: contact.updatedAt,
      },
      evaluation,
      definitions.hash,
      now,
    );
    await saveFunnelFacts(client, portalId, contact.id, funnelFacts(definitions, contact));
    const state = await findEpisodeState(client, portalId, contact.id);
    let qualification = state.qualification;
    let qualified = false;
    if (evaluation.status === 'mql') {
      const qualifyingAt = qualifyingInstant(evaluation, changedAt);
      const episode = nextEpisode(
        { current: state.qualification, latestVerdict: state.latestVerdict },
        qualifyingAt,
        definitions.requalifyAfterRejected,
      );
      if (episode !== null) {
        const next: QualificationRow = {
          episode,
          definitionVersion: definitions.version,
          definitionHash: definitions.hash,
          // Only a first qualification can be undated: then it happened when we saw it.
          qualifiedAt: qualifyingAt ?? now,
          grounds: evaluation.grounds,
        };
        qualified = await insertQualification(client, portalId, contact.id, next);
        if (qualified) {
          qualification = next;
          await openEpisode(deps, client, portalId, contact.id, next, evaluation);
        }
      }
    }
    const handedOff = qualification
      ? await detectHandoff(deps, client, portalId, contact, qualification, changedAt)
      : false;
    return { contactId: contact.id, status: evaluation.status, qualified, handedOff };
  });
}

/** A new episode: its handoff deadline, the `mql` stage for the first one, and the CRM write-back. */
async function openEpisode(
  deps: TrackingDeps,
  client: Queryable,
  portalId: string,
  contactId: string,
  qualification: QualificationRow,
  evaluation: MqlEvaluation,
): Promise<void> {
  const { definitions } = deps;
  const { episode, qualifiedAt } = qualification;
  const handoff = await openDeadline(deps, client, portalId, contactId, episode, 'handoff', qualifiedAt);
  if (episode === 1)
    await saveFirstQualification(client, portalId, contactId, qualifiedAt, qualification.definitionVersion);
  await writeBack(deps, client, portalId, contactId, {
    qualification: {
      definitionVersion: definitions.version,
      qualifiedAt: qualifiedAt.toISOString(),
      grounds: evaluation.grounds,
      handoffDueAt: handoff.dueAt.toISOString(),
    },
    slaStatus: handoff.status,
  });
}

function toMutableHistory(
  history: CrmContact['history'],
): Record<string, { value: string; timestamp: string }[]> {
  const result: Record<string, { value: string; timestamp: string }[]> = {};
  for (const [property, entries] of Object.entries(history))
    result[property] = entries.map((e) => ({ ...e }));
  return result;
}

// The history says when the last needed condition became true; the event says when the change we
// are processing happened; either beats "when we looked" (null here: the caller decides).
// A required condition met without any evidence time (no history for it) may have become true
// after every dated one: then the change being processed is the better witness, when it is later.
function qualifyingInstant(evaluation: MqlEvaluation, changedAt: Date | null): Date | null {
  if (evaluation.qualifiedAt === null) return changedAt;
  const fromEvidence = new Date(evaluation.qualifiedAt);
  const undated = evaluation.grounds.some((g) => g.met && g.kind !== 'behaviour' && g.evidenceAt === null);
  if (undated && changedAt !== null && changedAt.getTime() > fromEvidence.getTime()) return changedAt;
  return fromEvidence;
}

/** Closes the episode's handoff deadline and opens its verdict deadline once `handedOffWhen` holds. */
async function detectHandoff(
  deps: TrackingDeps,
  client: Queryable,
  portalId: string,
  contact: CrmContact,
  qualification: QualificationRow,
  changedAt: Date | null,
): Promise<boolean> {
  const test = evaluateCondition(
    deps.definitions.handoff.handedOffWhen,
    contact.properties,
    contact.history,
    deps.now(),
  );
  if (!test.met) return false;
  const { episode, qualifiedAt } = qualification;
  const evidence = test.evidenceAt !== null ? new Date(test.evidenceAt) : (changedAt ?? deps.now());
  // An owner set before qualification hands the lead off the moment it qualifies.
  const handedOffAt = evidence.getTime() < qualifiedAt.getTime() ? qualifiedAt : evidence;
  const closed = await closeDeadline(deps, client, portalId, contact.id, episode, 'handoff', handedOffAt);
  if (!closed) return false;
  const verdict = await openDeadline(deps, client, portalId, contact.id, episode, 'verdict', handedOffAt);
  await writeBack(deps, client, portalId, contact.id, { slaStatus: verdict.status });
  return true;
}

async function writeBack(
  deps: TrackingDeps,
  client: Queryable,
  portalId: string,
  contactId: string,
  changes: CrmChanges,
): Promise<void> {
  // Enqueued even while HubSpot is not configured: the backlog is written once a token is set.
  await enqueueContactChange(deps, client, {
    portalId,
    contactId,
    targets: deps.writeBackTargets ?? DEFAULT_WRITE_BACK_TARGETS,
    changes,
    now: deps.now(),
  });
}
